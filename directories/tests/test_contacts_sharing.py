"""Who sees which type of contact point (directories.permissions.SHARING), through the list
page, the entry's page, the exports (CSV, vCard) and the API; the vCard parses."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils.timezone import localdate
from rest_framework.test import APIRequestFactory, force_authenticate

from directories.apis.contacts import ContactPointViewSet
from directories.tests.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

# type → roles that see it
EXPECTED = {
    "attention_centre": {"st", "focal", "delegate", "observer", "partner"},
    "consulate": {"st", "focal", "delegate", "observer", "partner"},
    "repatriation": {"st", "focal", "delegate", "observer", "partner"},
    "interpretation": {"st", "focal", "delegate", "observer", "partner"},
    "public_ministry": {"st", "focal", "delegate"},
    "central_authority": {"st", "focal", "delegate"},
}
EXTRA = {
    "public_ministry": {"function": "prosecutor"},
    "central_authority": {"authority_status": "designated"},
}


@pytest.fixture
def entries(db):
    return {
        t: ContactPointFactory(
            type=t, name=f"Entrada {t}", contact_name=f"Nombre {t}", **EXTRA.get(t, {})
        )
        for t in EXPECTED
    }


@pytest.fixture
def users(st_user, focal_point_gt, delegate, observer, partner):
    return {
        "st": st_user,
        "focal": focal_point_gt,
        "delegate": delegate,
        "observer": observer,
        "partner": partner,
    }


def _expected_names(role):
    return {f"Entrada {t}" for t, roles in EXPECTED.items() if role in roles}


def _api_names(user, **params):
    request = APIRequestFactory().get("/api/v1/contact-points/", params)
    force_authenticate(request, user=user)
    response = ContactPointViewSet.as_view({"get": "list"})(request)
    assert response.status_code == 200, response.data
    return {row["name"] for row in response.data["results"]}


@pytest.mark.parametrize("role", ["st", "focal", "delegate", "observer", "partner"])
def test_each_role_sees_the_types_shared_with_it(client, entries, users, role):
    user = users[role]
    expected = _expected_names(role)
    client.force_login(user)
    page = client.get(reverse("contacts:list"))
    assert page.status_code == 200
    assert {e.name for e in page.context["page"]} == expected
    # CSV export
    body = client.get(reverse("contacts:list"), {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))[1:]
    assert {row[2] for row in rows} == expected
    # vCard export: one card per visible entry
    cards = parse_vcards(client.get(reverse("contacts:list"), {"format": "vcf"}).content.decode())
    assert {c["FN"] for c in cards} == {n.replace("Entrada", "Nombre") for n in expected}
    # the entry's own page
    for t, entry in entries.items():
        status = client.get(reverse("contacts:detail", args=[entry.pk])).status_code
        assert status == (200 if role in EXPECTED[t] else 404)
    # API
    assert _api_names(user) == expected
    # a filter cannot widen it
    assert _api_names(user, type="public_ministry") == expected & {"Entrada public_ministry"}


def test_anonymous_sees_nothing(client, entries):
    response = client.get(reverse("contacts:list"))
    assert response.status_code == 302
    assert client.get(reverse("contacts:list"), {"format": "csv"}).status_code == 302
    request = APIRequestFactory().get("/api/v1/contact-points/")
    force_authenticate(request, user=AnonymousUser())
    assert ContactPointViewSet.as_view({"get": "list"})(request).status_code in (401, 403)


def test_filters_on_the_page_and_api(client, st_user, coalition):
    from members.models import Country

    gt = Country.objects.get(iso_code="GT")
    a = ContactPointFactory(name="Fresco", verified_on=None, level="political", city="Tegucigalpa")
    ContactPointFactory(
        name="Otro", country=gt, type="consulate", areas=["consular"], verified_on=localdate()
    )
    client.force_login(st_user)

    def names(**params):
        return {e.name for e in client.get(reverse("contacts:list"), params).context["page"]}

    assert names(country=gt.pk) == {"Otro"}
    assert names(type="consulate") == {"Otro"}
    assert names(area="consular") == {"Otro"}
    assert names(level="political") == {a.name}
    assert names(stale="on") == {a.name}
    assert names(q="tegucigalpa") == {a.name}
    assert _api_names(st_user, country="gt") == {"Otro"}
    assert _api_names(st_user, area="consular") == {"Otro"}
    assert _api_names(st_user, stale="true") == {a.name}


def parse_vcards(text: str) -> list[dict[str, str]]:
    """A plain vCard 3.0 reader: BEGIN/END around each card, NAME[;params]:value lines."""
    cards, card = [], None
    for line in text.split("\r\n"):
        if not line:
            continue
        if line == "BEGIN:VCARD":
            assert card is None
            card = {}
            continue
        if line == "END:VCARD":
            assert card is not None and card.get("VERSION") == "3.0" and "FN" in card
            cards.append(card)
            card = None
            continue
        assert card is not None, line
        name, value = line.split(":", 1)
        card[name.split(";")[0]] = value
    assert card is None
    return cards


def test_vcard_escapes_and_carries_contact_lines(client, st_user):
    ContactPointFactory(
        contact_name="Pérez; Ana, Lic.",
        email="ana@example.org",
        phone="+504 2237-0000",
        address="Col. Palmira, 3a calle",
        city="Tegucigalpa",
    )
    client.force_login(st_user)
    response = client.get(reverse("contacts:list"), {"format": "vcf"})
    assert response["Content-Type"].startswith("text/vcard")
    [card] = parse_vcards(response.content.decode())
    assert card["FN"] == "Pérez\\; Ana\\, Lic."
    assert card["EMAIL"] == "ana@example.org"
    assert card["TEL"] == "+504 2237-0000"
    assert "Col. Palmira\\, 3a calle" in card["ADR"]
