"""The regional directory at 20,000 contact points of 90 countries (issue 19): wall time of
the list page, its text search, the freshness board, the CSV, XLSX and vCard exports of
every entry and the API list's first page.

    .venv/bin/python bench/directory_scale.py [--entries 20000] [--countries 90] [--runs 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<name> .venv/bin/python bench/directory_scale.py

In a throwaway test database on DATABASE_URL (SQLite by default; on PostgreSQL
`test_<name>` is created and dropped): the coalition, synthetic countries up to
`--countries`, ten institutions each, and `--entries` contact points bulk-created over every
country, type, area and review interval (one office in four is a "Centro ..."). Each URL is
requested in-process through Django's test client as a member of ST (session, middleware,
the request's transaction, template or serializer: the whole page), `--runs` times; the
median and max are printed with the number of queries and the response's size.

The floor, measured in the same run: the same rows straight from `.values_list()` (no
model instances, no view, no template, no middleware): for a page the same count and first
page (the search's floor matches the office's name only), for an export the same columns
written by the cheapest writer of the format (csv.writer, openpyxl's write-only workbook,
joined vCard lines). A page's figure is read as its ratio to its floor. `--memory` adds a pass under tracemalloc: the peak Python memory
of each export (slower, so it is not timed)."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

BATCH = 2_000
NAMES = ["Centro de atención al migrante", "Consulado", "Oficina de enlace", "Unidad fiscal"]
EXPORTED = [
    "country__name_es",
    "type",
    "name",
    "institution__name",
    "contact_name",
    "position",
    "level",
    "email",
    "phone",
    "website",
    "address",
    "city",
    "areas",
    "verified_on",
]
URLS = [
    ("list, first page", "/directory/"),
    ("list, ?q=centro", "/directory/?q=centro"),
    ("freshness board", "/directory/freshness/"),
    ("CSV export, every entry", "/directory/?format=csv"),
    ("XLSX export, every entry", "/directory/?format=xlsx"),
    ("vCard export, every entry", "/directory/?format=vcf"),
    ("API list, first page", "/api/v1/contact-points/"),
]


def seed(*, countries: int, entries: int) -> None:
    from directories.models import ContactPoint, Institution
    from members.loaders import load_coalition
    from members.models import Country, NationalBody

    if not NationalBody.objects.exists():
        load_coalition()
    have = Country.objects.count()
    Country.objects.bulk_create(
        Country(iso_code=f"{n:02d}", name_es=f"País {n:02d}", name_en=f"Country {n:02d}")
        for n in range(have, countries)
    )
    chosen = list(Country.objects.order_by("pk")[:countries])
    Institution.objects.bulk_create(
        Institution(
            country=c,
            name=f"Institución {n} de {c.iso_code}",
            acronym=f"I{n}{c.iso_code}",
            sector="state",
            level="technical",
        )
        for c in chosen
        for n in range(10)
    )
    institutions: dict[int, list[int]] = {}
    for pk, country_id in Institution.objects.values_list("pk", "country_id"):
        institutions.setdefault(country_id, []).append(pk)
    types = list(ContactPoint.Type.values)
    areas = ["attention", "protection", "consular", "migration"]
    intervals = [30, 60, 90, 180, 365]
    for first in range(0, entries, BATCH):
        batch = []
        for i in range(first, min(first + BATCH, entries)):
            country = chosen[i % len(chosen)]
            kind = types[i % len(types)]
            own = institutions[country.pk]
            batch.append(
                ContactPoint(
                    country=country,
                    institution_id=own[i % len(own)] if i % 5 else None,
                    type=kind,
                    name=f"{NAMES[i % len(NAMES)]} {i}",
                    contact_name=f"Persona {i}" if i % 2 else "",
                    position="Director" if i % 2 else "",
                    email=f"c{i}@example.org",
                    phone="+504 2237-0000",
                    address=f"Calle {i}",
                    city=f"Ciudad {i % 50}",
                    areas=[areas[i % len(areas)]],
                    verified_on=None if i % 3 == 0 else dt.date(2026, 1, 1) + dt.timedelta(i % 300),
                    review_interval_days=intervals[i % len(intervals)],
                    authority_status="designated" if kind == "central_authority" else "",
                    function="prosecutor" if kind == "public_ministry" else "",
                )
            )
        ContactPoint.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _get(client, url: str) -> tuple[float, int, int]:
    """Seconds until the last byte, queries, bytes."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        size = (
            sum(len(chunk) for chunk in response) if response.streaming else len(response.content)
        )
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries), size


# --- floors: the same rows without the platform ---------------------------------------


def _floor_page(q: str = "") -> None:
    from directories.models import ContactPoint

    qs = ContactPoint.objects.order_by("country__name_es", "type", "name", "pk")
    if q:
        qs = qs.filter(name__icontains=q)
    qs.count()
    list(qs.values_list(*EXPORTED)[:25])


def _floor_freshness() -> None:
    from django.db.models import Count

    from directories.models import ContactPoint
    from directories.selectors.contacts import stale_q

    today = dt.date.today()
    list(
        ContactPoint.objects.values("country_id", "type")
        .annotate(n_stale=Count("pk", filter=stale_q(today)), n=Count("pk"))
        .order_by()
    )


def _rows():
    from directories.models import ContactPoint

    return ContactPoint.objects.order_by("country__name_es", "type", "name", "pk").values_list(
        *EXPORTED
    )


def _floor_csv() -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in _rows().iterator(chunk_size=BATCH):
        writer.writerow(row)


def _floor_xlsx() -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for row in _rows().iterator(chunk_size=BATCH):
        ws.append([*row[:12], "; ".join(row[12]), row[13].isoformat() if row[13] else ""])
    wb.save(io.BytesIO())


def _floor_vcf() -> None:
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{row[4] or row[2]}\r\nORG:{row[3] or row[2]}\r\n"
        f"EMAIL:{row[7]}\r\nTEL:{row[8]}\r\nADR:;;{row[10]};{row[11]};;;{row[0]}\r\n"
        f"NOTE:{row[1]}\r\nEND:VCARD"
        for row in _rows().iterator(chunk_size=BATCH)
    ]
    "\r\n".join(cards).encode()


def _floor_api() -> None:
    from directories.models import ContactPoint

    qs = ContactPoint.objects.order_by("country__name_es", "type", "pk")
    qs.count()
    list(qs.values()[:50])


FLOORS = [
    lambda: _floor_page(),
    lambda: _floor_page("centro"),
    _floor_freshness,
    _floor_csv,
    _floor_xlsx,
    _floor_vcf,
    _floor_api,
]


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--countries", type=int, default=90)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="peak memory of each export")
    args = parser.parse_args()

    from django.test import Client

    from directories.models import ContactPoint
    from members.tests.factories import UserFactory

    started = time.perf_counter()
    seed(countries=args.countries, entries=args.entries)
    print(
        f"{ContactPoint.objects.count():,} contact points of "
        f"{ContactPoint.objects.values('country').distinct().count()} countries "
        f"({connection.vendor}), built in {time.perf_counter() - started:.1f} s; "
        f"{args.runs} runs each, seconds until the last byte"
    )
    client = Client()
    client.force_login(UserFactory(username="bench-st", role="st"))
    print(
        f"{'':28} {'median':>8} {'max':>8} {'queries':>7} {'bytes':>11} {'floor':>8} {'÷ floor':>8}"
    )
    for (label, url), floor in zip(URLS, FLOORS, strict=True):
        _get(client, url)  # warm: templates, translations, the session
        runs = [_get(client, url) for _ in range(args.runs)]
        times = [t for t, _q, _b in runs]
        floors = [_timed(floor) for _ in range(args.runs)]
        median, floor_median = statistics.median(times), statistics.median(floors)
        print(
            f"{label:28} {median:8.3f} {max(times):8.3f} {runs[-1][1]:7} {runs[-1][2]:11,} "
            f"{floor_median:8.3f} {median / floor_median:7.1f}×"
        )
    if args.memory:
        print("peak Python memory (tracemalloc), one run each:")
        for label, url in URLS[3:6]:
            tracemalloc.start()
            _get(client, url)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"  {label:28} {peak / 2**20:8.1f} MiB")


if __name__ == "__main__":
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        main()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
