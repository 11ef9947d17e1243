"""Presentation helpers of the monitoring pages: percentages and status colours. Colour is
never the only cue: every coloured element also carries its status as text."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from monitoring.models import ProgressReport
from monitoring.selectors import ResultStatus, Timeliness

register = template.Library()

BADGE = {
    ResultStatus.ON_TRACK: "text-bg-success",
    ResultStatus.AT_RISK: "text-bg-warning",
    ResultStatus.DELAYED: "text-bg-danger",
}
CELL = {
    ResultStatus.ON_TRACK: "table-success",
    ResultStatus.AT_RISK: "table-warning",
    ResultStatus.DELAYED: "table-danger",
}
BAR = {
    ResultStatus.ON_TRACK: "bg-success",
    ResultStatus.AT_RISK: "bg-warning",
    ResultStatus.DELAYED: "bg-danger",
}
REPORT_BADGE = {
    ProgressReport.Status.DRAFT: "text-bg-secondary",
    ProgressReport.Status.SUBMITTED: "text-bg-info",
    ProgressReport.Status.RETURNED: "text-bg-warning",
    ProgressReport.Status.APPROVED: "text-bg-success",
}
TIMELINESS_BADGE = {
    Timeliness.ON_TIME: "text-bg-success",
    Timeliness.LATE: "text-bg-warning",
    Timeliness.NOT_SUBMITTED: "text-bg-danger",
    Timeliness.NOT_YET_DUE: "text-bg-light border",
}


@register.filter
def pct(value: Decimal | int | float | None, digits: int = 1) -> str:
    """85.0 % in the reader's locale (a no-break space keeps the sign with its number);
    "—" when there is no value."""
    if value is None or value == "":
        return "—"
    return f"{number_format(round(Decimal(value), digits), digits)}\u00a0%"


@register.filter
def bar_width(value: Decimal | int | None) -> str:
    """A CSS width between 0 and 100, with a dot decimal separator whatever the locale."""
    if value is None:
        return "0"
    return f"{max(0, min(100, float(value))):.1f}"


@register.filter
def status_badge(status: str) -> str:
    return BADGE.get(status, "text-bg-light border")


@register.filter
def status_cell(status: str) -> str:
    return CELL.get(status, "")


@register.filter
def status_bar(status: str) -> str:
    return BAR.get(status, "bg-secondary")


MARK = {ResultStatus.ON_TRACK: "✓", ResultStatus.AT_RISK: "!", ResultStatus.DELAYED: "✗"}


@register.filter
def status_mark(status: str) -> str:
    """A symbol beside the colour (colour is never the only cue); hidden from screen
    readers, which read status_label."""
    return MARK.get(status, "")


@register.filter
def status_label(status: str) -> str:
    return str(ResultStatus.LABELS.get(status, ""))


@register.filter
def report_badge(status: str) -> str:
    return REPORT_BADGE.get(status, "text-bg-light border")


@register.filter
def timeliness_badge(state: str) -> str:
    return TIMELINESS_BADGE.get(state, "text-bg-light border")
