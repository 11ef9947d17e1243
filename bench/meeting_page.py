"""The live meeting page at 1× or 10× beside its floor (issue 24), in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coalicion_bench_10x \\
      DJANGO_SETTINGS_MODULE=bench.settings .venv/bin/python bench/meeting_page.py [--profile]

On a database built by bench/synthetic.py (bench/load.sh builds coalicion_bench_1x and
coalicion_bench_10x), as the Technical Secretariat (bench-st, who sees every control) on
the plenary with the most attendances: SQL statements, server time cold (first request
after the cache is emptied) and warm (median
of 20 requests, three interleaved rounds, the median round kept), the floor (the same rows —
meeting, agenda, attendance, motions with their votes, invitations — read with `.values()`
and returned as JSON, through the same middleware) and the ratio. --profile prints where a
warm request spends its time (cProfile, top 25 by cumulative time)."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

REQUESTS, ROUNDS = 20, 3


def timed(client: Client, url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def main() -> None:
    from meetings.models import Meeting
    from members.models import User

    meeting = Meeting.objects.annotate(n=Count("attendances")).order_by("-n", "pk").first()
    st = User.objects.get(username="bench-st")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(st)
    page, bottom = f"/meetings/{meeting.pk}/", f"/bench/floor/meeting/{meeting.pk}/"

    # Cold: the first view after the cache is emptied (as after a deploy or an eviction).
    colds = []
    for _ in range(5):
        cache.clear()
        start = time.perf_counter()
        client.get(page)
        colds.append((time.perf_counter() - start) * 1000)

    rounds = []
    for _ in range(ROUNDS):
        rounds.append(
            (
                statistics.median(timed(client, page, REQUESTS)),
                statistics.median(timed(client, bottom, REQUESTS)),
            )
        )
    rounds.sort()
    warm, floor_ms = rounds[len(rounds) // 2]
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        size = len(client.get(page).content)
    print(
        f"meeting {meeting.pk} ({meeting.n} attendances, {connection.vendor}): "
        f"{len(queries)} SQL; server cold {statistics.median(colds):.1f} ms, "
        f"warm {warm:.1f} ms; floor {floor_ms:.1f} ms; ratio {warm / floor_ms:.1f}×; "
        f"{size / 1024:.0f} KB"
    )
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        timed(client, page, 10)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
