"""Time the weighted roll-up of a POA ten times the size of POA 2018 (issue #4).

    .venv/bin/python bench/monitoring_rollup.py

Builds, in a throwaway test database, 90 national bodies (the 9 of the coalition and 81
synthetic ones), a POA of 200 activities and its two reporting periods with every report
approved, then times monitoring.selectors.poa_results and poa_dashboard."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BODIES, ACTIVITIES, RUNS = 90, 200, 20


def main() -> None:
    from members.loaders import load_coalition
    from members.models import NationalBody
    from members.tests.factories import UserFactory
    from monitoring.models import ProgressEntry
    from monitoring.selectors import poa_dashboard, poa_results
    from monitoring.tests.factories import both_semesters_approved, extra_bodies, synthetic_poa

    load_coalition()
    st = UserFactory(username="bench-st", role="st")
    extra_bodies(BODIES - NationalBody.objects.count())
    poa = synthetic_poa(2030, operational=40, activities=ACTIVITIES)
    periods = both_semesters_approved(st, poa, progress=(60, 80))
    rows = ProgressEntry.objects.filter(report__period__poa=poa).count()
    poa_results(poa=poa, period=periods[1])
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            poa_results(poa=poa, period=periods[1])
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    poa_dashboard(poa=poa, include_pending=True)
    dashboard = time.perf_counter() - start
    print(
        f"{NationalBody.objects.count()} bodies, {ACTIVITIES} activities, {rows} progress rows "
        f"({connection.vendor})\n"
        f"poa_results: median {statistics.median(timings) * 1000:.1f} ms, "
        f"max {max(timings) * 1000:.1f} ms over {RUNS} runs, {len(queries)} queries\n"
        f"poa_dashboard (official + pending + both semesters): {dashboard * 1000:.1f} ms"
    )


if __name__ == "__main__":
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        main()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
