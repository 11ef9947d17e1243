"""001 §4.A.1: each national body designates at most 2 titular and 2 alternate
representatives, by formal letter; designation history is never overwritten."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from common.testing import refused
from members import services
from members.models import Designation
from members.tests.factories import PersonFactory, designate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_limit_is_two_per_role():
    """001 §4.A.1: "dos representantes titulares y dos suplentes"."""
    assert services.MAX_IN_FORCE_PER_ROLE == 2


def test_third_titular_in_force_is_refused_with_clear_message(st_user, coalition):
    hn = coalition["HN"]
    designate(st_user, hn)
    designate(st_user, hn)
    with refused("too_many_in_force") as error:
        designate(st_user, hn, start=dt.date(2025, 6, 1))
    assert error.value.message is services.TOO_MANY_TITULARS
    assert error.value.params == {"body": "CICESCT", "day": "01/06/2025", "limit": 2}
    assert error.value.messages == [
        "CICESCT ya tiene 2 representantes titulares vigentes el 01/06/2025. "
        "Finalice o revoque una designación antes de designar otra."
    ]
    with translation.override("en"):
        assert error.value.messages == [
            "CICESCT already has 2 titular representatives in force on 01/06/2025. "
            "End or revoke one before designating another."
        ]
    assert Designation.objects.filter(national_body=hn).count() == 2


def test_third_alternate_gets_the_alternates_message(st_user, coalition):
    sv = coalition["SV"]
    designate(st_user, sv, role="alternate")
    designate(st_user, sv, role="alternate")
    with refused("too_many_in_force") as error:
        designate(st_user, sv, role="alternate", start=dt.date(2025, 3, 15))
    assert error.value.message is services.TOO_MANY_ALTERNATES
    assert error.value.params == {"body": "CNCTP", "day": "15/03/2025", "limit": 2}


def test_two_titulars_and_two_alternates_fit_together(st_user, coalition):
    body = coalition["GT"]
    for role in ("titular", "titular", "alternate", "alternate"):
        designate(st_user, body, role=role)
    with refused("too_many_in_force"):
        designate(st_user, body, role="alternate")
    assert (
        Designation.objects.in_force_on(dt.date(2025, 3, 1)).filter(national_body=body).count() == 4
    )


def test_revoking_frees_the_seat_and_keeps_history(st_user, coalition):
    body = coalition["CR"]
    first = designate(st_user, body)
    designate(st_user, body)
    services.designation_revoke(
        user=st_user, designation=first, revoked_on=dt.date(2025, 6, 30), reason="Cambio de cargo"
    )
    designate(st_user, body, start=dt.date(2025, 6, 30))
    first.refresh_from_db()
    assert first.revoked_on == dt.date(2025, 6, 30)
    assert first.is_in_force(dt.date(2025, 6, 29))
    assert not first.is_in_force(dt.date(2025, 6, 30))
    # The revoked row is still there, and its history shows the change.
    assert Designation.objects.filter(national_body=body).count() == 3
    versions = list(first.history.order_by("history_date"))
    assert [v.revoked_on for v in versions] == [None, dt.date(2025, 6, 30)]


def test_a_future_overlap_counts_too(st_user, coalition):
    """An open-ended designation collides with two later ones that overlap it."""
    body = coalition["PA"]
    designate(st_user, body, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    designate(st_user, body, start=dt.date(2025, 7, 1))
    with refused("too_many_in_force"):
        designate(st_user, body, start=dt.date(2024, 1, 1))  # open-ended: reaches July 2025
    # Before the first starts and ending in time, a third is fine.
    designate(st_user, body, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))


def test_revocation_needs_a_reason_and_cannot_repeat(st_user, coalition):
    d = designate(st_user, coalition["SV"])
    with refused("reason_required"):
        services.designation_revoke(
            user=st_user, designation=d, revoked_on=dt.date(2025, 2, 1), reason=" "
        )
    services.designation_revoke(
        user=st_user, designation=d, revoked_on=dt.date(2025, 2, 1), reason="Fin"
    )
    with refused("already_revoked"):
        services.designation_revoke(
            user=st_user, designation=d, revoked_on=dt.date(2025, 3, 1), reason="x"
        )


def test_person_of_another_country_cannot_be_designated(st_user, coalition):
    guatemalan = PersonFactory(country=coalition["GT"].country)
    with refused("person_of_another_country"):
        designate(st_user, coalition["HN"], guatemalan)


def test_focal_point_designates_for_own_body_only(focal_point_hn, coalition):
    designate(focal_point_hn, coalition["HN"])
    with pytest.raises(PermissionDenied):
        designate(focal_point_hn, coalition["GT"])
    assert not Designation.objects.filter(national_body=coalition["GT"]).exists()


def test_accreditation_letter_must_really_be_a_pdf_or_image(st_user, coalition):
    fake = SimpleUploadedFile("carta.pdf", b"MZ\x90\x00 this is an executable", "application/pdf")
    with refused("file_wrong_type"):
        designate(st_user, coalition["HN"], accreditation_letter=fake)
    letter = SimpleUploadedFile("carta.pdf", PDF, "application/pdf")
    d = designate(st_user, coalition["HN"], accreditation_letter=letter)
    assert d.accreditation_letter.name.startswith("accreditations/CICESCT/")


def test_oversized_letter_is_refused(st_user, coalition, settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("carta.pdf", PDF + b"0" * (1024 * 1024 + 1), "application/pdf")
    with refused("file_too_large"):
        designate(st_user, coalition["HN"], accreditation_letter=big)


def test_revocation_cannot_predate_the_start(st_user, coalition):
    d = designate(st_user, coalition["NI"], start=dt.date(2025, 3, 1))
    with refused("revocation_before_start") as error:
        services.designation_revoke(
            user=st_user, designation=d, revoked_on=dt.date(2025, 2, 28), reason="Error"
        )
    assert error.value.messages == ["Una designación no puede revocarse antes de su inicio."]
    d.refresh_from_db()
    assert d.revoked_on is None and d.revocation_reason == ""
    assert d.is_in_force(dt.date(2025, 3, 1))


def test_revocation_on_the_start_day_withdraws_the_designation(st_user, coalition):
    """Allowed on the start day itself: a designation recorded by mistake is withdrawn this
    way (the row stays as history) and was never in force, so its seat is free that day."""
    body = coalition["NI"]
    first = designate(st_user, body, start=dt.date(2025, 3, 1))
    designate(st_user, body, start=dt.date(2025, 3, 1))
    services.designation_revoke(
        user=st_user, designation=first, revoked_on=dt.date(2025, 3, 1), reason="Registro erróneo"
    )
    assert not Designation.objects.in_force_on(dt.date(2025, 3, 1)).filter(pk=first.pk).exists()
    designate(st_user, body, start=dt.date(2025, 3, 1))
    assert (
        Designation.objects.in_force_on(dt.date(2025, 3, 1)).filter(national_body=body).count() == 2
    )


def test_revoke_page_shows_the_revocation_before_start_message(client, st_user, coalition):
    d = designate(st_user, coalition["NI"], start=dt.date(2025, 3, 1))
    client.force_login(st_user)
    response = client.post(
        reverse("members:designation-revoke", args=[d.pk]),
        {"revoked_on": "2025-02-28", "reason": "Error", "version": d.version},
    )
    assert response.status_code == 200
    assert "Una designación no puede revocarse antes de su inicio." in response.content.decode()
    d.refresh_from_db()
    assert d.revoked_on is None


def test_designated_person_cannot_move_to_another_country(st_user, coalition):
    d = designate(st_user, coalition["HN"])
    with refused("person_of_another_country"):
        services.person_update(user=st_user, person=d.person, country=coalition["GT"].country)
    d.person.refresh_from_db()
    assert d.person.country == coalition["HN"].country
    # A person without designations still may move.
    other = PersonFactory(country=coalition["HN"].country)
    services.person_update(user=st_user, person=other, country=coalition["GT"].country)
    assert other.country == coalition["GT"].country
