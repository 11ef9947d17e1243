"""Observers are only the organisations the sources (or an admission) make observers; the
others are shown as what the sources say they are (issue 22: the loader published UNICEF,
UNODC, BID and Colombia as observers "with voice" on a public page)."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from members.loaders import DATA_FILE, load_coalition
from members.models import ObserverOrganisation

pytestmark = pytest.mark.django_db

Role = ObserverOrganisation.Role


def yaml_roles() -> dict[str, str]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return {
        (row.get("acronym") or row["name"][:30]): row["role"]
        for row in data["observer_organisations"]
    }


@pytest.fixture
def partner_client(partner) -> APIClient:
    client = APIClient()
    _instance, token = AuthToken.objects.create(user=partner)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


# --- The loader -----------------------------------------------------------------------------


def test_the_loader_writes_what_the_sources_say():
    stored = dict(ObserverOrganisation.objects.values_list("acronym", "role"))
    assert {acronym: stored[acronym] for acronym in yaml_roles()} == yaml_roles()
    assert Role.OBSERVER not in yaml_roles().values()  # the sources make no observer
    unicef = ObserverOrganisation.objects.get(acronym="UNICEF")
    assert unicef.role == Role.MENTIONED
    assert "cita bibliográfica" in unicef.role_note


def test_loading_twice_changes_nothing():
    load_coalition()
    assert set(load_coalition().values()) == {0}


def test_a_role_changed_by_hand_goes_back_to_the_sources():
    ObserverOrganisation.objects.filter(acronym="OIM").update(role=Role.MENTIONED, role_note="")
    assert load_coalition()["observers"] == 1
    oim = ObserverOrganisation.objects.get(acronym="OIM")
    assert oim.role == Role.SUPPORTER
    assert oim.role_note


def test_an_admitted_observer_stays_one_after_a_reload():
    # an admission (presidency.services.admission) made UNICEF an observer
    ObserverOrganisation.objects.filter(acronym="UNICEF").update(role=Role.OBSERVER)
    changes = load_coalition()
    assert changes["observers"] == 0
    assert ObserverOrganisation.objects.get(acronym="UNICEF").role == Role.OBSERVER
    assert set(load_coalition().values()) == {0}


# --- The observers page ---------------------------------------------------------------------


NOT_OBSERVERS = ["OIM", "UNICEF", "UNODC", "BID", "CO", "ECPAT", "RROCM", "Save the Children"]


def observers_section(html: str) -> str:
    return html.split('id="related-organisations"')[0]


def test_the_public_page_lists_only_observers(client):
    response = client.get(reverse("members:observers"))  # anonymous: the page is public
    assert response.status_code == 200
    assert list(response.context["organisations"]) == []
    related = {o.acronym: o.role for o in response.context["related"]}
    assert {a: related[a] for a in yaml_roles()} == yaml_roles()
    html = response.content.decode()
    top = observers_section(html)
    for acronym in NOT_OBSERVERS:
        assert f'<th scope="row">{acronym}</th>' not in top, acronym
        assert f'<th scope="row">{acronym}</th>' in html, acronym
    # grouped by role, each group's table says which
    for role in (Role.SUPPORTER, Role.PARTICIPANT, Role.INVITED, Role.MENTIONED):
        assert f'data-role="{role}"' in html
    assert "cita bibliográfica" in html  # the sources' words


def test_the_groups_follow_the_role_order(client):
    html = client.get(reverse("members:observers")).content.decode()
    positions = [
        html.index(f'data-role="{r}"')
        for r in (Role.SUPPORTER, Role.PARTICIPANT, Role.INVITED, Role.MENTIONED)
    ]
    assert positions == sorted(positions)


def test_an_admitted_organisation_is_listed_as_observer(client):
    ObserverOrganisation.objects.filter(acronym="UNICEF").update(role=Role.OBSERVER)
    response = client.get(reverse("members:observers"))
    assert [o.acronym for o in response.context["organisations"]] == ["UNICEF"]
    assert "UNICEF" not in {o.acronym for o in response.context["related"]}
    top = observers_section(response.content.decode())
    assert '<th scope="row">UNICEF</th>' in top
    assert '<th scope="row">UNODC</th>' not in top


def test_signed_in_readers_see_the_same_split(client, st_user):
    client.force_login(st_user)
    response = client.get(reverse("members:observers"))
    assert list(response.context["organisations"]) == []
    assert '<th scope="row">BID</th>' not in observers_section(response.content.decode())


# --- The API --------------------------------------------------------------------------------


def test_the_api_gives_each_role_and_filters_by_it(partner_client):
    rows = partner_client.get("/api/v1/observers/", {"page_size": 100}).json()["results"]
    by_acronym = {r["acronym"]: r for r in rows}
    # backward compatible: the list still has every organisation, now with its role
    assert by_acronym["UNICEF"]["role"] == Role.MENTIONED
    assert by_acronym["BID"]["role"] == Role.SUPPORTER
    assert by_acronym["CO"]["role"] == Role.INVITED
    assert by_acronym["UNICEF"]["role_note"]
    observers = partner_client.get("/api/v1/observers/", {"role": "observer"}).json()
    assert observers["count"] == 0
    ObserverOrganisation.objects.filter(acronym="UNODC").update(role=Role.OBSERVER)
    observers = partner_client.get("/api/v1/observers/", {"role": "observer"}).json()
    assert [r["acronym"] for r in observers["results"]] == ["UNODC"]
    mentioned = partner_client.get("/api/v1/observers/", {"role": "mentioned_only"}).json()
    assert "UNICEF" in [r["acronym"] for r in mentioned["results"]]
    assert partner_client.get("/api/v1/observers/", {"role": "nonsense"}).status_code == 400
