"""Query guard of the directory's list pages, exports and API list (docs/architecture.md):
the same number of queries at 1× (9 countries) and 10× (90 countries, ten times the entries
and institutions)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory, force_authenticate

from directories.apis.contacts import ContactPointViewSet
from directories.models import ContactPoint, Institution
from members.models import Country

pytestmark = pytest.mark.django_db

PAGES = [
    "/directory/",
    "/directory/?type=consulate",
    "/directory/?stale=on&q=centro",
    "/directory/?format=csv",
    "/directory/?format=vcf",
    "/directory/freshness/",
    "/directory/institutions/",
]


def _populate(scale: int) -> None:
    countries = list(Country.objects.order_by("pk"))
    for n in range(9 * scale - len(countries)):
        countries.append(
            Country.objects.create(iso_code=f"{n:02d}", name_es=f"País {n}", name_en=f"C {n}")
        )
    countries = countries[: 9 * scale]
    institutions = Institution.objects.bulk_create(
        Institution(country=c, name=f"Institución {c.pk}", sector="state", level="technical")
        for c in countries
    )
    types = list(ContactPoint.Type.values)
    ContactPoint.objects.bulk_create(
        ContactPoint(
            country=countries[i % len(countries)],
            institution=institutions[i % len(institutions)],
            type=types[i % len(types)],
            name=f"Centro {i}",
            email=f"c{i}@example.org",
            phone="+504 2237-0000",
            areas=["attention"],
            verified_on=None if i % 3 else dt.date(2026, 1, 1),
            function="prosecutor" if types[i % len(types)] == "public_ministry" else "",
        )
        for i in range(40 * scale)
    )


def _counts(client, user) -> dict[str, int]:
    client.force_login(user)
    counts = {}
    for url in PAGES:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    request = APIRequestFactory().get("/api/v1/contact-points/", {"page_size": 200})
    force_authenticate(request, user=user)
    with CaptureQueriesContext(connection) as ctx:
        response = ContactPointViewSet.as_view({"get": "list"})(request)
        response.render()
    assert response.status_code == 200
    counts["api"] = len(ctx.captured_queries)
    return counts


def test_same_queries_at_1x_and_10x(client, st_user):
    _populate(1)
    at_1x = _counts(client, st_user)
    ContactPoint.objects.all().delete()
    Institution.objects.all().delete()
    _populate(10)
    assert ContactPoint.objects.count() == 400
    assert Country.objects.count() >= 90
    at_10x = _counts(client, st_user)
    assert at_1x == at_10x
