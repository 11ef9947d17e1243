"""Writing progress through /api/v1/ (issue #8): the same services and rules as the web
form (monitoring.services), ETags and If-Match (or `version`) against lost updates, the
focal point's own body only, and the aggregates of the dashboards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from monitoring.models import ProgressEntry, ProgressReport
from monitoring.tests.factories import activity, approve, fill, report_of, submit

pytestmark = pytest.mark.django_db


def url(report: ProgressReport, suffix: str = "") -> str:
    return f"/api/v1/progress-reports/{report.pk}/{suffix}"


def patch_row(client, report: ProgressReport, activity_pk: int, data: dict, etag: str):
    """Change one row of a report, as a client that read the report at `etag`."""
    return client.patch(
        url(report, f"entries/{activity_pk}/"), data, format="json", HTTP_IF_MATCH=etag
    )


def error(response, status: int, code: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert body["code"] == code, body
    return body


@pytest.fixture
def hn_report(period, coalition) -> ProgressReport:
    return report_of(period, coalition["HN"])


def test_read_gives_rows_and_an_etag(fp_hn_api, hn_report, poa):
    response = fp_hn_api.get(url(hn_report))
    assert response.status_code == 200
    assert response["ETag"] == f'"progress-report-{hn_report.pk}-v1"'
    body = response.json()
    assert body["version"] == 1 and body["country"] == "HN" and body["status"] == "draft"
    assert [(e["activity_code"], e["planned"]) for e in body["entries"]] == [
        ("1.1.1", 50),
        ("1.1.2", 50),
    ]
    again = fp_hn_api.get(url(hn_report), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_save_with_if_match_then_a_stale_one_is_412(fp_hn_api, hn_report, poa):
    etag = fp_hn_api.get(url(hn_report))["ETag"]
    a1 = activity(poa, "1.1.1")
    saved = fp_hn_api.post(
        url(hn_report, "entries/"),
        {"entries": [{"activity": a1.pk, "progress": 60}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert saved.status_code == 200, saved.json()
    assert saved["ETag"] == f'"progress-report-{hn_report.pk}-v2"'
    row = ProgressEntry.objects.get(report=hn_report, activity=a1)
    assert (row.progress, row.goal_status) == (60, "in_progress")  # suggested, as the form
    stale = fp_hn_api.post(
        url(hn_report, "entries/"),
        {"entries": [{"activity": a1.pk, "progress": 70}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    body = error(stale, 412, "stale_version")
    assert "version 2" in body["detail"] and "version 1" in body["detail"]
    row.refresh_from_db()
    assert row.progress == 60  # never a silent overwrite


def test_a_stale_body_version_is_409(fp_hn_api, hn_report, poa):
    a1 = activity(poa, "1.1.1")
    payload = {"entries": [{"activity": a1.pk, "progress": 60}], "version": 1}
    assert fp_hn_api.post(url(hn_report, "entries/"), payload, format="json").status_code == 200
    error(fp_hn_api.post(url(hn_report, "entries/"), payload, format="json"), 409, "stale_version")


def test_an_update_without_a_version_is_428(fp_hn_api, hn_report, poa):
    payload = {"entries": [{"activity": activity(poa, "1.1.1").pk, "progress": 60}]}
    error(
        fp_hn_api.post(url(hn_report, "entries/"), payload, format="json"),
        428,
        "precondition_required",
    )
    error(
        fp_hn_api.post(url(hn_report, "entries/"), payload, format="json", HTTP_IF_MATCH="*"),
        412,
        "if_match_any",
    )
    error(
        fp_hn_api.post(
            url(hn_report, "entries/"), payload, format="json", HTTP_IF_MATCH='"other-1-v1"'
        ),
        412,
        "stale_version",
    )


def test_rules_of_the_form_apply_per_row(fp_hn_api, hn_report, poa):
    a1, a2 = activity(poa, "1.1.1"), activity(poa, "1.1.2")
    response = fp_hn_api.post(
        url(hn_report, "entries/"),
        {
            "entries": [
                {"activity": a1.pk, "progress": 150},
                {"activity": a2.pk, "progress": 10},  # below the 50 % planned
            ],
            "version": 1,
        },
        format="json",
    )
    body = error(response, 400, "rows_invalid")
    assert body["fields"][f"entries.{a1.pk}.progress"][0]["code"] == "progress_out_of_range"
    assert body["fields"][f"entries.{a2.pk}.justification"][0]["code"] == ("justification_required")
    assert ProgressEntry.objects.get(report=hn_report, activity=a2).progress is None
    hn_report.refresh_from_db()
    assert hn_report.version == 1  # the refused save gave the version back


def test_activity_outside_the_report_is_refused(fp_hn_api, hn_report, poa):
    regional = activity(poa, "2.1.1")
    body = error(
        fp_hn_api.post(
            url(hn_report, "entries/"),
            {"entries": [{"activity": regional.pk, "progress": 10}], "version": 1},
            format="json",
        ),
        400,
        "rows_invalid",
    )
    assert body["fields"][f"entries.{regional.pk}.activity"][0]["code"] == "row_not_in_report"


def test_duplicate_rows_are_refused(fp_hn_api, hn_report, poa):
    a1 = activity(poa, "1.1.1").pk
    payload = {"entries": [{"activity": a1, "progress": 1}, {"activity": a1}], "version": 1}
    body = error(
        fp_hn_api.post(url(hn_report, "entries/"), payload, format="json"),
        400,
        "duplicate_activity",
    )
    assert "entries" in body["fields"]


def test_patch_one_row_keeps_the_other_fields(fp_hn_api, hn_report, poa):
    a2 = activity(poa, "1.1.2")
    first = fp_hn_api.patch(
        url(hn_report, f"entries/{a2.pk}/"),
        {"progress": 20, "justification": "Falta de fondos", "version": 1},
        format="json",
    )
    assert first.status_code == 200, first.json()
    second = patch_row(fp_hn_api, hn_report, a2.pk, {"progress": 30}, first["ETag"])
    assert second.status_code == 200, second.json()
    row = ProgressEntry.objects.get(report=hn_report, activity=a2)
    assert (row.progress, row.justification) == (30, "Falta de fondos")


def test_submit_needs_every_row_then_changes_need_a_reason(fp_hn_api, hn_report, poa):
    a1, a2 = activity(poa, "1.1.1"), activity(poa, "1.1.2")
    body = error(fp_hn_api.post(url(hn_report, "submit/"), {"version": 1}), 400, "rows_invalid")
    assert body["fields"][f"entries.{a1.pk}.progress"][0]["code"] == "progress_required"
    saved = fp_hn_api.post(
        url(hn_report, "entries/"),
        {"entries": [{"activity": a1.pk, "progress": 50}, {"activity": a2.pk, "progress": 55}]},
        format="json",
        HTTP_IF_MATCH=fp_hn_api.get(url(hn_report))["ETag"],
    )
    submitted = fp_hn_api.post(url(hn_report, "submit/"), HTTP_IF_MATCH=saved["ETag"])
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    again = fp_hn_api.post(url(hn_report, "submit/"), HTTP_IF_MATCH=submitted["ETag"])
    error(again, 400, "already_submitted")
    change = patch_row(fp_hn_api, hn_report, a1.pk, {"progress": 60}, submitted["ETag"])
    error(change, 400, "change_reason_required")
    with_reason = patch_row(
        fp_hn_api,
        hn_report,
        a1.pk,
        {"progress": 60, "change_reason": "Dato corregido"},
        submitted["ETag"],
    )
    assert with_reason.status_code == 200
    entry = ProgressEntry.objects.get(report=hn_report, activity=a1)
    latest = entry.history.first()
    assert latest.history_change_reason == "Dato corregido"
    assert latest.history_user.username.startswith("api-sistema-nacional-hn")


def test_another_country_cannot_write_an_approved_report_it_can_read(
    fp_hn_api, fp_gt_api, focal_point_hn, st_user, hn_report, poa
):
    fill(hn_report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(hn_report, focal_point_hn)
    approve(hn_report, st_user)
    hn_report.refresh_from_db()
    read = fp_gt_api.get(url(hn_report))
    assert read.status_code == 200  # approved reports are readable by members
    row = activity(poa, "1.1.1").pk
    write = patch_row(fp_gt_api, hn_report, row, {"progress": 10}, read["ETag"])
    error(write, 403, "permission_denied")
    locked = patch_row(fp_hn_api, hn_report, row, {"progress": 10}, read["ETag"])
    error(locked, 400, "report_approved")


def test_st_writes_the_regional_report_not_a_countrys(st_api, period, hn_report, poa, coalition):
    regional = report_of(period, None)
    a = activity(poa, "2.1.1")
    ok = st_api.post(
        url(regional, "entries/"),
        {
            "entries": [{"activity": a.pk, "progress": 40, "justification": "En curso"}],
            "version": 1,
        },
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    refused = st_api.post(
        url(hn_report, "entries/"),
        {"entries": [{"activity": activity(poa, "1.1.1").pk, "progress": 40}], "version": 1},
        format="json",
    )
    error(refused, 403, "permission_denied")


def test_progress_aggregates_are_the_dashboards(
    partner_api, focal_point_hn, focal_point_gt, st_user, period, coalition
):
    from monitoring import selectors

    report_hn, report_gt = (
        report_of(period, coalition["HN"]),
        report_of(period, coalition["GT"]),
    )
    for report, user, values in [
        (report_hn, focal_point_hn, {"1.1.1": 50, "1.1.2": 100}),
        (report_gt, focal_point_gt, {"1.1.1": 30, "1.1.2": 100}),
    ]:
        fill(report, user, values)
        submit(report, user)
    approve(report_hn, st_user)  # GT's is awaiting review: not official

    rows = partner_api.get("/api/v1/progress/", {"year": 2019, "semester": 1}).json()["results"]
    expected = selectors.poa_results(poa=period.poa, period=period)
    by_key = {(r["level"], r["id"]): r for r in rows}
    for node in expected.root.walk():
        row = by_key[(node.level, node.pk)]
        assert row["achieved"] == pytest.approx(float(node.achieved), abs=0.01)
        assert row["planned"] == pytest.approx(float(node.planned), abs=0.01)
        assert row["status"] == node.status
    activity_row = by_key[("activity", activity(period.poa, "1.1.1").pk)]
    assert (activity_row["achieved"], activity_row["reported"]) == (50.0, 1)

    hn = partner_api.get(
        "/api/v1/progress/", {"year": 2019, "country": "hn", "level": "activity"}
    ).json()["results"]
    assert [r["code"] for r in hn] == ["1.1.1", "1.1.2"] and hn[0]["country"] == "HN"
    axis = partner_api.get("/api/v1/progress/", {"axis": 1, "level": "axis"}).json()
    assert axis["count"] == 1 and axis["results"][0]["code"] == "1"
    ordered = partner_api.get(
        "/api/v1/progress/", {"level": "activity", "ordering": "-achieved"}
    ).json()["results"]
    assert [r["code"] for r in ordered][0] == "1.1.2"


def test_progress_for_a_semester_without_period_is_400(partner_api, period):
    body = error(
        partner_api.get("/api/v1/progress/", {"year": 2019, "semester": 2}), 400, "no_period"
    )
    assert "semester" in body["fields"]


def test_progress_figures_follow_an_approval_at_once(
    partner_api, focal_point_gt, st_user, period, coalition
):
    """The figures are kept between requests (common.cache); an approval leaves history,
    so the next read is computed afresh — and the same read twice is served as kept."""
    query = {"year": 2019, "semester": 1, "level": "activity"}

    def achieved() -> dict[str, float]:
        rows = partner_api.get("/api/v1/progress/", query).json()["results"]
        return {r["code"]: r["achieved"] for r in rows}

    assert achieved()["1.1.1"] == 0.0
    report = report_of(period, coalition["GT"])
    fill(report, focal_point_gt, {"1.1.1": 30, "1.1.2": 100})
    submit(report, focal_point_gt)
    assert achieved()["1.1.1"] == 0.0  # submitted, not approved: not official
    approve(report, st_user)
    assert achieved()["1.1.1"] == 30.0
    with CaptureQueriesContext(connection) as kept:
        assert achieved()["1.1.1"] == 30.0
    assert not any("monitoring_progressentry" in q["sql"] for q in kept.captured_queries)
