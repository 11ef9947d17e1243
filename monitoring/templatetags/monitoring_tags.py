"""Presentation helpers of the monitoring pages: percentages and status colours. Colour is
never the only cue: every coloured element also carries its status as text."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from monitoring.models import ProgressEntry, ProgressReport
from monitoring.selectors import MatrixCell, MatrixRow, ResultStatus, Timeliness

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


def _matrix_words() -> dict[str, SafeString]:
    """The words of the country × activity matrix's cells, translated once a page."""
    words = {
        "not_concerned": escape(_("not concerned")),
        "not_approved": escape(_("not approved yet")),
    }
    for status, label in ResultStatus.LABELS.items():
        words[f"status:{status}"] = escape(str(label))
    for value, label in ProgressEntry.GoalStatus.choices:
        words[f"goal:{value}"] = escape(str(label))
    return words


def _matrix_cell(cell: MatrixCell, words: dict[str, SafeString]) -> str:
    if not cell.concerned:
        return f'<td class="text-body-tertiary" title="{words["not_concerned"]}">·</td>'
    if not cell.counted:
        not_approved = words["not_approved"]
        return (
            f'<td title="{not_approved}">…<span class="visually-hidden"> {not_approved}</span></td>'
        )
    label = words.get(f"status:{cell.status}", "")
    goal = f" · {words[f'goal:{cell.goal_status}']}" if cell.goal_status else ""
    return (
        f'<td class="{status_cell(cell.status)}" title="{label}{goal}">{escape(cell.progress)}'
        f'<span aria-hidden="true"> {MARK.get(cell.status, "")}</span>'
        f'<span class="visually-hidden"> {label}</span></td>'
    )


@register.simple_tag(takes_context=True)
def matrix_cells(context: template.Context, row: MatrixRow) -> SafeString:
    """The cells of one row of the dashboard's country × activity matrix — each country's,
    then the regional one — written at once: a page is 25 rows of up to 91 cells, which as
    template nodes were half of the dashboard's cold render at 10× (issue 24)."""
    words = context.render_context.get("matrix_words")
    if words is None:
        words = context.render_context["matrix_words"] = _matrix_words()
    return mark_safe("".join(_matrix_cell(cell, words) for cell in row.all_cells))
