"""`manage.py import_population FILE --source "WPP 2024" [--year 2023 ...] [--demo]`: ST loads
the SDG 16.2.2 population denominators from a UN World Population Prospects single-age CSV
(the layout is described in stats/population.py; .csv or .csv.gz). All or nothing: a
malformed file is refused with its line and nothing is saved. `--demo` marks invented
figures (stats/data/demo_population.csv), which every rate on them says."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from stats.population import import_wpp


class Command(BaseCommand):
    help = "Import population figures (SDG 16.2.2 denominators) from a WPP single-age CSV."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="WPP ...PopulationBySingleAgeSex... .csv(.gz)")
        parser.add_argument("--source", required=True, help='Where they come from: "WPP 2024"')
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="Import only this year (repeat for several); default: every year in the file.",
        )
        parser.add_argument(
            "--demo", action="store_true", help="The figures are invented (tests, the demo)."
        )

    def handle(self, *args, file: Path, source: str, years, demo: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_wpp(
                file, source=source, years=set(years) if years else None, is_demo=demo
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} created, {result.updated} updated: "
                f"{', '.join(result.countries)} × {', '.join(map(str, result.years))}"
                f"{' (demo figures)' if demo else ''}; {result.skipped_lines} lines skipped "
                "(aggregates, other countries or years)."
            )
        )
