"""Query guard of the comparative legislation's pages (issue 19): the same number of queries
at 1× (the 9 member countries, a few cells and reforms) and at 10× (90 member countries,
every cell filled, ten times the reforms), for the public, ST and a focal point."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directories.loaders import load_legislation_dimensions
from directories.models import LegislationCell, LegislationDimension
from directories.tests.factories import LegislationCellFactory, ReformFactory
from members.models import Country
from members.tests.factories import CountryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/legislation/",
    "/legislation/?format=csv",
    "/legislation/reforms/",
    "/legislation/reforms/?country=HN",
]


def populate(scale: int) -> None:
    load_legislation_dimensions()
    for _ in range(9 * (scale - 1)):
        MembershipFactory(country=CountryFactory())
    dimensions = list(LegislationDimension.objects.all())
    countries = list(Country.objects.all())
    proposer = UserFactory()
    per_country = len(dimensions) if scale > 1 else 2
    for i, country in enumerate(countries):
        for j, dimension in enumerate(dimensions[:per_country]):
            LegislationCellFactory(
                country=country, dimension=dimension, proposed_by=proposer, validated=(i + j) % 2
            )
        for _ in range(scale):
            reform = ReformFactory(country=country, created_by=proposer)
            reform.dimensions.set(dimensions[:3])


def counts(scale: int, users: dict) -> dict[tuple[str, str], int]:
    result = {}
    with transaction.atomic():
        populate(scale)
        assert LegislationCell.objects.count() >= (9 * scale) * 2
        for role, user in users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            for url in PAGES:
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                assert response.status_code == 200, (role, url)
                result[(role, url)] = len(queries)
        transaction.set_rollback(True)
    return result


def test_legislation_pages_queries_do_not_grow(st_user, focal_point_hn):
    users = {"anonymous": None, "st": st_user, "focal_point": focal_point_hn}
    small, large = counts(1, users), counts(10, users)
    assert small == large
