"""Presentation helpers of the monitoring pages: percentages and status colours. Colour is
never the only cue: every coloured element also carries its status as text."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from common.rendering import once_per_render
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.selectors import MatrixCell, MatrixRow, Result, ResultStatus, Timeliness

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
# A matrix cell's and a progress bar's colour: written by matrix_cells and tree_row below.
status_cell = _coloured("table-%s", "")
status_bar = _coloured("bg-%s", "bg-secondary")


# A symbol beside a cell's colour (colour is never the only cue), hidden from screen readers,
# which read the status label.
MARK = {ResultStatus.ON_TRACK: "✓", ResultStatus.AT_RISK: "!", ResultStatus.DELAYED: "✗"}


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
    words = once_per_render(context, "matrix_words", _matrix_words)
    return mark_safe("".join(_matrix_cell(cell, words) for cell in row.all_cells))


def _tree_words() -> dict[str, SafeString]:
    """The words of the results tree's rows, translated once a page."""
    return {
        key: escape(text)
        for key, text in {
            "axis": _("Axis"),
            "objective": _("Strategic objective"),
            "operational": _("Operational objective"),
            "activity": _("Activity"),
            "achieved": _("Achieved"),
            "planned": _("Planned"),
            "no_data": _("no data"),
            "equal": _("equal share"),
            "carried": _("includes figures carried from semester I"),
            "partial": _("partial"),
        }.items()
    }


def _tree_row(node: Result, words: dict[str, SafeString], country_view: bool) -> str:
    achieved, planned = pct(node.achieved), pct(node.planned)
    level = node.level if node.level in ("axis", "objective", "operational") else "activity"
    share = node.share
    equal = (
        f'<span class="visually-hidden"> {words["equal"]}</span>'
        if share and share.is_default
        else ""
    )
    no_data = (
        ""
        if node.has_data
        else f' · <span class="badge text-bg-light border">{words["no_data"]}</span>'
    )
    reports = ""
    if node.expected:
        reports = f"{localize(node.reported)}/{localize(node.expected)}"
        if node.carried:
            reports += f'<span title="{words["carried"]}">*</span>'
        if node.partial and not country_view:
            reports += f' <span class="badge text-bg-light border">{words["partial"]}</span>'
    achieved_width = bar_width(node.achieved)
    row_class = ' class="table-light fw-semibold"' if node.level == "axis" else ""
    return (
        f"<tr{row_class}>"
        f'<th scope="row" class="fw-normal tree-{escape(node.level)}">'
        f'<span class="text-body-secondary small">{words[level]}</span> '
        f"<strong>{escape(node.code)}</strong> "
        f'<span lang="es">{escape(Truncator(node.label).chars(110))}</span></th>'
        f'<td class="text-end">{pct(share.share if share else None)}{equal}</td>'
        f'<td><div class="position-relative"><div class="progress" role="progressbar" '
        f'aria-label="{words["achieved"]}" aria-valuenow="{achieved_width}" aria-valuemin="0" '
        f'aria-valuemax="100" title="{words["achieved"]} {achieved} · {words["planned"]} '
        f'{planned}"><div class="progress-bar {status_bar(node.status)} '
        f'bar-w-{floatformat(achieved_width, "0u")}"></div></div>'
        f'<span aria-hidden="true" title="{words["planned"]}" class="planned-mark '
        f'bar-at-{floatformat(bar_width(node.planned), "0u")}"></span></div>'
        f"<small>{achieved} / {planned}{no_data}</small></td>"
        f'<td class="text-end">{pct(node.compliance)}</td>'
        f'<td><span class="badge {status_badge(node.status)}">{escape(node.status_label)}'
        f"</span></td>"
        f'<td class="text-end">{reports}</td></tr>'
    )


@register.simple_tag(takes_context=True)
def tree_row(context: template.Context, node: Result, country_view: object = None) -> SafeString:
    """One row of the dashboard's results tree (axis, objective, operational objective or
    activity: share, bar, compliance, status, reports), written at once — a 10× POA is 250
    rows of ~30 template nodes each (issue 24). `country_view`: the tree of one country's
    report, where coverage is never partial."""
    words = once_per_render(context, "tree_words", _tree_words)
    return mark_safe(_tree_row(node, words, bool(country_view)))
