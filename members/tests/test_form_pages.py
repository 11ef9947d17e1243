"""The registry's form pages through their POSTs (members.views on common.views.form_page and
flash_action): a save leads back to its page with a success message, and a refusal of the
service stays on the form, or in an error message, with the service's code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Committee, CommitteeCountry, CommitteeMember, Country, Office
from members.tests.factories import DesignationFactory, designate, partner_token_account

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def levels(client, response) -> list[str]:
    """The levels of the messages `response` left, shown (so used) on the page it leads to."""
    stored = [m.level_tag for m in get_messages(response.wsgi_request)]
    client.get(response["Location"])
    return stored


def saved(client, response, url: str) -> bool:
    """A save: back to `url`, with one success message."""
    return (
        response.status_code == 302
        and response["Location"] == url
        and levels(client, response) == ["success"]
    )


def form_codes(response) -> list[str]:
    """The codes of the form's errors that name no field (where services' refusals go)."""
    assert response.status_code == 200
    return [e.code for e in response.context["form"].non_field_errors().as_data()]


def test_st_keeps_a_committees_seats_on_its_pages(client, st_user, coalition):
    pc = Committee.objects.get(code="PC")
    detail = reverse("members:committee-detail", args=[pc.pk])
    today = timezone.localdate().isoformat()
    panama = Country.objects.get(iso_code="PA")
    client.force_login(st_user)

    add_country = reverse("members:committee-country-add", args=[pc.pk])
    assert saved(
        client, client.post(add_country, {"country": panama.pk, "start_date": today}), detail
    )
    seat = CommitteeCountry.objects.get(committee=pc, country=panama)
    response = client.post(add_country, {"country": panama.pk, "start_date": today})
    assert form_codes(response) == ["already_a_member"]

    representative = DesignationFactory(
        national_body=coalition["PA"], start_date=dt.date(2025, 1, 1)
    )
    add_person = reverse("members:committee-member-add", args=[pc.pk])
    response = client.post(add_person, {"designation": representative.pk, "start_date": today})
    assert saved(client, response, detail)
    member = CommitteeMember.objects.get(committee=pc, designation=representative)

    end_seat = reverse("members:committee-member-end", args=[member.pk])
    assert saved(client, client.post(end_seat, {"end_date": today}), detail)
    assert form_codes(client.post(end_seat, {"end_date": today})) == ["seat_already_ended"]

    end_country = reverse("members:committee-country-end", args=[seat.pk])
    assert saved(client, client.post(end_country, {"end_date": today}), detail)
    seat.refresh_from_db()
    assert seat.end_date == timezone.localdate()


def test_st_corrects_an_office_term_on_its_page(client, st_user, coalition):
    term = services.office_holder_record(
        user=st_user,
        kind=Office.Kind.PRESIDENCY,
        country=Country.objects.get(iso_code="GT"),
        start_date=dt.date(2025, 1, 1),
    )
    url = reverse("members:office-edit", args=[term.pk])
    data = {"end_date": "", "electing_agreement": "CR-2026-01", "note": "", "version": 1}
    client.force_login(st_user)
    assert saved(client, client.post(url, data), reverse("members:offices"))
    term.refresh_from_db()
    assert (term.electing_agreement, term.version) == ("CR-2026-01", 2)
    assert form_codes(client.post(url, data)) == ["stale_version"]


def test_a_person_is_edited_on_the_directory_page(client, st_user, coalition):
    person = designate(st_user, coalition["HN"]).person
    url = reverse("members:person-edit", args=[person.pk])
    data = {
        "first_name": person.first_name,
        "last_name": "Nuevo",
        "institution": person.institution,
        "language": "es",
        "country": person.country_id,
        "version": person.version,
    }
    client.force_login(st_user)
    assert saved(client, client.post(url, data), reverse("members:person-list"))
    person.refresh_from_db()
    assert person.last_name == "Nuevo"
    moved = {**data, "country": coalition["GT"].country_id, "version": person.version}
    assert form_codes(client.post(url, moved)) == ["person_of_another_country"]


def test_a_designation_is_revoked_and_its_letter_uploaded_on_their_pages(
    client, focal_point_hn, coalition
):
    designation = designate(focal_point_hn, coalition["HN"])
    body_page = reverse("members:body-detail", args=["CICESCT"])
    client.force_login(focal_point_hn)
    letter = SimpleUploadedFile("carta.pdf", PDF, "application/pdf")
    response = client.post(
        reverse("members:designation-letter", args=[designation.pk]),
        {"letter": letter, "version": designation.version},
    )
    assert saved(client, response, body_page)
    revoke = reverse("members:designation-revoke", args=[designation.pk])
    response = client.post(
        revoke, {"revoked_on": "2025-06-01", "reason": "Cambio de cargo", "version": 2}
    )
    assert saved(client, response, body_page)
    designation.refresh_from_db()
    assert designation.accreditation_letter and designation.revoked_on == dt.date(2025, 6, 1)
    response = client.post(
        revoke, {"revoked_on": "2025-07-01", "reason": "Otra vez", "version": designation.version}
    )
    assert form_codes(response) == ["already_revoked"]


def test_st_revokes_a_token_on_its_page_and_is_told_when_it_cannot(client, st_user, coalition):
    account = partner_token_account(st_user)
    tokens = reverse("members:api-tokens")
    client.force_login(st_user)
    response = client.post(reverse("members:api-token-revoke", args=[account.pk]))
    assert saved(client, response, tokens)
    account.refresh_from_db()
    assert not account.is_active
    # A person's account holds no token: refused (not_a_token_account), said in a message.
    response = client.post(reverse("members:api-token-revoke", args=[st_user.pk]))
    assert (response.status_code, response["Location"], levels(client, response)) == (
        302,
        tokens,
        ["error"],
    )
    st_user.refresh_from_db()
    assert st_user.is_active
