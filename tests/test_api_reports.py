"""/api/v1/reports/: report jobs with their download link, for ST and the Presidency only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def make_job(user, n: int, state: str = "ready", **files) -> ReportJob:
    return ReportJob.objects.create(
        **files,
        kind="accountability",
        title=f"Informe {n}",
        params={"years": [2018, 2019]},
        params_key=f"test-{n}",
        language="es",
        requested_by=user,
        state=state,
        finished_at=timezone.now() if state == "ready" else None,
    )


def test_st_lists_reports_with_the_download_link(st_api, st_user):
    ready = make_job(st_user, 1)
    make_job(st_user, 2, state="queued")
    rows = {r["id"]: r for r in st_api.get("/api/v1/reports/").json()["results"]}
    assert rows[ready.pk]["download_url"].endswith(f"/reports/{ready.pk}/download/")
    assert [r["download_url"] for r in rows.values() if r["state"] == "queued"] == [None]


def test_the_annex_workbook_link_once_the_job_has_one(st_api, st_user):
    stem = "reports/accountability/k/rendicion-de-cuentas-2018-2019-es"
    with_annex = make_job(st_user, 1, file=f"{stem}.pdf", annex=f"{stem}-anexos.xlsx")
    without = make_job(st_user, 2, file=f"{stem}.pdf")  # built before the annex existed
    queued = make_job(st_user, 3, state="queued")
    rows = {r["id"]: r for r in st_api.get("/api/v1/reports/").json()["results"]}
    assert rows[with_annex.pk]["annex_url"].endswith(f"/reports/{with_annex.pk}/annex/")
    assert rows[without.pk]["annex_url"] is None
    assert rows[queued.pk]["annex_url"] is None


def test_partners_and_focal_points_see_no_reports(partner_api, fp_hn_api, st_user):
    make_job(st_user, 1)
    for api in (partner_api, fp_hn_api):
        response = api.get("/api/v1/reports/")
        assert response.status_code in (200, 403)
        if response.status_code == 200:
            assert response.json()["count"] == 0


@pytest.mark.parametrize("n", [2, 30])
def test_report_list_queries_are_constant(st_api, st_user, n, django_assert_max_num_queries):
    for i in range(n):
        make_job(st_user, i)
    with django_assert_max_num_queries(6):
        assert st_api.get("/api/v1/reports/").status_code == 200
