"""What the platform publishes of a measure for a year, and what each reader sees of it
(issue 20; SPEC "Statistics": "Values under the disclosure threshold (default 5) are
suppressed, with complementary suppression, in everything shown to anyone but the reporting
country and ST").

The tables: for every country published for the year, its total and every breakdown cell
(the origin → reporting-country table is the citizenship breakdowns side by side), and the
regional table (REGION), the sum over those countries of every cell. Pages, exports, the API
and the biennial report show these cells and nothing else of the figures, so the suppression
pattern computed here over all of them is the one every table shows; a table that adds a
total of its own must be added here first.

Published for the year: a country's PUBLISHED annual return; a country that reports by
semester is published for the year when both semesters are published, and its year is their
sum (below, `_combine`). One semester alone publishes nothing for the year.

The relations (the additivities the tables show), as stats.consistency checks them at submit:
- a one-way breakdown's top-level values ("unknown" included) add up to the total;
- finer values (a value with a parent) add up to their parent;
- a two-way breakdown's rows and columns add up to the one-way margins, or, where the measure
  has neither margin, the whole table to the total;
- every regional cell is the sum of the same cell over the countries that give it (one
  country alone too: the regional cell then equals it), and the regional table has the
  same additivities as a country's.

Which cells are combined (semesters and the region): a cell every source gives is summed; a
cell naming a country (citizenship: a return lists only the countries it had) counts 0 where
a source does not give it; the finer bands under one parent are kept only when every source
gives the same bands (they are optional; summing different sets would not add up). Relations
that do not hold make stats.disclosure raise: published returns passed the submit checks.

The pattern is stats.disclosure.protect over every cell with the reporting countries as
insiders (each knows its own exact figures and could subtract them from the regional table;
what a country computes from its own figures alone is, in these tables, the regional cells
only it gives, so build_system names them and protect needs no elimination per country):
neither the public nor any one country recovers a suppressed cell by linear equations over
what it sees. It is computed once per measure, year and set of published returns and kept in
the cache (common.cache.cached), keyed by a stamp of the published returns (their count, the
newest `published_at` and their ids), the threshold and the measure's breakdowns and bands,
for STATS_PATTERN_CACHE_SECONDS (a publication changes the key; stats.tasks computes the
year's patterns again in the background as soon as a return is published).

Readers: ST sees every value exact; a country's focal points see its own cells exact and the
rest with the pattern (stats.permissions.can_read_exact); everyone else (other members,
partners, the public, the API, the biennial report: `viewer=None`) sees the pattern.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from common.cache import cached
from stats.cells import TOTAL, breakdown_code, breakdown_of, cell_code, parse_cell
from stats.disclosure import Relation, protect
from stats.models import Dimension, DimensionValue, Figure, Measure, StatisticsReturn
from stats.permissions import can_read_exact, can_review

logger = logging.getLogger(__name__)

REGION = "*"
Key = tuple[str, str]  # (ISO code or REGION, cell code)
Parents = Mapping[str, Mapping[str, str | None]]  # dimension → value → parent value


@dataclass(frozen=True)
class PublishedCell:
    country: str  # ISO code, or REGION ("*")
    cell: str  # stats.cells code, "" for the total
    value: int | None  # None when suppressed for this viewer
    suppressed: bool


@dataclass
class Publication:
    measure: Measure
    year: int
    countries: list[str]  # ISO codes of the countries published for the year, sorted
    threshold: int
    computed_seconds: float = 0.0  # time protect took when the pattern was computed
    _cells: dict[Key, PublishedCell] = field(default_factory=dict, repr=False)

    def get(self, country: str, cell: str) -> PublishedCell | None:
        return self._cells.get((country, cell))

    def cells(self) -> list[PublishedCell]:
        """Tidy long format: the countries by ISO code, then the region; in each, the total,
        then the breakdowns in the measure's order, each by cell code."""
        return list(self._cells.values())


# --- The tables as cells and relations (pure) ------------------------------------------------


@dataclass
class System:
    values: dict[Key, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    insiders: list[set[Key]] = field(default_factory=list)
    # per insider: the regional cells only that country gives (each equals its own cell)
    own: list[set[Key]] = field(default_factory=list)


def _is_country_cell(cell: str, country_dimensions: frozenset[str]) -> bool:
    return any(d in country_dimensions for d in parse_cell(cell))


def _band_parent(cell: str, parents: Parents) -> tuple[str, str] | None:
    """(dimension, parent value) of a finer band's one-way cell, else None."""
    values = parse_cell(cell)
    if len(values) != 1:
        return None
    ((dimension, value),) = values.items()
    parent = parents.get(dimension, {}).get(value)
    return None if parent is None else (dimension, parent)


def _combine(
    sources: Sequence[Mapping[str, int]],
    *,
    parents: Parents,
    country_dimensions: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """The cell-by-cell sum of several tables of one measure (two semesters; the countries
    of the region): see the module's docstring for which cells are kept."""
    if not sources:
        return {}
    every = set.intersection(*(set(source) for source in sources))
    anywhere = set().union(*sources)
    kept = {c for c in anywhere if c in every or _is_country_cell(c, country_dimensions)}
    bands: dict[tuple[str, str], set[str]] = defaultdict(set)
    for cell in kept:
        group = _band_parent(cell, parents)
        if group is not None:
            bands[group].add(cell)
    for group, cells in bands.items():
        if any(
            {c for c in source if _band_parent(c, parents) == group} != cells for source in sources
        ):
            kept -= cells
    return {cell: sum(source.get(cell, 0) for source in sources) for cell in kept}


def _table_relations(
    country: str, cells: Iterable[str], breakdowns: Sequence[tuple[str, ...]], parents: Parents
) -> list[Relation]:
    present = set(cells)
    one_way = {dims[0] for dims in breakdowns if len(dims) == 1}
    relations: list[Relation] = []

    def relation(total: str, parts: Iterable[str]) -> None:
        parts = sorted(parts)
        if total in present and parts:
            relations.append(
                Relation(total=(country, total), parts=tuple((country, c) for c in parts))
            )

    for dims in breakdowns:
        code = breakdown_code(dims)
        in_breakdown = [c for c in present if c and breakdown_of(c) == code]
        if len(dims) == 1:
            (dimension,) = dims
            top = [c for c in in_breakdown if _band_parent(c, parents) is None]
            relation(TOTAL, top)
            children: dict[str, list[str]] = defaultdict(list)
            for c in in_breakdown:
                group = _band_parent(c, parents)
                if group is not None:
                    children[cell_code({dimension: group[1]})].append(c)
            for parent_cell, kids in sorted(children.items()):
                relation(parent_cell, kids)
        else:
            margins = [d for d in dims if d in one_way]
            for dimension in margins:
                lines: dict[str, list[str]] = defaultdict(list)
                for c in in_breakdown:
                    lines[cell_code({dimension: parse_cell(c)[dimension]})].append(c)
                for margin, parts in sorted(lines.items()):
                    relation(margin, parts)
            if not margins:
                relation(TOTAL, in_breakdown)
    return relations


def build_system(
    figures: Mapping[str, Mapping[str, int]],
    *,
    breakdowns: Iterable[Iterable[str]],
    parents: Parents,
    country_dimensions: Iterable[str] = (),
) -> System:
    """Every cell the platform publishes of one measure for one year, the relations its
    tables show and the insiders (each country's own cells). `figures`: per ISO code,
    {cell code: value} of the countries published for the year; `breakdowns`: the measure's;
    `parents`: per dimension, {value code: parent value code or None} (a country dimension's
    values, any ISO code, are top-level); `country_dimensions`: the codes of those."""
    countries = frozenset(country_dimensions)
    shapes = [tuple(sorted(b)) for b in breakdowns]
    system = System()
    ordered = sorted(figures)
    position = {iso: i for i, iso in enumerate(ordered)}
    for iso in ordered:
        cells = figures[iso]
        system.values.update({(iso, cell): int(value) for cell, value in cells.items()})
        system.insiders.append({(iso, cell) for cell in cells})
        system.own.append(set())
        system.relations.extend(_table_relations(iso, cells, shapes, parents))
    region = _combine(
        [figures[iso] for iso in ordered], parents=parents, country_dimensions=countries
    )
    for cell in sorted(region):
        system.values[(REGION, cell)] = region[cell]
        parts = tuple((iso, cell) for iso in ordered if cell in figures[iso])
        system.relations.append(Relation(total=(REGION, cell), parts=parts))
        if len(parts) == 1:
            system.own[position[parts[0][0]]].add((REGION, cell))
    system.relations.extend(_table_relations(REGION, region, shapes, parents))
    return system


# --- Reading the published returns --------------------------------------------------------


def _published_rows(year: int | None = None, measure: Measure | None = None) -> list[tuple]:
    """(pk, country_id, iso, year, semester, published_at) of the published returns."""
    returns = StatisticsReturn.objects.filter(state=StatisticsReturn.State.PUBLISHED)
    if year is not None:
        returns = returns.filter(year=year)
    if measure is not None:
        returns = returns.filter(figures__measure=measure)
    return list(
        returns.order_by("pk")
        .distinct()
        .values_list("pk", "country_id", "country__iso_code", "year", "semester", "published_at")
    )


def _years_of(rows: Iterable[tuple]) -> dict[tuple[int, str], tuple[int, list[int]]]:
    """(year, ISO) → (country id, the returns that make its year): the annual return, or
    both semesters; a country with one semester published has no year."""
    by_country: dict[tuple[int, str], dict[int | None, tuple[int, int]]] = defaultdict(dict)
    for pk, country_id, iso, year, semester, _published_at in rows:
        by_country[(year, iso)][semester] = (pk, country_id)
    years = {}
    for key, periods in by_country.items():
        if None in periods:
            pk, country_id = periods[None]
            years[key] = (country_id, [pk])
        elif set(periods) == {1, 2}:
            years[key] = (periods[1][1], [periods[1][0], periods[2][0]])
    return years


def published_years(*, measure: Measure) -> list[int]:
    """The years (ascending) in which at least one country is published with figures of
    `measure`."""
    return sorted({year for year, _iso in _years_of(_published_rows(measure=measure))})


def _cube_shape(measure: Measure) -> tuple[list[tuple[str, ...]], dict[str, dict], frozenset[str]]:
    """The measure's breakdowns, its dimensions' bands and which of them are countries."""
    breakdowns = [tuple(sorted(b)) for b in measure.breakdowns]
    dimensions = {d for b in breakdowns for d in b}
    parents: dict[str, dict[str, str | None]] = defaultdict(dict)
    country_dimensions = set()
    for dimension, kind, code, parent in DimensionValue.objects.filter(
        dimension__code__in=sorted(dimensions)
    ).values_list("dimension__code", "dimension__kind", "code", "parent__code"):
        parents[dimension][code] = parent
        if kind == Dimension.Kind.COUNTRY:
            country_dimensions.add(dimension)
    return breakdowns, dict(parents), frozenset(country_dimensions)


def _pattern(
    *,
    measure: Measure,
    year: int,
    years: Mapping[str, tuple[int, list[int]]],
    breakdowns: list[tuple[str, ...]],
    parents: dict[str, dict],
    country_dimensions: frozenset[str],
    threshold: int,
) -> dict[str, Any]:
    """The cells and the cells to suppress (one query: the figures)."""
    of_return: dict[int, dict[str, int]] = defaultdict(dict)
    for return_id, cell, value in Figure.objects.filter(
        statistics_return_id__in=[pk for _country, pks in years.values() for pk in pks],
        measure=measure,
    ).values_list("statistics_return_id", "cell", "value"):
        of_return[return_id][cell] = value
    figures = {}
    for iso, (_country_id, pks) in years.items():
        sources = [of_return[pk] for pk in pks]
        if all(sources):
            figures[iso] = _combine(sources, parents=parents, country_dimensions=country_dimensions)
    system = build_system(
        figures, breakdowns=breakdowns, parents=parents, country_dimensions=country_dimensions
    )
    started = time.perf_counter()
    values: dict[Hashable, int] = {key: value for key, value in system.values.items()}
    suppressed = protect(
        values, system.relations, threshold, insiders=system.insiders, own=system.own
    )
    seconds = time.perf_counter() - started
    logger.info(
        "disclosure pattern of %s %s: %d countries, %d cells, %d suppressed, %.3f s",
        measure.code,
        year,
        len(figures),
        len(system.values),
        len(suppressed),
        seconds,
    )
    return {
        "values": system.values,
        "suppressed": frozenset(suppressed),
        "countries": sorted(figures),
        "seconds": seconds,
    }


def _stamp(rows: Sequence[tuple]) -> str:
    newest = max((row[5] for row in rows if row[5] is not None), default=None)
    ids = ",".join(f"{row[0]}@{row[5]}" for row in rows)
    digest = hashlib.sha256(ids.encode()).hexdigest()[:16]
    return f"{len(rows)}:{newest.isoformat() if newest else '-'}:{digest}"


def publication(*, measure: Measure, year: int, viewer=None) -> Publication:
    """Every cell published of `measure` for `year`, as `viewer` sees it (None: the public).

    Queries: the published returns of the year and the measure's bands on every call, the
    figures when the pattern is not cached; never one per country."""
    threshold = settings.STATS_DISCLOSURE_THRESHOLD
    rows = _published_rows(year=year)
    years = {iso: value for (_year, iso), value in _years_of(rows).items()}
    breakdowns, parents, country_dimensions = _cube_shape(measure)
    shape = json.dumps([breakdowns, parents, sorted(country_dimensions)], sort_keys=True)
    pattern = cached(
        "stats:publication",
        stamp=_stamp(rows),
        parts=(measure.pk, year, threshold, hashlib.sha256(shape.encode()).hexdigest()),
        compute=lambda: _pattern(
            measure=measure,
            year=year,
            years=years,
            breakdowns=breakdowns,
            parents=parents,
            country_dimensions=country_dimensions,
            threshold=threshold,
        ),
        timeout=settings.STATS_PATTERN_CACHE_SECONDS,
    )

    values: dict[Key, int] = pattern["values"]
    suppressed: frozenset[Key] = pattern["suppressed"]
    countries: list[str] = pattern["countries"]
    exact = {
        iso for iso in countries if viewer is not None and can_read_exact(viewer, years[iso][0])
    }
    if viewer is not None and can_review(viewer):
        exact.add(REGION)

    position = {breakdown_code(b): i for i, b in enumerate(breakdowns)}
    rank = {iso: i for i, iso in enumerate([*countries, REGION])}

    def order(key: Key) -> tuple:
        country, cell = key
        return (rank[country], position.get(breakdown_of(cell), -1) if cell else -2, cell)

    result = Publication(
        measure=measure,
        year=year,
        countries=countries,
        threshold=threshold,
        computed_seconds=pattern["seconds"],
    )
    for key in sorted(values, key=order):
        hidden = key in suppressed and key[0] not in exact
        result._cells[key] = PublishedCell(
            country=key[0], cell=key[1], value=None if hidden else values[key], suppressed=hidden
        )
    return result
