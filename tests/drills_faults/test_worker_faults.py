"""Drills (issue #10): the Celery worker killed while it builds a report, and Redis gone while
a user asks for one.

Real faults only: a Redis server of the drill's own on a free port (never the shared one),
real `celery worker` processes on the test database, real signals (SIGKILL to a worker or
its pool process, SIGTERM or SIGSTOP to Redis), a message for a deleted job, and a
PostgreSQL table lock that holds the build "in the middle" (after the job was claimed,
before any file exists) so that the kill always lands there. They need CI's PostgreSQL/Redis pass
(PostgreSQL, `redis-server`, a configured broker); elsewhere they are skipped.

What the production settings and code do (coalicion/settings/base.py, Celery section;
monitoring.report_services._publish_build and report_jobs_republish):

- a pool process killed mid-build: its worker requeues the message at once
  (reject_on_worker_lost); the build starts again in another pool process;
- the whole worker killed: Redis keeps the unacknowledged message aside and a live worker
  puts it back in the queue once it is older than the broker's visibility_timeout (15 min
  in production; these drills give their worker a few seconds, CELERY_VISIBILITY_TIMEOUT);
- Redis down when the build is queued: the publish gives up quickly, the request still
  redirects to the job's page, the job stays queued with a blank task id, and the beat task
  reports.republish_report_jobs queues it again once Redis is back.

The figures (seconds) are printed: run with `-s` to see them."""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from members.loaders import load_coalition
from members.models import NationalBody, User
from members.tests.factories import UserFactory
from monitoring.tests.factories import open_period, report_approved, report_of, small_poa
from reports import services as report_services
from reports.models import ReportJob
from reports.storage import files_of

VISIBILITY = 3  # s: the drill worker's visibility_timeout (production: 15 min)
REPUBLISH_EVERY = 2  # s: the drill worker's beat period for republish_report_jobs (production: 60)
WAIT = 60  # s: upper bound of every wait; the drills take well under it
LOCKED_TABLE = "plans_poa"  # the first table the accountability snapshot reads


# --- Skips --------------------------------------------------------------------------------


def _needs_the_postgresql_redis_pass() -> None:
    if not settings.CELERY_BROKER_URL:
        pytest.skip(
            "fault drill: runs in CI's PostgreSQL/Redis pass (a broker is configured there); "
            "in this pass tasks run in-process"
        )
    if connection.vendor != "postgresql":
        pytest.skip("fault drill: the worker processes share the test database; needs PostgreSQL")
    if shutil.which("redis-server") is None:
        pytest.skip("fault drill: starts its own Redis; redis-server is not installed")


# --- Processes ----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(what: str, check: Callable[[], object], timeout: float = WAIT, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    """A throwaway redis-server without persistence: stopped, it forgets every message."""

    def __init__(self, port: int, log: Path):
        self.port, self.log = port, log
        self.url = f"redis://127.0.0.1:{port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no", "--daemonize", "no"],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(f"redis-server on port {self.port}", self._answers, timeout=10)
        return self

    def _answers(self) -> bool:
        assert self.proc.poll() is None, self.log.read_text()[-2000:]
        try:
            return bool(self.client().ping())
        except Exception:  # redis.exceptions.ConnectionError: not listening yet
            return False

    def client(self):
        import redis

        return redis.Redis(port=self.port, socket_timeout=5)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # in case a drill froze it
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Worker:
    """`celery -A coalicion worker` on the drill's Redis and the test database, in its own
    process group (so a kill takes its pool and beat processes too, as `docker kill` does).

    supervised: started again whenever it exits, as docker-compose's `restart:
    unless-stopped` does in production. Celery 5.7 can die of an unrecoverable error while
    it drops a broken broker connection that still held unacknowledged messages (an
    AttributeError in kombu's restore_unacked, timing-dependent); production relies on the
    supervisor for that, and the Redis drills measure recovery with it."""

    def __init__(self, env: dict, args: list[str], log: Path, *, supervised: bool = False):
        self.name = f"faults-{uuid.uuid4().hex[:8]}"
        self.log, self.env, self.args = log, env, args
        self.restarts = 0
        self._stopping = threading.Event()
        self.proc = self._spawn()
        if supervised:
            threading.Thread(target=self._supervise, daemon=True).start()

    def _spawn(self) -> subprocess.Popen:
        with self.log.open("ab") as out:
            return subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "coalicion", "worker"]
                + ["--loglevel=INFO", "-n", f"{self.name}@%h"]
                + ["--without-mingle", "--without-gossip", "--without-heartbeat"]
                + self.args,
                env=self.env,
                cwd=settings.BASE_DIR,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _supervise(self) -> None:
        while not self._stopping.wait(0.2):
            if self.proc.poll() is not None and not self._stopping.is_set():
                with self.log.open("ab") as out:
                    out.write(f"\n--- exited with {self.proc.returncode}: restarted ---\n".encode())
                self.restarts += 1
                self.proc = self._spawn()

    def wait_ready(self) -> Worker:
        def ready() -> bool:
            if self.proc.poll() is not None:
                pytest.fail(f"celery worker exited with {self.proc.returncode}:\n{self.tail()}")
            return f"{self.name}@" in self.log.read_text() and " ready." in self.log.read_text()

        wait_until(f"celery worker {self.name} to be ready", ready)
        return self

    def tail(self, chars: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-chars:]

    def pool_processes(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def kill(self) -> None:
        """SIGKILL to the whole process group: nothing gets to hand its message back."""
        self._stopping.set()
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        self._stopping.set()
        if self.proc.poll() is not None:
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


class Faults:
    """Starts the drill's processes and stops every one of them at the end of the test."""

    def __init__(self, tmp_path: Path):
        self.tmp = tmp_path
        self.redis_servers: list[RedisServer] = []
        self.workers: list[Worker] = []

    def redis(self) -> RedisServer:
        port = free_port()
        server = RedisServer(port, self.tmp / f"redis-{port}.log").start()
        self.redis_servers.append(server)
        return server

    def worker(
        self,
        redis: RedisServer,
        *,
        pool: str = "solo",
        beat: bool = False,
        supervised: bool = False,
        **env_extra,
    ):
        db = settings.DATABASES["default"]
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="coalicion.settings.test",
            DATABASE_URL=(
                f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
                f"{db['PORT'] or 5432}/{db['NAME']}"
            ),
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            CELERY_BROKER_URL=redis.url,
            CELERY_RESULT_BACKEND=redis.url.rsplit("/", 1)[0] + "/1",
            CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        )
        env.update({key: str(value) for key, value in env_extra.items()})
        args = [f"--pool={pool}", "-Q", settings.CELERY_TASK_DEFAULT_QUEUE]
        if pool == "prefork":
            args.append("--concurrency=1")
        if beat:
            args += ["-B", "-s", str(self.tmp / f"beat-{len(self.workers)}")]
        log = self.tmp / f"worker-{len(self.workers)}.log"
        worker = Worker(env, args, log, supervised=supervised)
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        for server in self.redis_servers:
            server.stop()


@pytest.fixture
def faults(transactional_db, tmp_path) -> Iterator[Faults]:
    """Torn down before transactional_db, so no worker holds the database when it is
    flushed. A failing drill prints the tail of each worker's log."""
    _needs_the_postgresql_redis_pass()
    drill = Faults(tmp_path)
    try:
        yield drill
    finally:
        drill.close()
        for worker in drill.workers:
            print(f"\n--- {worker.log.name} ---\n{worker.tail(3000)}")


# --- The web side's broker ----------------------------------------------------------------


def _drop_broker_connections(app) -> None:
    """The app keeps its connection and producer pools: after the broker URL changes they
    must be dropped, or the next publish still goes to the old broker. (The pools
    themselves belong to kombu's process-wide registry, one per broker URL: they are left
    open for whoever uses that broker next.)"""
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


@contextmanager
def web_broker(url: str, *, eager: bool = False) -> Iterator[None]:
    """This process (the web) publishes to `url`, with the production transport options
    and publish retry policy, for the duration of the block. (Celery's broker_url gives
    way to the CELERY_BROKER_URL environment variable; the read and write URLs do not.)"""
    from coalicion.celery_app import app

    conf = app.conf
    before = conf.get("broker_write_url"), conf.get("broker_read_url"), conf.task_always_eager
    _drop_broker_connections(app)
    conf.broker_write_url = conf.broker_read_url = url
    conf.task_always_eager = eager
    try:
        assert app.connection_for_write().as_uri().endswith(url.rsplit(":", 1)[1])
        yield
    finally:
        _drop_broker_connections(app)
        conf.broker_write_url, conf.broker_read_url, conf.task_always_eager = before


# --- Data and checks ----------------------------------------------------------------------


def report_inputs() -> User:
    """The 2019 POA with an approved report of Honduras; returns an ST user."""
    load_coalition()
    st = UserFactory(username="st-faults", role=User.Role.SECRETARIAT)
    hn = NationalBody.objects.get(country__iso_code="HN")
    focal = UserFactory(username="fp-hn-faults", role=User.Role.FOCAL_POINT, national_body=hn)
    poa = small_poa(2019)
    period = open_period(st, poa)
    report_approved(report_of(period, hn), focal, st, {"1.1.1": 40, "1.1.2": 90})
    return st


def state_of(job: ReportJob) -> str:
    return ReportJob.objects.values_list("state", flat=True).get(pk=job.pk)


def wait_finished(job: ReportJob) -> ReportJob:
    wait_until(
        f"job {job.pk} to be ready or failed",
        lambda: state_of(job) not in ("queued", "building"),
        every=0.1,
    )
    job.refresh_from_db()
    return job


def job_files(job: ReportJob) -> list[str]:
    return files_of(job.file.storage, f"reports/{job.kind}/{job.key}")


def assert_one_complete_report(job: ReportJob, attempts: int) -> None:
    assert job.state == ReportJob.State.READY, job.error
    assert job.attempts == attempts
    # One PDF and its annex workbook, no leftover part.
    assert job_files(job) == sorted([report_services.report_filename(job), job.annex_filename])
    assert job.annex_filename.endswith("-anexos.xlsx")
    assert ReportJob.objects.filter(params_key=job.params_key).count() == 1  # no duplicate job
    with job.file.open("rb") as fh:
        data = fh.read()
    assert len(data) == job.file_size
    assert len(PdfReader(io.BytesIO(data)).pages) == job.pages > 0


def in_broker(redis: RedisServer) -> tuple[int, int]:
    """(messages waiting in the queue, messages delivered and not acknowledged)."""
    client = redis.client()
    return client.llen(settings.CELERY_TASK_DEFAULT_QUEUE), client.hlen("unacked")


def wait_idle(redis: RedisServer) -> None:
    """Until the worker has done what the setup queued (the e-mails of the period and the
    report): nothing waiting, nothing unacknowledged, twice in a row."""

    def idle() -> bool:
        if in_broker(redis) != (0, 0):
            return False
        time.sleep(0.3)
        return in_broker(redis) == (0, 0)

    wait_until("the worker to finish the setup's tasks", idle)


@contextmanager
def table_locked(table: str) -> Iterator[Callable[[], bool]]:
    """Hold an ACCESS EXCLUSIVE lock on `table` from a second connection: whoever reads it
    waits. Yields a check: is someone waiting for it now? This process's own queries give up
    after 15 s rather than hang if a drill ever touched the table by mistake."""
    import psycopg

    holder = psycopg.connect(**connection.get_connection_params())
    holder.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")

    def someone_waits() -> bool:
        sql = "SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted"
        return holder.execute(sql, [table]).fetchone()[0] > 0

    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '15s'")
    try:
        yield someone_waits
    finally:
        holder.rollback()
        holder.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


def figure(name: str, value: float) -> None:
    print(
        f"\nDRILL {name}: {value:.2f}" if isinstance(value, float) else f"\nDRILL {name}: {value}"
    )


# --- Drills: the worker killed mid-build --------------------------------------------------


def _request_and_hold_in_the_middle(st: User, someone_waits: Callable[[], bool]) -> ReportJob:
    """Request the report and wait until the worker claimed it (state building, attempt 1)
    and is blocked gathering its figures: no file yet."""
    job, created = report_services.report_job_request_accountability(user=st, first_year=2019)
    assert created
    wait_until("the job to be building", lambda: state_of(job) == ReportJob.State.BUILDING)
    wait_until(f"the build to wait for {LOCKED_TABLE}", someone_waits)
    job.refresh_from_db()
    assert job.attempts == 1 and job.snapshot is None and job_files(job) == []
    return job


@pytest.mark.worker
def test_a_worker_killed_mid_build_builds_it_after_restart(faults):
    redis = faults.redis()
    worker = faults.worker(redis, pool="solo", CELERY_VISIBILITY_TIMEOUT=VISIBILITY)
    with web_broker(redis.url):
        st = report_inputs()
        worker.wait_ready()
        wait_idle(redis)
        with table_locked(LOCKED_TABLE) as someone_waits:
            job = _request_and_hold_in_the_middle(st, someone_waits)
            worker.kill()
            killed_at = time.monotonic()
        # Nothing acknowledged the message: Redis holds it aside, not in the queue, and the
        # job still says building (nothing in the app moves it before REPORT_STALE_AFTER).
        assert in_broker(redis) == (0, 1)
        assert state_of(job) == ReportJob.State.BUILDING

        faults.worker(redis, pool="solo", CELERY_VISIBILITY_TIMEOUT=VISIBILITY).wait_ready()
        job = wait_finished(job)
        recovered = time.monotonic() - killed_at

    assert_one_complete_report(job, attempts=2)
    assert in_broker(redis) == (0, 0)  # acknowledged: it will not be built a third time
    figure("worker SIGKILL -> job ready after restart (s)", recovered)
    figure("worker SIGKILL -> files stored", len(job_files(job)))


@pytest.mark.worker
def test_a_pool_process_killed_mid_build_is_built_again_at_once(faults):
    """Production runs the prefork pool; the OOM killer picks the process that builds."""
    redis = faults.redis()
    worker = faults.worker(redis, pool="prefork")  # the production visibility timeout
    with web_broker(redis.url):
        st = report_inputs()
        worker.wait_ready()
        wait_idle(redis)
        with table_locked(LOCKED_TABLE) as someone_waits:
            job = _request_and_hold_in_the_middle(st, someone_waits)
            (builder,) = worker.pool_processes()
            os.kill(builder, signal.SIGKILL)
            killed_at = time.monotonic()
        job = wait_finished(job)
        recovered = time.monotonic() - killed_at

    assert worker.proc.poll() is None  # the worker survived its pool process
    assert builder not in worker.pool_processes()
    assert_one_complete_report(job, attempts=2)
    assert in_broker(redis) == (0, 0)
    figure("pool process SIGKILL -> job ready (s)", recovered)


@pytest.mark.worker
def test_a_build_message_for_a_deleted_job_does_not_stop_the_worker(faults):
    """ST deleted a queued job in the admin, or the database was restored from a backup:
    its message is still in Redis. Celery stops a solo-pool worker (CI's) when a task's
    failure handler raises, and the message comes back at each restart; the worker must
    log the failure and go on with the next build."""
    from reports.tasks import build_report

    redis = faults.redis()
    worker = faults.worker(redis, pool="solo")
    with web_broker(redis.url):
        st = report_inputs()
        deleted, _ = report_services.report_job_request_accountability(user=st, first_year=2020)
        ReportJob.objects.filter(pk=deleted.pk).delete()
        build_report.apply_async(args=[deleted.pk], ignore_result=True)  # as if redelivered
        job, _ = report_services.report_job_request_accountability(user=st, first_year=2019)
        worker.wait_ready()
        job = wait_finished(job)
    assert worker.proc.poll() is None, worker.tail()
    assert_one_complete_report(job, attempts=1)
    assert in_broker(redis) == (0, 0)


# --- Drills: Redis down while a report is requested ---------------------------------------


ACCOUNTABILITY_FORM = {"kind": "accountability", "first_year": "2019", "language": "es"}


def _request_while_redis_is_down(client, stop_redis: Callable[[], None]):
    """Ask for the report through the page with Redis down: redirected to the job's page,
    which shows it waiting; returns (job, request latency)."""
    list_url = reverse("reports:job-list")
    stop_redis()
    started = time.monotonic()
    response = client.post(list_url, ACCOUNTABILITY_FORM)
    latency = time.monotonic() - started
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:job-detail", args=[job.pk])
    assert job.state == ReportJob.State.QUEUED and job.task_id == ""  # marked: not queued

    page = client.get(response.url)
    assert page.status_code == 200
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Waiting for a worker…") in page.content.decode()
    assert client.get(reverse("reports:job-state", args=[job.pk])).status_code == 200
    # The same request again reuses the waiting job; the rest of the site still answers.
    again = client.post(list_url, ACCOUNTABILITY_FORM)
    assert again.status_code == 302 and again.url == response.url
    assert client.get(list_url).status_code == 200
    assert ReportJob.objects.count() == 1
    return job, latency


@pytest.mark.worker
def test_redis_down_while_a_report_is_requested(faults, client):
    redis = faults.redis()
    worker = faults.worker(
        redis, beat=True, supervised=True, CELERY_REPUBLISH_EVERY=REPUBLISH_EVERY
    )
    with web_broker(redis.url):
        st = report_inputs()
        client.force_login(st)
        worker.wait_ready()
        job, latency = _request_while_redis_is_down(client, redis.stop)
        time.sleep(2 * REPUBLISH_EVERY)  # beat ticks while Redis is down: nothing moves
        assert state_of(job) == ReportJob.State.QUEUED

        redis.start()  # empty: the build's message was never published
        back_at = time.monotonic()
        job = wait_finished(job)
        recovered = time.monotonic() - back_at

    assert_one_complete_report(job, attempts=1)
    assert job.task_id != ""
    assert latency < 2
    figure("Redis stopped -> report request latency (s)", latency)
    figure("Redis back -> job ready (s)", recovered)
    figure("Redis stopped -> worker restarts by the supervisor", worker.restarts)


@pytest.mark.worker
def test_redis_frozen_while_a_report_is_requested(faults, client):
    """A Redis that accepts connections and never answers (SIGSTOP: a hung host, a network
    partition) must not hang the request: the socket timeouts bound it."""
    redis = faults.redis()
    worker = faults.worker(
        redis, beat=True, supervised=True, CELERY_REPUBLISH_EVERY=REPUBLISH_EVERY
    )
    with web_broker(redis.url):
        st = report_inputs()
        client.force_login(st)
        worker.wait_ready()
        job, latency = _request_while_redis_is_down(
            client, lambda: redis.proc.send_signal(signal.SIGSTOP)
        )
        redis.proc.send_signal(signal.SIGCONT)
        back_at = time.monotonic()
        job = wait_finished(job)
        recovered = time.monotonic() - back_at

    # A publish that timed out may still have reached Redis: then the build ran twice at
    # most, the second a no-op on the ready job; still one job, one attempt, one file.
    assert_one_complete_report(job, attempts=1)
    assert latency < 15
    figure("Redis frozen -> report request latency (s)", latency)
    figure("Redis thawed -> job ready (s)", recovered)
    figure("Redis frozen -> worker restarts by the supervisor", worker.restarts)


# --- Without a worker: the same mechanism, in every pass ----------------------------------


def test_a_build_not_queued_for_want_of_a_broker_is_queued_again_later(
    client, st_user, django_capture_on_commit_callbacks
):
    """A refused connection (a closed port) in any pass: the request redirects, the job is
    marked, republishing fails quietly while the broker stays down, then succeeds."""
    small_poa(2019)
    client.force_login(st_user)
    with web_broker(f"redis://127.0.0.1:{free_port()}/0"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True) as published:
            response = client.post(reverse("reports:job-list"), ACCOUNTABILITY_FORM)
        latency = time.monotonic() - started
        job = ReportJob.objects.get()
        assert len(published) == 1
        assert response.status_code == 302
        assert job.state == ReportJob.State.QUEUED and job.task_id == ""
        assert report_services.report_jobs_republish() == 0
        job.refresh_from_db()
        assert job.state == ReportJob.State.QUEUED and job.task_id == ""
    assert latency < 2
    # The broker is back (here: in-process): the next run queues it, and it is built.
    assert report_services.report_jobs_republish() == 1
    job.refresh_from_db()
    assert job.state == ReportJob.State.READY and job.task_id != "", job.error
    assert report_services.report_jobs_republish() == 0


def test_notices_with_the_broker_down_do_not_fail_the_change_they_announce(
    client, st_user, django_capture_on_commit_callbacks
):
    """ST opens a reporting period while Redis is unreachable: the period and its reports
    are saved and the page answers; the e-mail notice is logged as not queued."""
    from monitoring.models import ReportingPeriod

    load_coalition()
    poa = small_poa(2019)
    client.force_login(st_user)
    with web_broker(f"redis://127.0.0.1:{free_port()}/0"):
        with django_capture_on_commit_callbacks(execute=True) as published:
            period = open_period(st_user, poa)
        assert len(published) == 1
        assert ReportingPeriod.objects.filter(pk=period.pk).exists()
        assert period.reports.count() > 0
        assert client.get(reverse("monitoring:period-detail", args=[period.pk])).status_code == 200


def test_a_killed_build_comes_back_after_it_can_no_longer_be_running():
    """The broker's visibility timeout (how long Redis waits before handing a killed
    worker's message to another) must exceed the longest a build may hold its message,
    and come before the app gives the job up as stale."""
    from coalicion.celery_app import app
    from reports.tasks import REPORT_MAX_RETRIES, REPORT_TIME_LIMIT, report_retry_countdown

    visibility = app.conf.broker_transport_options["visibility_timeout"]
    longest_hold = REPORT_TIME_LIMIT + report_retry_countdown(REPORT_MAX_RETRIES - 1)
    assert longest_hold < visibility < report_services.REPORT_STALE_AFTER.total_seconds()
