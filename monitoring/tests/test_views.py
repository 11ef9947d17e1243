"""The monitoring pages: who may do what through them, rule messages next to their field,
the concurrent-edit refusal, and query counts that do not grow with countries × activities."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import selectors, services
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.tests.factories import (
    both_semesters_approved,
    extra_bodies,
    fill,
    report_approved,
    report_of,
    submit,
    synthetic_poa,
)
from plans import services as plan_services

pytestmark = pytest.mark.django_db

# Query budgets (session, user and savepoints included). They must hold at both sizes.
DASHBOARD_MAX = 24  # + one coverage aggregate per figure (issue 17), the POA's own weights
INBOX_MAX = 8
REPORT_FORM_MAX = 10
REPORT_DETAIL_MAX = 10
PERIOD_DETAIL_MAX = 8


def _count(client, url, data=None) -> int:
    """Queries of a rendering (never of a page kept rendered: common.cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


def _rows_post(
    report: ProgressReport,
    values: dict[str, dict],
    *,
    version: int | None = None,
    codes: set[str] | None = None,
    **extra,
) -> dict:
    """The POST of the report form: one formset row per entry, in the page's order (only the
    activities in `codes`: one axis's page of a long report)."""
    entries = [
        e
        for e in report.entries.select_related("activity").order_by(
            "activity__operational_objective__position", "activity__position"
        )
        if codes is None or e.activity.code in codes
    ]
    data = {
        "rows-TOTAL_FORMS": str(len(entries)),
        "rows-INITIAL_FORMS": str(len(entries)),
        "version": str(report.version if version is None else version),
        "change_reason": extra.pop("change_reason", ""),
    }
    for i, entry in enumerate(entries):
        row = values.get(entry.activity.code, {})
        data[f"rows-{i}-activity"] = str(entry.activity_id)
        data[f"rows-{i}-progress"] = "" if row.get("progress") is None else str(row["progress"])
        for name in ("goal_status", "justification", "status_override_reason", "decrease_reason"):
            data[f"rows-{i}-{name}"] = row.get(name, "")
    data.update(extra)
    return data


# --- Access -------------------------------------------------------------------------------


def test_monitoring_pages_are_for_members_not_partners_or_visitors(
    client, period, partner, observer
):
    url = reverse("monitoring:dashboard")
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(partner)
    assert client.get(url).status_code == 403
    client.force_login(observer)
    assert client.get(url).status_code == 200
    assert client.get(reverse("monitoring:period-list")).status_code == 200


def test_honduras_cannot_read_modify_or_write_guatemalas_report_through_any_view(
    client, period, coalition, focal_point_hn, focal_point_gt
):
    gt = report_of(period, coalition["GT"])
    fill(gt, focal_point_gt, {"1.1.1": 40})
    entry = gt.entries.get(activity__code="1.1.1")
    client.force_login(focal_point_hn)
    gets = [
        reverse("monitoring:report-detail", args=[gt.pk]),
        reverse("monitoring:report-edit", args=[gt.pk]),
        reverse("monitoring:report-export", args=[gt.pk]),
        reverse("monitoring:report-history", args=[gt.pk]),
        reverse("monitoring:report-import", args=[gt.pk]),
        reverse("monitoring:evidence-add", args=[entry.pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    gt.refresh_from_db()
    posts = [
        (
            reverse("monitoring:report-edit", args=[gt.pk]),
            _rows_post(gt, {"1.1.1": {"progress": 99}}),
        ),
        (reverse("monitoring:report-submit", args=[gt.pk]), {"version": gt.version}),
        (reverse("monitoring:report-import", args=[gt.pk]), {}),
        (reverse("monitoring:evidence-add", args=[entry.pk]), {"url": "https://example.org/x"}),
        (
            reverse("monitoring:report-review", args=[gt.pk]),
            {"version": gt.version, "decision": "approve"},
        ),
        (reverse("monitoring:report-reopen", args=[gt.pk]), {"reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    entry.refresh_from_db()
    assert entry.progress == 40 and not entry.evidence.exists()
    gt.refresh_from_db()
    assert gt.status == ProgressReport.Status.DRAFT


def test_an_approved_report_of_another_country_is_readable_but_not_editable(
    client, period, coalition, st_user, focal_point_hn, focal_point_gt
):
    gt = report_of(period, coalition["GT"])
    report_approved(gt, focal_point_gt, st_user, {"1.1.1": 50, "1.1.2": 50})
    client.force_login(focal_point_hn)
    assert client.get(reverse("monitoring:report-detail", args=[gt.pk])).status_code == 200
    assert client.get(reverse("monitoring:report-edit", args=[gt.pk])).status_code == 403


# --- The report form ----------------------------------------------------------------------


def test_focal_point_fills_and_submits_through_the_form(client, period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    client.force_login(focal_point_hn)
    url = reverse("monitoring:report-edit", args=[report.pk])
    assert client.get(url).status_code == 200
    data = _rows_post(report, {"1.1.1": {"progress": 60}, "1.1.2": {"progress": 50}}, submit="1")
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report-detail", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert dict(report.entries.values_list("activity__code", "progress")) == {
        "1.1.1": 60,
        "1.1.2": 50,
    }


def test_rule_messages_come_back_next_to_their_field(client, period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    client.force_login(focal_point_hn)
    url = reverse("monitoring:report-edit", args=[report.pk])
    response = client.post(
        url, _rows_post(report, {"1.1.1": {"progress": 20}, "1.1.2": {"progress": 300}})
    )
    assert response.status_code == 200
    forms = {f.cleaned_data["activity"]: f for f in response.context["formset"].forms}
    a1 = report.entries.get(activity__code="1.1.1").activity_id
    a2 = report.entries.get(activity__code="1.1.2").activity_id
    assert [e.code for e in forms[a1].errors.as_data()["justification"]] == [
        "justification_required"
    ]
    assert [e.code for e in forms[a2].errors.as_data()["progress"]] == ["progress_out_of_range"]
    assert 'aria-describedby="id_rows-0-justification_error"' in response.content.decode()
    assert not report.entries.filter(progress__isnull=False).exists()


def test_two_people_editing_the_same_report_the_second_save_is_refused(
    client, period, coalition, focal_point_hn
):
    report = report_of(period, coalition["HN"])
    client.force_login(focal_point_hn)
    url = reverse("monitoring:report-edit", args=[report.pk])
    opened = report.version  # both opened the form at this version
    first = client.post(url, _rows_post(report, {"1.1.1": {"progress": 70}}, version=opened))
    assert first.status_code == 302
    second = client.post(
        url, _rows_post(report, {"1.1.1": {"progress": 10, "justification": "x"}}, version=opened)
    )
    assert second.status_code == 200
    assert [e.code for e in second.context["meta"].non_field_errors().as_data()] == [
        "stale_version"
    ]
    assert reverse("monitoring:report-history", args=[report.pk]) in second.content.decode()
    assert report.entries.get(activity__code="1.1.1").progress == 70


def test_a_change_after_submission_asks_for_a_reason(client, period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    report.refresh_from_db()
    client.force_login(focal_point_hn)
    url = reverse("monitoring:report-edit", args=[report.pk])
    response = client.post(
        url, _rows_post(report, {"1.1.1": {"progress": 80}, "1.1.2": {"progress": 50}})
    )
    assert [e.code for e in response.context["meta"].errors.as_data()["change_reason"]] == [
        "change_reason_required"
    ]
    response = client.post(
        url,
        _rows_post(
            report,
            {"1.1.1": {"progress": 80}, "1.1.2": {"progress": 50}},
            change_reason="Dato nuevo",
        ),
    )
    assert response.status_code == 302
    history = client.get(reverse("monitoring:report-history", args=[report.pk])).content.decode()
    assert "Dato nuevo" in history and "50 → 80" in history


def test_the_form_of_a_locked_report_sends_back_to_the_report(
    client, period, coalition, st_user, focal_point_hn
):
    report = report_of(period, coalition["HN"])
    services.reporting_period_close(user=st_user, period=period)
    client.force_login(focal_point_hn)
    url = reverse("monitoring:report-edit", args=[report.pk])
    assert client.get(url)["Location"] == reverse("monitoring:report-detail", args=[report.pk])
    client.post(url, _rows_post(report, {"1.1.1": {"progress": 50}}))
    assert not report.entries.filter(progress__isnull=False).exists()


def test_st_reviews_and_reopens_through_the_pages(
    client, period, coalition, st_user, focal_point_hn
):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    report.refresh_from_db()
    client.force_login(st_user)
    inbox = client.get(reverse("monitoring:inbox"))
    assert report in inbox.context["inbox"].awaiting
    review = reverse("monitoring:report-review", args=[report.pk])
    client.post(review, {"version": report.version, "decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED  # a return needs comments
    client.post(review, {"version": report.version, "decision": "approve", "comment": "Bien"})
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.APPROVED
    client.post(
        reverse("monitoring:report-reopen", args=[report.pk]), {"reason": "Cifra mal digitada"}
    )
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED and report.reopened


def test_st_opens_and_closes_a_period_through_the_pages(
    client, poa, coalition, st_user, focal_point_hn
):
    client.force_login(focal_point_hn)
    data = {"poa": poa.pk, "semester": 1, "opens_on": "2019-06-01", "due_on": "2019-07-15"}
    assert client.post(reverse("monitoring:period-list"), data).status_code == 403
    client.force_login(st_user)
    response = client.post(reverse("monitoring:period-list"), data)
    period = poa.reporting_periods.get()
    assert response["Location"] == reverse("monitoring:period-detail", args=[period.pk])
    assert period.reports.count() == 10
    client.post(reverse("monitoring:period-due", args=[period.pk]), {"due_on": "2019-07-31"})
    client.post(reverse("monitoring:period-close", args=[period.pk]))
    period.refresh_from_db()
    assert period.due_on == dt.date(2019, 7, 31) and period.is_closed


def test_evidence_is_attached_and_downloaded_by_those_who_may_read_it(
    client, period, coalition, focal_point_hn, focal_point_gt
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    report = report_of(period, coalition["HN"])
    entry = report.entries.get(activity__code="1.1.1")
    client.force_login(focal_point_hn)
    pdf = SimpleUploadedFile("acta.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(
        reverse("monitoring:evidence-add", args=[entry.pk]), {"file": pdf, "description": "Acta"}
    )
    assert response.status_code == 302
    evidence = entry.evidence.get()
    assert (
        client.get(reverse("monitoring:evidence-download", args=[evidence.pk])).status_code == 200
    )
    client.force_login(focal_point_gt)
    assert (
        client.get(reverse("monitoring:evidence-download", args=[evidence.pk])).status_code == 403
    )
    remove = reverse("monitoring:evidence-remove", args=[evidence.pk])
    assert client.post(remove).status_code == 403
    client.force_login(focal_point_hn)
    client.post(remove)
    assert not entry.evidence.exists()
    assert evidence.history.first().history_type == "-"
    assert evidence.history.first().history_user == focal_point_hn


# --- Dashboard ----------------------------------------------------------------------------


def test_dashboard_shows_the_official_figures_and_the_pending_ones_apart(
    client, period, coalition, st_user, focal_point_hn, focal_point_gt
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 50}
    )
    gt = report_of(period, coalition["GT"])
    fill(gt, focal_point_gt, {"1.1.1": 0, "1.1.2": 0})
    submit(gt, focal_point_gt)
    client.force_login(focal_point_hn)
    url = reverse("monitoring:dashboard")
    context = client.get(url).context
    assert context["official"].root.achieved == Decimal("42.5")
    response = client.get(url, {"poa": 2019, "pending": "on"})
    assert response.context["official"].root.achieved == Decimal("42.5")
    op = next(n for n in response.context["results"].root.walk() if n.code == "1.1")
    assert op.achieved == Decimal("42.5")  # (100 + 0) / 2 × 0.7 + (50 + 0) / 2 × 0.3
    html = response.content.decode()
    assert 'id="chart-axes"' in html and 'id="chart-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html


def test_dashboard_filters_by_country_axis_and_period(
    client, period, coalition, st_user, focal_point_hn
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 50}
    )
    client.force_login(st_user)
    response = client.get(
        reverse("monitoring:dashboard"),
        {"poa": 2019, "period": 1, "axis": 1, "country": coalition["HN"].acronym},
    )
    assert response.context["results"].body == coalition["HN"]
    assert [a.code for a in response.context["shown_axes"]] == ["1"]
    assert [b.pk for b in response.context["matrix"].bodies] == [coalition["HN"].pk]
    assert response.context["period"] == period


def test_matrix_exports_to_xlsx_and_csv(client, period, coalition, st_user, focal_point_hn):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 50}
    )
    client.force_login(st_user)
    url = reverse("monitoring:matrix-export", args=[period.pk])
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    header = csv[0].split(",")
    hn = header.index(coalition["HN"].country.name)
    row = next(line.split(",") for line in csv if line.startswith("1.1.1,"))
    assert row[hn] == "100" and row[header.index(coalition["GT"].country.name)] == ""
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_dashboard_is_kept_rendered_until_a_report_or_the_plan_changes(
    client, period, coalition, st_user, focal_point_hn
):
    client.force_login(st_user)
    url = reverse("monitoring:dashboard")
    rendered = _count(client, url)
    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(url)
    assert len(ctx.captured_queries) <= rendered - 10
    assert kept.context.get("official") is None  # nothing computed: the stored HTML
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 50}
    )
    # The approval left history: the next request computes the new official figures.
    official = client.get(url).context["official"]
    assert official.root.achieved == Decimal("42.5")
    activity = period.poa.operational_objectives.get(code="1.1").activities.get(code="1.1.2")
    plan_services.activity_update(user=st_user, activity=activity, semester_1=100)
    assert client.get(url).context["official"].root.planned > official.root.planned


def test_dashboard_matrix_shows_25_activities_a_page(client, coalition, st_user):
    poa, periods = _grow(st_user, year=2022, bodies=0, operational=3, activities=30)
    everything = [r.activity.code for r in selectors.progress_matrix(period=periods[1]).rows]
    assert len(everything) == 30
    client.force_login(st_user)
    url = reverse("monitoring:dashboard")
    first = client.get(url, {"poa": 2022, "period": 2})
    matrix = first.context["matrix"]
    assert [r.activity.code for r in matrix.rows] == everything[:25]
    assert matrix.page.paginator.num_pages == 2
    html = first.content.decode()
    assert "Página 1 de 2" in html and "page=2#matrix-title" in html
    second = client.get(url, {"poa": 2022, "period": 2, "page": 2}).context["matrix"]
    assert [r.activity.code for r in second.rows] == everything[25:]
    # One country: only the activities of its report (every fifth is the Secretariat's).
    hn = client.get(url, {"poa": 2022, "period": 2, "country": coalition["HN"].acronym})
    assert len(hn.context["matrix"].rows) == 24
    assert not hn.context["matrix"].page.has_other_pages()
    assert all(row.cells[0].concerned for row in hn.context["matrix"].rows)


# --- Query counts at two sizes ------------------------------------------------------------


def _grow(st_user, *, year: int, bodies: int, operational: int, activities: int):
    """A POA of the given size with two periods and approved reports from every body."""
    if bodies:
        extra_bodies(bodies, start=year % 100 * 7)
    poa = synthetic_poa(year, operational=operational, activities=activities)
    return poa, both_semesters_approved(st_user, poa)


def test_dashboard_inbox_and_report_pages_run_the_same_queries_at_two_sizes(
    client, coalition, st_user, focal_point_hn
):
    small_poa, small = _grow(st_user, year=2020, bodies=0, operational=3, activities=6)
    counts_small = _page_counts(client, st_user, focal_point_hn, small_poa, small)
    big_poa, big = _grow(st_user, year=2021, bodies=21, operational=12, activities=60)
    counts_big = _page_counts(client, st_user, focal_point_hn, big_poa, big)
    print(
        "query counts (9 bodies × 6 activities, 30 bodies × 60 activities):",
        counts_small,
        counts_big,
    )
    assert counts_small == counts_big
    budgets = {
        "dashboard": DASHBOARD_MAX,
        "dashboard_country": DASHBOARD_MAX,
        "inbox": INBOX_MAX,
        "report_form": REPORT_FORM_MAX,
        "report_detail": REPORT_DETAIL_MAX,
        "period_detail": PERIOD_DETAIL_MAX,
    }
    for page, count in counts_big.items():
        assert count <= budgets[page], (page, count)


def _page_counts(client, st_user, focal_point_hn, poa, periods) -> dict[str, int]:
    # Put a few reports in every inbox state: awaiting review, returned, overdue.
    reports = list(
        ProgressReport.objects.filter(period=periods[1], is_regional=False).order_by("pk")
    )
    ProgressReport.objects.filter(pk__in=[r.pk for r in reports[:3]]).update(status="submitted")
    ProgressReport.objects.filter(pk__in=[r.pk for r in reports[3:6]]).update(status="returned")
    ProgressReport.objects.filter(pk__in=[r.pk for r in reports[6:]]).update(status="draft")
    hn_report = ProgressReport.objects.get(
        period=periods[0], national_body=focal_point_hn.national_body
    )
    ProgressReport.objects.filter(pk=hn_report.pk).update(status="draft")
    client.force_login(st_user)
    counts = {
        "dashboard": _count(client, reverse("monitoring:dashboard"), {"poa": poa.year}),
        "dashboard_country": _count(
            client,
            reverse("monitoring:dashboard"),
            {"poa": poa.year, "country": focal_point_hn.national_body.acronym, "pending": "on"},
        ),
        "inbox": _count(client, reverse("monitoring:inbox")),
        "period_detail": _count(client, reverse("monitoring:period-detail", args=[periods[0].pk])),
        "report_detail": _count(client, reverse("monitoring:report-detail", args=[hn_report.pk])),
    }
    client.force_login(focal_point_hn)
    counts["report_form"] = _count(client, reverse("monitoring:report-edit", args=[hn_report.pk]))
    assert ProgressEntry.objects.filter(report=hn_report).count() > 0
    return counts


# --- Home page and navigation -------------------------------------------------------------


def test_home_tells_the_focal_point_and_st_what_to_do(
    client, period, coalition, st_user, focal_point_hn
):
    client.force_login(focal_point_hn)
    tasks = client.get(reverse("home")).context["summary"].tasks
    edit = reverse("monitoring:report-edit", args=[report_of(period, coalition["HN"]).pk])
    assert [t.level for t in tasks if t.url == edit] == ["warning"]  # due in 2019: overdue
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(report, focal_point_hn)
    client.force_login(st_user)
    tasks = client.get(reverse("home")).context["summary"].tasks
    inbox = [t for t in tasks if t.url == reverse("monitoring:inbox")]
    assert len(inbox) == 2  # one report awaits review; eight bodies are overdue
    regional = reverse("monitoring:report-edit", args=[report_of(period, None).pk])
    assert [t.level for t in tasks if t.url == regional] == ["warning"]
    report.refresh_from_db()
    services.progress_report_return(
        user=st_user, report=report, expected_version=report.version, comment="Revise"
    )
    client.force_login(focal_point_hn)
    tasks = client.get(reverse("home")).context["summary"].tasks
    assert [t.level for t in tasks if t.url == edit] == ["warning"]


def test_navigation_offers_monitoring_to_members_only(client, period, focal_point_hn, partner):
    client.force_login(focal_point_hn)
    html = client.get(reverse("home")).content.decode()
    assert reverse("monitoring:dashboard") in html and reverse("monitoring:inbox") in html
    client.force_login(partner)
    assert reverse("monitoring:dashboard") not in client.get(reverse("home")).content.decode()
