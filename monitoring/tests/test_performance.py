"""Issue #4: the roll-up of a POA ten times the size of the real one (90 national bodies,
200 activities, 2 periods of approved reports) stays within its time budget (BUDGET_SECONDS), with the same
number of queries as a small one."""

from __future__ import annotations

import statistics
import time

import pytest

from monitoring.models import ProgressEntry, ProgressReport
from monitoring.selectors import poa_dashboard, poa_results
from monitoring.tests.factories import both_semesters_approved, extra_bodies, synthetic_poa

pytestmark = pytest.mark.django_db

BODIES = 90
ACTIVITIES = 200
# Issue #4 asked for well under a second. Issue 17 added each figure's coverage and the
# carried semester-I figures, as a correlated NOT EXISTS over the 28,880 rows: 0.9–1.05 s on
# PostgreSQL on the 2-core CI machine (2026-12-03). Since issue 24 the rows are read once
# (monitoring.selectors.progress_rows) and rolled up in Python: a median of 0.24–0.28 s on
# SQLite and PostgreSQL with other work on both cores (2026-12-05). The budget leaves room
# for a loaded CI machine and still catches a real regression (a query per activity, or the
# correlated subquery back, takes seconds).
BUDGET_SECONDS = 0.75


def test_roll_up_of_a_tenfold_poa_stays_within_its_budget(
    coalition, st_user, django_assert_num_queries
):
    extra_bodies(BODIES - len(coalition))
    poa = synthetic_poa(2030, operational=40, activities=ACTIVITIES)
    periods = both_semesters_approved(st_user, poa, progress=(60, 80))
    assert ProgressReport.objects.filter(period=periods[1], is_regional=False).count() == BODIES
    rows = ProgressEntry.objects.filter(report__period__poa=poa).count()
    assert rows == 2 * (BODIES * 160 + 40)  # 160 national activities, 40 regional

    poa_results(poa=poa, period=periods[1])  # warm the connection and the caches
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        with django_assert_num_queries(3):  # the tree, its weights, the rows (figures, coverage)
            results = poa_results(poa=poa, period=periods[1])
        timings.append(time.perf_counter() - start)
    best, worst, median = min(timings), max(timings), statistics.median(timings)
    start = time.perf_counter()
    poa_dashboard(poa=poa, include_pending=True)
    dashboard = time.perf_counter() - start
    print(
        f"\n10x roll-up ({BODIES} bodies, {ACTIVITIES} activities, {rows} progress rows): "
        f"best {best * 1000:.1f} ms, median {median * 1000:.1f} ms, worst {worst * 1000:.1f} ms; "
        f"whole dashboard selector (official + pending + 2 semesters) {dashboard * 1000:.1f} ms"
    )
    # The median of five runs: one run slowed by the other CI pass's worker or PostgreSQL's
    # checkpoint on the shared 2 cores is noise, not the roll-up's cost.
    assert median < BUDGET_SECONDS
    assert len(results.activities()) == ACTIVITIES
    assert all(a.achieved == 80 for a in results.activities())


def test_report_pages_join_no_account_table(coalition, st_user):
    """Issue 24: who submitted or reviewed a report is in its history, and who attached a piece
    of evidence shows on the evidence page only; the report's queries (its page, its form,
    the lists) do not join those accounts — two more tables in the header query took half
    its time at 10×."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from monitoring import selectors
    from monitoring.tests.factories import open_period, report_of, small_poa

    report = report_of(open_period(st_user, small_poa()), coalition["HN"])
    with CaptureQueriesContext(connection) as queries:
        selectors.report_header(pk=report.pk)
        selectors.report_detail(pk=report.pk)  # the report, its rows, their evidence, before
        list(selectors.reports_visible_to(st_user))
        list(selectors.period_reports(period=report.period))
        selectors.review_inbox()
    assert len(queries) >= 8
    assert [q["sql"] for q in queries if "members_user" in q["sql"]] == []
