"""Drill (issue #10): a crash in the middle of an Excel import or of a minutes approval
leaves nothing half-written.

The crash is a real database fault: a trigger created by the test makes the database
refuse one chosen write (the Nth row of the import, the history record of the approval...)
after others of the same operation have already been written. Afterwards every table, the
versions, the history and the media files must be exactly as before; once the fault is
removed the same operation goes through, so the crash did happen in the middle of real work.
Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from common.tabular import XLSX_TYPE
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting, Minutes
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from members.models import Designation
from members.tests.factories import DesignationFactory
from monitoring import excel, selectors
from monitoring import services as monitoring_services
from monitoring.models import Evidence, ProgressEntry, ProgressReport
from monitoring.tests.factories import open_period, synthetic_poa

FAULT = "drill: injected fault"
ROWS = 16  # rows of a national body's report in the synthetic POA (20 activities, 1/5 regional)
LINK_ROWS = (3, 9, 15)  # rows whose workbook line adds an evidence link


# --- The fault ----------------------------------------------------------------------------


@contextmanager
def db_fault(model, event: str, condition: str) -> Iterator[None]:
    """A trigger that makes the database refuse `event` (INSERT/UPDATE) on `model`'s table
    for the rows matching `condition` (SQL over NEW.<column>), for the duration."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION drill_fault() RETURNS trigger LANGUAGE plpgsql "
                f"AS $$ BEGIN RAISE EXCEPTION '{FAULT}'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER drill_fault BEFORE {event} ON {table} FOR EACH ROW "
                f"WHEN ({condition}) EXECUTE FUNCTION drill_fault()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER drill_fault BEFORE {event} ON {table} FOR EACH ROW "
                f"WHEN {condition} BEGIN SELECT RAISE(ABORT, '{FAULT}'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS drill_fault ON {table}")
                cursor.execute("DROP FUNCTION IF EXISTS drill_fault()")
            else:
                cursor.execute("DROP TRIGGER IF EXISTS drill_fault")


def snapshot() -> dict:
    """Every row of every table of the project (history and m2m tables included), and the
    media files with their sizes."""
    rows = {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    root = Path(settings.MEDIA_ROOT)
    files = sorted(
        (p.relative_to(root).as_posix(), p.stat().st_size) for p in root.rglob("*") if p.is_file()
    )
    return {"rows": rows, "files": files}


def assert_unchanged(before: dict) -> None:
    after = snapshot()
    changed = [label for label in before["rows"] if before["rows"][label] != after["rows"][label]]
    assert changed == [], f"half-written tables: {changed}"
    assert after["files"] == before["files"], "media files changed"


def history(model):
    return model.history.model


# --- Excel import -------------------------------------------------------------------------


@pytest.fixture
def import_case(transactional_db, coalition, st_user, focal_point_hn):
    """Honduras' report (16 rows) of a synthetic POA, and a filled workbook: row k gets
    50 + k % (nothing below plan, no reason needed), three rows add an evidence link."""
    poa = synthetic_poa(2019, operational=4, activities=20)
    period = open_period(st_user, poa)
    report = ProgressReport.objects.get(period=period, national_body=coalition["HN"])
    wb = load_workbook(BytesIO(excel.report_workbook(selectors.report_detail(pk=report.pk))))
    ws = wb[excel.SHEET]
    for k in range(ROWS):
        n = excel.FIRST_ROW + k
        ws[f"{excel.COLUMNS['progress']}{n}"] = 50 + k
        if k in LINK_ROWS:
            ws[f"{excel.COLUMNS['links']}{n}"] = f"https://example.org/evidence/{k}"
    assert ws[f"A{excel.FIRST_ROW + ROWS - 1}"].value and not ws[f"A{excel.FIRST_ROW + ROWS}"].value
    buffer = BytesIO()
    wb.save(buffer)
    return {"report": report, "user": focal_point_hn, "xlsx": buffer.getvalue()}


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("informe.xlsx", content, XLSX_TYPE)


# Where the import is made to crash: (model, event, condition, what it is).
IMPORT_FAULTS = {
    "1st-row": (ProgressEntry, "UPDATE", "NEW.progress = 50"),
    "8th-row": (ProgressEntry, "UPDATE", "NEW.progress = 57"),
    "16th-row": (ProgressEntry, "UPDATE", "NEW.progress = 65"),
    "8th-row-history": (history(ProgressEntry), "INSERT", "NEW.progress = 57"),
    "last-evidence": (Evidence, "INSERT", "NEW.url = 'https://example.org/evidence/15'"),
    "last-evidence-history": (
        history(Evidence),
        "INSERT",
        "NEW.url = 'https://example.org/evidence/15'",
    ),
}


def test_the_import_writes_what_the_faults_interrupt(import_case):
    """Control: without a fault the workbook imports, and it writes every row, its history
    and the links; so each fault below interrupts real work."""
    report = import_case["report"]
    before = {
        "version": report.version,
        "entry_history": history(ProgressEntry).objects.filter(report_id=report.pk).count(),
    }
    monitoring_services.progress_report_import(
        user=import_case["user"], report=report, upload=upload(import_case["xlsx"])
    )
    report.refresh_from_db()
    assert report.version == before["version"] + 1
    progress = sorted(report.entries.values_list("progress", flat=True))
    assert progress == list(range(50, 50 + ROWS))
    assert (
        history(ProgressEntry).objects.filter(report_id=report.pk).count()
        == before["entry_history"] + ROWS
    )
    assert Evidence.objects.filter(entry__report=report).count() == len(LINK_ROWS)


@pytest.mark.parametrize("where", list(IMPORT_FAULTS))
def test_a_crash_in_the_middle_of_an_import_leaves_nothing_half_written(import_case, where):
    report, user = import_case["report"], import_case["user"]
    model, event, condition = IMPORT_FAULTS[where]
    before = snapshot()
    with db_fault(model, event, condition):
        with pytest.raises(DatabaseError, match=FAULT):
            monitoring_services.progress_report_import(
                user=user, report=report, upload=upload(import_case["xlsx"])
            )
        assert_unchanged(before)
    # The version was given back: the same file (made from that version) now imports.
    report.refresh_from_db()
    monitoring_services.progress_report_import(
        user=user, report=report, upload=upload(import_case["xlsx"])
    )
    assert sorted(report.entries.values_list("progress", flat=True)) == list(range(50, 50 + ROWS))


def test_a_crash_during_an_import_through_the_page_rolls_the_request_back(import_case):
    """Through the web form: the request fails (a database fault is a server error) and the
    database and the media are as before."""
    report, user = import_case["report"], import_case["user"]
    client = Client(raise_request_exception=False)
    client.force_login(user)
    before = snapshot()
    url = reverse("monitoring:report-import", args=[report.pk])
    with db_fault(ProgressEntry, "UPDATE", "NEW.progress = 57"):
        response = client.post(url, {"file": upload(import_case["xlsx"])})
        assert response.status_code == 500
        after = snapshot()
    # Logging in wrote the session and the last login: compare the rest.
    for label in ("sessions.Session", "members.User", "members.HistoricalUser"):
        before["rows"].pop(label, None), after["rows"].pop(label, None)
    assert {k: v for k, v in after["rows"].items() if k in before["rows"]} == before["rows"]
    assert after["files"] == before["files"]


# --- Minutes approval ---------------------------------------------------------------------


@pytest.fixture
def minutes_case(transactional_db, coalition, st_user, presidency_user):
    """Minutes of a meeting, circulated; the next meeting in session with quorum (5 of 9
    member countries) and its item for reading and approving those minutes."""
    first = MeetingFactory(status=Meeting.Status.IN_SESSION)
    minutes = meeting_services.minutes_generate(
        user=st_user, meeting=first, narrative="Acta de la reunión."
    )
    meeting_services.minutes_circulate(user=st_user, minutes=minutes)
    nxt = MeetingFactory(
        status=Meeting.Status.IN_SESSION,
        starts_at=first.starts_at + dt.timedelta(days=120),
    )
    item = AgendaItemFactory(
        meeting=nxt, order=3, standard=AgendaItem.Standard.MINUTES, minutes_of=first
    )
    for iso in sorted(coalition)[:5]:
        designation = DesignationFactory(
            national_body=coalition[iso], role=Designation.Role.TITULAR
        )
        meeting_services.attendance_record(
            user=st_user, meeting=nxt, person=designation.person, capacity="titular"
        )
    minutes.refresh_from_db()
    return {"minutes": minutes, "item": item, "first": first}


MINUTES_FAULTS = {
    # approval: the minutes row, then its history record
    "approve-row": ("approve", Minutes, "UPDATE", "NEW.state = 'approved'"),
    "approve-history": ("approve", history(Minutes), "INSERT", "NEW.state = 'approved'"),
    # reopening an approved record: the history record after the row
    "reopen-history": ("reopen", history(Minutes), "INSERT", "NEW.reopen_reason = 'Errata'"),
    # regenerating a draft: the history record after the row
    "regenerate-history": ("regenerate", history(Minutes), "INSERT", "NEW.narrative = 'v2'"),
}


def _minutes_step(step: str, case: dict, st_user, presidency_user):
    minutes = case["minutes"]
    if step == "approve":
        return lambda: meeting_services.minutes_approve(
            user=presidency_user, minutes=minutes, agenda_item=case["item"]
        )
    if step == "reopen":
        return lambda: meeting_services.minutes_reopen(
            user=st_user, minutes=minutes, reason="Errata"
        )
    return lambda: meeting_services.minutes_generate(
        user=st_user, meeting=case["first"], narrative="v2"
    )


@pytest.mark.parametrize("where", list(MINUTES_FAULTS))
def test_a_crash_in_the_middle_of_a_minutes_step_leaves_nothing_half_written(
    minutes_case, where, st_user, presidency_user
):
    step, model, event, condition = MINUTES_FAULTS[where]
    minutes = minutes_case["minutes"]
    if step == "reopen":
        _minutes_step("approve", minutes_case, st_user, presidency_user)()
    if step == "regenerate":
        Minutes.objects.filter(pk=minutes.pk).update(state=Minutes.State.DRAFT)
    minutes.refresh_from_db()
    history_before = minutes.history.count()
    before = snapshot()
    run = _minutes_step(step, minutes_case, st_user, presidency_user)
    with db_fault(model, event, condition):
        with pytest.raises(DatabaseError, match=FAULT):
            run()
        assert_unchanged(before)
    # Without the fault the same step goes through and leaves one more history record.
    run()
    minutes.refresh_from_db()
    assert minutes.history.count() == history_before + 1
    expected_state = {
        "approve": Minutes.State.APPROVED,
        "reopen": Minutes.State.DRAFT,
        "regenerate": Minutes.State.DRAFT,
    }[step]
    assert minutes.state == expected_state


# --- Evidence upload (a file and a row) ----------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_crash_while_attaching_evidence_leaves_no_file_behind(import_case):
    """The file is written to storage before the row is inserted: a crash on the insert
    must not leave an orphan file in the media."""
    report, user = import_case["report"], import_case["user"]
    entry = report.entries.order_by("pk").first()
    before = snapshot()
    with db_fault(history(Evidence), "INSERT", "NEW.description = 'Acta firmada'"):
        with pytest.raises(DatabaseError, match=FAULT):
            monitoring_services.evidence_add(
                user=user,
                entry=entry,
                file=SimpleUploadedFile("acta.pdf", PDF, "application/pdf"),
                description="Acta firmada",
            )
        assert_unchanged(before)
