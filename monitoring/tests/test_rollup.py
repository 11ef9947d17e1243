"""The results roll-up kept between changes (monitoring.rollup, issue 24): the same figures as
the rows give, read without the rows, never trusted under another stamp or past its bound,
and refreshed by the reviews once they commit."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from monitoring import services
from monitoring.models import ProgressEntry, ResultRollup
from monitoring.selectors import poa_dashboard, poa_results, results_stamp
from monitoring.tests.factories import (
    approve,
    fill,
    open_period,
    report_approved,
    report_of,
    submit,
)

pytestmark = pytest.mark.django_db


def _figures(results) -> list[tuple]:
    """Every node's figures, as the dashboard shows them."""
    return [
        (
            n.level,
            n.code,
            n.achieved,
            n.planned,
            n.has_data,
            n.reported,
            n.expected,
            n.carried,
            n.status,
        )
        for n in results.root.walk()
    ]


@pytest.fixture
def two_semesters(poa, coalition, st_user, focal_point_hn, focal_point_gt):
    """Semester I: Honduras, Guatemala and the regional report approved; semester II:
    Honduras approved,
    Guatemala submitted (its semester-I figures are carried into the official results, its
    new ones count only with the reports awaiting review)."""
    first = open_period(st_user, poa)
    report_approved(
        report_of(first, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 40, "1.1.2": 30}
    )
    regional = report_of(first, None)  # the regional organs' activities, filled by ST
    codes = ProgressEntry.objects.filter(report=regional).values_list("activity__code", flat=True)
    assert codes
    report_approved(regional, st_user, st_user, dict.fromkeys(codes, 50))
    report_approved(
        report_of(first, coalition["GT"]), focal_point_gt, st_user, {"1.1.1": 80, "1.1.2": 20}
    )
    second = open_period(st_user, poa, semester=2)
    report_approved(
        report_of(second, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 90, "1.1.2": 35}
    )
    gt = report_of(second, coalition["GT"])
    fill(gt, focal_point_gt, {"1.1.1": 95, "1.1.2": 25})
    submit(gt, focal_point_gt)
    return first, second


def test_kept_figures_equal_those_worked_out_from_the_rows(poa, two_semesters):
    for pending in (False, True):
        for semester, period in enumerate(two_semesters, start=1):
            expected = _figures(poa_results(poa=poa, period=period, include_pending=pending))
            computed = poa_dashboard(poa=poa, semester=semester, include_pending=pending)
            assert ResultRollup.objects.get(poa=poa).stamp == results_stamp()
            kept = poa_dashboard(poa=poa, semester=semester, include_pending=pending)
            assert _figures(computed.results) == _figures(kept.results) == expected
    # Semester II, official: Honduras' 90 and Guatemala's 80 carried from semester I; with
    # the reports awaiting review, Guatemala's 95.
    board = poa_dashboard(poa=poa, semester=2, include_pending=True)
    official = next(n for n in board.official.root.walk() if n.code == "1.1.1")
    assert (official.achieved, official.reported, official.carried) == (85, 2, 1)
    pending = next(n for n in board.results.root.walk() if n.code == "1.1.1")
    assert (pending.achieved, pending.reported, pending.carried) == (Decimal("92.5"), 2, 0)
    # Coverage (reports counted of reports expected): Honduras', Guatemala's and the regional
    # report's figures (the regional owner is kept as 0, read back as None).
    assert (board.official.root.reported, board.official.root.expected) == (3, 10)


def test_a_kept_roll_up_is_read_without_the_progress_rows(
    poa, two_semesters, django_assert_num_queries
):
    # the periods, the tree, its weights, the stamp, the kept roll-up (missing), the rows,
    # the upsert
    with django_assert_num_queries(7):
        poa_dashboard(poa=poa, include_pending=True)
    with CaptureQueriesContext(connection) as kept:
        poa_dashboard(poa=poa, include_pending=True)
    assert len(kept) == 5  # the periods, the tree, its weights, the stamp, the roll-up
    assert not any(ProgressEntry._meta.db_table in q["sql"] for q in kept.captured_queries)


def test_a_change_nobody_announced_makes_it_recomputed(poa, two_semesters, coalition):
    poa_dashboard(poa=poa, semester=1)
    entry = ProgressEntry.objects.get(
        report=report_of(two_semesters[0], coalition["HN"]), activity__code="1.1.1"
    )
    entry.progress = 100  # a data fix outside the services: history moves the stamp
    entry.save()
    board = poa_dashboard(poa=poa, semester=1)
    assert (
        next(n for n in board.official.root.walk() if n.code == "1.1.1").achieved == 90
    )  # (100 + 80) / 2


def _tamper(poa, **changes) -> None:
    """Make the kept roll-up recognisable: activity 1.1.1's official figures of every
    period set to a mean of 7."""
    rollup = ResultRollup.objects.get(poa=poa)
    activity_id = str(
        ProgressEntry.objects.filter(activity__code="1.1.1").values_list("activity_id", flat=True)[
            0
        ]
    )
    for key, stored in rollup.figures.items():
        if key.endswith(":0"):
            stored["f"][activity_id][0] = 7 * stored["f"][activity_id][1]
    for name, value in changes.items():
        setattr(rollup, name, value)
    rollup.save()


def _achieved(poa) -> object:
    board = poa_dashboard(poa=poa, semester=1)
    return next(n for n in board.official.root.walk() if n.code == "1.1.1").achieved


def test_a_roll_up_is_trusted_under_its_stamp_only(poa, two_semesters):
    poa_dashboard(poa=poa, semester=1)
    _tamper(poa)
    assert _achieved(poa) == 7  # kept: the rows were not read
    _tamper(poa, stamp="0.0.0")
    assert _achieved(poa) == 60


def test_a_roll_up_is_trusted_for_results_rollup_seconds_at_most(poa, two_semesters, settings):
    settings.RESULTS_ROLLUP_SECONDS = 600
    poa_dashboard(poa=poa, semester=1)
    _tamper(poa, computed_at=timezone.now() - dt.timedelta(seconds=590))
    assert _achieved(poa) == 7
    _tamper(poa, computed_at=timezone.now() - dt.timedelta(seconds=610))
    assert _achieved(poa) == 60


def test_a_roll_up_missing_a_period_is_recomputed(poa, two_semesters):
    poa_dashboard(poa=poa, semester=1)
    rollup = ResultRollup.objects.get(poa=poa)
    rollup.figures = {
        k: v for k, v in rollup.figures.items() if not k.startswith(str(two_semesters[1].pk) + ":")
    }
    rollup.save()
    assert poa_dashboard(poa=poa, semester=2).period == two_semesters[1]
    assert f"{two_semesters[1].pk}:0" in ResultRollup.objects.get(poa=poa).figures


@pytest.mark.django_db(transaction=True)
def test_each_review_refreshes_the_roll_up_once_it_commits(poa, coalition, st_user, focal_point_hn):
    """Real commits (each service is the outermost transaction): the callbacks run as in
    production."""
    period = open_period(st_user, poa)
    report = report_of(period, coalition["HN"])
    ResultRollup.objects.all().delete()
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    assert not ResultRollup.objects.exists()  # a draft's rows count nowhere
    steps = [
        lambda: submit(report, focal_point_hn),
        # a submitted report's rows, corrected: its figures count in the pending results
        lambda: fill(report, focal_point_hn, {"1.1.1": 55, "1.1.2": 50}, reason="Cifra corregida"),
        lambda: approve(report, st_user),
    ]
    for step in steps:
        ResultRollup.objects.all().delete()
        step()
        assert ResultRollup.objects.get(poa=poa).stamp == results_stamp(), step
    _tamper(poa)
    assert _achieved(poa) == 7  # the refreshed roll-up is the one read
    report.refresh_from_db()
    services.progress_report_reopen(user=st_user, report=report, reason="Revisión")
    assert ResultRollup.objects.get(poa=poa).stamp == results_stamp()
    assert _achieved(poa) == 0  # reopened: no approved figure left


def test_a_country_view_reads_its_own_rows_and_keeps_nothing(
    poa, coalition, st_user, focal_point_hn
):
    period = open_period(st_user, poa)
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 40, "1.1.2": 30}
    )
    board = poa_dashboard(poa=poa, body=coalition["HN"])
    assert next(n for n in board.official.root.walk() if n.code == "1.1.1").achieved == 40
    assert not ResultRollup.objects.exists()


def test_the_roll_up_module_loads_when_imported_before_the_selectors():
    """monitoring.rollup and monitoring.selectors read each other: whichever a process (a
    worker, a shell, a script) imports first, both load."""
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); import monitoring.rollup"],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_the_reports_figures_never_rest_on_a_kept_roll_up(poa, two_semesters):
    """The accountability report's frozen figures and their comparison with today are
    worked out from the rows (poa_dashboard's from_rows), even when a kept roll-up is
    trusted."""
    from reports.selectors import _results
    from reports.snapshot.results import _year

    poa_dashboard(poa=poa, semester=1)
    _tamper(poa)
    assert _achieved(poa) == 7
    board = poa_dashboard(poa=poa, semester=1, from_rows=True)
    assert next(n for n in board.official.root.walk() if n.code == "1.1.1").achieved == 60
    from_rows = poa_dashboard(poa=poa, from_rows=True).official.root.achieved
    kept = poa_dashboard(poa=poa).official.root.achieved
    assert kept != from_rows
    assert _results([poa.year])[0]["achieved"] == pytest.approx(float(from_rows))
    # ... and the report's frozen snapshot of the year
    assert _year(poa.year, poa)["overall"]["achieved"] == pytest.approx(float(from_rows))


@pytest.mark.django_db(transaction=True)
def test_one_refresh_per_poa_and_transaction(
    poa, coalition, st_user, focal_point_hn, focal_point_gt
):
    period = open_period(st_user, poa)
    for body, user in (("HN", focal_point_hn), ("GT", focal_point_gt)):
        fill(report_of(period, coalition[body]), user, {"1.1.1": 50, "1.1.2": 50})
        submit(report_of(period, coalition[body]), user)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        # two reviews, one commit (the callbacks run when the atomic block ends, inside the
        # capture)
        approve(report_of(period, coalition["HN"]), st_user)
        approve(report_of(period, coalition["GT"]), st_user)
    table = ResultRollup._meta.db_table
    writes = [q for q in queries.captured_queries if q["sql"].startswith(f'INSERT INTO "{table}"')]
    assert len(writes) == 1
    assert ResultRollup.objects.get(poa=poa).stamp == results_stamp()
