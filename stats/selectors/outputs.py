"""What the statistics' public outputs show (issue 20: "regional trends by year with charts
beside tables; an origin → reporting-country table; per-country pages; the SDG 16.2.2
table; CSV/XLSX and an API endpoint (tidy long format)"), all read from
stats.selectors.publication — the one source of every figure shown outside the reporting
country and ST — so the pages, the downloads and the API show the same cells with the same
suppression pattern for the same reader.

The SDG 16.2.2 rates come from stats.selectors.sdg, which gives exact figures: a rate is
shown only where its numerator is a cell the reader sees in publication() (or, where the
numerator is the sum of finer age bands, where every band is), and a regional rate only
where its numerator is the published regional cell or a sum of published country cells.
Otherwise the row says "suppressed" and gives neither the numerator nor the rate.

Queries: per measure its published years, per measure and year what publication() reads;
never one per country."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.models import Country
from stats.cells import TOTAL, breakdown_of, cell_code, parse_cell
from stats.models import Dimension, DimensionValue, Measure
from stats.selectors import sdg
from stats.selectors.publication import (
    REGION,
    Publication,
    PublishedCell,
    publication,
    published_years,
)
from stats.selectors.returns import CubeLayout, cube_layout, figure_tables

SUPPRESSED = _("suppressed")
SUPPRESSION_NOTE = _(
    "◼ suppressed: a figure below %(threshold)s is not shown outside the reporting country "
    "and the Technical Secretariat (primary suppression), and neither are the other figures "
    "from which it could be worked out by adding or subtracting (complementary suppression)."
)
NOT_LISTED = _("not listed by the country (counted as 0)")


def suppression_note() -> str:
    """The explanation beside every table that may hold a suppressed cell (the threshold
    publication() applies)."""
    return str(SUPPRESSION_NOTE) % {"threshold": settings.STATS_DISCLOSURE_THRESHOLD}


TIDY_HEADERS = ("measure", "year", "country", "breakdown", "cell", "label", "value", "suppressed")


def viewer_of(user) -> object | None:
    """The reader publication() is asked about: None for a visitor (the public view)."""
    return user if user is not None and user.is_authenticated else None


def measures() -> list[Measure]:
    return list(Measure.objects.order_by("position", "code"))


# --- Regional trends ---------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    year: int
    total: PublishedCell | None  # the regional total as the reader sees it
    countries: tuple[str, ...]  # ISO codes of the countries published that year


@dataclass
class Trend:
    measure: Measure
    points: list[TrendPoint]
    threshold: int


def regional_trends(*, viewer=None) -> list[Trend]:
    """Per measure with anything published, the regional total of every published year."""
    trends = []
    for measure in measures():
        points, threshold = [], 0
        for year in published_years(measure=measure):
            published = publication(measure=measure, year=year, viewer=viewer)
            threshold = published.threshold
            points.append(
                TrendPoint(
                    year=year,
                    total=published.get(REGION, TOTAL),
                    countries=tuple(published.countries),
                )
            )
        if points:
            trends.append(Trend(measure=measure, points=points, threshold=threshold))
    return trends


# --- Tidy long format (CSV, XLSX, API) ------------------------------------------------------


@dataclass(frozen=True)
class TidyRow:
    measure: str
    year: int
    country: str  # ISO code, or REGION ("*")
    breakdown: str  # "" for the total
    cell: str  # "" for the total
    label: str
    value: int | None  # None when suppressed for the reader
    suppressed: bool

    def as_tuple(self) -> tuple:
        return (
            self.measure,
            self.year,
            self.country,
            self.breakdown,
            self.cell,
            self.label,
            self.value,
            self.suppressed,
        )


def tidy_rows(
    *,
    viewer=None,
    measure: str | None = None,
    year: int | None = None,
    country: str | None = None,
) -> list[TidyRow]:
    """One row per published cell, measure by measure and year by year, each in
    publication()'s order; filtered by measure code, year and ISO code (REGION for the
    regional table). An unknown code or a year with nothing published gives no rows."""
    layout = cube_layout()
    rows: list[TidyRow] = []
    chosen = [m for m in measures() if measure is None or m.code == measure]
    for m in chosen:
        years = published_years(measure=m)
        for y in [y for y in years if year is None or y == year]:
            published = publication(measure=m, year=y, viewer=viewer)
            for c in published.cells():
                if country is not None and c.country != country:
                    continue
                rows.append(
                    TidyRow(
                        measure=m.code,
                        year=y,
                        country=c.country,
                        breakdown=breakdown_of(c.cell),
                        cell=c.cell,
                        label=layout.cell_label(m.code, c.cell)
                        if m.code in layout.measures
                        else c.cell,
                        value=c.value,
                        suppressed=c.suppressed,
                    )
                )
    return rows


# --- A country's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One cell as a page shows it: `present` False where the table has no such cell."""

    label: str
    value: int | None = None
    suppressed: bool = False
    present: bool = True
    level: int = 0


@dataclass
class ShownBreakdown:
    title: str
    rows: list[Shown] = field(default_factory=list)  # one-way
    columns: list[str] = field(default_factory=list)  # two-way
    grid: list[tuple[str, list[Shown]]] = field(default_factory=list)


@dataclass
class ShownMeasure:
    measure: str
    name: str
    total: Shown
    breakdowns: list[ShownBreakdown]


@dataclass
class CountryYear:
    year: int
    measures: list[ShownMeasure]
    threshold: int

    @property
    def has_suppressed(self) -> bool:
        return any(
            cell.suppressed
            for m in self.measures
            for cell in [m.total, *(r for b in m.breakdowns for r in b.rows)]
            + [c for b in m.breakdowns for _label, line in b.grid for c in line]
        )


def _shown(label: str, cell: PublishedCell | None, level: int = 0) -> Shown:
    if cell is None:
        return Shown(label=label, present=False, level=level)
    return Shown(label=label, value=cell.value, suppressed=cell.suppressed, level=level)


def _measure_tables(
    layout: CubeLayout, published: Publication, country: str
) -> ShownMeasure | None:
    """The country's (or the region's) total and breakdowns of one measure as published."""
    m = published.measure.code
    cells = {c.cell: c for c in published.cells() if c.country == country}
    if TOTAL not in cells or m not in layout.measures:
        return None
    values = {(m, cell): 0 for cell in cells}  # the cells present (values are not read)
    tables = next(t for t in figure_tables(layout, values) if t.measure.code == m)
    breakdowns = []
    for table in tables.breakdowns:
        shown = ShownBreakdown(title=table.title, columns=list(table.columns))
        for row in table.rows:
            if row.cell in cells:
                shown.rows.append(_shown(row.label, cells[row.cell], row.level))
        for label, line in table.grid:
            shown.grid.append((label, [_shown(c.label, cells.get(c.cell)) for c in line]))
        if shown.rows or any(c.present for _label, line in shown.grid for c in line):
            breakdowns.append(shown)
    return ShownMeasure(
        measure=m,
        name=tables.measure.name,
        total=_shown(gettext("Total"), cells[TOTAL]),
        breakdowns=breakdowns,
    )


def country_years(*, country: Country, viewer=None) -> list[CountryYear]:
    """A country's published figures, newest year first, as the reader sees them (its own
    focal points and ST: exact; everyone else: with the suppression pattern)."""
    layout = cube_layout()
    by_year: dict[int, CountryYear] = {}
    for measure in measures():
        for year in published_years(measure=measure):
            published = publication(measure=measure, year=year, viewer=viewer)
            if country.iso_code not in published.countries:
                continue
            shown = _measure_tables(layout, published, country.iso_code)
            if shown is None:
                continue
            entry = by_year.setdefault(
                year, CountryYear(year=year, measures=[], threshold=published.threshold)
            )
            entry.measures.append(shown)
    return [by_year[y] for y in sorted(by_year, reverse=True)]


# --- Origin → reporting country ---------------------------------------------------------


@dataclass
class OriginTable:
    measure: Measure
    dimension: str  # the country dimension's name (citizenship)
    columns: list[tuple[str, str]]  # (ISO code, name) of the reporting countries
    rows: list[tuple[str, list[Shown], Shown]]  # origin's name, a cell per column, region
    totals: list[Shown]  # each reporting country's total
    region_total: Shown
    threshold: int

    @property
    def has_suppressed(self) -> bool:
        cells = [*self.totals, self.region_total]
        for _label, line, region in self.rows:
            cells += [*line, region]
        return any(c.suppressed for c in cells)


def _country_dimensions(measure: Measure) -> list[str]:
    kinds = dict(
        Dimension.objects.filter(code__in=[d for b in measure.breakdowns for d in b]).values_list(
            "code", "kind"
        )
    )
    return [
        b[0]
        for b in measure.breakdowns
        if len(b) == 1 and kinds.get(b[0]) == Dimension.Kind.COUNTRY
    ]


def origin_tables(*, year: int, viewer=None) -> list[OriginTable]:
    """Per measure broken down by a country dimension (victims by citizenship, smuggled
    migrants by citizenship): origins down, reporting countries across, the countries'
    totals as the bottom margin and the regional table as the right-hand column — every
    figure a cell of publication(), none added here."""
    layout = cube_layout()
    names = {c.iso_code: c.name for c in Country.objects.all()}
    tables = []
    for measure in measures():
        for dimension in _country_dimensions(measure):
            published = publication(measure=measure, year=year, viewer=viewer)
            if not published.countries or dimension not in layout.dimensions:
                continue
            info = layout.dimensions[dimension]
            origins = set()
            for c in published.cells():
                value = parse_cell(c.cell).get(dimension) if c.cell else None
                if value is not None and breakdown_of(c.cell) == dimension:
                    origins.add(value)
            unknown = info.unknown
            ordered = sorted((o for o in origins if o != unknown), key=info.label)
            if unknown in origins:
                ordered.append(unknown)
            rows = []
            for origin in ordered:
                cell = cell_code({dimension: origin})
                line = [_shown("", published.get(iso, cell)) for iso in published.countries]
                rows.append((info.label(origin), line, _shown("", published.get(REGION, cell))))
            tables.append(
                OriginTable(
                    measure=measure,
                    dimension=info.name,
                    columns=[(iso, _country_name(iso, names)) for iso in published.countries],
                    rows=rows,
                    totals=[_shown("", published.get(iso, TOTAL)) for iso in published.countries],
                    region_total=_shown("", published.get(REGION, TOTAL)),
                    threshold=published.threshold,
                )
            )
    return tables


def _country_name(iso: str, names: dict[str, str]) -> str:
    return names.get(iso) or str(countries.name(iso)) or iso


# --- SDG 16.2.2 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SdgLine:
    """One row of the SDG 16.2.2 table as a reader sees it: numerator and rate None when
    the numerator is suppressed for the reader."""

    country: Country | None  # None: the region
    sex: str
    age: str
    sex_label: str
    age_label: str
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    population_missing: bool
    is_demo: bool
    suppressed: bool
    countries: tuple[str, ...]

    @property
    def is_regional(self) -> bool:
        return self.country is None


def _age_bands() -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for code, parent in DimensionValue.objects.filter(
        dimension__code="age", parent__isnull=False
    ).values_list("code", "parent__code"):
        children.setdefault(parent, []).append(code)
    return children


def _numerator_shown(
    published: Publication, iso: str, sex: str, age: str, bands: dict[str, list[str]]
) -> bool:
    """Whether the reader sees the cell the SDG numerator is, or every finer band it is the
    sum of (as stats.selectors.sdg computes it)."""
    wanted = {d: v for d, v in (("sex", sex), ("age", age)) if v != sdg.ALL}
    cell = published.get(iso, cell_code(wanted))
    if cell is not None:
        return not cell.suppressed
    if age == sdg.ALL or not bands.get(age):
        return False
    return all(_numerator_shown(published, iso, sex, band, bands) for band in bands[age])


def sdg_table(*, year: int, viewer=None) -> tuple[list[SdgLine], int]:
    """The SDG 16.2.2 rows of `year` (stats.selectors.sdg.sdg_16_2_2) with each numerator
    held to what the reader sees of publication(); and the threshold."""
    rows = sdg.sdg_16_2_2(year=year)
    measure = Measure.objects.filter(sdg_16_2_2=True).order_by("position", "code").first()
    if measure is None or not rows:
        return [], 0
    published = publication(measure=measure, year=year, viewer=viewer)
    bands = _age_bands()
    labels = sdg_labels()
    lines = []
    for row in rows:
        if row.country is None and not row.countries:
            # no country with a population: no numerator, no rate (the page says why)
            lines.append(
                SdgLine(
                    country=None,
                    sex=row.sex,
                    age=row.age,
                    sex_label=labels.get(row.sex, row.sex),
                    age_label=labels.get(row.age, row.age),
                    numerator=None,
                    denominator=None,
                    rate=None,
                    population_missing=True,
                    is_demo=False,
                    suppressed=False,
                    countries=(),
                )
            )
            continue
        if row.country is not None:
            shown = _numerator_shown(published, row.country.iso_code, row.sex, row.age, bands)
        elif set(row.countries) == set(published.countries):
            shown = _numerator_shown(published, REGION, row.sex, row.age, bands)
        else:
            # a sum over some countries is no published cell: shown only as a sum of
            # published ones
            shown = bool(row.countries) and all(
                _numerator_shown(published, iso, row.sex, row.age, bands) for iso in row.countries
            )
        lines.append(
            SdgLine(
                country=row.country,
                sex=row.sex,
                age=row.age,
                sex_label=labels.get(row.sex, row.sex),
                age_label=labels.get(row.age, row.age),
                numerator=row.numerator if shown else None,
                denominator=row.denominator,
                rate=row.rate if shown else None,
                population_missing=row.population_missing,
                is_demo=row.is_demo,
                suppressed=not shown,
                countries=row.countries,
            )
        )
    return lines, published.threshold


def sdg_labels() -> dict[str, str]:
    """Names of the SDG categories' values (sex, age group) in the active language."""
    labels = {sdg.ALL: gettext("All")}
    for value in DimensionValue.objects.filter(
        dimension__code__in=["sex", "age"], code__in=[*sdg.SEXES, *sdg.AGES]
    ):
        labels[value.code] = value.name
    return labels


def years_published() -> list[int]:
    """Every year with anything published, newest first (links of the pages)."""
    years: set[int] = set()
    for measure in measures():
        years.update(published_years(measure=measure))
    return sorted(years, reverse=True)


def countries_named(codes: Iterable[str]) -> list[Country]:
    """The countries of `codes`, by name."""
    return sorted(Country.objects.filter(iso_code__in=list(codes)), key=lambda c: c.name)
