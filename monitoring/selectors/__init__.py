"""Reads of the monitoring app (SPEC §5, 003 §IX), by sub-domain:

- results: the weighted results of a POA (the one computation behind pages, exports, API, PDF);
- dashboard: which POA a dashboard shows by default, and what it shows of it;
- timeliness: who reported on time; matrix: the country × activity matrix;
- reports: periods, the reports a person may read, the review inbox, one report;
- goal_status: the goal status a row's figures suggest, and whether a row departs from it;
- history: every change of a report; home: monitoring's part of the home page.

Every read runs a fixed number of queries whatever the number of countries, activities or
reports. Callers import from here (`from monitoring import selectors`); the names below are
the package's public surface."""

from __future__ import annotations

from monitoring.selectors import publication as publication
from monitoring.selectors.dashboard import (
    CountryResult,
    PoaDashboard,
    SemesterPoint,
    country_results,
    dashboard_default_poa,
    dashboard_poas,
    poa_dashboard,
)
from monitoring.selectors.goal_status import (
    GoalStatusReading,
    entry_goal_status,
    goal_status_of,
    suggest_goal_status,
)
from monitoring.selectors.history import (
    ENTRY_HISTORY_FIELDS,
    REPORT_HISTORY_FIELDS,
    Change,
    report_history,
)
from monitoring.selectors.home import home_tasks
from monitoring.selectors.matrix import MatrixCell, MatrixRow, ProgressMatrix, progress_matrix
from monitoring.selectors.reports import (
    FormPart,
    Inbox,
    Justification,
    period_detail,
    period_justifications,
    period_list,
    period_reports,
    previous_progress,
    report_detail,
    report_form_parts,
    report_header,
    report_row_axes,
    reports_for_body,
    reports_visible_to,
    review_inbox,
)
from monitoring.selectors.results import (
    HUNDRED,
    ZERO,
    PoaResults,
    PoaTree,
    ReportStatus,
    Result,
    ResultStatus,
    compliance_of,
    counted_statuses,
    coverage_is_partial,
    figures_and_coverage,
    latest_period,
    poa_results,
    poa_tree,
    progress_rows,
    results_stamp,
    status_of,
)
from monitoring.selectors.timeliness import (
    PeriodTimeliness,
    Timeliness,
    TimelinessRow,
    period_rates,
    period_timeliness,
)

__all__ = [
    "ENTRY_HISTORY_FIELDS",
    "HUNDRED",
    "REPORT_HISTORY_FIELDS",
    "ZERO",
    "Change",
    "CountryResult",
    "FormPart",
    "GoalStatusReading",
    "Inbox",
    "Justification",
    "MatrixCell",
    "MatrixRow",
    "PeriodTimeliness",
    "PoaDashboard",
    "PoaResults",
    "PoaTree",
    "ProgressMatrix",
    "ReportStatus",
    "Result",
    "ResultStatus",
    "SemesterPoint",
    "Timeliness",
    "TimelinessRow",
    "figures_and_coverage",
    "progress_rows",
    "compliance_of",
    "counted_statuses",
    "coverage_is_partial",
    "country_results",
    "dashboard_default_poa",
    "dashboard_poas",
    "entry_goal_status",
    "goal_status_of",
    "home_tasks",
    "latest_period",
    "period_detail",
    "period_justifications",
    "period_list",
    "period_rates",
    "period_reports",
    "period_timeliness",
    "poa_dashboard",
    "poa_results",
    "poa_tree",
    "previous_progress",
    "progress_matrix",
    "report_detail",
    "report_form_parts",
    "report_header",
    "report_row_axes",
    "report_history",
    "reports_for_body",
    "reports_visible_to",
    "results_stamp",
    "review_inbox",
    "status_of",
    "suggest_goal_status",
]
