"""Presentation helpers of the monitoring pages: percentages and status colours. Colour is
never the only cue: every coloured element also carries its status as text."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from django import template
from django.utils import numberformat
from django.utils.formats import get_format, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from common.rendering import ROW, escape_text, once_per_render, row_url
from monitoring.forms import EntryForm, InitialRow
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.selectors import MatrixCell, MatrixRow, Result, ResultStatus, Timeliness

register = template.Library()

# Writes a number in the reader's locale: number_format, or a page's `_numbers()`.
Numbers = Callable[..., str]

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
    return _pct(number_format, value, digits)


def _pct(numbers: Numbers, value: Decimal | int | float | None, digits: int = 1) -> str:
    """pct, with `numbers` writing the number: number_format, or a page's `_numbers()`."""
    if value is None or value == "":
        return "—"
    return f"{numbers(round(Decimal(value), digits), digits)}\u00a0%"


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


def _status_words() -> dict[str, str]:
    """Each result status's label, as the matrix's cells and the tree's rows write it."""
    return {
        f"status:{status}": escape_text(str(label)) for status, label in ResultStatus.LABELS.items()
    }


def _matrix_words() -> dict[str, str]:
    """The words of the country × activity matrix's cells, translated once a page."""
    words = {
        "not_concerned": escape_text(_("not concerned")),
        "not_approved": escape_text(_("not approved yet")),
    }
    words.update(_status_words())
    for value, label in ProgressEntry.GoalStatus.choices:
        words[f"goal:{value}"] = escape_text(str(label))
    return words


def _matrix_cell(cell: MatrixCell, words: dict[str, str]) -> str:
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
        f'<td class="{status_cell(cell.status)}" title="{label}{goal}">{escape_text(cell.progress)}'
        f'<span aria-hidden="true"> {MARK.get(cell.status, "")}</span>'
        f'<span class="visually-hidden"> {label}</span></td>'
    )


@register.simple_tag(takes_context=True)
def matrix_cells(context: template.Context, row: MatrixRow) -> SafeString:
    """The cells of one row of the dashboard's country × activity matrix — each country's,
    then the regional one — written at once: a page is 25 rows of up to 91 cells, which as
    template nodes were half of the dashboard's cold render at 10× (issue 24)."""
    words = once_per_render(context, "matrix_words", _matrix_words)
    # A cell is written by what it shows alone; a page's 2,275 cells at 10× are a few hundred
    # different ones, each written once a page.
    written: dict[tuple, str] = once_per_render(context, "matrix_cells_written", dict)
    html = []
    for cell in row.all_cells:
        key = (cell.concerned, cell.counted, cell.status, cell.goal_status, cell.progress)
        text = written.get(key)
        if text is None:
            text = written[key] = _matrix_cell(cell, words)
        html.append(text)
    return mark_safe("".join(html))


def _tree_words() -> dict[str, str]:
    """The words of the results tree's rows, translated once a page."""
    words = {
        key: escape_text(text)
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
    return {**words, **_status_words()}


def _numbers() -> Numbers:
    """number_format with the reader's separators looked up once a page: looked up per
    number (the active language, then three formats) they were a fifth of the tree's
    render at 10× (issue 24)."""
    decimal_sep, grouping, thousand_sep = (
        get_format(name) for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )

    def formatted(value: Decimal | int, digits: int | None = None) -> str:
        return numberformat.format(
            value, decimal_sep, digits, grouping, thousand_sep, use_l10n=True
        )

    return formatted


def _whole(width: str) -> str:
    """A bar width rounded half up to a whole number, unlocalised (floatformat's "0u")."""
    return str(Decimal(width).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _label(text: str) -> str:
    """Truncator(text).chars(110), which leaves a text that short as it is (normalised)."""
    if len(text) <= 110 and unicodedata.is_normalized("NFC", text):
        return text
    return Truncator(text).chars(110)


def _tree_row(node: Result, words: dict[str, str], numbers: Numbers, country_view: bool) -> str:
    status, compliance = node.status, node.compliance
    achieved, planned = _pct(numbers, node.achieved), _pct(numbers, node.planned)
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
        reports = f"{numbers(node.reported)}/{numbers(node.expected)}"
        if node.carried:
            reports += f'<span title="{words["carried"]}">*</span>'
        if node.partial and not country_view:
            reports += f' <span class="badge text-bg-light border">{words["partial"]}</span>'
    achieved_width = bar_width(node.achieved)
    row_class = ' class="table-light fw-semibold"' if node.level == "axis" else ""
    return (
        f"<tr{row_class}>"
        f'<th scope="row" class="fw-normal tree-{escape_text(node.level)}">'
        f'<span class="text-body-secondary small">{words[level]}</span> '
        f"<strong>{escape_text(node.code)}</strong> "
        f'<span lang="es">{escape_text(_label(node.label))}</span></th>'
        f'<td class="text-end">{_pct(numbers, share.share if share else None)}{equal}</td>'
        f'<td><div class="position-relative"><div class="progress" role="progressbar" '
        f'aria-label="{words["achieved"]}" aria-valuenow="{achieved_width}" aria-valuemin="0" '
        f'aria-valuemax="100" title="{words["achieved"]} {achieved} · {words["planned"]} '
        f'{planned}"><div class="progress-bar {status_bar(status)} '
        f'bar-w-{_whole(achieved_width)}"></div></div>'
        f'<span aria-hidden="true" title="{words["planned"]}" class="planned-mark '
        f'bar-at-{_whole(bar_width(node.planned))}"></span></div>'
        f"<small>{achieved} / {planned}{no_data}</small></td>"
        f'<td class="text-end">{_pct(numbers, compliance)}</td>'
        f'<td><span class="badge {status_badge(status)}">{words[f"status:{status}"]}'
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
    numbers = once_per_render(context, "numbers", _numbers)
    return mark_safe(_tree_row(node, words, numbers, bool(country_view)))


def _row_words() -> dict[str, str]:
    """The words of the report form's rows, translated once a page."""
    return {
        key: escape_text(text)
        for key, text in {
            "goal": _("Goal"),
            "indicator": _("Indicator"),
            "evidence": _("Evidence"),
            "none": _("none"),
            "attach": _("Attach a file or link"),
        }.items()
    }


def _report_row(
    context: template.Context,
    entry: ProgressEntry,
    form: EntryForm | InitialRow,
    words: dict[str, str],
    numbers: Numbers,
) -> str:
    activity = entry.activity
    cells = form.cells
    # planned and previous are written on each row by monitoring.selectors.report_detail.
    planned, previous = entry.planned, entry.previous  # type: ignore[attr-defined]
    sentence = _("Planned by the end of this semester: %(planned)s%%") % {
        "planned": escape_text(numbers(planned))
    }
    if previous is not None:
        sentence += " · " + _("previous period: %(previous)s%%") % {
            "previous": escape_text(numbers(previous))
        }
    non_field = form.non_field_errors()
    alert = (
        f'<div class="alert alert-danger py-1">{" ".join(conditional_escape(cast(str, e)) for e in non_field)}</div>'
        if non_field
        else ""
    )
    fields = "".join(
        f'<div class="{width}">\n          <label class="form-label small" for="{escape_text(cell.id)}">'
        f"{conditional_escape(cell.label)}</label>\n          {cell.control}{cell.feedback}\n        </div>"
        for cell, width in ((cells[name], width) for name, width in EntryForm.LAYOUT)
    )
    # The link sees its evidence only (`e`), not the page's context: it needs nothing else.
    link = once_per_render(context, "evidence_link", lambda: _evidence_link(context))
    evidence = (
        " · ".join(link.render(context.new({"e": e})) for e in entry.evidence.all())
        or words["none"]
    )
    attach = row_url(context, "monitoring:evidence-add", (ROW,), entry.pk)
    return (
        f'\n  <fieldset class="card mb-3{" border-danger" if form.errors else ""}">\n'
        f'    <legend class="card-header fs-6 mb-0"><strong>{escape_text(activity.code)}</strong> '
        f'<span lang="es">{escape_text(activity.description)}</span></legend>\n'
        f'    <div class="card-body">\n      {cells["activity"].control}\n'
        f'      <p class="small text-body-secondary mb-2"><strong>{words["goal"]}:</strong> '
        f'<span lang="es">{escape_text(activity.goal or "—")}</span> · '
        f"<strong>{words['indicator']}:</strong> "
        f'<span lang="es">{escape_text(activity.indicator or "—")}</span><br>\n'
        f"        {sentence}</p>\n      {alert}\n"
        f'      <div class="row g-2">\n        {fields}\n      </div>\n'
        f'      <p class="small mt-2 mb-0"><strong>{words["evidence"]}:</strong>\n'
        f"        {evidence}\n"
        f'        · <a href="{attach}">{words["attach"]}</a></p>\n'
        f"    </div>\n  </fieldset>"
    )


def _evidence_link(context: template.Context) -> template.Template:
    assert context.template is not None  # a tag runs inside a template's render
    return context.template.engine.get_template("monitoring/_evidence_link.html")


@register.simple_tag(takes_context=True)
def report_row(
    context: template.Context, entry: ProgressEntry, form: EntryForm | InitialRow
) -> SafeString:
    """One row of the report form — the activity, its goal, indicator and planned figure, its
    fields (EntryForm.cells: each control as its widget would write it) and its evidence —
    written at once: a template of ~50 nodes a row was most of a 50-row page (issue 24)."""
    words = once_per_render(context, "row_words", _row_words)
    numbers = once_per_render(context, "numbers", _numbers)
    return mark_safe(_report_row(context, entry, form, words, numbers))
