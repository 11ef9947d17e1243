"""Factories of the stats app's tests."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from members.models import Country
from members.tests.factories import UserFactory
from stats.cells import TOTAL, cell_code, parse_cell
from stats.models import Figure, Measure, StatisticsReturn
from stats.selectors.returns import CubeLayout


class StatisticsReturnFactory(DjangoModelFactory):
    class Meta:
        model = StatisticsReturn

    country = factory.LazyFunction(lambda: Country.objects.get(iso_code="HN"))
    year = 2024
    semester = None
    created_by = factory.SubFactory(UserFactory)


def return_with_figures(
    iso: str,
    figures: dict[str, int],
    *,
    year: int,
    measure: str = "victims_identified",
    state: str = StatisticsReturn.State.PUBLISHED,
    semester: int | None = None,
) -> StatisticsReturn:
    """A return of `iso` for `year` in `state` holding `figures` ({cell code: value}) of one
    measure, bulk-inserted (the services are what the tests check elsewhere)."""
    statistics_return = StatisticsReturnFactory(
        country=Country.objects.get(iso_code=iso),
        year=year,
        semester=semester,
        state=state,
        published_at=timezone.now() if state == StatisticsReturn.State.PUBLISHED else None,
    )
    measure_row = Measure.objects.get(code=measure)
    Figure.objects.bulk_create(
        Figure(
            statistics_return=statistics_return,
            measure=measure_row,
            breakdown="+".join(sorted(parse_cell(cell))),
            cell=cell,
            value=value,
        )
        for cell, value in figures.items()
    )
    return statistics_return


def complete_figures(layout: CubeLayout, total: int = 20) -> dict[tuple[str, str], int]:
    """A return that is complete and adds up: each measure's `total`, every one-way
    breakdown's first category holding it all (its finer bands split evenly, the first
    taking the odd one), "unknown" and the rest 0; a country dimension gives it all to
    Guatemala; a two-way breakdown puts it in the cell of both first categories."""
    figures: dict[tuple[str, str], int] = {}
    for measure in layout.measures.values():
        m = measure.code
        figures[m, TOTAL] = total
        firsts = {}
        for dims in measure.breakdowns:
            if len(dims) != 1:
                continue
            dim = layout.dimensions[dims[0]]
            if dim.is_country:
                figures[m, cell_code({dim.code: "GT"})] = total
                figures[m, cell_code({dim.code: dim.unknown})] = 0
                firsts[dim.code] = "GT"
                continue
            for i, top in enumerate(dim.top_level):
                figures[m, cell_code({dim.code: top.code})] = total if i == 0 else 0
                children = dim.children(top.code)
                for j, child in enumerate(children):
                    share = total // len(children) + (total % len(children) if j == 0 else 0)
                    figures[m, cell_code({dim.code: child.code})] = share if i == 0 else 0
            firsts[dim.code] = dim.top_level[0].code
        for dims in measure.breakdowns:
            if len(dims) != 2:
                continue
            rows, cols = (layout.dimensions[d] for d in dims)
            for r in rows.top_level:
                for c in cols.top_level:
                    first = r.code == firsts.get(rows.code, rows.top_level[0].code) and (
                        c.code == firsts.get(cols.code, cols.top_level[0].code)
                    )
                    figures[m, cell_code({rows.code: r.code, cols.code: c.code})] = (
                        total if first else 0
                    )
    return figures
