"""SDG indicator 16.2.2: number of victims of human trafficking per 100,000 population, by
sex and age (children under 18 / adults) — issue 20: "rates per 100,000 for SDG 16.2.2, with
population denominators … no figure invented — where none is loaded the rate says so".

The numerator is the measure flagged `sdg_16_2_2` (victims identified) in the PUBLISHED
returns of the year: the annual return, or, for a country that reports by semester, the sum
of both semesters' published returns (one semester alone is half a year and gives no row).
An age group's figure is its own cell ("age=0-17") or, where the return gives the finer
bands instead, the sum of the bands inside it ("0-11" + "12-17"). The denominator is the
Population row of the country, year, sex and age group (stats.population, from WPP).

The rate is numerator × 100,000 / denominator, rounded half up to 2 decimals. Without a
population figure the row has `population_missing` and no rate (pages say NO_POPULATION);
a denominator marked demo makes the row `is_demo`. The regional row sums the numerators and
the denominators of the countries that have both, and names them.

Disclosure: this selector gives the EXACT figures. What anyone but ST and the reporting
country sees goes through stats.selectors.outputs, which shows a rate only where its
numerator is published in stats.selectors.publication (suppression included).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from members.models import Country
from stats.cells import breakdown_code, cell_code, parse_cell
from stats.models import DimensionValue, Figure, Measure, Population, StatisticsReturn

ALL = "all"
PER = 100_000
CHILDREN, ADULTS = "0-17", "18+"
SEXES = ("female", "male")
AGES = (CHILDREN, ADULTS)
# (sex, age) in the order pages show them: total, by sex, by age, by sex × age.
CATEGORIES: tuple[tuple[str, str], ...] = (
    (ALL, ALL),
    *((sex, ALL) for sex in SEXES),
    *((ALL, age) for age in AGES),
    *((sex, age) for sex in SEXES for age in AGES),
)
NO_POPULATION = _("no population loaded")
DEMO_POPULATION = _("invented population (demo)")

_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class SdgRow:
    """One rate. `country` None: the regional row, over `countries` (ISO codes of those
    counted). `sex` and `age` are value codes of the cube or "all"."""

    country: Country | None
    sex: str
    age: str
    numerator: int
    denominator: int | None
    rate: Decimal | None
    population_missing: bool
    is_demo: bool
    countries: tuple[str, ...]

    @property
    def is_regional(self) -> bool:
        return self.country is None


def rate_per_100k(numerator: int, denominator: int) -> Decimal:
    """numerator per 100,000 of denominator, 2 decimals, half up (23 / 4,567,890 → 0.50)."""
    return (Decimal(numerator) * PER / Decimal(denominator)).quantize(
        _TWO_PLACES, rounding=ROUND_HALF_UP
    )


def _age_children() -> dict[str, list[str]]:
    """The age values' finer bands: {"0-17": ["0-11", "12-17"], "18+": [...], ...}."""
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in DimensionValue.objects.filter(
        dimension__code="age", parent__isnull=False
    ).values_list("code", "parent__code"):
        children[parent].append(code)
    return children


def _age_value(by_age: dict[str, int], age: str, children: dict[str, list[str]]) -> int | None:
    """The age group's own cell, or else the sum of its finer bands when every one of them
    has a figure (a band missing would understate it)."""
    if age in by_age:
        return by_age[age]
    parts = [_age_value(by_age, child, children) for child in children.get(age, [])]
    if not parts or any(part is None for part in parts):
        return None
    return sum(part for part in parts if part is not None)


def _numerators(
    cells: dict[tuple[str, str], int], children: dict[str, list[str]]
) -> dict[tuple[str, str], int]:
    """One return's figures of the measure, {(breakdown, cell): value}, as victims by SDG
    category {(sex, age): n}, for the categories the return gives."""
    out: dict[tuple[str, str], int] = {}
    for sex, age in CATEGORIES:
        wanted = {d: v for d, v in (("sex", sex), ("age", age)) if v != ALL}
        breakdown = breakdown_code(wanted)
        if age == ALL:
            value = cells.get((breakdown, cell_code(wanted)))
        else:
            by_age = {}
            for (b, cell), n in cells.items():
                values = parse_cell(cell)
                if b == breakdown and (sex == ALL or values.get("sex") == sex):
                    by_age[values["age"]] = n
            value = _age_value(by_age, age, children)
        if value is not None:
            out[(sex, age)] = value
    return out


def _country_numerators(
    returns: list[StatisticsReturn], cells_of: dict[int, dict], children: dict[str, list[str]]
) -> dict[tuple[str, str], int] | None:
    """A country's year: its annual published return, or both semesters summed (where both
    give a category); one semester alone is no year."""
    annual = [r for r in returns if r.semester is None]
    if annual:
        return _numerators(cells_of[annual[0].pk], children)
    semesters = {r.semester: r for r in returns}
    if set(semesters) != {1, 2}:
        return None
    first = _numerators(cells_of[semesters[1].pk], children)
    second = _numerators(cells_of[semesters[2].pk], children)
    return {key: first[key] + second[key] for key in first.keys() & second.keys()}


def sdg_16_2_2(*, year: int, countries: Iterable[Country] | None = None) -> list[SdgRow]:
    """The SDG 16.2.2 rates of `year` from published returns: per country (by name) each
    category it gives (total, by sex, by age, by sex × age), then the regional rows."""
    measure = Measure.objects.filter(sdg_16_2_2=True).order_by("position", "code").first()
    if measure is None:
        return []
    returns = StatisticsReturn.objects.filter(
        year=year, state=StatisticsReturn.State.PUBLISHED
    ).select_related("country")
    if countries is not None:
        returns = returns.filter(country__in=list(countries))
    by_country: dict[int, list[StatisticsReturn]] = defaultdict(list)
    for statistics_return in returns:
        by_country[statistics_return.country_id].append(statistics_return)
    cells_of: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for return_id, breakdown, cell, value in Figure.objects.filter(
        statistics_return__in=[r.pk for rs in by_country.values() for r in rs], measure=measure
    ).values_list("statistics_return_id", "breakdown", "cell", "value"):
        cells_of[return_id][(breakdown, cell)] = value
    population = {
        (p.country_id, p.sex, p.age): p
        for p in Population.objects.filter(year=year, country_id__in=list(by_country))
    }
    children = _age_children()

    rows: list[SdgRow] = []
    regional: dict[tuple[str, str], list[SdgRow]] = defaultdict(list)
    ordered = sorted(by_country.values(), key=lambda rs: rs[0].country.name)
    for country_returns in ordered:
        country = country_returns[0].country
        numerators = _country_numerators(country_returns, cells_of, children)
        for sex, age in CATEGORIES:
            if numerators is None or (sex, age) not in numerators:
                continue
            figure = population.get((country.pk, sex, age))
            denominator = figure.value if figure is not None and figure.value else None
            row = SdgRow(
                country=country,
                sex=sex,
                age=age,
                numerator=numerators[(sex, age)],
                denominator=denominator,
                rate=(
                    rate_per_100k(numerators[(sex, age)], denominator)
                    if denominator is not None
                    else None
                ),
                population_missing=denominator is None,
                is_demo=bool(figure is not None and figure.is_demo and denominator),
                countries=(country.iso_code,),
            )
            rows.append(row)
            regional[(sex, age)].append(row)
    for sex, age in CATEGORIES:
        if not regional[(sex, age)]:
            continue
        counted = [row for row in regional[(sex, age)] if not row.population_missing]
        numerator = sum(row.numerator for row in counted)
        denominator = sum(row.denominator or 0 for row in counted)
        rows.append(
            SdgRow(
                country=None,
                sex=sex,
                age=age,
                numerator=numerator,
                denominator=denominator or None,
                rate=rate_per_100k(numerator, denominator) if denominator else None,
                population_missing=not counted,
                is_demo=any(row.is_demo for row in counted),
                countries=tuple(row.countries[0] for row in counted),
            )
        )
    return rows
