"""Celery tasks of the report jobs: each loads an id and calls a service (STYLE.md)."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from reports import services

# --- Report jobs (issue #7) ---------------------------------------------------------------

# Time limits of one build. The accountability report of a coalition ten times the real one
# builds in well under a minute (bench/report_build.py); the limits only stop a runaway.
# Constants of the code, not settings: Celery reads them when @shared_task creates the task
# class (at import), and the broker's visibility_timeout (settings
# CELERY_BROKER_TRANSPORT_OPTIONS, from the environment) and the app's stale-job cut-off
# (services.REPORT_STALE_AFTER) are calibrated against them — a knob that moved them alone
# would hand a build still running to a second worker. reports/tests/test_reports_worker.py
# holds the three in order.
REPORT_SOFT_TIME_LIMIT = 10 * 60
REPORT_TIME_LIMIT = REPORT_SOFT_TIME_LIMIT + 60
REPORT_MAX_RETRIES = 4


def report_retry_countdown(retries: int) -> int:
    """Exponential backoff for transient errors: 10 s, 20 s, 40 s, 80 s."""
    return 10 * 2**retries


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """A build that dies without reaching the service's own error handling (the hard
        time limit kills the process) must not leave its job "building" forever.

        Never raises: Celery treats an error in this handler as fatal to a solo-pool worker,
        so a message for a job deleted meanwhile (or a database down) would stop the worker,
        and again at each restart (tests/drills_faults)."""
        if not args:
            return
        try:
            services.report_job_fail(job_id=args[0], error=exc)
        except Exception:
            logging.getLogger(__name__).exception(
                "report job %s: could not mark it failed", args[0]
            )


@shared_task(
    bind=True,
    base=ReportTask,
    name="reports.build_report",
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=REPORT_MAX_RETRIES,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
    time_limit=REPORT_TIME_LIMIT,
)
def build_report(self, job_id: int) -> str:
    """Queued on commit by reports.services.report_job_request_*. acks_late +
    reject_on_worker_lost: a worker lost mid-build hands the job to another worker, which
    the service makes safe (idempotent, one file, same snapshot). Transient errors retry
    with backoff; after the last retry the job is marked failed with the error."""
    try:
        job = services.report_job_build(job_id=job_id)
    except services.TRANSIENT_ERRORS as exc:
        retries = self.request.retries or 0
        if retries >= self.max_retries:
            return services.report_job_fail(job_id=job_id, error=exc).state
        if self.request.is_eager:
            # Embedded default (no broker): nothing to re-queue on, and an eager Retry would
            # propagate into the request that queued the build; retry in-process at once.
            return self.apply(args=[job_id], retries=retries + 1).get()
        raise self.retry(exc=exc, countdown=report_retry_countdown(retries)) from exc
    return job.state


@shared_task(name="reports.republish_report_jobs", ignore_result=True)
def republish_report_jobs() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): queue again the report builds that could not be
    queued when they were requested because the broker was down."""
    return services.report_jobs_republish()
