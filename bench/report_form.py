"""The progress report form at 1× and 10× (issue 24, "fast at 10× where people wait"): server
time of `monitoring:report-edit` for the focal point whose draft report is the largest of the
deadline period (16 rows at 1×, 160 at 10×), against a floor.

    .venv/bin/python bench/report_form.py [--runs 20] [--scales 1 10] [--profile]

PostgreSQL by default: DATABASE_URL=postgres://postgres@127.0.0.1:5432/coalicion_bench_form
(`test_coalicion_bench_form` is created, used and dropped). Settings: coalicion.settings.test
(DEBUG off, so Django's cached template loader is on; the script prints the loaders).

Each scale is built by bench/synthetic.populate(scale, years=2, periods=2) — the query
guard's data: POA 2019 with 20 × scale activities, both semesters opened, the second as a
deadline finds it — inside a transaction that is rolled back, so both scales start from the
same source data (the requests' own ATOMIC_REQUESTS transactions become savepoints).

For each scale it prints, through Django's test client in process (session, middleware,
view, template: the whole server side):
- SQL statements of one GET;
- cold: the first GET after the template loader's cache and the cache are emptied;
- warm: the median (min–max) of `--runs` GETs, and the median CPU time of this process
  for one (the server's Python work without PostgreSQL's: steadier on a shared machine);
- the failed save: a POST of the same rows with one progress out of range (the form comes
  back with the message next to the field), median of `--runs`;
- the floor: the same rows from one `.values()` query as JSON (bench/floor.report_rows),
  through the same client and middleware, median of `--runs`; and the ratio warm ÷ floor;
- the response's size;
- where a warm GET's time goes without the middleware: the selector, the formset, the
  template, and the CPU time of the three.
`--profile` adds cProfile's top functions over `--runs` warm GETs at the largest scale (and
leaves the stats in /tmp/report_form.prof).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coalicion_bench_form")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.template import engines  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402


def _reset_templates() -> None:
    for engine in engines.all():
        for loader in engine.engine.template_loaders:
            if hasattr(loader, "reset"):
                loader.reset()


def _timed(client, method: str, url: str, data=None, status: int = 200):
    """(seconds, queries, bytes) of one request."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        size = len(response.content)
        elapsed = time.perf_counter() - start
    assert response.status_code == status, (url, response.status_code)
    return elapsed, len(queries), size, response


def _post_data(html: str) -> dict[str, str]:
    """The form as the browser would send it back, with the first row's progress out of
    range (the view re-renders the whole form with the message next to the field)."""
    data: dict[str, str] = {}
    for tag in re.findall(r"<input\b[^>]*>", html):
        name = re.search(r'\bname="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        value = re.search(r'\bvalue="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(
        r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S
    ):
        data[name] = body.strip("\n")
    for name, body in re.findall(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    data["rows-0-progress"] = "150"
    data["save"] = ""
    return data


def _split(client, report, url: str, runs: int, axis: int | None) -> dict[str, float]:
    """Where a warm GET's time goes, each part the median of `runs`: the report and its rows
    (monitoring.selectors.report_detail, 4 queries), the formset, and the template."""
    from django.shortcuts import render

    from monitoring import forms
    from monitoring.views.reports import _initial_rows
    from monitoring.views.shared import get_report

    request = client.get(url).wsgi_request  # a request the middleware went through
    parts: dict[str, list[float]] = {"select": [], "formset": [], "template": [], "cpu": []}
    for _ in range(runs):
        cpu = time.process_time()
        start = time.perf_counter()
        loaded = get_report(report.pk, axis=axis)
        selected = time.perf_counter()
        formset = forms.EntryFormSet(initial=_initial_rows(loaded), prefix="rows")
        meta = forms.ReportSaveForm(initial={"version": loaded.version})
        built = time.perf_counter()
        render(
            request,
            "monitoring/report_form.html",
            {
                "report": loaded,
                "formset": formset,
                "meta": meta,
                "rows": list(zip(loaded.rows, formset.forms, strict=False)),
            },
        )
        parts["template"].append(time.perf_counter() - built)
        parts["formset"].append(built - selected)
        parts["select"].append(selected - start)
        parts["cpu"].append(time.process_time() - cpu)
    return {name: statistics.median(values) for name, values in parts.items()}


def _page(client, report, runs: int, axis: int | None, profile: bool) -> dict:
    """The figures of one page of the form: the whole report (axis None) or one axis."""
    query = f"?axis={axis}" if axis is not None else ""
    url = f"/monitoring/reports/{report.pk}/edit/{query}"
    floor_url = f"/bench/floor/report/{report.pk}/{query}"
    _reset_templates()
    cache.clear()
    cold, queries, size, response = _timed(client, "get", url)
    html = response.content.decode()
    rows = html.count('<fieldset class="card mb-3')
    fields = len(re.findall(r"<(?:input|select|textarea)\b", html))
    warm, warm_cpu = [], []
    for _ in range(runs):
        cpu = time.process_time()
        warm.append(_timed(client, "get", url)[0])
        warm_cpu.append(time.process_time() - cpu)
    data = _post_data(html)
    failed, post_queries, post_size, post = _timed(client, "post", url, data)
    assert "is-invalid" in post.content.decode(), "the failed save shows no error"
    failed = [_timed(client, "post", url, data)[0] for _ in range(runs)]
    _timed(client, "get", floor_url)
    floors = [_timed(client, "get", floor_url)[0] for _ in range(runs)]
    result = {
        "page": "whole report" if axis is None else f"axis {axis} (the largest)",
        "rows": rows,
        "fields": fields,
        "queries": queries,
        "cold": cold,
        "warm": statistics.median(warm),
        "warm_max": max(warm),
        "warm_min": min(warm),
        "warm_cpu": statistics.median(warm_cpu),
        "failed": statistics.median(failed),
        "post_queries": post_queries,
        "post_size": post_size,
        "floor": statistics.median(floors),
        "size": size,
    }
    result.update(_split(client, report, url, runs, axis))
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(url)
        profiler.disable()
        profiler.dump_stats("/tmp/report_form.prof")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return result


def measure(scale: int, runs: int, profile: bool) -> list[dict]:
    """The report's form as one page (REPORT_FORM_PAGE_ROWS set above its rows) and, when the
    report is longer than REPORT_FORM_PAGE_ROWS, its largest axis's page, as people get it."""
    from django.conf import settings
    from django.test import Client

    from bench.synthetic import FIRST_YEAR, populate
    from members.models import User
    from monitoring import selectors
    from monitoring.models import ProgressReport, ReportingPeriod

    started = time.perf_counter()
    populate(scale, years=2, periods=2)
    built = time.perf_counter() - started
    period = ReportingPeriod.objects.get(poa__year=FIRST_YEAR + 1, semester=2)
    report = (
        ProgressReport.objects.filter(
            period=period, status=ProgressReport.Status.DRAFT, is_regional=False
        )
        .order_by("pk")
        .first()
    )
    client = Client()
    client.force_login(
        User.objects.filter(role=User.Role.FOCAL_POINT, national_body=report.national_body).first()
    )
    with override_settings(REPORT_FORM_PAGE_ROWS=10**6):
        results = [_page(client, report, runs, None, profile=False)]
    parts = selectors.report_form_parts(
        report_id=report.pk, page_rows=settings.REPORT_FORM_PAGE_ROWS
    )
    if parts:
        largest = max(parts, key=lambda part: part.rows)
        results.append(_page(client, report, runs, largest.number, profile))
    for result in results:
        result.update(scale=scale, built=built, axes=len(parts))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    from django.core.management import call_command

    call_command("load_coalition", verbosity=0)
    loaders = [
        type(loader).__module__ + "." + type(loader).__name__
        for engine in engines.all()
        for loader in engine.engine.template_loaders
    ]
    print(f"{connection.vendor}, DEBUG off, template loaders: {', '.join(loaders)}")
    results = []
    for scale in args.scales:
        with transaction.atomic():
            results += measure(scale, args.runs, args.profile and scale == max(args.scales))
            transaction.set_rollback(True)
    ms = 1000
    print(
        f"\n| scale | page | rows | fields | SQL | cold ms | warm ms (median of {args.runs}) | min–max ms "
        "| warm CPU ms | failed save ms (SQL) | floor ms | warm ÷ floor | bytes |"
    )
    print(
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for r in results:
        print(
            f"| {r['scale']}× | {r['page']} | {r['rows']} | {r['fields']} | {r['queries']} | "
            f"{r['cold'] * ms:.0f} | {r['warm'] * ms:.1f} | "
            f"{r['warm_min'] * ms:.0f}–{r['warm_max'] * ms:.0f} | {r['warm_cpu'] * ms:.1f} | "
            f"{r['failed'] * ms:.0f} ({r['post_queries']}) | {r['floor'] * ms:.1f} | "
            f"{r['warm'] / r['floor']:.1f}× | {r['size']:,} |"
        )
    print(
        "\nWithout the middleware, medians in ms: report and rows (selector) · formset · "
        "template · CPU of this process for the three"
    )
    for r in results:
        print(
            f"  {r['scale']}×, {r['page']}: {r['select'] * ms:.1f} · {r['formset'] * ms:.1f} · "
            f"{r['template'] * ms:.1f} · {r['cpu'] * ms:.1f}"
        )


if __name__ == "__main__":
    # Not setup_test_environment(): it instruments every template render (a signal and a
    # copy of the context per template, which the test client stores), which would more
    # than double the cost of the very thing measured here.
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            ROOT_URLCONF="bench.urls",  # the application's URLs and the floors
            ALLOWED_HOSTS=["testserver"],
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ):
            main()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
