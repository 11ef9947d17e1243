"""Timeliness of the national bodies' reports (SPEC §5; DHIS2's reporting rate and reporting
rate on time): per period, who reported on time, late or not at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import ProgressReport, ReportingPeriod
from monitoring.selectors.reports import period_list
from monitoring.selectors.results import HUNDRED


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    NOT_SUBMITTED = "not_submitted"
    NOT_YET_DUE = "not_yet_due"
    LABELS = {
        ON_TIME: _("On time"),
        LATE: _("Late"),
        NOT_SUBMITTED: _("Not submitted"),
        NOT_YET_DUE: _("Not submitted yet (not due)"),
    }


@dataclass
class TimelinessRow:
    report: ProgressReport
    state: str
    days_late: int | None = None

    @property
    def label(self) -> str:
        return Timeliness.LABELS[self.state]


@dataclass
class PeriodTimeliness:
    period: ReportingPeriod
    rows: list[TimelinessRow]

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return self.count(Timeliness.ON_TIME) + self.count(Timeliness.LATE)

    @property
    def reporting_rate(self) -> Decimal | None:
        """Reports submitted ÷ reports expected, in percent (DHIS2's reporting rate)."""
        return Decimal(self.submitted) * HUNDRED / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return (
            Decimal(self.count(Timeliness.ON_TIME)) * HUNDRED / self.expected
            if self.expected
            else None
        )


def period_timeliness(*, period: ReportingPeriod, today: dt.date | None = None) -> PeriodTimeliness:
    """Per national body, whether its report came on time (first submission on or before the
    due date, local time), late, or not at all — like DHIS2's reporting rate and reporting
    rate on time. A later resubmission after a return does not change the timeliness. One
    query."""
    today = today or timezone.localdate()
    reports = (
        period.reports.filter(is_regional=False)
        .select_related("national_body__country")
        .order_by("national_body__country__name_es")
    )
    rows = []
    for report in reports:
        if report.first_submitted_at:
            day = timezone.localdate(report.first_submitted_at)
            late = (day - period.due_on).days
            state = Timeliness.ON_TIME if late <= 0 else Timeliness.LATE
            rows.append(TimelinessRow(report, state, max(late, 0)))
        elif period.is_closed or today > period.due_on:
            rows.append(TimelinessRow(report, Timeliness.NOT_SUBMITTED))
        else:
            rows.append(TimelinessRow(report, Timeliness.NOT_YET_DUE))
    return PeriodTimeliness(period, rows)


def period_rates() -> QuerySet[ReportingPeriod]:
    """period_list with the timeliness counts of the national bodies' reports (first
    submission on or before the due date, local time — as period_timeliness decides), in the
    same single query (/api/v1/reporting-periods/)."""
    national = Q(reports__is_regional=False)
    return period_list().annotate(
        n_reports=Count("reports", filter=national),
        n_submitted=Count(
            "reports", filter=national & Q(reports__first_submitted_at__isnull=False)
        ),
        n_on_time=Count(
            "reports",
            filter=national & Q(reports__first_submitted_at__date__lte=F("due_on")),
        ),
    )
