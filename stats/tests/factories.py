"""Factories of the stats app's tests."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from members.models import Country
from members.tests.factories import UserFactory
from stats.cells import TOTAL, cell_code
from stats.models import StatisticsReturn
from stats.selectors.returns import CubeLayout


class StatisticsReturnFactory(DjangoModelFactory):
    class Meta:
        model = StatisticsReturn

    country = factory.LazyFunction(lambda: Country.objects.get(iso_code="HN"))
    year = 2024
    semester = None
    created_by = factory.SubFactory(UserFactory)


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
