"""Query guard of the statistics pages: the same number of queries with 9 returns as with
90 (ten times the countries' years), for ST's list, a focal point's list and a return's
figures page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Country
from stats.loaders import load_cube
from stats.models import StatisticsReturn
from stats.selectors.returns import cube_layout
from stats.services import figures_save
from stats.tests.factories import StatisticsReturnFactory, complete_figures

pytestmark = pytest.mark.django_db


def _grow(to: int, user) -> None:
    countries = list(Country.objects.order_by("pk"))
    have = StatisticsReturn.objects.count()
    StatisticsReturn.objects.bulk_create(
        StatisticsReturn(country=countries[n % len(countries)], year=1990 + n // 9, created_by=user)
        for n in range(have, to)
    )


def _count(client, path: str) -> int:
    client.get(path)  # warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def test_same_queries_with_ten_times_the_returns(client, st_user, focal_point_hn):
    load_cube()
    first = StatisticsReturnFactory(created_by=focal_point_hn)
    figures_save(
        user=focal_point_hn,
        statistics_return=first,
        figures=complete_figures(cube_layout()),
        expected_version=first.version,
    )
    pages = ["/statistics/returns/", f"/statistics/returns/{first.pk}/"]
    counts = {}
    for scale in (9, 90):
        _grow(scale, st_user)
        for user in (st_user, focal_point_hn):
            client.force_login(user)
            for page in pages:
                if user == st_user or page.endswith("returns/"):
                    counts[scale, user.username, page] = _count(client, page)
    differing = {
        key[1:]: (counts[key], counts[(90, *key[1:])])
        for key in counts
        if key[0] == 9
        if counts[key] != counts[(90, *key[1:])]
    }
    assert not differing, differing
