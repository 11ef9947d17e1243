"""Presentation helpers of the monitoring pages: percentages and status colours. Colour is
never the only cue: every coloured element also carries its status as text."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from monitoring.models import ProgressReport
from monitoring.selectors import ResultStatus, Timeliness

register = template.Library()

# The Bootstrap colour of each result status, for its badge, table cell and progress bar.
COLOUR = {
    ResultStatus.ON_TRACK: "success",
    ResultStatus.AT_RISK: "warning",
    ResultStatus.DELAYED: "danger",
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


def _coloured(css: str, default: str):
    """A filter giving a status's CSS class: `css` with the status's colour, or `default`
    for no status (no data)."""

    def status_class(status: str) -> str:
        colour = COLOUR.get(status)
        return css % colour if colour else default

    return status_class


status_badge = register.filter("status_badge", _coloured("text-bg-%s", "text-bg-light border"))
status_cell = register.filter("status_cell", _coloured("table-%s", ""))
status_bar = register.filter("status_bar", _coloured("bg-%s", "bg-secondary"))


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
