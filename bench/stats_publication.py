"""The regional statistics at 10× (issue 20): time to compute what is published (the
disclosure pattern, stats.selectors.publication) after a new return, the regional trends
page and the API list's first page, cold and warm.

    .venv/bin/python bench/stats_publication.py [--scale 1|10] [--runs 3] [--profile]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/python bench/stats_publication.py

In a throwaway test database on DATABASE_URL (SQLite by default; on PostgreSQL
`test_<name>` is created and dropped, so two runs must not share a name): the coalition's 9 member countries (load_coalition)
and, at `--scale 10`, 81 more with real ISO 3166 codes not already used (django-countries
knows them), the cube of stats/data/cube.yaml (load_cube) and one annual return per country
and year 2016–2025, PUBLISHED, with every breakdown of every measure filled by
load_demo_stats' generator (demo_figures: figures that add up, small cells, so suppression
has work). For speed the returns are created published and their figures bulk-inserted:
the services (entry, submit checks, validation, publication) are bypassed for the setup
only; every figure measured is read through the platform's own selectors and pages.

Measured, the median of `--runs` (max beside it). "Cold": django.core.cache.cache.clear()
before each run, so every disclosure pattern is computed afresh (what the first reader
after a publication pays); "warm": the patterns cached by the previous request.
- publication(measure=…, year=2025, viewer=None) cold, per measure, with its cells and
  suppressed cells (and the part of it spent in stats.disclosure.protect); then every
  measure × every year in one pass (what /statistics/ needs after a new return);
- /statistics/ as a visitor (Django's test client: middleware, template, charts) cold and
  warm, with its queries;
- /api/v1/statistics/?year=2025, first page, with a partner's knox token, cold and warm.

The floor, measured in the same run: the same figures read with one `.values_list()` query
and summed in Python into the regional table (no suppression, no template, no serializer);
each figure is read as its ratio to its floor. `--profile` adds one cold publication of the
slowest measure under cProfile (the 15 heaviest functions by cumulative time)."""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import logging
import os
import pstats
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

YEARS = range(2016, 2026)
YEAR = 2025
TRENDS = "/statistics/"
API = f"/api/v1/statistics/?year={YEAR}"


def seed(*, scale: int) -> dict[str, int]:
    from bench.synthetic import populate_statistics
    from members.loaders import load_coalition
    from members.models import NationalBody

    if not NationalBody.objects.exists():
        load_coalition()
    sizes = populate_statistics(scale, years=YEARS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return sizes


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _cold(fn) -> float:
    from django.core.cache import cache

    cache.clear()
    return _timed(fn)


def _get(client, url: str) -> tuple[float, int]:
    """Seconds until the last byte, queries."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        len(response.content)
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries)


# --- floors: the same figures, one query, summed in Python -------------------------------


def _published_figures():
    from stats.models import Figure

    return Figure.objects.filter(statistics_return__state="published")


def _floor_publication(measure) -> None:
    """A measure-year's country tables and their sum, the regional table."""
    region: dict[str, int] = defaultdict(int)
    for _iso, cell, value in (
        _published_figures()
        .filter(measure=measure, statistics_return__year=YEAR)
        .values_list("statistics_return__country__iso_code", "cell", "value")
    ):
        region[cell] += value


def _floor_all() -> None:
    """Every measure-year's regional table."""
    region: dict[tuple[int, int, str], int] = defaultdict(int)
    for measure, year, cell, value in _published_figures().values_list(
        "measure_id", "statistics_return__year", "cell", "value"
    ):
        region[measure, year, cell] += value


def _floor_trends() -> None:
    """The regional total of every measure and year."""
    totals: dict[tuple[str, int], int] = defaultdict(int)
    for measure, year, value in (
        _published_figures()
        .filter(cell="")
        .values_list("measure__code", "statistics_return__year", "value")
    ):
        totals[measure, year] += value


def _floor_api() -> None:
    """The year's cells (countries, then the regional sums) and its first page."""
    rows = list(
        _published_figures()
        .filter(statistics_return__year=YEAR)
        .order_by("measure__position", "statistics_return__country__iso_code", "cell")
        .values_list("measure__code", "statistics_return__country__iso_code", "cell", "value")
    )
    region: dict[tuple[str, str], int] = defaultdict(int)
    for measure, _iso, cell, value in rows:
        region[measure, cell] += value
    rows[:50]


# --- the run ----------------------------------------------------------------------------


def _line(label: str, times: list[float], floors: list[float], extra: str = "") -> None:
    median, floor = statistics.median(times), statistics.median(floors)
    print(
        f"{label:34} {median:9.3f} {max(times):9.3f} {floor:8.3f} {median / floor:9.0f}×  {extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, choices=(1, 10), default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the slowest measure")
    args = parser.parse_args()
    # One INFO line per pattern computed and whitenoise's note on collectstatic: not results.
    logging.getLogger("stats.selectors.publication").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")

    from django.test import Client
    from knox.models import AuthToken

    from members.models import User
    from members.tests.factories import UserFactory
    from stats.models import Measure
    from stats.selectors.publication import publication

    started = time.perf_counter()
    sizes = seed(scale=args.scale)
    print(
        f"{args.scale}×: {sizes['countries']} countries × {len(YEARS)} years "
        f"({YEARS[0]}–{YEARS[-1]}), {sizes['returns']:,} published returns, "
        f"{sizes['figures']:,} figures ({connection.vendor}), built in "
        f"{time.perf_counter() - started:.1f} s; {args.runs} runs each, seconds"
    )
    print(f"{'':34} {'median':>9} {'max':>9} {'floor':>8} {'÷ floor':>10}")
    measures = list(Measure.objects.order_by("position", "code"))
    slowest, slowest_time = measures[0], 0.0
    for measure in measures:
        times, protects, results = [], [], []
        for _ in range(args.runs):
            times.append(
                _cold(lambda m=measure, out=results: out.append(publication(measure=m, year=YEAR)))
            )
            protects.append(results[-1].computed_seconds)
        cells = results[-1].cells()
        floors = [_timed(lambda m=measure: _floor_publication(m)) for _ in range(args.runs)]
        _line(
            f"publication {measure.code} {YEAR}",
            times,
            floors,
            f"{len(cells):,} cells, {sum(c.suppressed for c in cells):,} suppressed, "
            f"protect {statistics.median(protects):.3f} s",
        )
        if statistics.median(times) > slowest_time:
            slowest, slowest_time = measure, statistics.median(times)

    def every() -> None:
        for measure in measures:
            for year in YEARS:
                publication(measure=measure, year=year)

    every_times = [_cold(every) for _ in range(args.runs)]
    total = sum(len(publication(measure=m, year=y).cells()) for m in measures for y in YEARS)
    hidden = sum(
        c.suppressed
        for m in measures
        for y in YEARS
        for c in publication(measure=m, year=y).cells()
    )
    _line(
        f"publication, {len(measures)} measures × {len(YEARS)} years",
        every_times,
        [_timed(_floor_all) for _ in range(args.runs)],
        f"{total:,} cells, {hidden:,} suppressed",
    )

    from django.core.cache import cache

    visitor = Client()
    _get(visitor, TRENDS)  # templates, translations, charts' fonts
    cold = []
    for _ in range(args.runs):
        cache.clear()
        cold.append(_get(visitor, TRENDS))
    warm = [_get(visitor, TRENDS) for _ in range(args.runs)]
    trends_floor = [_timed(_floor_trends) for _ in range(args.runs)]
    _line(f"{TRENDS} cold", [t for t, _q in cold], trends_floor, f"{cold[-1][1]} queries")
    _line(f"{TRENDS} warm", [t for t, _q in warm], trends_floor, f"{warm[-1][1]} queries")

    partner = UserFactory(username="bench-partner", role=User.Role.PARTNER)
    _instance, token = AuthToken.objects.create(user=partner, expiry=dt.timedelta(days=1))
    api = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    _get(api, API)
    cold = []
    for _ in range(args.runs):
        cache.clear()
        cold.append(_get(api, API))
    warm = [_get(api, API) for _ in range(args.runs)]
    api_floor = [_timed(_floor_api) for _ in range(args.runs)]
    _line("API list cold", [t for t, _q in cold], api_floor, f"{cold[-1][1]} queries")
    _line("API list warm", [t for t, _q in warm], api_floor, f"{warm[-1][1]} queries")

    if args.profile:
        profiler = cProfile.Profile()
        cache.clear()
        profiler.runcall(publication, measure=slowest, year=YEAR)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(15)
        print(f"cProfile, one cold publication of {slowest.code} {YEAR}:")
        print(out.getvalue())


if __name__ == "__main__":
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        main()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
