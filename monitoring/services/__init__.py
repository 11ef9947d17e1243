"""Writes of the monitoring app (SPEC §5; 003 §IX), by sub-domain: periods, progress (filling
a report, the Excel import), evidence, workflow (submit, review, reopen), notifications; the
row rules (rows), locks and versions (locks) and the messages people read (messages).

Every rule of the progress reports is enforced here — 0–100, no silent decrease,
justification below plan, "achieved" only at 100% (with evidence for document goals), locks,
the focal point's own body, optimistic concurrency — so the report form, the Excel import,
the admin and the API obey them alike. Callers import from here
(`from monitoring import services`); the names below are the package's public surface."""

from __future__ import annotations

from monitoring.models import ProgressEntry, ProgressReport

# The goal status a row's figures suggest is a read (monitoring.selectors.goal_status).
from monitoring.selectors.goal_status import suggest_goal_status
from monitoring.services.evidence import (
    evidence_add,
    evidence_remove,
)
from monitoring.services.locks import (
    ensure_not_locked,
    is_locked,
)
from monitoring.services.messages import (
    ACHIEVED_NEEDS_100,
    ACHIEVED_NEEDS_EVIDENCE,
    ALREADY_SUBMITTED,
    CHANGE_REASON_REQUIRED,
    COMMENT_REQUIRED,
    DUE_BEFORE_OPENING,
    EVIDENCE_FILE_OR_LINK,
    EVIDENCE_STILL_NEEDED,
    GOAL_STATUS_INVALID,
    JUSTIFICATION_REQUIRED,
    LINK_INVALID,
    NOT_SUBMITTED,
    PERIOD_ALREADY_CLOSED,
    PERIOD_EXISTS,
    PERIOD_HAS_PENDING_REVIEWS,
    PERIOD_LOCKED,
    POA_NOT_APPROVED,
    PROGRESS_DECREASE_NEEDS_REASON,
    PROGRESS_OUT_OF_RANGE,
    PROGRESS_REQUIRED,
    REASON_REQUIRED,
    REPORT_APPROVED,
    REPORT_NOT_LOCKED,
    ROW_NOT_IN_REPORT,
    ROWS_INVALID,
    STALE_VERSION,
    STATUS_OVERRIDE_NEEDS_REASON,
)
from monitoring.services.notifications import (
    due_reminders_send,
    period_opened_notify,
    report_reviewed_notify,
)
from monitoring.services.periods import (
    reporting_period_close,
    reporting_period_open,
    reporting_period_set_due,
)
from monitoring.services.progress import (
    ENTRY_FIELDS,
    progress_report_import,
    progress_report_save,
)
from monitoring.services.rows import (
    DOCUMENT_WORDS,
    ReportRowsInvalid,
    RowContext,
    RowErrors,
    RowInput,
    is_document_goal,
    plain_text,
    row_context,
    validate_row,
    validate_rows,
)
from monitoring.services.workflow import (
    progress_report_approve,
    progress_report_reopen,
    progress_report_return,
    progress_report_submit,
)

Status = ProgressReport.Status
GoalStatus = ProgressEntry.GoalStatus

__all__ = [
    "ACHIEVED_NEEDS_100",
    "ACHIEVED_NEEDS_EVIDENCE",
    "ALREADY_SUBMITTED",
    "CHANGE_REASON_REQUIRED",
    "COMMENT_REQUIRED",
    "DOCUMENT_WORDS",
    "DUE_BEFORE_OPENING",
    "ENTRY_FIELDS",
    "EVIDENCE_FILE_OR_LINK",
    "EVIDENCE_STILL_NEEDED",
    "GOAL_STATUS_INVALID",
    "GoalStatus",
    "JUSTIFICATION_REQUIRED",
    "LINK_INVALID",
    "NOT_SUBMITTED",
    "PERIOD_ALREADY_CLOSED",
    "PERIOD_EXISTS",
    "PERIOD_HAS_PENDING_REVIEWS",
    "PERIOD_LOCKED",
    "POA_NOT_APPROVED",
    "PROGRESS_DECREASE_NEEDS_REASON",
    "PROGRESS_OUT_OF_RANGE",
    "PROGRESS_REQUIRED",
    "REASON_REQUIRED",
    "REPORT_APPROVED",
    "REPORT_NOT_LOCKED",
    "ROWS_INVALID",
    "ROW_NOT_IN_REPORT",
    "ReportRowsInvalid",
    "RowContext",
    "RowErrors",
    "RowInput",
    "STALE_VERSION",
    "STATUS_OVERRIDE_NEEDS_REASON",
    "Status",
    "due_reminders_send",
    "ensure_not_locked",
    "evidence_add",
    "evidence_remove",
    "is_document_goal",
    "is_locked",
    "period_opened_notify",
    "plain_text",
    "progress_report_approve",
    "progress_report_import",
    "progress_report_reopen",
    "progress_report_return",
    "progress_report_save",
    "progress_report_submit",
    "report_reviewed_notify",
    "reporting_period_close",
    "reporting_period_open",
    "reporting_period_set_due",
    "row_context",
    "suggest_goal_status",
    "validate_row",
    "validate_rows",
]
