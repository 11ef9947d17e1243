"""Demo statistics (invented, for the demo and screenshots only): every member country's
returns for two years, entered, submitted, validated and published through the services as
its focal point and ST would, with small cells so that the public pages show suppression;
and the demo population file (stats/data/demo_population.csv, marked demo). Idempotent: a
country-year already there is left as it is."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.models import Country, User
from stats import services
from stats.cells import TOTAL, cell_code
from stats.loaders import load_cube
from stats.models import StatisticsReturn
from stats.population import import_wpp
from stats.selectors.returns import cube_layout

YEARS = (2024, 2025)
DEMO_POPULATION = Path(__file__).resolve().parents[2] / "data" / "demo_population.csv"


def split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` in whole parts proportional to `weights` (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)[
        : total - sum(parts)
    ]:
        parts[i] += 1
    return parts


def northwest(rows: list[int], cols: list[int]) -> list[list[int]]:
    """A table of whole numbers with these margins (both add up to the same total)."""
    rows, cols = rows[:], cols[:]
    table = [[0] * len(cols) for _ in rows]
    i = j = 0
    while i < len(rows) and j < len(cols):
        take = min(rows[i], cols[j])
        table[i][j] = take
        rows[i] -= take
        cols[j] -= take
        if rows[i] == 0:
            i += 1
        else:
            j += 1
    return table


def demo_figures(layout, iso: str, rng: random.Random) -> dict[tuple[str, str], int]:
    figures: dict[tuple[str, str], int] = {}
    neighbours = ["GT", "HN", "SV", "NI", "VE", "CO"]
    for measure in layout.measures.values():
        m = measure.code
        total = rng.randint(3, 60)
        figures[m, TOTAL] = total
        margins: dict[str, list[int]] = {}
        for dims in measure.breakdowns:
            if len(dims) != 1:
                continue
            dim = layout.dimensions[dims[0]]
            if dim.is_country:
                origins = [iso] + [c for c in rng.sample(neighbours, 2) if c != iso]
                parts = split(total, [6, 2, 1, 1][: len(origins) + 1])
                for code, value in zip([*origins, dim.unknown], parts, strict=False):
                    figures[m, cell_code({dim.code: code})] = value
                continue
            tops = dim.top_level
            weights = [0.5 if v.code == dim.unknown else rng.uniform(1, 6) for v in tops]
            parts = split(total, weights)
            margins[dim.code] = parts
            for top, value in zip(tops, parts, strict=True):
                figures[m, cell_code({dim.code: top.code})] = value
                children = dim.children(top.code)
                if children:
                    for child, share in zip(
                        children, split(value, [rng.uniform(1, 3) for _ in children]), strict=True
                    ):
                        figures[m, cell_code({dim.code: child.code})] = share
        for dims in measure.breakdowns:
            if len(dims) != 2:
                continue
            rows, cols = (layout.dimensions[d] for d in dims)
            table = northwest(margins[rows.code], margins[cols.code])
            for r, row in zip(rows.top_level, table, strict=True):
                for c, value in zip(cols.top_level, row, strict=True):
                    figures[m, cell_code({rows.code: r.code, cols.code: c.code})] = value
    return figures


class Command(BaseCommand):
    help = "Demo statistics: published returns of every member country (invented figures)."

    def handle(self, *args, **options):
        st = User.objects.filter(role=User.Role.SECRETARIAT, is_active=True).first()
        if st is None:
            raise CommandError("Run `python manage.py load_demo` first (no ST account).")
        load_cube()
        import_wpp(DEMO_POPULATION, source="Demo (invented)", is_demo=True)
        layout = cube_layout()
        rng = random.Random(20)
        made = 0
        for country in Country.objects.order_by("iso_code"):
            focal = User.objects.filter(
                role=User.Role.FOCAL_POINT, national_body__country=country, is_active=True
            ).first()
            if focal is None:
                continue
            for year in YEARS:
                figures = demo_figures(layout, country.iso_code, rng)
                if StatisticsReturn.objects.filter(country=country, year=year).exists():
                    continue
                r = services.return_create(user=focal, country=country, year=year)
                r = services.figures_save(
                    user=focal, statistics_return=r, figures=figures, expected_version=r.version
                )
                r = services.return_submit(
                    user=focal, statistics_return=r, expected_version=r.version
                )
                r = services.return_validate(
                    user=st, statistics_return=r, expected_version=r.version
                )
                services.return_publish(user=st, statistics_return=r, expected_version=r.version)
                made += 1
        self.stdout.write(f"stats: {made} demo returns published (invented figures)")
