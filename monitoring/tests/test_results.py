"""Weighted results (SPEC §5, 003 §IX) with numbers computed by hand, timeliness, and the
queries they cost."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from monitoring import services
from monitoring.models import ProgressReport
from monitoring.selectors import (
    ResultStatus,
    Timeliness,
    compliance_of,
    country_results,
    coverage_is_partial,
    period_timeliness,
    poa_dashboard,
    poa_results,
    poa_tree,
    progress_matrix,
    progress_rows,
    status_of,
)
from monitoring.tests.factories import (
    fill,
    open_period,
    report_approved,
    report_of,
    submit,
)
from plans.models import Activity

pytestmark = pytest.mark.django_db

CENT = Decimal("0.01")


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _node(results, code: str, level: str):
    return next(n for n in results.root.walk() if n.level == level and n.code == code)


def test_operational_objective_is_the_weighted_mean_70_30_of_100_and_50(
    period, coalition, st_user, focal_point_hn
):
    """Issue #4's example: two activities weighted 70/30 at 100% and 50% → 85%."""
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 50}
    )
    results = poa_results(poa=period.poa, period=period)
    op = _node(results, "1.1", "operational")
    assert [(a.code, a.share.share, a.achieved) for a in op.children] == [
        ("1.1.1", Decimal("70.00"), Decimal(100)),
        ("1.1.2", Decimal("30.00"), Decimal(50)),
    ]
    assert _q(op.achieved) == Decimal("85.00")
    assert _q(op.planned) == Decimal("50.00")  # both planned 50% in semester I
    assert _q(op.compliance) == Decimal("170.00") and op.status == ResultStatus.ON_TRACK
    # Up the tree: objective 1 and axis 1 have this single child.
    assert _q(_node(results, "1", "objective").achieved) == Decimal("85.00")
    assert _q(_node(results, "1", "axis").achieved) == Decimal("85.00")
    # Axis 2 (regional activity, no approved data) counts 0 of 100 planned.
    axis2 = _node(results, "2", "axis")
    assert axis2.achieved == 0 and axis2.planned == 100 and not axis2.has_data
    # POA: equal shares of the two axes → (85 + 0) / 2 achieved, (50 + 100) / 2 planned.
    assert _q(results.root.achieved) == Decimal("42.50")
    assert _q(results.root.planned) == Decimal("75.00")
    assert _q(results.root.compliance) == Decimal("56.67")
    assert results.root.status == ResultStatus.DELAYED


def test_activity_progress_is_the_mean_of_the_approved_reports(
    period, coalition, st_user, focal_point_hn, focal_point_gt
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 60}
    )
    report_approved(
        report_of(period, coalition["GT"]), focal_point_gt, st_user, {"1.1.1": 50, "1.1.2": 40}
    )
    results = poa_results(poa=period.poa, period=period)
    a1 = _node(results, "1.1.1", "activity")
    assert a1.achieved == 75 and a1.reported == 2 and a1.expected == 9
    assert _node(results, "1.1.2", "activity").achieved == 50
    # 0.7 × 75 + 0.3 × 50 = 67.5
    assert _q(_node(results, "1.1", "operational").achieved) == Decimal("67.50")


def test_unapproved_reports_do_not_count_but_show_when_including_pending(
    period, coalition, st_user, focal_point_hn, focal_point_gt
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 100}
    )
    gt = report_of(period, coalition["GT"])
    fill(gt, focal_point_gt, {"1.1.1": 20, "1.1.2": 20})
    official = poa_results(poa=period.poa, period=period)
    assert _node(official, "1.1.1", "activity").achieved == 100  # GT's draft ignored
    submit(gt, focal_point_gt)
    official = poa_results(poa=period.poa, period=period)
    pending = poa_results(poa=period.poa, period=period, include_pending=True)
    assert _node(official, "1.1.1", "activity").achieved == 100  # submitted, not approved
    assert _node(pending, "1.1.1", "activity").achieved == 60  # (100 + 20) / 2
    assert _node(pending, "1.1.1", "activity").reported == 2


def test_the_regional_report_gives_the_regional_activities(period, st_user):
    regional = report_of(period, None)
    services.evidence_add(
        user=st_user, entry=regional.entries.get(), url="https://example.org/doc.pdf"
    )
    report_approved(regional, st_user, st_user, {"2.1.1": 100})
    results = poa_results(poa=period.poa, period=period)
    axis2 = _node(results, "2", "axis")
    assert axis2.achieved == 100 and axis2.has_data and _q(axis2.compliance) == Decimal("100.00")


@pytest.mark.parametrize(
    ("achieved", "status"),
    [
        (45, ResultStatus.ON_TRACK),  # 45 / 50 = 90%: on track at the edge
        (44, ResultStatus.AT_RISK),  # 88%
        (30, ResultStatus.AT_RISK),  # 60%: at risk at the edge
        (29, ResultStatus.DELAYED),  # 58%
    ],
)
def test_compliance_status_at_the_thresholds_edges(
    period, coalition, st_user, focal_point_hn, achieved, status
):
    report_approved(
        report_of(period, coalition["HN"]),
        focal_point_hn,
        st_user,
        {"1.1.1": achieved, "1.1.2": achieved},
    )
    op = _node(poa_results(poa=period.poa, period=period), "1.1", "operational")
    assert op.planned == 50 and op.achieved == achieved
    assert op.status == status


def test_thresholds_come_from_one_setting(settings):
    assert status_of(Decimal("89.99")) == ResultStatus.AT_RISK
    assert status_of(Decimal("59.99")) == ResultStatus.DELAYED
    settings.MONITORING_COMPLIANCE_THRESHOLDS = {"on_track": 80, "at_risk": 50}
    assert status_of(Decimal("80")) == ResultStatus.ON_TRACK
    assert status_of(Decimal("50")) == ResultStatus.AT_RISK
    assert status_of(Decimal("49.99")) == ResultStatus.DELAYED
    assert compliance_of(Decimal(10), Decimal(0)) is None
    assert status_of(None) == ResultStatus.ON_TRACK  # nothing planned: nothing is late


def test_year_end_plan_is_the_capped_sum_of_both_semesters(poa, coalition, st_user, focal_point_hn):
    Activity.objects.filter(operational_objective__poa=poa, code="1.1.2").update(
        semester_1=80, semester_2=80
    )
    period = open_period(st_user, poa, semester=2)
    results = poa_results(poa=poa, period=period)
    assert _node(results, "1.1.1", "activity").planned == 100  # 50 + 50
    assert _node(results, "1.1.2", "activity").planned == 100  # min(100, 80 + 80)
    first = open_period(st_user, poa)
    assert _node(poa_results(poa=poa, period=first), "1.1.2", "activity").planned == 80


def test_equal_shares_when_no_weights_are_set(period, coalition, st_user, focal_point_hn):
    Activity.objects.filter(code__in=["1.1.1", "1.1.2"]).update(weight=None)
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 50}
    )
    op = _node(poa_results(poa=period.poa, period=period), "1.1", "operational")
    assert _q(op.achieved) == Decimal("75.00")


def test_a_country_view_keeps_only_its_activities_and_report(
    period, coalition, st_user, focal_point_hn, focal_point_gt
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 100, "1.1.2": 50}
    )
    report_approved(
        report_of(period, coalition["GT"]), focal_point_gt, st_user, {"1.1.1": 0, "1.1.2": 0}
    )
    hn = poa_results(poa=period.poa, period=period, body=coalition["HN"])
    assert [a.code for a in hn.activities()] == ["1.1.1", "1.1.2"]
    assert [a.code for a in hn.axes] == ["1"]  # the regional axis is not Honduras'
    assert _q(hn.root.achieved) == Decimal("85.00")


def test_results_of_a_poa_without_periods_show_the_plan_and_no_data(poa):
    results = poa_results(poa=poa)
    assert results.period is None and results.semester == 2
    assert results.root.achieved == 0 and not results.root.has_data
    assert _q(results.root.planned) == Decimal("100.00")


def test_a_poa_without_an_opened_period_reads_not_started_never_delayed(poa):
    results = poa_results(poa=poa)
    assert {n.status for n in results.root.walk()} == {ResultStatus.NOT_STARTED}
    with translation.override("en"):
        assert results.root.status_label == "Not started"


# --- Every approved figure: semester II not approved keeps the semester-I figure ----------


def _two_semesters(period, coalition, st_user, focal_point_hn, focal_point_gt, honduras_first):
    """Semester I approved for Honduras (`honduras_first`) and Guatemala (80 and 80), then
    semester II opened and approved for Honduras only (90 and 90). Returns semester II."""
    report_approved(report_of(period, coalition["HN"]), focal_point_hn, st_user, honduras_first)
    report_approved(
        report_of(period, coalition["GT"]), focal_point_gt, st_user, {"1.1.1": 80, "1.1.2": 80}
    )
    second = open_period(st_user, period.poa, semester=2)
    report_approved(
        report_of(second, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 90, "1.1.2": 90}
    )
    return second


def test_without_an_approved_semester_ii_the_semester_i_figure_stands_marked_carried(
    period, coalition, st_user, focal_point_hn, focal_point_gt
):
    # Honduras' semester-II report is approved; Guatemala's is only submitted.
    second = _two_semesters(
        period, coalition, st_user, focal_point_hn, focal_point_gt, {"1.1.1": 60, "1.1.2": 60}
    )
    gt = report_of(second, coalition["GT"])
    fill(gt, focal_point_gt, {"1.1.1": 100, "1.1.2": 100})
    submit(gt, focal_point_gt)

    results = poa_results(poa=period.poa, period=second)
    a = _node(results, "1.1.1", "activity")
    # Mean of Honduras' semester-II 90 and Guatemala's carried semester-I 80.
    assert a.achieved == Decimal(85) and a.reported == 2 and a.carried == 1
    assert a.status != ResultStatus.NOT_STARTED
    op = _node(results, "1.1", "operational")
    assert op.carried == 2  # both activities rest on one carried figure
    # With the pending report counted, Guatemala's semester-II figure replaces its carried one.
    pending = poa_results(poa=period.poa, period=second, include_pending=True)
    assert _node(pending, "1.1.1", "activity").achieved == Decimal(95)
    assert _node(pending, "1.1.1", "activity").carried == 0
    # One country's view: Guatemala's semester-II figure is its semester-I one, carried.
    gt_view = poa_results(poa=period.poa, period=second, body=coalition["GT"])
    assert _node(gt_view, "1.1.1", "activity").achieved == Decimal(80)
    assert gt_view.root.carried == 2 and gt_view.root.has_data
    # Semester I itself is unchanged and carries nothing.
    first = poa_results(poa=period.poa, period=period)
    assert _node(first, "1.1.1", "activity").achieved == Decimal(70)
    assert first.root.carried == 0


def test_a_later_approved_figure_replaces_the_earlier_one_only_for_its_own_body(
    period, coalition, st_user, focal_point_hn, focal_point_gt
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 40, "1.1.2": 40}
    )
    second = open_period(st_user, period.poa, semester=2)
    report_approved(
        report_of(second, coalition["GT"]), focal_point_gt, st_user, {"1.1.1": 100, "1.1.2": 100}
    )
    a = _node(poa_results(poa=period.poa, period=second), "1.1.1", "activity")
    assert a.achieved == Decimal(70) and a.reported == 2 and a.carried == 1


def _country_figures(rows) -> dict:
    return {
        r.body.country.iso_code: (
            r.root.achieved,
            r.root.carried,
            r.root.planned,
            len(r.results.activities()),
        )
        for r in rows
    }


def test_country_figures_from_a_dashboards_tree_and_rows_are_those_read_afresh(
    period, coalition, st_user, focal_point_hn, focal_point_gt, django_assert_num_queries
):
    second = _two_semesters(
        period, coalition, st_user, focal_point_hn, focal_point_gt, {"1.1.1": 40, "1.1.2": 50}
    )
    board = poa_dashboard(poa=period.poa, from_rows=True)
    assert board.tree is not None and board.rows is not None
    for p in (period, second):
        afresh = _country_figures(country_results(poa=period.poa, period=p))
        # the reports, the activities by body: the tree and the rows are the board's
        with django_assert_num_queries(2):
            shared = country_results(poa=period.poa, period=p, tree=board.tree, rows=board.rows)
        assert _country_figures(shared) == afresh
    # Semester I's figures leave semester II's rows out; Guatemala's is carried in II.
    first = _country_figures(country_results(poa=period.poa, period=period, rows=board.rows))
    assert first["HN"][:2] == (Decimal(43), 0) and first["GT"][:2] == (Decimal(80), 0)
    later = _country_figures(country_results(poa=period.poa, period=second, rows=board.rows))
    assert later["HN"][:2] == (Decimal(90), 0) and later["GT"][:2] == (Decimal(80), 2)


def test_country_figures_refuse_a_countrys_tree(period, coalition):
    tree = poa_tree(poa=period.poa, body=coalition["HN"])
    with pytest.raises(ValueError, match="POA-wide tree"):
        country_results(poa=period.poa, period=period, tree=tree)


# --- Coverage: how many reports a regional figure rests on --------------------------------


def test_regional_figures_say_how_many_reports_they_rest_on_and_when_that_is_partial(
    period, coalition, st_user, focal_point_hn, settings
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 95, "1.1.2": 95}
    )
    results = poa_results(poa=period.poa, period=period)
    a = _node(results, "1.1.1", "activity")
    assert (a.reported, a.expected) == (1, 9) and a.partial
    # The POA: 9 national reports and the regional one carry its activities.
    assert (results.root.reported, results.root.expected) == (1, 10) and results.root.partial
    assert (_node(results, "2", "axis").reported, _node(results, "2", "axis").expected) == (0, 1)
    settings.MONITORING_COVERAGE_PARTIAL_BELOW = 10
    assert not _node(poa_results(poa=period.poa, period=period), "1.1.1", "activity").partial
    assert not coverage_is_partial(5, 10) and coverage_is_partial(4, 10) is False
    settings.MONITORING_COVERAGE_PARTIAL_BELOW = 50
    assert coverage_is_partial(4, 10) and not coverage_is_partial(5, 10)
    assert not coverage_is_partial(0, 0)


def test_roll_up_runs_a_fixed_number_of_queries(period, coalition, django_assert_num_queries):
    # the tree, the POA's own axis and objective weights, the progress rows (figures and the
    # reports' coverage are worked out from the same rows)
    with django_assert_num_queries(3):
        poa_results(poa=period.poa, period=period)
    with django_assert_num_queries(4):  # + the latest period
        poa_results(poa=period.poa)
    # the tree, its weights, the body's activities, the body's rows
    with django_assert_num_queries(4):
        poa_results(poa=period.poa, period=period, body=coalition["HN"])
    # Figures that share a tree read it (and its weights) once.
    tree = poa_tree(poa=period.poa)
    with django_assert_num_queries(1):  # the rows
        poa_results(poa=period.poa, period=period, tree=tree)
    # ... and figures that share the rows read nothing more (poa_dashboard).
    rows = progress_rows(poa_id=period.poa_id, up_to_semester=period.semester)
    with django_assert_num_queries(0):
        poa_results(poa=period.poa, period=period, tree=tree, rows=rows)
        poa_results(poa=period.poa, period=period, tree=tree, rows=rows, include_pending=True)
    # the periods, the tree, its weights, then its roll-up (monitoring.rollup): the stamp,
    # the kept roll-up (none yet), the rows, the upsert; kept, only the first two of those
    with django_assert_num_queries(7):
        poa_dashboard(poa=period.poa, include_pending=True)
    with django_assert_num_queries(5):
        poa_dashboard(poa=period.poa, include_pending=True)


# --- Timeliness ---------------------------------------------------------------------------


def test_timeliness_counts_on_time_late_and_missing_bodies(
    poa, coalition, st_user, focal_point_hn, focal_point_gt
):
    today = timezone.localdate()
    period = open_period(st_user, poa, opens_on=today - dt.timedelta(days=30), due_on=today)
    for report, user in (
        (report_of(period, coalition["HN"]), focal_point_hn),
        (report_of(period, coalition["GT"]), focal_point_gt),
    ):
        fill(report, user, {"1.1.1": 50, "1.1.2": 50})
        submit(report, user)
    # Guatemala's first submission came three days after the due date.
    late = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=3), dt.time(10)))
    ProgressReport.objects.filter(pk=report_of(period, coalition["GT"]).pk).update(
        first_submitted_at=late
    )
    result = period_timeliness(period=period, today=today)
    states = {row.report.national_body.country.iso_code: row.state for row in result.rows}
    assert states["HN"] == Timeliness.ON_TIME
    assert states["GT"] == Timeliness.LATE
    assert states["CR"] == Timeliness.NOT_YET_DUE
    after = period_timeliness(period=period, today=today + dt.timedelta(days=1))
    assert after.count(Timeliness.NOT_SUBMITTED) == 7
    assert after.expected == 9 and after.submitted == 2
    assert _q(after.reporting_rate) == Decimal("22.22")
    assert _q(after.on_time_rate) == Decimal("11.11")
    assert next(r for r in after.rows if r.state == Timeliness.LATE).days_late == 3


def test_matrix_cells_are_coloured_only_for_counted_figures(
    period, coalition, st_user, focal_point_hn, focal_point_gt
):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 45, "1.1.2": 20}
    )
    fill(report_of(period, coalition["GT"]), focal_point_gt, {"1.1.1": 100})
    matrix = progress_matrix(period=period)
    column = {b.country.iso_code: i for i, b in enumerate(matrix.bodies)}
    row = next(r for r in matrix.rows if r.activity.code == "1.1.1")
    assert (
        row.cells[column["HN"]].status == ResultStatus.ON_TRACK
        and row.cells[column["HN"]].progress == 45
    )
    assert not row.cells[column["GT"]].counted and row.cells[column["GT"]].status == ""
    regional = next(r for r in matrix.rows if r.activity.code == "2.1.1")
    assert regional.regional.concerned and not any(c.concerned for c in regional.cells)
    other = next(r for r in matrix.rows if r.activity.code == "1.1.2")
    assert other.cells[column["HN"]].status == ResultStatus.DELAYED  # 20 / 50 = 40%
