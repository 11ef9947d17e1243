"""Filling a progress report (SPEC §5): the rows saved through the form, the API or the
Excel round trip, every rule checked by validate_row and nothing half-saved."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from members.models import User
from monitoring.models import Evidence, ProgressEntry, ProgressReport
from monitoring.selectors import goal_status_of
from monitoring.services.locks import _claim_version, _load_for_edit, refresh_results_on_commit
from monitoring.services.messages import CHANGE_REASON_REQUIRED, STALE_VERSION
from monitoring.services.rows import ReportRowsInvalid, RowInput, row_context, validate_rows

ENTRY_FIELDS = (
    "progress",
    "goal_status",
    "status_override_reason",
    "justification",
    "decrease_reason",
)


@transaction.atomic
def progress_report_save(
    *,
    user: User,
    report: ProgressReport,
    expected_version: int,
    rows: Sequence[RowInput],
    change_reason: str = "",
) -> ProgressReport:
    """Save rows of a report (the form, the Excel import and the API all come here).

    Refused as a whole when: the user is not the report's author (focal point of the body,
    or ST for the regional report); the report is approved or its period closed (unless
    reopened); somebody saved since `expected_version` (code stale_version); any row breaks
    a rule (ReportRowsInvalid, per row and field); or the report was already submitted and
    no `change_reason` is given. Each changed row gets a history record with the user and
    the reason (who, when, old → new)."""
    report = _load_for_edit(user, report)
    _claim_version(report, expected_version)
    context = row_context(report=report, activity_ids=[row.activity_id for row in rows])
    errors = validate_rows(context=context, rows=rows)
    if errors:
        raise ReportRowsInvalid(errors)
    semester = report.period.semester
    reason = change_reason.strip()
    changed: list[tuple[ProgressEntry, list[str]]] = []
    new_links: list[tuple[ProgressEntry, str]] = []
    for row in rows:
        entry = context.entries[row.activity_id]
        planned = entry.activity.planned_cumulative(semester)
        values = {
            "progress": row.progress,
            # Nobody chose a status: the suggestion is stored (selectors.goal_status).
            "goal_status": goal_status_of(
                chosen=row.goal_status, progress=row.progress, planned=planned
            ).status,
            "status_override_reason": row.status_override_reason.strip(),
            "justification": row.justification.strip(),
            "decrease_reason": row.decrease_reason.strip(),
        }
        fields = [name for name in ENTRY_FIELDS if getattr(entry, name) != values[name]]
        for name in fields:
            setattr(entry, name, values[name])
        if fields:
            changed.append((entry, fields))
        new_links += [(entry, link) for link in row.links]
    if (changed or new_links) and report.was_submitted and not reason:
        raise ValidationError(CHANGE_REASON_REQUIRED, code="change_reason_required")
    if changed:
        # One UPDATE and one history INSERT for the whole report, not two statements a row
        # (a 160-row report at a deadline: issue #10). Uniqueness and the 0–100 check are
        # not re-queried per row, nor the existence of the report and the activity (a
        # query each): they never change here, validate_row checked the range and the
        # database enforces the constraints.
        for entry, _fields in changed:
            entry.full_clean(
                exclude=["report", "activity"], validate_unique=False, validate_constraints=False
            )
            entry._history_user = user
            entry._change_reason = reason or None
        bulk_update_with_history(
            [entry for entry, _fields in changed],
            ProgressEntry,
            sorted({name for _entry, fields in changed for name in fields}),
            default_user=user,
            default_change_reason=reason or None,
        )
    for entry, link in new_links:
        evidence = Evidence(entry=entry, url=link, uploaded_by=user)
        evidence.full_clean()
        evidence._history_user = user
        evidence._change_reason = reason or None
        evidence.save()
    if changed and report.status == ProgressReport.Status.SUBMITTED:
        refresh_results_on_commit(report)  # its figures count in the pending results
    return report


@transaction.atomic
def progress_report_import(
    *, user: User, report: ProgressReport, upload: UploadedFile, change_reason: str = ""
) -> ProgressReport:
    """A focal point uploads the pre-filled workbook they downloaded and filled offline
    (SPEC §5). Every row goes through the same rules as the form (validate_row); errors are
    reported per row and cell ("Row 9, column H: ..."), and nothing is saved unless the
    whole file is valid. The version written in the file is the optimistic-concurrency
    token: a file downloaded before somebody else's save is refused."""
    from monitoring import excel

    report = _load_for_edit(user, report)
    parsed = excel.read_report_workbook(upload, report=report)
    if parsed.version != report.version:
        # Checked first: the rows of a file made before somebody else's save mean nothing.
        raise ValidationError(
            STALE_VERSION,
            code="stale_version",
            params={"current": report.version, "expected": parsed.version},
        )
    errors = list(parsed.errors)
    if parsed.rows:
        rule_errors = validate_rows(context=row_context(report=report), rows=parsed.rows)
        errors += excel.cell_errors(rule_errors, parsed.row_numbers)
    if errors:
        raise excel.ImportRejected(errors)
    return progress_report_save(
        user=user,
        report=report,
        expected_version=parsed.version,
        rows=parsed.rows,
        change_reason=change_reason,
    )
