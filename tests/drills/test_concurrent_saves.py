"""Drill (issue #10): focal points saving progress reports at the same moment, a deadline.

Real threads, each with its own database connection, call the services at once (a barrier
releases them together). Optimistic concurrency (monitoring.services.locks._claim_version) must
let exactly one save per version through and refuse every other with the conflict error
(code stale_version): no change is silently lost, and the history holds one record per
accepted save. SQLite serialises writers on one file lock, so these drills run in the
PostgreSQL pass of CI."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from members.models import User
from members.tests.factories import UserFactory
from monitoring import services
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.tests.factories import (
    activity,
    extra_bodies,
    fill,
    open_period,
    small_poa,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency drill: needs PostgreSQL (runs in the PostgreSQL pass of CI); "
        "SQLite serialises every writer on one file lock",
    ),
]

CLIENTS = 30
ACCEPTED, REFUSED = "accepted", "refused"


def run_clients(n: int, work: Callable[[int], object]) -> list[object]:
    """Run work(0..n-1) in n threads released together; each thread opens its own
    connection and closes it at the end. Returns each result or the exception raised."""
    barrier = threading.Barrier(n, timeout=60)
    results: list[object] = [None] * n

    def target(i: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:  # reported by the test, never swallowed
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,), name=f"client-{i}") for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a client never finished (deadlock?)"
    return results


def outcome(call: Callable[[], object]) -> str:
    """ACCEPTED, or REFUSED when the service refuses with the conflict error; any other
    error propagates (and fails the drill)."""
    try:
        call()
    except ValidationError as error:
        if getattr(error, "code", None) == "stale_version":
            return REFUSED
        raise
    return ACCEPTED


def unexpected(results: list[object]) -> list[object]:
    return [r for r in results if isinstance(r, BaseException)]


@pytest.fixture
def deadline(transactional_db, coalition, st_user):
    """30 national bodies (the 9 of the coalition + 21 synthetic members) with one report
    each in semester I of the small POA, and a focal point for each body."""
    poa = small_poa()
    extra_bodies(CLIENTS - len(coalition))
    period = open_period(st_user, poa)
    reports = list(
        ProgressReport.objects.filter(period=period, is_regional=False)
        .select_related("national_body")
        .order_by("pk")
    )
    assert len(reports) == CLIENTS
    focal = {
        r.pk: UserFactory(role=User.Role.FOCAL_POINT, national_body=r.national_body)
        for r in reports
    }
    return {"poa": poa, "period": period, "reports": reports, "focal": focal}


def entry_of(report: ProgressReport, activity_id: int) -> ProgressEntry:
    return ProgressEntry.objects.get(report=report, activity_id=activity_id)


@pytest.mark.parametrize("clients_per_report", [30, 3, 1], ids=["same", "mixed", "different"])
def test_thirty_clients_saving_at_once_lose_no_update(deadline, clients_per_report, capsys):
    """Each client starts from the version it read and writes its own figures and text.
    Per report exactly one save is accepted; the others are refused as conflicts, and the
    final state is the accepted save, whole."""
    a1 = activity(deadline["poa"], "1.1.1").pk
    reports = deadline["reports"][: CLIENTS // clients_per_report]
    clients = []  # (report, user) of each client
    for i in range(CLIENTS):
        report = reports[i // clients_per_report]
        user = (
            deadline["focal"][report.pk]
            if i % clients_per_report == 0
            else UserFactory(role=User.Role.FOCAL_POINT, national_body=report.national_body)
        )
        clients.append((report, user))
    versions = {r.pk: r.version for r in reports}
    history_before = {r.pk: entry_of(r, a1).history.count() for r in reports}

    def save(i: int) -> str:
        report, user = clients[i]
        row = services.RowInput(activity_id=a1, progress=51 + i, justification=f"client-{i}")
        return outcome(
            lambda: services.progress_report_save(
                user=user, report=report, expected_version=versions[report.pk], rows=[row]
            )
        )

    results = run_clients(CLIENTS, save)
    assert not unexpected(results), unexpected(results)
    counts = Counter(results)
    lost = 0
    for report in reports:
        mine = [i for i, (r, _u) in enumerate(clients) if r.pk == report.pk]
        winners = [i for i in mine if results[i] == ACCEPTED]
        assert len(winners) == 1, f"report {report.pk}: {len(winners)} saves accepted"
        winner = winners[0]
        entry = entry_of(report, a1)
        if (entry.progress, entry.justification) != (51 + winner, f"client-{winner}"):
            lost += 1
        report.refresh_from_db()
        assert report.version == versions[report.pk] + 1
        records = entry.history.order_by("-history_id")
        assert records.count() == history_before[report.pk] + 1
        assert records[0].history_user_id == clients[winner][1].pk
        assert records[0].progress == 51 + winner
    assert lost == 0
    assert (counts[ACCEPTED], counts[REFUSED]) == (len(reports), CLIENTS - len(reports))
    with capsys.disabled():
        print(
            f"\n[drill] {CLIENTS} saves on {len(reports)} report(s): {counts[ACCEPTED]} "
            f"accepted, {counts[REFUSED]} refused (conflict), lost updates {lost}"
        )


def test_read_modify_write_retried_until_accepted_keeps_every_change(deadline, capsys):
    """The classic lost update: 30 clients each read the row, append their own tag to the
    justification and save, retrying on a conflict from what they read again. With the
    version check every tag must survive, and the history holds exactly one record per
    accepted save."""
    poa = deadline["poa"]
    a1 = activity(poa, "1.1.1").pk
    report = deadline["reports"][0]
    focal = deadline["focal"][report.pk]
    fill(report, focal, {"1.1.1": 60})
    report.refresh_from_db()
    start_version = report.version
    history_before = entry_of(report, a1).history.count()
    users = [focal] + [
        UserFactory(role=User.Role.FOCAL_POINT, national_body=report.national_body)
        for _ in range(CLIENTS - 1)
    ]

    def append(i: int) -> int:
        """Returns the number of conflicts this client met before its save went through."""
        for conflicts in range(10 * CLIENTS):
            # One statement reads the row and the version together: a consistent start.
            entry = ProgressEntry.objects.select_related("report").get(pk=entry_pk)
            row = services.RowInput.from_entry(entry)
            row.justification = f"{entry.justification} [c{i:02}]".strip()
            result = outcome(
                lambda entry=entry, row=row: services.progress_report_save(
                    user=users[i],
                    report=entry.report,
                    expected_version=entry.report.version,
                    rows=[row],
                )
            )
            if result == ACCEPTED:
                return conflicts
        raise AssertionError(f"client {i} never got its save through")

    entry_pk = entry_of(report, a1).pk
    results = run_clients(CLIENTS, append)
    assert not unexpected(results), unexpected(results)
    entry = entry_of(report, a1)
    tags = [f"[c{i:02}]" for i in range(CLIENTS)]
    lost = [t for t in tags if entry.justification.count(t) != 1]
    report.refresh_from_db()
    assert lost == []
    assert report.version == start_version + CLIENTS
    records = list(entry.history.order_by("history_id"))
    assert len(records) == history_before + CLIENTS
    # The history replays the saves one after another, each adding one tag.
    added = [
        len(r.justification.split()) - len(p.justification.split())
        for p, r in zip(records[-CLIENTS - 1 : -1], records[-CLIENTS:], strict=True)
    ]
    assert added == [1] * CLIENTS
    refused = sum(results)
    with capsys.disabled():
        print(
            f"\n[drill] {CLIENTS} clients read-modify-write one row: {CLIENTS} accepted after "
            f"{refused} conflicts refused and retried, lost updates {len(lost)}"
        )


def test_submit_racing_with_a_save(deadline, capsys):
    """On each of 30 complete reports a focal point submits while a colleague saves from
    the same version: exactly one of the two gets through. A won submission keeps the rows
    it was checked with; a won save leaves the report a draft with the new figures."""
    poa = deadline["poa"]
    a1 = activity(poa, "1.1.1").pk
    reports = deadline["reports"]
    colleague = {}
    for report in reports:
        fill(report, deadline["focal"][report.pk], {"1.1.1": 60, "1.1.2": 60})
        colleague[report.pk] = UserFactory(
            role=User.Role.FOCAL_POINT, national_body=report.national_body
        )
    before = {}
    for report in reports:
        report.refresh_from_db()
        before[report.pk] = (
            report.version,
            report.history.count(),
            entry_of(report, a1).history.count(),
        )

    def race(i: int) -> str:
        report = reports[i // 2]
        version = before[report.pk][0]
        if i % 2 == 0:
            return outcome(
                lambda: services.progress_report_submit(
                    user=deadline["focal"][report.pk], report=report, expected_version=version
                )
            )
        row = services.RowInput(activity_id=a1, progress=75)
        return outcome(
            lambda: services.progress_report_save(
                user=colleague[report.pk], report=report, expected_version=version, rows=[row]
            )
        )

    # Two threads per report: 30 reports → 60 clients, in two waves of 30.
    results: list[object] = []
    for wave in range(2):
        offset = wave * CLIENTS
        results += run_clients(CLIENTS, lambda i, offset=offset: race(offset + i))
    assert not unexpected(results), unexpected(results)
    wins = Counter()
    for n, report in enumerate(reports):
        submit_result, save_result = results[2 * n], results[2 * n + 1]
        assert sorted([submit_result, save_result]) == [ACCEPTED, REFUSED], (report.pk, results)
        version, report_history, entry_history = before[report.pk]
        report.refresh_from_db()
        entry = entry_of(report, a1)
        assert report.version == version + 1
        if submit_result == ACCEPTED:
            wins["submit"] += 1
            assert report.status == ProgressReport.Status.SUBMITTED
            assert entry.progress == 60
            assert report.history.count() == report_history + 1
            assert entry.history.count() == entry_history
        else:
            wins["save"] += 1
            assert report.status == ProgressReport.Status.DRAFT
            assert entry.progress == 75
            assert report.history.count() == report_history
            assert entry.history.count() == entry_history + 1
    assert wins["submit"] + wins["save"] == len(reports)
    with capsys.disabled():
        print(
            f"\n[drill] submit vs save on {len(reports)} reports: submit won {wins['submit']}, "
            f"save won {wins['save']}; each race 1 accepted, 1 refused (conflict), "
            "lost updates 0"
        )
