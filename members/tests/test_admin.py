"""The admin is a third way in, beside the pages and the API: it must not create or change
what members.services refuses. Records that carry the rules of SPEC §2 are read-only there
(members/admin.py), the revert form of their history included."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from common.testing import refused
from members import services
from members.models import Designation, Membership, NationalBody, Office, Person, User
from members.tests.factories import PersonFactory, UserFactory, designate, partner_token_account

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


@pytest.fixture
def admin_site_client(client, coalition):
    """A superuser signed in through the admin's own login page."""
    UserFactory(username="root", is_staff=True, is_superuser=True, password=PASSWORD)
    response = client.post(
        reverse("admin:login"),
        {"username": "root", "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302 and response.url == reverse("admin:index")
    return client


def designation_post(body: NationalBody, person: Person, **extra) -> dict:
    return {
        "national_body": body.pk,
        "person": person.pk,
        "role": "titular",
        "start_date": "2025-01-01",
        "end_date": "",
        "revoked_on": "",
        "revocation_reason": "",
        **extra,
    }


def test_admin_cannot_designate_a_person_of_guatemala_for_honduras(admin_site_client, coalition):
    guatemalan = PersonFactory(country=coalition["GT"].country)
    response = admin_site_client.post(
        reverse("admin:members_designation_add"), designation_post(coalition["HN"], guatemalan)
    )
    assert response.status_code == 403
    assert not Designation.objects.exists()


def test_admin_cannot_add_a_third_titular_in_force(admin_site_client, st_user, coalition):
    hn = coalition["HN"]
    designate(st_user, hn)
    designate(st_user, hn)
    third = PersonFactory(country=hn.country)
    response = admin_site_client.post(
        reverse("admin:members_designation_add"),
        designation_post(hn, third, start_date="2025-06-01"),
    )
    assert response.status_code == 403
    assert Designation.objects.filter(national_body=hn).count() == 2
    assert not Designation.objects.filter(person=third).exists()


def test_admin_cannot_change_a_designation_behind_the_services(
    admin_site_client, st_user, coalition
):
    d = designate(st_user, coalition["HN"])
    guatemalan = PersonFactory(country=coalition["GT"].country)
    response = admin_site_client.post(
        reverse("admin:members_designation_change", args=[d.pk]),
        designation_post(coalition["HN"], guatemalan, revoked_on="2024-01-01"),
    )
    assert response.status_code == 403
    d.refresh_from_db()
    assert d.person.country == coalition["HN"].country and d.revoked_on is None


def test_admin_cannot_revert_a_designation_from_its_history(admin_site_client, st_user, coalition):
    """simple_history's revert form asks for the view permission only; its POST would write
    any values sent with it."""
    d = designate(st_user, coalition["HN"])
    services.designation_revoke(
        user=st_user, designation=d, revoked_on=dt.date(2025, 5, 1), reason="Cambio de cargo"
    )
    before_revocation = d.history.order_by("history_date").first()
    guatemalan = PersonFactory(country=coalition["GT"].country)
    url = reverse(
        "admin:members_designation_simple_history", args=[d.pk, before_revocation.history_id]
    )
    assert admin_site_client.get(url).status_code == 200  # the old version can be read
    response = admin_site_client.post(url, designation_post(coalition["HN"], guatemalan))
    assert response.status_code == 403
    d.refresh_from_db()
    assert d.revoked_on == dt.date(2025, 5, 1)
    assert d.person.country == coalition["HN"].country


def test_the_services_refuse_what_the_admin_cannot_do(st_user, coalition):
    """The same two requests through the service, the one way in for writes."""
    guatemalan = PersonFactory(country=coalition["GT"].country)
    with refused("person_of_another_country"):
        designate(st_user, coalition["HN"], guatemalan)
    designate(st_user, coalition["HN"])
    designate(st_user, coalition["HN"])
    with refused("too_many_in_force"):
        designate(st_user, coalition["HN"], start=dt.date(2025, 6, 1))


def test_admin_still_shows_designations_and_their_history(admin_site_client, st_user, coalition):
    d = designate(st_user, coalition["HN"])
    for name, args in (
        ("admin:members_designation_changelist", []),
        ("admin:members_designation_change", [d.pk]),
        ("admin:members_designation_history", [d.pk]),
    ):
        response = admin_site_client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert str(d.person) in response.content.decode(), name
    html = admin_site_client.get(reverse("admin:members_designation_changelist")).content
    assert reverse("admin:members_designation_add").encode() not in html


def test_admin_cannot_move_a_designated_person_to_another_country(
    admin_site_client, st_user, coalition
):
    d = designate(st_user, coalition["HN"])
    person = d.person
    response = admin_site_client.post(
        reverse("admin:members_person_change", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "institution": person.institution,
            "language": "es",
            "country": coalition["GT"].country.pk,
        },
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.country == coalition["HN"].country


def test_admin_cannot_move_a_national_body_to_another_country(admin_site_client, coalition):
    hn = coalition["HN"]
    response = admin_site_client.post(
        reverse("admin:members_nationalbody_change", args=[hn.pk]),
        {
            "country": coalition["GT"].country.pk,
            "name": hn.name,
            "acronym": hn.acronym,
            "kind": hn.kind,
            "crimes": hn.crimes,
            "legal_basis": hn.legal_basis,
            "lead_institution": "Secretaría de Seguridad",
            "website": "",
            "source": hn.source,
        },
    )
    assert response.status_code == 302
    hn.refresh_from_db()
    assert hn.lead_institution == "Secretaría de Seguridad"  # the rest stays editable
    assert hn.country.iso_code == "HN"


def test_admin_cannot_add_an_office(admin_site_client, coalition):
    response = admin_site_client.post(
        reverse("admin:members_office_add"),
        {
            "kind": Office.Kind.PRESIDENCY,
            "country": coalition["GT"].country.pk,
            "start_date": "2031-01-01",
        },
    )
    assert response.status_code == 403
    assert not Office.objects.filter(start_date=dt.date(2031, 1, 1)).exists()


def test_admin_cannot_add_a_membership_period(admin_site_client, coalition):
    """Memberships decide who counts for quorum and votes; the country's inline only shows
    them."""
    country = coalition["HN"].country
    before = list(Membership.objects.filter(country=country).values_list("pk", "end_date"))
    response = admin_site_client.post(
        reverse("admin:members_country_change", args=[country.pk]),
        {
            "iso_code": country.iso_code,
            "name_es": country.name_es,
            "name_en": country.name_en,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-status": "observer",
            "memberships-0-start_date": "2030-01-01",
            "memberships-0-end_date": "",
            "memberships-0-note": "",
        },
    )
    assert response.status_code in (200, 302)
    assert list(Membership.objects.filter(country=country).values_list("pk", "end_date")) == before


def test_admin_cannot_change_the_scope_of_an_api_token(admin_site_client, st_user, coalition):
    account = partner_token_account(st_user)
    response = admin_site_client.post(
        reverse("admin:members_user_change", args=[account.pk]),
        {
            "username": account.username,
            "role": User.Role.SECRETARIAT,
            "is_active": "on",
            "language": "es",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 403
    version = account.history.order_by("history_date").first()
    url = reverse("admin:members_user_simple_history", args=[account.pk, version.history_id])
    response = admin_site_client.post(
        url, {"username": account.username, "role": User.Role.SECRETARIAT, "language": "es"}
    )
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.role == User.Role.PARTNER
    assert (
        admin_site_client.get(reverse("admin:members_user_delete", args=[account.pk])).status_code
        == 403
    )
