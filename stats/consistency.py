"""Whether a return's figures are complete and add up (issue 20: "checks that breakdowns add
up to totals (with 'unknown' as the balancing category) … and that a year is complete").
Checked when the country submits; a draft may be incomplete.

For every measure of the cube:
- its total is entered (total_missing);
- every breakdown is complete: each of its top-level categories is entered, "unknown"
  included, 0 allowed (cell_missing). A country dimension lists no countries: its
  "unknown" is entered, and any country entered counts;
- a one-way breakdown's top-level values add up to the total (breakdown_sum, named on the
  breakdown's "unknown" cell, where the difference goes, or on the total where the dimension
  has none);
- finer bands (a value with a parent) add up to their parent when any of them is given
  (finer_sum, named on the parent's cell);
- a two-way breakdown takes top-level categories only; each of its rows and columns adds up
  to the one-way breakdown of that dimension (its margin), or, without one, the whole table
  to the total (two_way_sum, named on the line's "unknown" cell).

Every problem is collected, keyed by figure key ("measure:cell", figure_key), each a
ValidationError whose code says which rule and whose params name the measure and the cell."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stats.cells import TOTAL, cell_code
from stats.selectors.returns import CubeLayout, FigureValues, categories_of, figure_key

TOTAL_MISSING = _("%(label)s: enter the total (0 if there were none).")
CELL_MISSING = _("%(label)s: enter this category (0 if there were none).")
BREAKDOWN_SUM = _(
    "%(label)s: the breakdown by %(breakdown)s adds up to %(sum)s but the total is "
    "%(total)s; put the difference in “unknown”."
)
BREAKDOWN_SUM_NO_UNKNOWN = _(
    "%(label)s: the breakdown by %(breakdown)s adds up to %(sum)s but the total is %(total)s."
)
FINER_SUM = _("%(label)s: its finer bands add up to %(sum)s, not %(total)s.")
TWO_WAY_SUM = _("%(label)s: this line of the table adds up to %(sum)s, not %(total)s.")

Errors = dict[str, list[ValidationError]]


def _add(errors: Errors, layout: CubeLayout, measure: str, cell: str, message, code, **params):
    errors.setdefault(figure_key(measure, cell), []).append(
        ValidationError(
            message,
            code=code,
            params={
                "measure": measure,
                "cell": cell,
                "label": layout.cell_label(measure, cell),
                **params,
            },
        )
    )


def consistency_errors(layout: CubeLayout, values: FigureValues) -> Errors:
    errors: Errors = {}
    for measure in layout.measures.values():
        m = measure.code
        total = values.get((m, TOTAL))
        if total is None:
            _add(errors, layout, m, TOTAL, TOTAL_MISSING, "total_missing")
        margins: dict[str, dict[str, int | None]] = {}
        for dims in measure.breakdowns:
            if len(dims) == 1:
                margins[dims[0]] = _one_way(errors, layout, m, dims[0], values, total)
        for dims in measure.breakdowns:
            if len(dims) == 2:
                _two_way(errors, layout, m, dims, values, total, margins)
    return errors


def _one_way(
    errors: Errors, layout: CubeLayout, m: str, d: str, values: FigureValues, total: int | None
) -> dict[str, int | None]:
    dimension = layout.dimensions[d]
    entered: dict[str, int | None] = {}
    for top in categories_of(layout, m, d, values):
        cell = cell_code({d: top.code})
        entered[top.code] = values.get((m, cell))
        if entered[top.code] is None:
            _add(errors, layout, m, cell, CELL_MISSING, "cell_missing")
        children = [] if dimension.is_country else dimension.children(top.code)
        given = [
            v for v in (values.get((m, cell_code({d: c.code}))) for c in children) if v is not None
        ]
        parent = entered[top.code]
        if given and parent is not None and sum(given) != parent:
            _add(errors, layout, m, cell, FINER_SUM, "finer_sum", sum=sum(given), total=parent)
    if total is not None and None not in entered.values():
        added = sum(v or 0 for v in entered.values())
        if added != total:
            unknown = dimension.unknown
            cell = cell_code({d: unknown}) if unknown else TOTAL
            _add(
                errors,
                layout,
                m,
                cell,
                BREAKDOWN_SUM if unknown else BREAKDOWN_SUM_NO_UNKNOWN,
                "breakdown_sum",
                breakdown=dimension.name,
                sum=added,
                total=total,
            )
    return entered


def _two_way(
    errors: Errors,
    layout: CubeLayout,
    m: str,
    dims: tuple[str, ...],
    values: FigureValues,
    total: int | None,
    margins: dict[str, dict[str, int | None]],
) -> None:
    d1, d2 = dims
    rows = categories_of(layout, m, d1, values)
    cols = categories_of(layout, m, d2, values)
    grid: dict[tuple[str, str], int | None] = {}
    for r in rows:
        for c in cols:
            cell = cell_code({d1: r.code, d2: c.code})
            grid[r.code, c.code] = values.get((m, cell))
            if grid[r.code, c.code] is None:
                _add(errors, layout, m, cell, CELL_MISSING, "cell_missing")
    if None in grid.values():
        return
    u1, u2 = layout.dimensions[d1].unknown, layout.dimensions[d2].unknown

    def line_cell(row: str | None, col: str | None) -> str:
        """Where a line's difference goes: its cell in the other dimension's "unknown"."""
        return cell_code({d1: row or u1 or rows[-1].code, d2: col or u2 or cols[-1].code})

    for margin_dim, lines, across, is_row in ((d1, rows, cols, True), (d2, cols, rows, False)):
        margin = margins.get(margin_dim)
        if margin is None or None in margin.values():
            continue
        for line in lines:
            added = sum(
                grid[(line.code, a.code) if is_row else (a.code, line.code)] or 0 for a in across
            )
            expected = margin.get(line.code)
            if expected is not None and added != expected:
                cell = line_cell(line.code, None) if is_row else line_cell(None, line.code)
                _add(errors, layout, m, cell, TWO_WAY_SUM, "two_way_sum", sum=added, total=expected)
    if d1 not in margins and d2 not in margins and total is not None:
        added = sum(v or 0 for v in grid.values())
        if added != total:
            _add(
                errors,
                layout,
                m,
                line_cell(None, None),
                TWO_WAY_SUM,
                "two_way_sum",
                sum=added,
                total=total,
            )
