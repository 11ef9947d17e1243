"""Journey 3: ST requests the biennial accountability report in the browser, watches its
state on the job's page (htmx polling) until it is ready, and downloads the PDF.

With Celery in-process (the default pass) the build runs inside the request that queues it,
so the page can only ever show "ready"; the real-worker variant (CI's PostgreSQL/Redis pass)
stops the worker consuming for a moment, so the page shows "queued" for certain, then lets
it build and watches the page turn "ready" without a reload. The states the page showed
are recorded in the browser by a MutationObserver, not inferred from the database."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings import services as meeting_services
from meetings.models import Agreement, Meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, MotionFactory
from members.loaders import load_coalition
from members.models import Designation, NationalBody, User
from members.tests.factories import DesignationFactory, UserFactory
from monitoring import services
from monitoring.models import ProgressReport
from monitoring.tests.factories import report_approved
from plans.loaders import load_plan
from plans.models import POA
from reports.models import ReportJob

from .conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

# Progress each national body reports for every row of POA 2018, semester I.
VALUES = {"GT": 40, "HN": 60, "SV": 75, "CR": 50}

# Records, in the page, every state the job's badge shows (first render and htmx swaps).
WATCH_STATES = """
window.__jobStates = [];
const note = () => {
  const badge = document.querySelector('#job-state .badge');
  if (!badge) return;
  const text = badge.textContent.trim();
  if (window.__jobStates[window.__jobStates.length - 1] !== text) window.__jobStates.push(text);
};
document.addEventListener('DOMContentLoaded', () => {
  note();
  new MutationObserver(note).observe(document.body, {childList: true, subtree: true});
});
"""


@pytest.fixture
def history(transactional_db) -> dict:
    """POA 2018 with semester I approved for four national bodies, and a 2018 plenary with
    five countries represented and one agreement: the report has figures to show."""
    load_coalition()
    load_plan()
    bodies = {b.country.iso_code: b for b in NationalBody.objects.select_related("country")}
    st = UserFactory(username="st", role=User.Role.SECRETARIAT)
    poa = POA.objects.get(year=2018)
    period = services.reporting_period_open(
        user=st, poa=poa, semester=1, opens_on=dt.date(2018, 6, 1), due_on=dt.date(2018, 7, 15)
    )
    for iso, value in VALUES.items():
        focal = UserFactory(
            username=f"fp-{iso.lower()}", role=User.Role.FOCAL_POINT, national_body=bodies[iso]
        )
        report = ProgressReport.objects.get(period=period, national_body=bodies[iso])
        codes = report.entries.values_list("activity__code", flat=True)
        report_approved(report, focal, st, dict.fromkeys(codes, value))

    meeting = MeetingFactory(
        number=14,
        title="XIV Reunión Ordinaria",
        starts_at=dt.datetime(2018, 6, 12, 9, tzinfo=dt.UTC),
        host_country=bodies["HN"].country,
    )
    for iso in ("GT", "HN", "SV", "CR", "PA"):
        person = DesignationFactory(
            national_body=bodies[iso], role=Designation.Role.TITULAR, start_date=dt.date(2018, 1, 1)
        ).person
        meeting_services.attendance_record(
            user=st, meeting=meeting, person=person, capacity=Designation.Role.TITULAR
        )
    motion = MotionFactory(
        agenda_item=AgendaItemFactory(meeting=meeting, title="Plan de trabajo 2019"),
        text="Aprobar el plan de trabajo regional 2019",
    )
    meeting_services.motion_record_consensus(user=st, motion=motion)
    meeting_services.meeting_transition(user=st, meeting=meeting, to=Meeting.Status.CLOSED)
    assert Agreement.objects.get(motion=motion).number == "CR-2018-01"
    return {"period": period}


@pytest.fixture
def worker_media(settings):
    """Serve the files where the worker wrote them: the MEDIA_ROOT it was started with."""
    from coalicion.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT


def label(state: str) -> str:
    with translation.override("es"):
        return str(ReportJob.State(state).label)


def request_report(page, live_server, login) -> ReportJob:
    """ST fills the accountability form of the reports page and is taken to the job."""
    page.add_init_script(WATCH_STATES)
    login("st")
    page.goto(f"{live_server.url}/reports/")
    form = page.locator("section[aria-labelledby=accountability-title] form")
    form.locator("select[name=first_year]").select_option("2018")
    form.locator("select[name=language]").select_option("es")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    job = ReportJob.objects.get(kind=ReportJob.Kind.ACCOUNTABILITY)
    assert page.url.endswith(f"/reports/{job.pk}/")
    assert job.params["years"] == [2018, 2019]
    return job


def download_and_check(page, job: ReportJob, tmp_path: Path, name: str) -> int:
    """Waits for the download button, downloads the PDF, checks it, renders page 1."""
    button = page.locator("#job-state a[href$='/download/']")
    expect(button).to_be_visible(timeout=90_000)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    job.refresh_from_db()
    assert len(reader.pages) == job.pages > 1
    text = " ".join(p.extract_text() for p in reader.pages[:40])
    for expected in ("2018", "Honduras", "XIV Reunión Ordinaria", "CR-2018-01"):
        assert expected in text, expected
    ARTIFACTS.mkdir(exist_ok=True)
    assert shutil.which("pdftoppm"), "pdftoppm missing: apt-get install -y poppler-utils"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(ARTIFACTS / name),
        ],
        check=True,
        timeout=60,
    )
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 0
    return len(reader.pages)


def test_journey3_st_requests_the_accountability_report_and_downloads_it(
    page, live_server, login, history, shot, tmp_path
):
    """Celery in-process: the build already ran when the job's page opens."""
    page.set_default_timeout(15_000)
    started = time.monotonic()
    job = request_report(page, live_server, login)
    job.refresh_from_db()
    assert job.state == ReportJob.State.READY, job.error
    expect(page.locator("#job-state .badge")).to_have_text(label("ready"))
    shot("journey3-01-ready")
    pages = download_and_check(page, job, tmp_path, "journey3-report-page1")
    # Only "ready" was ever on screen: with eager Celery "queued" cannot be observed here.
    assert page.evaluate("window.__jobStates") == [label("ready")]
    page.goto(f"{live_server.url}/reports/")
    row = page.locator("main table tbody tr").filter(has_text=job.title)
    expect(row.locator(".badge")).to_have_text(label("ready"))
    expect(row).to_contain_text(str(pages))
    shot("journey3-02-archive")
    print(f"journey 3 (in-process build): {time.monotonic() - started:.1f} s, {pages} pages")


@pytest.mark.worker
def test_journey3_with_a_real_worker_shows_queued_then_ready(
    page, live_server, login, history, shot, tmp_path, celery_worker_process, worker_media
):
    """The worker stops consuming the queue while ST requests the report, so the page shows
    the job queued; then it consumes again and the page, polling, turns ready."""
    from coalicion.celery_app import app

    page.set_default_timeout(15_000)
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    started = time.monotonic()
    ours = [celery_worker_process.nodename]  # not other pytest workers' Celery workers
    replies = app.control.cancel_consumer(queue, reply=True, timeout=5, destination=ours)
    assert replies, "the worker did not answer cancel_consumer"
    try:
        job = request_report(page, live_server, login)
        state = page.locator("#job-state")
        expect(state.locator(".badge")).to_have_text(label("queued"))
        expect(state).to_have_attribute("hx-get", f"/reports/{job.pk}/state/")
        page.wait_for_timeout(2_500)  # one polling round: still queued, nobody builds it
        expect(state.locator(".badge")).to_have_text(label("queued"))
        job.refresh_from_db()
        assert job.state == ReportJob.State.QUEUED
        shot("journey3-worker-01-queued")
    finally:
        assert app.control.add_consumer(queue, reply=True, timeout=5, destination=ours)
    pages = download_and_check(page, job, tmp_path, "journey3-worker-report-page1")
    shot("journey3-worker-02-ready")
    seen = page.evaluate("window.__jobStates")
    assert seen[0] == label("queued") and seen[-1] == label("ready"), seen
    assert set(seen) <= {label("queued"), label("building"), label("ready")}, seen
    assert job.attempts == 1
    print(f"journey 3 (real worker): {time.monotonic() - started:.1f} s, {pages} pages, {seen}")
