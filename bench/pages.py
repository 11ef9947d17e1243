"""Issue 24's pages at 1× or 10×, each beside its floor, in one run, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coalicion_bench_10x \\
      DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python bench/pages.py \\
      [--only meeting,matrix] [--profile meeting]

On a database built by bench/synthetic.py (bench/load.sh builds coalicion_bench_1x and
coalicion_bench_10x), through Django's test client (the whole server side: middleware,
session, view, template; DEBUG off), as the Technical Secretariat (bench-st, who sees every
control), as a focal point (the report form) or, for the API, with a partner token:

- dashboard: `/monitoring/?poa=<latest>&period=1`, floor: the per-activity means its
  figures start from (bench/floor.progress);
- matrix: `/plans/poa/<latest>/`, floor: its objectives, activities and responsibles
  (bench/floor.matrix);
- meeting: the plenary with the most attendances, floor: its rows (bench/floor.meeting);
- api-plan: `/api/v1/plan/`, floor: the same tree (bench/floor.plan);
- report-form: as its focal point, the draft report bench/load.sh's 10 clients read (its
  largest strategic axis's page when the form is split by axis), floor: its rows
  (bench/floor.report_rows).

For each: SQL statements cold and warm (counted by the server, bench/middleware.py), server
time cold (the first request after the cache is emptied: median of 5, or of --colds: more on
a noisy machine), cold with nothing kept (the cache emptied and the results roll-ups of
monitoring.rollup deleted: what the first reader pays after a change no review announced)
and warm (median of 20 requests, three rounds interleaved with the floor's, the median round
kept), the floor's time, warm ÷ floor, and the page's size. The progress report form also has
a script of its own (bench/report_form.py: the whole report and the failed save, on data it
builds); the biennial report too (bench/report_build.py).
--profile NAME prints where a warm request of that page spends its time (cProfile, top 25
cumulative)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

REQUESTS, ROUNDS, COLDS = 20, 3, 5


@dataclass
class Page:
    name: str
    url: str
    floor: str
    client: Client


def pages() -> list[Page]:
    from bench.synthetic import load_variables
    from meetings.models import Meeting
    from members.models import User
    from members.services import api_token_create
    from plans.models import POA

    year = POA.objects.order_by("-year").values_list("year", flat=True).first()
    meeting = Meeting.objects.annotate(n=Count("attendances")).order_by("-n", "pk").first()
    st = User.objects.get(username="bench-st")
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(st)
    token = api_token_create(
        user=st,
        label="bench/pages.py",
        scope=User.Role.PARTNER,
        agency="Bench",
        expires_on=dt.date.today() + dt.timedelta(days=1),
    )
    partner = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {token.token}")
    # The report form as bench/load.sh reads it: the first deadline account's draft report.
    variables = load_variables(accounts=1)
    focal_point = Client(HTTP_HOST="127.0.0.1")
    focal_point.force_login(User.objects.get(username=variables["BENCH_REPORT_FORM_USER"]))
    return [
        Page(
            "dashboard",
            f"/monitoring/?poa={year}&period=1",
            f"/bench/floor/progress/?year={year}&semester=1",
            signed_in,
        ),
        Page("matrix", f"/plans/poa/{year}/", f"/bench/floor/matrix/{year}/", signed_in),
        Page(
            f"meeting ({meeting.n} attendances)",
            f"/meetings/{meeting.pk}/",
            f"/bench/floor/meeting/{meeting.pk}/",
            signed_in,
        ),
        Page("api-plan", "/api/v1/plan/", "/bench/floor/plan/", partner),
        Page(
            "report-form (its largest axis's page)",
            variables["BENCH_REPORT_FORM"],
            variables["BENCH_FLOOR_REPORT"],
            focal_point,
        ),
    ]


def get(client: Client, url: str) -> tuple[float, int, int]:
    """Server time in ms, SQL statements and bytes of one request."""
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, int(response["X-SQL-Queries"]), len(response.content)


def median_of(client: Client, url: str, n: int) -> float:
    return statistics.median(get(client, url)[0] for _ in range(n))


def measure(page: Page, n_colds: int = COLDS) -> dict:
    from monitoring.models import ResultRollup

    colds, cold_sql = [], 0
    for _ in range(n_colds):
        cache.clear()
        elapsed, cold_sql, _size = get(page.client, page.url)
        colds.append(elapsed)
    bare = []  # nothing kept: neither the page nor the results roll-up (monitoring.rollup)
    for _ in range(n_colds):
        cache.clear()
        ResultRollup.objects.all().delete()
        bare.append(get(page.client, page.url)[0])
    get(page.client, page.url)
    _, warm_sql, size = get(page.client, page.url)
    rounds = sorted(
        (median_of(page.client, page.url, REQUESTS), median_of(page.client, page.floor, REQUESTS))
        for _ in range(ROUNDS)
    )
    warm, floor = rounds[len(rounds) // 2]
    return {
        "sql": f"{cold_sql}; {warm_sql}",
        "cold": statistics.median(colds),
        "bare": statistics.median(bare),
        "warm": warm,
        "floor": floor,
        "size": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--profile", default="", help="a page name")
    parser.add_argument(
        "--colds", type=int, default=COLDS, help="cold requests whose median is kept"
    )
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    chosen = [p for p in pages() if not only or p.name.split()[0] in only]
    print(f"{connection.vendor}, {connection.settings_dict['NAME']}")
    print(f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    print(
        "| page | SQL cold; warm | cold ms | cold, nothing kept ms | warm ms | floor ms "
        "| warm ÷ floor | KB |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for page in chosen:
        m = measure(page, args.colds)
        print(
            f"| {page.name} | {m['sql']} | {m['cold']:.1f} | {m['bare']:.1f} | {m['warm']:.1f} "
            f"| {m['floor']:.1f} | {m['warm'] / m['floor']:.1f}× | {m['size'] / 1024:.0f} |"
        )
    if args.profile:
        import cProfile
        import pstats

        page = next(p for p in chosen if p.name.split()[0] == args.profile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            get(page.client, page.url)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
