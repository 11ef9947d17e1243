from __future__ import annotations

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from members.tests.factories import CountryFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_client(partner) -> APIClient:
    client = APIClient()
    _instance, token = AuthToken.objects.create(user=partner)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_anonymous_requests_are_refused():
    assert APIClient().get("/api/v1/countries/").status_code == 401


def test_partner_reads_countries_with_membership_status(partner_client, coalition):
    response = partner_client.get("/api/v1/countries/", {"iso_code": "HN"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    row = response.json()["results"][0]
    assert row == {
        "id": row["id"],
        "iso_code": "HN",
        "name_es": "Honduras",
        "name_en": "Honduras",
        "membership_status": "member",
        "national_body": "CICESCT",
        "national_bodies": ["CICESCT"],
    }


def test_partner_cannot_write(partner_client, coalition):
    response = partner_client.post("/api/v1/countries/", {"iso_code": "CO"})
    assert response.status_code == 403  # partner tokens are read-only (issue #8)
    assert response.json()["code"] == "permission_denied"


def test_national_bodies_filter_by_country(partner_client, coalition):
    rows = partner_client.get("/api/v1/national-bodies/", {"country": "cr"}).json()["results"]
    assert [r["acronym"] for r in rows] == ["CONATT"]
    assert "Ley N° 9095" in rows[0]["legal_basis"]


def test_observers_list(partner_client, coalition):
    acronyms = [r["acronym"] for r in partner_client.get("/api/v1/observers/").json()["results"]]
    assert "OIM" in acronyms and "UNODC" in acronyms


@pytest.mark.parametrize("extra", [0, 40])
def test_country_list_queries_are_constant(
    partner_client, coalition, extra, django_assert_max_num_queries
):
    for _ in range(extra):
        MembershipFactory(country=CountryFactory())
    # token, count, page, memberships prefetch, the request's savepoint: 6 at any size
    with django_assert_max_num_queries(7):  # the countries' bodies: one prefetch
        assert partner_client.get("/api/v1/countries/").status_code == 200
