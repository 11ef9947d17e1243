"""Reads of the statistics returns (issue 20): which returns a user sees, the cube's layout
(what cells a return may hold and how they are labelled), a return's figures and the tables
the pages, the form and the Excel template are built from.

The one visibility rule: a return and its exact figures are seen by its country's focal
points and by ST (stats.permissions.can_read_exact); nobody else reads a return here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django_countries import countries

from members.permissions import focal_point_country_id
from stats.cells import TOTAL, breakdown_code, cell_code, parse_cell
from stats.models import Dimension, Figure, Measure, StatisticsReturn
from stats.permissions import can_read_exact, can_review

TOTAL_KEY = "total"  # a figure key's cell part for the measure's total (no real cell has no "=")

FigureValues = dict[tuple[str, str], int]  # (measure code, cell) → value


def figure_key(measure: str, cell: str) -> str:
    """How an error or a form field names a figure: "victims_identified:age=0-17;sex=female",
    "victims_identified:total"."""
    return f"{measure}:{cell or TOTAL_KEY}"


def parse_figure_key(key: str) -> tuple[str, str]:
    measure, _, cell = key.partition(":")
    return measure, TOTAL if cell == TOTAL_KEY else cell


# --- The cube's layout -------------------------------------------------------------------


@dataclass(frozen=True)
class ValueInfo:
    code: str
    name: str
    parent: str | None = None
    is_unknown: bool = False


@dataclass(frozen=True)
class DimensionInfo:
    code: str
    name: str
    is_country: bool
    values: tuple[ValueInfo, ...]

    @property
    def unknown(self) -> str | None:
        return next((v.code for v in self.values if v.is_unknown), None)

    @property
    def top_level(self) -> list[ValueInfo]:
        return [v for v in self.values if v.parent is None]

    def children(self, code: str) -> list[ValueInfo]:
        return [v for v in self.values if v.parent == code]

    def accepts(self, code: str) -> bool:
        if any(v.code == code for v in self.values):
            return True
        return self.is_country and bool(code) and countries.alpha2(code) == code

    def label(self, code: str) -> str:
        for value in self.values:
            if value.code == code:
                return value.name
        if self.is_country:
            return str(countries.name(code)) or code
        return code


@dataclass(frozen=True)
class MeasureInfo:
    code: str
    name: str
    breakdowns: tuple[tuple[str, ...], ...]


@dataclass
class CubeLayout:
    dimensions: dict[str, DimensionInfo]
    measures: dict[str, MeasureInfo]  # in the cube's order

    def cell_accepted(self, measure: str, cell: str) -> bool:
        """Whether `cell` is a cell of `measure`: its total, or a combination of values of
        one of its breakdowns (a country dimension: any ISO 3166 code or "unknown")."""
        info = self.measures.get(measure)
        if info is None:
            return False
        try:
            values = parse_cell(cell)
        except ValueError:
            return False
        if not values:
            return True
        if tuple(sorted(values)) not in info.breakdowns:
            return False
        for dimension, value in values.items():
            if not self.dimensions[dimension].accepts(value):
                return False
            if len(values) > 1 and any(
                v.code == value and v.parent for v in self.dimensions[dimension].values
            ):
                return False  # a two-way breakdown takes the top-level categories only
        return True

    def cell_label(self, measure: str, cell: str) -> str:
        """ "Victims of trafficking identified · Female × Children (0-17)"."""
        name = self.measures[measure].name if measure in self.measures else measure
        values = parse_cell(cell)
        if not values:
            return f"{name} · {gettext('Total')}"
        parts = []
        for d, v in values.items():
            if d not in self.dimensions:
                continue
            dimension = self.dimensions[d]
            # "Unknown" is a category of every breakdown: say which one ("Sex: unknown").
            label = dimension.label(v)
            parts.append(f"{dimension.name}: {label}" if v == dimension.unknown else label)
        return f"{name} · {' × '.join(parts)}"


def cube_layout() -> CubeLayout:
    """The dimensions, values and measures as they are now (names in the active language)."""
    dimensions = {}
    for dimension in Dimension.objects.prefetch_related("values__parent"):
        values = tuple(
            ValueInfo(
                code=v.code,
                name=v.name,
                parent=v.parent.code if v.parent is not None else None,
                is_unknown=v.is_unknown,
            )
            for v in dimension.values.all()
        )
        dimensions[dimension.code] = DimensionInfo(
            code=dimension.code,
            name=dimension.name,
            is_country=dimension.kind == Dimension.Kind.COUNTRY,
            values=values,
        )
    measures = {
        m.code: MeasureInfo(
            code=m.code,
            name=m.name,
            breakdowns=tuple(
                tuple(sorted(b)) for b in m.breakdowns if all(d in dimensions for d in b)
            ),
        )
        for m in Measure.objects.all()
    }
    return CubeLayout(dimensions=dimensions, measures=measures)


# --- Returns -----------------------------------------------------------------------------


def return_list(*, user) -> QuerySet[StatisticsReturn]:
    """ST sees every country's returns; a focal point its own country's; nobody else any."""
    returns = StatisticsReturn.objects.select_related("country")
    if can_review(user):
        return returns
    own = focal_point_country_id(user)
    if own is None:
        return returns.none()
    return returns.filter(country_id=own)


def return_detail(*, user, pk: int) -> StatisticsReturn | None:
    """The return if `user` may read its exact figures, else None (the page answers 404)."""
    statistics_return = StatisticsReturn.objects.select_related("country").filter(pk=pk).first()
    if statistics_return is None or not can_read_exact(user, statistics_return.country_id):
        return None
    return statistics_return


def return_figures(statistics_return: StatisticsReturn) -> FigureValues:
    rows = Figure.objects.filter(statistics_return=statistics_return).values_list(
        "measure__code", "cell", "value"
    )
    return {(measure, cell): value for measure, cell, value in rows}


# --- Tables for the pages, the form and the template ---------------------------------------


@dataclass
class TableCell:
    measure: str
    cell: str
    label: str
    value: int | None = None
    level: int = 0  # 1: a finer band within its parent
    is_unknown: bool = False
    form_field: Any = None  # the entry form's bound field of this cell (stats.forms.entry)

    @property
    def key(self) -> str:
        return figure_key(self.measure, self.cell)


@dataclass
class BreakdownTable:
    measure: str
    code: str  # "age+sex"
    title: str
    dimensions: list[DimensionInfo]
    rows: list[TableCell] = field(default_factory=list)  # one-way
    columns: list[str] = field(default_factory=list)  # two-way: column labels
    grid: list[tuple[str, list[TableCell]]] = field(default_factory=list)  # two-way rows
    country_dimension: str | None = None  # a one-way breakdown by country: rows may be added
    new_rows: list[tuple[Any, Any]] = field(default_factory=list)  # the form's blank rows

    @property
    def two_way(self) -> bool:
        return len(self.dimensions) == 2

    @property
    def cells(self) -> list[TableCell]:
        return self.rows + [c for _, row in self.grid for c in row]


@dataclass
class MeasureTable:
    measure: MeasureInfo
    total: TableCell
    breakdowns: list[BreakdownTable]

    @property
    def cells(self) -> list[TableCell]:
        return [self.total] + [c for b in self.breakdowns for c in b.cells]


def _categories(
    layout: CubeLayout, measure: str, dimension: DimensionInfo, values: FigureValues
) -> list[ValueInfo]:
    """A dimension's top-level categories as a breakdown lists them; a country dimension's
    are the countries entered anywhere in the measure (by name), then "unknown"."""
    if not dimension.is_country:
        return dimension.top_level
    codes = set()
    for m, cell in values:
        if m == measure:
            code = parse_cell(cell).get(dimension.code)
            if code and code != dimension.unknown:
                codes.add(code)
    listed = sorted(
        (ValueInfo(code=c, name=dimension.label(c)) for c in codes), key=lambda v: v.name
    )
    return listed + [v for v in dimension.values if v.is_unknown]


def categories_of(
    layout: CubeLayout, measure: str, dimension: str, values: FigureValues
) -> list[ValueInfo]:
    return _categories(layout, measure, layout.dimensions[dimension], values)


def figure_tables(layout: CubeLayout, values: FigureValues) -> list[MeasureTable]:
    """Every measure of the cube: its total and one table per breakdown, each cell with the
    value entered (None when not entered)."""
    tables = []
    for measure in layout.measures.values():
        m = measure.code
        total = TableCell(m, TOTAL, gettext("Total"), values.get((m, TOTAL)))
        breakdowns = []
        for dims in measure.breakdowns:
            infos = [layout.dimensions[d] for d in dims]
            table = BreakdownTable(
                measure=m,
                code=breakdown_code(dims),
                title=" × ".join(d.name for d in infos),
                dimensions=infos,
            )
            if len(infos) == 1:
                (dim,) = infos
                if dim.is_country:
                    table.country_dimension = dim.code
                for top in _categories(layout, m, dim, values):
                    cell = cell_code({dim.code: top.code})
                    table.rows.append(
                        TableCell(m, cell, top.name, values.get((m, cell)), 0, top.is_unknown)
                    )
                    for child in [] if dim.is_country else dim.children(top.code):
                        cell = cell_code({dim.code: child.code})
                        table.rows.append(TableCell(m, cell, child.name, values.get((m, cell)), 1))
            else:
                rows_dim, cols_dim = infos
                cols = _categories(layout, m, cols_dim, values)
                table.columns = [c.name for c in cols]
                for row in _categories(layout, m, rows_dim, values):
                    line = []
                    for col in cols:
                        cell = cell_code({rows_dim.code: row.code, cols_dim.code: col.code})
                        line.append(
                            TableCell(
                                m,
                                cell,
                                f"{row.name} × {col.name}",
                                values.get((m, cell)),
                                0,
                                row.is_unknown or col.is_unknown,
                            )
                        )
                    table.grid.append((row.name, line))
            breakdowns.append(table)
        tables.append(MeasureTable(measure=measure, total=total, breakdowns=breakdowns))
    return tables


# --- What a page offers ----------------------------------------------------------------


@dataclass
class ReturnPage:
    statistics_return: StatisticsReturn
    tables: list[MeasureTable]
    can_edit: bool
    can_submit: bool
    can_validate: bool
    can_send_back: bool
    can_publish: bool
    entered: int


def return_page(*, user, statistics_return: StatisticsReturn) -> ReturnPage:
    """The figures as tables and the page's buttons: each flag is "the service would not
    refuse it" (stats.rules), so a button and its service agree."""
    from stats import rules

    layout = cube_layout()
    values = return_figures(statistics_return)
    return ReturnPage(
        statistics_return=statistics_return,
        tables=figure_tables(layout, values),
        can_edit=rules.edit_refusal(user, statistics_return) is None,
        can_submit=rules.submit_refusal(user, statistics_return) is None,
        can_validate=rules.validate_refusal(user, statistics_return) is None,
        can_send_back=rules.send_back_refusal(user, statistics_return) is None,
        can_publish=rules.publish_refusal(user, statistics_return) is None,
        entered=len(values),
    )
