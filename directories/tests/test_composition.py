"""The national bodies' composition (003 §III): what the sources state beside the member
institutions registered; the named members loaded from the sources; an institution sits
only on bodies of its own country."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.testing import refused
from directories import services
from directories.loaders import load_body_members
from directories.models import Institution
from directories.selectors.composition import body_composition, composition_list
from members.models import NationalBody

pytestmark = pytest.mark.django_db


def test_the_named_members_are_loaded_once(coalition):
    """003 §III names Mexico's 16, the Dominican Republic's 14 and Panama's board's 10."""
    assert load_body_members() == {"national body members": 40}
    assert load_body_members() == {"national body members": 0}
    counts = {
        body.acronym: body.member_institutions.count()
        for body in NationalBody.objects.filter(country__iso_code__in=["MX", "DO", "PA"])
    }
    assert counts == {"CITP-MX": 16, "CNTP-DO": 14, "CNTP": 10}
    assert Institution.objects.filter(sector="private").count() == 2  # PA's chambers


def test_stated_beside_registered_by_sector(coalition, st_user):
    """El Salvador's council: 14 state institutions, 5 international organisations and 7
    civil society organisations (003 §III line 271)."""
    cnctp = coalition["SV"]
    assert (cnctp.stated_state, cnctp.stated_international, cnctp.stated_civil_society) == (
        14,
        5,
        7,
    )
    services.institution_create(
        user=st_user,
        country=cnctp.country,
        name="Ministerio de Justicia y Seguridad Pública",
        sector="state",
        level="political",
        national_bodies=[cnctp],
    )
    composition = body_composition(cnctp)
    state = next(row for row in composition.sectors if row.sector == "state")
    assert (state.stated, state.registered, state.to_register) == (14, 1, 13)
    assert [i.name for i in state.institutions] == ["Ministerio de Justicia y Seguridad Pública"]
    assert composition.stated == 26 and composition.registered == 1
    assert composition.to_register == 25
    private = next(row for row in composition.sectors if row.sector == "private")
    assert private.stated is None and private.to_register == 0


def test_a_body_with_no_number_in_the_sources_has_nothing_to_register(coalition):
    atips = coalition["BZ"]
    composition = body_composition(atips)
    assert composition.stated is None and composition.to_register == 0
    rows = {row.body.acronym: row for row in composition_list()}
    assert rows["CICESCT"].stated == 38 and rows["CONATT"].stated == 22
    assert rows["ATIPs"].stated is None


def test_an_institution_sits_only_on_its_countrys_bodies(coalition, st_user):
    hn, gt = coalition["HN"], coalition["GT"]
    with refused("body_of_another_country", field="national_bodies"):
        services.institution_create(
            user=st_user,
            country=hn.country,
            name="Secretaría (prueba)",
            sector="state",
            level="technical",
            national_bodies=[gt],
        )
    assert not Institution.objects.filter(name="Secretaría (prueba)").exists()
    institution = services.institution_create(
        user=st_user,
        country=hn.country,
        name="Secretaría (prueba)",
        sector="state",
        level="technical",
        national_bodies=[hn],
    )
    # Moving it to Guatemala while it sits on Honduras' body is refused the same way.
    with refused("body_of_another_country", field="national_bodies"):
        services.institution_update(
            user=st_user,
            institution=institution,
            expected_version=institution.version,
            country=gt.country,
        )
    institution.refresh_from_db()
    assert institution.country == hn.country
    assert institution.history.count() == 2  # created, then seated (m2m history)


def test_the_pages_as_each_role(client, coalition, st_user, focal_point_hn, partner):
    load_body_members()
    client.force_login(st_user)
    listing = client.get(reverse("contacts:compositions"))
    assert listing.status_code == 200
    assert len(listing.context["rows"]) == 9
    detail = client.get(reverse("contacts:composition", args=["cntp-do"]))
    assert detail.status_code == 200
    assert "Despacho de la Primera Dama" in detail.content.decode()
    assert detail.context["can_edit"]
    client.force_login(focal_point_hn)
    detail = client.get(reverse("contacts:composition", args=["CNTP-DO"]))
    assert detail.status_code == 200 and not detail.context["can_edit"]
    assert reverse("contacts:institution-edit", args=[1]) not in detail.content.decode()
    assert client.get(reverse("contacts:composition", args=["NOPE"])).status_code == 404
    client.logout()
    assert client.get(reverse("contacts:compositions")).status_code == 302  # to the login


def test_the_list_reads_in_one_query(client, st_user, coalition, django_assert_num_queries):
    load_body_members()
    client.force_login(st_user)
    client.get(reverse("contacts:compositions"))
    # The request's savepoint and its release, session, user, the bodies with their counts.
    with django_assert_num_queries(5):
        client.get(reverse("contacts:compositions"))
