"""The regional statistics of the biennial report (issue 20: the biennial report gets "a
section" with the statistics, and it "sees only what the public sees").

Every figure comes from the statistics' public selectors with `viewer=None` — the public
pattern of stats.selectors.publication, the one every page, download and API call shows —
so a suppressed cell is frozen as `None` with `suppressed: True`: its value never reaches
the snapshot, hence neither the PDF nor the comparison with today's figures.

The part, for the report's years:
- per measure with anything published in those years (stats.selectors.outputs.measures(),
  in their order), a line per year of the report: the countries published (ISO codes), the
  regional total and whether it is suppressed; a year with nothing published of the measure
  has no countries and no total;
- the SDG 16.2.2 rows of the report's last year (stats.selectors.outputs.sdg_table): per
  country and the region, by sex and age group, the victims and the rate per 100,000 where
  published, the population (public, from WPP) or that none is loaded;
- the disclosure threshold in force (the note on suppression names it) and the names of the
  SDG categories in both languages (countries and measures too, like every other text of
  a snapshot).

A snapshot frozen before this part has no "statistics" key: its PDF has no such section
(reports.render) and comparing it with today ignores the statistics (compare.differences)."""

from __future__ import annotations

from django.conf import settings

from reports.snapshot.values import _country, num
from stats.cells import TOTAL
from stats.models import DimensionValue
from stats.selectors import sdg
from stats.selectors.outputs import measures, sdg_table
from stats.selectors.publication import REGION, publication, published_years

PUBLIC = None  # the reader the report is: the public (stats.selectors.publication)


def _measure_years(measure, years: list[int], published: set[int]) -> tuple[list[dict], int]:
    rows, threshold = [], 0
    for year in years:
        if year not in published:
            rows.append({"year": year, "countries": [], "total": None, "suppressed": False})
            continue
        shown = publication(measure=measure, year=year, viewer=PUBLIC)
        threshold = shown.threshold
        total = shown.get(REGION, TOTAL)
        rows.append(
            {
                "year": year,
                "countries": list(shown.countries),
                "total": total.value if total is not None else None,
                "suppressed": bool(total is not None and total.suppressed),
            }
        )
    return rows, threshold


def _sdg(year: int) -> tuple[dict, int]:
    lines, threshold = sdg_table(year=year, viewer=PUBLIC)
    return {
        "year": year,
        "lines": [
            {
                "country": _country(line.country),  # None: the region
                "countries": list(line.countries),
                "sex": line.sex,
                "age": line.age,
                "victims": line.numerator,  # None when suppressed
                "population": line.denominator,
                "rate": num(line.rate),  # None when suppressed or without population
                "population_missing": line.population_missing,
                "is_demo": line.is_demo,
                "suppressed": line.suppressed,
            }
            for line in lines
        ],
    }, threshold


def _category_names() -> dict[str, dict[str, str]]:
    """The SDG categories' values (sex, age group) in both languages; "all" is a word of
    the interface, translated when the PDF is rendered."""
    return {
        value.code: {"name_es": value.name_es, "name_en": value.name_en}
        for value in DimensionValue.objects.filter(
            dimension__code__in=["sex", "age"], code__in=[*sdg.SEXES, *sdg.AGES]
        )
    }


def _statistics(years: list[int]) -> dict:
    """The "statistics" part of the accountability snapshot of `years` (sorted)."""
    wanted = set(years)
    threshold = settings.STATS_DISCLOSURE_THRESHOLD
    out: list[dict] = []
    for measure in measures():
        published = set(published_years(measure=measure)) & wanted
        if not published:
            continue
        rows, threshold = _measure_years(measure, years, published)
        out.append(
            {
                "code": measure.code,
                "name_es": measure.name_es,
                "name_en": measure.name_en,
                "years": rows,
            }
        )
    table, sdg_threshold = _sdg(years[-1])
    return {
        "years": list(years),
        "threshold": sdg_threshold or threshold,
        "measures": out,
        "sdg": table,
        "categories": _category_names() if table["lines"] else {},
    }
