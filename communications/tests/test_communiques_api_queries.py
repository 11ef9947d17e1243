"""Comunicados through /api/v1/communiques/ (what each caller may read, the filters) and
the query guard of the inbox, the list and the API at 1 and 10 comunicados."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from communications.models import AccessLevel, Communique
from communications.services import communiques as services
from members.models import User
from members.tests.factories import PersonFactory, UserFactory, designate, partner_token_account

pytestmark = pytest.mark.django_db

A = Communique.Audience


def sent(st_user, **fields) -> Communique:
    draft = services.communique_create(
        by=st_user, subject=fields.pop("subject", "Comunicado"), body="Texto", **fields
    )
    return services.communique_send(by=st_user, communique=draft)


def api_get(user: User, **params) -> list[dict]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get("/api/v1/communiques/", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_api_lists_what_each_caller_may_read(
    st_user, coalition, focal_point_hn, focal_point_gt, observer
):
    to_hn = sent(
        st_user,
        subject="A Honduras",
        audiences=[A.FOCAL_POINTS],
        countries=[coalition["HN"].country],
    )
    restricted = sent(
        st_user,
        subject="Reservado",
        audiences=[A.FOCAL_POINTS],
        confidentiality=AccessLevel.RESTRICTED,
    )
    partner_account = partner_token_account(st_user)
    to_partners = sent(
        st_user,
        subject="A socios",
        audiences=[A.PARTNERS, A.OBSERVERS],
        confidentiality=AccessLevel.PUBLIC,
    )
    services.communique_create(by=st_user, subject="Borrador", body="x")

    assert {r["id"] for r in api_get(st_user)} == {to_hn.pk, restricted.pk, to_partners.pk}
    assert {r["id"] for r in api_get(focal_point_hn)} == {to_hn.pk, restricted.pk}
    assert {r["id"] for r in api_get(focal_point_gt)} == {restricted.pk}
    assert {r["id"] for r in api_get(observer)} == {to_partners.pk}
    assert {r["id"] for r in api_get(partner_account)} == {to_partners.pk}
    own = next(r for r in api_get(focal_point_hn) if r["id"] == to_hn.pk)
    assert own["received"]["acknowledged_at"] is None
    assert {r["id"] for r in api_get(st_user, confidentiality="restricted")} == {restricted.pk}
    year = timezone.localdate().year
    assert len(api_get(st_user, year=year)) == 3
    assert api_get(st_user, year=year - 1) == []


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_inbox_list_and_api_queries_do_not_grow(st_user, coalition):
    hn = coalition["HN"]
    person = PersonFactory(country=hn.country, email="titular@example.org")
    designate(st_user, hn, person)
    reader = UserFactory(
        username="lector", role=User.Role.DELEGATE, national_body=hn, person=person
    )
    st_client, reader_client = Client(), Client()
    st_client.force_login(st_user)
    reader_client.force_login(reader)
    api = APIClient()
    api.force_authenticate(reader)

    def measure() -> tuple[int, ...]:
        return (
            _queries(reader_client, reverse("communiques:inbox")),
            _queries(st_client, reverse("communiques:list")),
            _queries(api, "/api/v1/communiques/"),
        )

    def grow(n: int) -> None:
        for i in range(n):
            sent(
                st_user,
                subject=f"Comunicado {i}",
                audiences=[A.REPRESENTATIVES],
                countries=[hn.country],
            )

    grow(1)
    small = measure()
    grow(9)
    large = measure()
    assert small == large
