"""The report pages (issue #7): who may see, request and download; the request form; the
live state (htmx partial that stops polling); the download; the progress report PDF made
on the fly; and query counts of the archive that do not grow with the number of jobs."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from members.tests.factories import UserFactory
from monitoring.tests.factories import open_period, report_of
from reports import services as report_services
from reports.models import ReportJob
from reports.tasks import build_report

pytestmark = pytest.mark.django_db

LIST_MAX = 14  # session, user, jobs page + count, the forms' choices, savepoints


def ready_job(user, year: int = 2030, language: str = "es") -> ReportJob:
    job, _ = report_services.report_job_request_accountability(
        user=user, first_year=year, language=language
    )
    build_report.apply(args=[job.pk])
    job.refresh_from_db()
    return job


@pytest.fixture
def job(coalition, st_user) -> ReportJob:
    return ready_job(st_user)


def test_focal_points_delegates_observers_and_partners_cannot_see_reports(
    client, job, focal_point_hn, delegate, observer, partner
):
    urls = [
        reverse("reports:job-list"),
        reverse("reports:job-detail", args=[job.pk]),
        reverse("reports:job-state", args=[job.pk]),
        reverse("reports:job-download", args=[job.pk]),
        reverse("reports:job-annex", args=[job.pk]),
    ]
    for user in (focal_point_hn, delegate, observer, partner):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.role, url)
        response = client.post(urls[0], {"kind": "accountability", "first_year": "2030"})
        assert response.status_code == 403
    client.logout()
    assert client.get(urls[3]).status_code == 302  # to the login page
    assert client.get(urls[4]).status_code == 302
    assert ReportJob.objects.count() == 1


def test_the_presidency_downloads_the_pdf(client, job, presidency_user):
    client.force_login(presidency_user)
    response = client.get(reverse("reports:job-download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert job.filename in response["Content-Disposition"]
    pdf = b"".join(response.streaming_content)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == job.pages


def test_a_job_that_is_not_ready_has_nothing_to_download(client, coalition, st_user):
    job, _ = report_services.report_job_request_accountability(user=st_user, first_year=2030)
    client.force_login(st_user)
    response = client.get(reverse("reports:job-download", args=[job.pk]))
    assert response.status_code == 404
    assert client.get(reverse("reports:job-annex", args=[job.pk])).status_code == 404
    page = client.get(reverse("reports:job-detail", args=[job.pk])).content.decode()
    assert reverse("reports:job-annex", args=[job.pk]) not in page


def test_request_form_creates_a_job_and_builds_it(
    client, coalition, st_user, django_capture_on_commit_callbacks
):
    client.force_login(st_user)
    list_url = reverse("reports:job-list")
    page = client.get(list_url)
    assert page.status_code == 200
    blank = {"kind": "accountability", "first_year": "", "office": "", "language": "es"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(list_url, blank)
    assert response.status_code == 400  # neither a term nor two years
    assert not callbacks and not ReportJob.objects.exists()

    from plans.tests.factories import POAFactory

    POAFactory(year=2024)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(list_url, blank | {"first_year": "2024", "language": "en"})
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job-detail", args=[job.pk])
    assert len(callbacks) == 1
    assert job.params["years"] == [2024, 2025] and job.language == "en"
    assert "narratives" not in job.params  # term reports are documents now (issue 17)

    # The state partial polls while the job is queued...
    state_url = reverse("reports:job-state", args=[job.pk])
    assert b'hx-trigger="every 2s"' in client.get(state_url).content
    build_report.apply(args=[job.pk])
    # ...and stops once it is ready, offering the download.
    partial = client.get(state_url).content.decode()
    assert "hx-trigger" not in partial
    assert reverse("reports:job-download", args=[job.pk]) in partial
    # The next form starts from the language chosen last time.
    page = client.get(list_url)
    assert page.context["accountability_form"].initial["language"] == "en"


def test_detail_page_compares_the_report_with_todays_figures(client, job, st_user):
    client.force_login(st_user)
    url = reverse("reports:job-detail", args=[job.pk])
    assert client.get(url).status_code == 200
    response = client.get(url, {"compare": "1"})
    assert response.status_code == 200
    assert response.context["differences"] == []


def test_failed_job_shows_its_error(client, coalition, st_user):
    job, _ = report_services.report_job_request_accountability(user=st_user, first_year=2030)
    report_services.report_job_fail(job_id=job.pk, error=RuntimeError("fuentes no disponibles"))
    client.force_login(st_user)
    content = client.get(reverse("reports:job-detail", args=[job.pk])).content.decode()
    assert "RuntimeError: fuentes no disponibles" in content


def test_progress_report_pdf_for_whoever_reads_the_report(
    client, coalition, st_user, focal_point_hn, focal_point_gt
):
    import datetime as dt

    from monitoring.tests.factories import small_poa

    poa = small_poa()
    period = open_period(st_user, poa, due_on=dt.date(2019, 7, 1))
    report = report_of(period, coalition["HN"])
    url = reverse("reports:progress-report-pdf", args=[report.pk])
    client.force_login(focal_point_hn)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(
        "".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Honduras" in text and "1.1.1" in text
    client.force_login(focal_point_gt)  # another country's draft
    assert client.get(url).status_code == 403


def test_reports_menu_item_only_for_st_and_presidency(client, coalition, st_user, delegate):
    client.force_login(st_user)
    assert reverse("reports:job-list") in client.get("/").content.decode()
    client.force_login(delegate)
    assert reverse("reports:job-list") not in client.get("/").content.decode()


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reports:job-list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_archive_query_count_does_not_grow_with_the_jobs(client, coalition, st_user):
    client.force_login(st_user)
    requesters = [st_user] + [UserFactory(role="presidency") for _ in range(3)]
    for i in range(3):
        ready_job(requesters[i % 4], year=2030 + i)
    small = _list_queries(client)
    for i in range(3, 40):
        report_services.report_job_request_accountability(
            user=requesters[i % 4], first_year=2030 + i, language="en" if i % 2 else "es"
        )
    large = _list_queries(client)
    assert small <= LIST_MAX and large <= LIST_MAX, (small, large)
    assert large == small
