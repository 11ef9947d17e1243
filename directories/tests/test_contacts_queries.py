"""Query guard of the directory's list pages, exports and API list (docs/architecture.md):
the same number of queries at 1× (9 countries, 2,000 contact points) and 10× (90 countries,
20,000 contact points, ten times the institutions). The rows are bulk-created in batches
(no history rows, no signals) so the file stays fast; 10× tops 1× up rather than starting
over (deleting 2,000 entries would write 2,000 history rows)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory, force_authenticate

from directories.apis.contacts import ContactPointViewSet
from directories.models import ContactPoint, Institution
from members.models import Country

pytestmark = pytest.mark.django_db

COUNTRIES = 9  # per unit of scale
ENTRIES = 2_000  # per unit of scale
INSTITUTIONS = 10  # per country
BATCH = 2_000

PAGES = [
    "/directory/",
    "/directory/?page=2",
    "/directory/?type=consulate",
    "/directory/?q=centro",
    "/directory/?stale=on&q=centro",
    "/directory/?format=csv",
    "/directory/?format=xlsx",
    "/directory/?format=vcf",
    "/directory/freshness/",
    "/directory/institutions/",
    "/directory/bodies/",
    "/directory/bodies/CIT/",
]
API = [{"page_size": 200}, {"page_size": 200, "q": "centro", "stale": "true"}]

# Offices named as the directory's real entries are: "centro" matches one in four.
NAMES = ["Centro de atención al migrante", "Consulado", "Oficina de enlace", "Unidad fiscal"]


def _populate(scale: int) -> None:
    """Top the directory up to `scale`: 9×scale countries with 10 institutions each and
    2,000×scale entries spread over every country, type, area and review interval."""
    countries = list(Country.objects.order_by("pk")[: COUNTRIES * scale])
    Country.objects.bulk_create(
        Country(iso_code=f"{n:02d}", name_es=f"País {n:02d}", name_en=f"Country {n:02d}")
        for n in range(len(countries), COUNTRIES * scale)
    )
    countries = list(Country.objects.order_by("pk")[: COUNTRIES * scale])
    have = set(Institution.objects.values_list("country_id", flat=True))
    Institution.objects.bulk_create(
        Institution(
            country=c,
            name=f"Institución {n} de {c.iso_code}",
            acronym=f"I{n}{c.iso_code}",
            sector="state",
            level="technical",
        )
        for c in countries
        if c.pk not in have
        for n in range(INSTITUTIONS)
    )
    institutions: dict[int, list[int]] = {}
    for pk, country_id in Institution.objects.order_by("pk").values_list("pk", "country_id"):
        institutions.setdefault(country_id, []).append(pk)
    types = list(ContactPoint.Type.values)
    areas = ["attention", "protection", "consular", "migration"]
    intervals = [30, 60, 90, 180, 365]
    start = ContactPoint.objects.count()
    for first in range(start, ENTRIES * scale, BATCH):
        batch = []
        for i in range(first, min(first + BATCH, ENTRIES * scale)):
            country = countries[i % len(countries)]
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


def _counts(client, user, *, entries: int) -> dict[str, int]:
    client.force_login(user)
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            body = b"".join(response) if response.streaming else response.content
        assert response.status_code == 200, url
        counts[url] = len(ctx.captured_queries)
        if url == "/directory/?format=csv":
            # Every entry is exported, not a page of them (a header row besides).
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            assert len(rows) == entries + 1
        if url == "/directory/?format=vcf":
            assert body.count(b"BEGIN:VCARD") == entries
    for params in API:
        request = APIRequestFactory().get("/api/v1/contact-points/", params)
        force_authenticate(request, user=user)
        with CaptureQueriesContext(connection) as ctx:
            response = ContactPointViewSet.as_view({"get": "list"})(request)
            response.render()
        assert response.status_code == 200, params
        counts[f"api {params}"] = len(ctx.captured_queries)
    return counts


def test_same_queries_at_1x_and_10x(client, st_user):
    _populate(1)
    assert ContactPoint.objects.count() == ENTRIES
    at_1x = _counts(client, st_user, entries=ENTRIES)
    _populate(10)
    assert ContactPoint.objects.count() == 10 * ENTRIES
    assert ContactPoint.objects.values("country").distinct().count() == 10 * COUNTRIES
    assert Institution.objects.count() >= 10 * COUNTRIES * INSTITUTIONS
    at_10x = _counts(client, st_user, entries=10 * ENTRIES)
    assert at_1x == at_10x
