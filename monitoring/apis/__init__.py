"""/api/v1/ endpoints of monitoring (SPEC §5, §7; issue #8), by resource:

- progress: `progress/`, the weighted results of a POA (monitoring.selectors.poa_results);
- periods: `reporting-periods/`, the POA semesters with their reporting and on-time rates;
- reports: `progress-reports/`, the reports themselves, written through monitoring.services.

coalicion/api_router.py registers the viewsets and the schema settings name LEVELS and
COMPLIANCE_STATUSES from here; the names below are the package's public surface."""

from __future__ import annotations

from monitoring.apis.periods import (
    TIMELINESS_STATES,
    ReportingPeriodFilter,
    ReportingPeriodSerializer,
    ReportingPeriodViewSet,
    TimelinessRowSerializer,
    TimelinessSerializer,
)
from monitoring.apis.progress import (
    COMPLIANCE_STATUSES,
    LEVELS,
    NO_PERIOD,
    NO_POA,
    PENDING_FOR_MEMBERS,
    UNKNOWN_COUNTRY,
    ProgressQuerySerializer,
    ProgressRowSerializer,
    ProgressViewSet,
    percent_field,
)
from monitoring.apis.reports import (
    DUPLICATE_ACTIVITY,
    ETAG_KIND,
    IF_MATCH,
    MEMBERS_ONLY,
    WRITE_RESPONSES,
    CoalitionMembersOnly,
    EntriesWriteSerializer,
    EntrySerializer,
    EntryWriteSerializer,
    EvidenceSerializer,
    ProgressReportDetailSerializer,
    ProgressReportFilter,
    ProgressReportSerializer,
    ProgressReportViewSet,
    RowFieldsSerializer,
    RowWriteSerializer,
    SubmitSerializer,
)

__all__ = [
    "COMPLIANCE_STATUSES",
    "CoalitionMembersOnly",
    "DUPLICATE_ACTIVITY",
    "ETAG_KIND",
    "EntriesWriteSerializer",
    "EntrySerializer",
    "EntryWriteSerializer",
    "EvidenceSerializer",
    "IF_MATCH",
    "LEVELS",
    "MEMBERS_ONLY",
    "NO_PERIOD",
    "NO_POA",
    "PENDING_FOR_MEMBERS",
    "ProgressQuerySerializer",
    "ProgressReportDetailSerializer",
    "ProgressReportFilter",
    "ProgressReportSerializer",
    "ProgressReportViewSet",
    "ProgressRowSerializer",
    "ProgressViewSet",
    "ReportingPeriodFilter",
    "ReportingPeriodSerializer",
    "ReportingPeriodViewSet",
    "RowFieldsSerializer",
    "RowWriteSerializer",
    "SubmitSerializer",
    "TIMELINESS_STATES",
    "TimelinessRowSerializer",
    "TimelinessSerializer",
    "UNKNOWN_COUNTRY",
    "WRITE_RESPONSES",
    "percent_field",
]
