"""Pages of the monitoring app (SPEC §5). Views translate HTTP into service and selector calls
and back; the rules live in monitoring.services, monitoring.selectors and
monitoring.permissions. monitoring/urls.py routes to the names below."""

from __future__ import annotations

from monitoring.views.dashboard import DASHBOARD_PARAMS, MATRIX_PAGE_SIZE, dashboard, matrix_export
from monitoring.views.evidence import evidence_add, evidence_download, evidence_remove
from monitoring.views.periods import inbox, period_close, period_detail, period_due, period_list
from monitoring.views.reports import (
    report_detail,
    report_edit,
    report_export,
    report_history,
    report_import,
    report_reopen,
    report_review,
    report_submit,
)

__all__ = [
    "DASHBOARD_PARAMS",
    "MATRIX_PAGE_SIZE",
    "dashboard",
    "evidence_add",
    "evidence_download",
    "evidence_remove",
    "inbox",
    "matrix_export",
    "period_close",
    "period_detail",
    "period_due",
    "period_list",
    "report_detail",
    "report_edit",
    "report_export",
    "report_history",
    "report_import",
    "report_reopen",
    "report_review",
    "report_submit",
]
