"""The workflow of a progress report (SPEC §5): draft → submitted → returned with comments
or approved by ST, and ST's audited reopening of a locked report (SPEC §1)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.publish import publish
from members.models import User
from members.permissions import ensure_secretariat
from monitoring.models import ProgressReport
from monitoring.services.locks import (
    _claim_version,
    _load,
    _load_for_edit,
    _save_report,
    ensure_not_locked,
)
from monitoring.services.messages import (
    ALREADY_SUBMITTED,
    COMMENT_REQUIRED,
    NOT_SUBMITTED,
    REASON_REQUIRED,
    REPORT_NOT_LOCKED,
)
from monitoring.services.rows import ReportRowsInvalid, RowInput, row_context, validate_rows

Status = ProgressReport.Status


@transaction.atomic
def progress_report_submit(
    *, user: User, report: ProgressReport, expected_version: int
) -> ProgressReport:
    """draft/returned → submitted (SPEC §5). Every row must be complete and pass the rules
    again (the previous period may have changed since the rows were saved)."""
    report = _load_for_edit(user, report)
    if report.status == Status.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED, code="already_submitted")
    _claim_version(report, expected_version)
    context = row_context(report=report)
    rows = [RowInput.from_entry(e) for e in context.entries.values()]
    errors = validate_rows(context=context, rows=rows, complete=True)
    if errors:
        raise ReportRowsInvalid(errors)
    now = timezone.now()
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    report.first_submitted_at = report.first_submitted_at or now
    report.report_date = timezone.localdate(now)
    _save_report(
        report,
        user,
        ["status", "submitted_at", "submitted_by", "first_submitted_at", "report_date"],
    )
    return report


def _ensure_reviewable(user: User, report: ProgressReport) -> ProgressReport:
    ensure_secretariat(user)
    report = _load(report)
    ensure_not_locked(report)
    if report.status != Status.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED, code="not_submitted")
    return report


@transaction.atomic
def progress_report_return(
    *, user: User, report: ProgressReport, expected_version: int, comment: str
) -> ProgressReport:
    """ST sends a submitted report back with comments; it is editable again (SPEC §5)."""
    from monitoring.tasks import notify_report_reviewed

    report = _ensure_reviewable(user, report)
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED, code="comment_required")
    _claim_version(report, expected_version)
    report.status = Status.RETURNED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    _save_report(report, user, ["status", "review_comment", "reviewed_at", "reviewed_by"])
    transaction.on_commit(lambda: publish(notify_report_reviewed, report.pk))
    return report


@transaction.atomic
def progress_report_approve(
    *, user: User, report: ProgressReport, expected_version: int, comment: str = ""
) -> ProgressReport:
    """ST approves: from now on the report's figures count in the official results and
    the report is locked again (a reopening ends here)."""
    from monitoring.tasks import notify_report_reviewed

    report = _ensure_reviewable(user, report)
    _claim_version(report, expected_version)
    report.status = Status.APPROVED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.reopened = False
    _save_report(
        report, user, ["status", "review_comment", "reviewed_at", "reviewed_by", "reopened"]
    )
    transaction.on_commit(lambda: publish(notify_report_reviewed, report.pk))
    return report


@transaction.atomic
def progress_report_reopen(*, user: User, report: ProgressReport, reason: str) -> ProgressReport:
    """The lock exception (SPEC §1, §5): ST reopens one approved report, or one report of a
    closed period, with a written reason kept in its history. The report goes back to its
    focal point as returned, with the reason as comment."""
    from monitoring.tasks import notify_report_reviewed

    ensure_secretariat(user)
    report = _load(report)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    if report.status != Status.APPROVED and not report.period.is_closed:
        raise ValidationError(REPORT_NOT_LOCKED, code="report_not_locked")
    if report.reopened and report.status != Status.APPROVED:
        raise ValidationError(REPORT_NOT_LOCKED, code="report_not_locked")
    _claim_version(report, None)
    report.status = Status.RETURNED
    report.reopened = True
    report.reopened_reason = reason.strip()
    report.reopened_at = timezone.now()
    report.review_comment = reason.strip()
    _save_report(
        report,
        user,
        ["status", "reopened", "reopened_reason", "reopened_at", "review_comment"],
        reason=reason.strip(),
    )
    transaction.on_commit(lambda: publish(notify_report_reviewed, report.pk))
    return report
