"""001 §4.A.1: each national body designates at most 2 titular and 2 alternate
representatives, by formal letter; designation history is never overwritten."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from members import services
from members.models import Designation
from members.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def designate(user, body, role="titular", start=dt.date(2025, 1, 1), end=None, **kw):
    person = PersonFactory(country=body.country)
    return services.designation_create(
        user=user,
        national_body=body,
        person=person,
        role=role,
        start_date=start,
        end_date=end,
        **kw,
    )


def test_third_titular_in_force_is_refused_with_clear_message(st_user, coalition):
    hn = coalition["HN"]
    designate(st_user, hn)
    designate(st_user, hn)
    with pytest.raises(ValidationError) as error:
        designate(st_user, hn, start=dt.date(2025, 6, 1))
    assert error.value.code == "too_many_in_force"
    assert "CICESCT" in error.value.messages[0]
    assert "2" in error.value.messages[0]
    assert Designation.objects.filter(national_body=hn).count() == 2


def test_two_titulars_and_two_alternates_fit_together(st_user, coalition):
    body = coalition["GT"]
    for role in ("titular", "titular", "alternate", "alternate"):
        designate(st_user, body, role=role)
    with pytest.raises(ValidationError):
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
    with pytest.raises(ValidationError):
        designate(st_user, body, start=dt.date(2024, 1, 1))  # open-ended: reaches July 2025
    # Before the first starts and ending in time, a third is fine.
    designate(st_user, body, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31))


def test_revocation_needs_a_reason_and_cannot_repeat(st_user, coalition):
    d = designate(st_user, coalition["SV"])
    with pytest.raises(ValidationError) as error:
        services.designation_revoke(
            user=st_user, designation=d, revoked_on=dt.date(2025, 2, 1), reason=" "
        )
    assert error.value.code == "reason_required"
    services.designation_revoke(
        user=st_user, designation=d, revoked_on=dt.date(2025, 2, 1), reason="Fin"
    )
    with pytest.raises(ValidationError) as error:
        services.designation_revoke(
            user=st_user, designation=d, revoked_on=dt.date(2025, 3, 1), reason="x"
        )
    assert error.value.code == "already_revoked"


def test_person_of_another_country_cannot_be_designated(st_user, coalition):
    guatemalan = PersonFactory(country=coalition["GT"].country)
    with pytest.raises(ValidationError) as error:
        services.designation_create(
            user=st_user,
            national_body=coalition["HN"],
            person=guatemalan,
            role="titular",
            start_date=dt.date(2025, 1, 1),
        )
    assert error.value.code == "person_of_another_country"


def test_focal_point_designates_for_own_body_only(focal_point_hn, coalition):
    designate(focal_point_hn, coalition["HN"])
    with pytest.raises(PermissionDenied):
        designate(focal_point_hn, coalition["GT"])
    assert not Designation.objects.filter(national_body=coalition["GT"]).exists()


def test_accreditation_letter_must_really_be_a_pdf_or_image(st_user, coalition):
    fake = SimpleUploadedFile("carta.pdf", b"MZ\x90\x00 this is an executable", "application/pdf")
    with pytest.raises(ValidationError) as error:
        designate(st_user, coalition["HN"], accreditation_letter=fake)
    assert error.value.code == "file_wrong_type"
    letter = SimpleUploadedFile("carta.pdf", PDF, "application/pdf")
    d = designate(st_user, coalition["HN"], accreditation_letter=letter)
    assert d.accreditation_letter.name.startswith("accreditations/CICESCT/")


def test_oversized_letter_is_refused(st_user, coalition, settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("carta.pdf", PDF + b"0" * (1024 * 1024 + 1), "application/pdf")
    with pytest.raises(ValidationError) as error:
        designate(st_user, coalition["HN"], accreditation_letter=big)
    assert error.value.code == "file_too_large"
