"""The report jobs through the real broker and a real Celery worker process (CI's PostgreSQL
and Redis pass; skipped in the embedded SQLite pass, where test_reports.py runs the same
task in-process). The request commits, the build is queued on commit, the worker builds it
and the test polls the job row."""

from __future__ import annotations

import io
import time

import pytest
from pypdf import PdfReader

from members.loaders import load_coalition
from members.models import NationalBody, User
from members.tests.factories import UserFactory
from monitoring import selectors
from monitoring.templatetags.monitoring_tags import pct
from monitoring.tests.factories import open_period, report_approved, report_of, small_poa
from reports import services as report_services
from reports.models import ReportJob

POLL_SECONDS = 60


def wait_for(job: ReportJob) -> ReportJob:
    deadline = time.monotonic() + POLL_SECONDS
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            return job
        time.sleep(0.5)
    pytest.fail(f"the worker did not finish job {job.pk} within {POLL_SECONDS} s ({job.state})")


@pytest.fixture
def worker_media(settings):
    """Read the files where the worker wrote them: the MEDIA_ROOT it was started with."""
    from coalicion.settings import test as test_settings

    settings.MEDIA_ROOT = test_settings.MEDIA_ROOT


@pytest.mark.worker
def test_accountability_report_is_built_by_the_real_worker(
    celery_worker_process, transactional_db, worker_media
):
    from django.utils import translation

    load_coalition()
    st = UserFactory(username="st-worker", role=User.Role.SECRETARIAT)
    hn = NationalBody.objects.select_related("country").get(country__iso_code="HN")
    focal = UserFactory(username="fp-hn-worker", role=User.Role.FOCAL_POINT, national_body=hn)
    poa = small_poa(2019)
    period = open_period(st, poa)
    report_approved(report_of(period, hn), focal, st, {"1.1.1": 40, "1.1.2": 90})

    job, created = report_services.report_job_request_accountability(user=st, first_year=2019)
    assert created  # autocommit: the build was queued on commit, to the broker
    job = wait_for(job)
    assert job.state == ReportJob.State.READY, job.error
    with job.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    assert len(reader.pages) == job.pages
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    results = selectors.poa_results(poa=poa, period=period)
    with translation.override("es"):
        assert "".join(pct(results.root.achieved).split()) in text
    assert "Honduras" in text and "Prevención" in text and "Atención" in text

    # A duplicate of the finished job's task, through the broker, changes nothing.
    from reports.tasks import build_report

    assert build_report.delay(job.pk).get(timeout=POLL_SECONDS) == "ready"
    job.refresh_from_db()
    assert job.attempts == 1
