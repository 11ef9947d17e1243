"""Designations and their letters (issue 16; 001 §4.A.1): one person holds at most one
designation of a body at a time — never a titular and an alternate at once — and an
accreditation letter is read by the Technical Secretariat, the Presidency and the letter's
own country only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from common.testing import refused
from members import services
from members.models import Designation, User
from members.tests.factories import DesignationFactory, PersonFactory, UserFactory, designate

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- One designation of a body per person at a time ---------------------------------------


def test_a_titular_cannot_also_be_an_alternate_of_the_same_body(st_user, coalition):
    person = PersonFactory(country=coalition["HN"].country)
    designate(st_user, coalition["HN"], person, "titular", dt.date(2025, 1, 1))
    with refused("person_already_designated"):
        designate(st_user, coalition["HN"], person, "alternate", dt.date(2025, 6, 1))
    assert Designation.objects.filter(person=person).count() == 1


def test_a_second_designation_overlapping_an_earlier_term_is_refused(st_user, coalition):
    person = PersonFactory(country=coalition["HN"].country)
    designate(
        st_user, coalition["HN"], person, "titular", dt.date(2025, 3, 1), dt.date(2025, 12, 31)
    )
    with refused("person_already_designated"):
        # Starts before and runs into the first one.
        designate(
            st_user, coalition["HN"], person, "alternate", dt.date(2024, 1, 1), dt.date(2025, 3, 1)
        )


def test_one_designation_after_another_is_accepted(st_user, coalition):
    person = PersonFactory(country=coalition["HN"].country)
    first = designate(
        st_user, coalition["HN"], person, "alternate", dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    )
    second = designate(st_user, coalition["HN"], person, "titular", dt.date(2025, 1, 1))
    assert first.end_date < second.start_date


def test_after_a_revocation_the_person_can_be_designated_again(st_user, coalition):
    person = PersonFactory(country=coalition["HN"].country)
    titular = designate(st_user, coalition["HN"], person, "titular", dt.date(2025, 1, 1))
    services.designation_revoke(
        user=st_user, designation=titular, revoked_on=dt.date(2025, 6, 1), reason="Cambio de cargo"
    )
    alternate = designate(st_user, coalition["HN"], person, "alternate", dt.date(2025, 6, 1))
    titular.refresh_from_db()
    assert alternate.is_in_force(dt.date(2025, 6, 1))
    assert not titular.is_in_force(dt.date(2025, 6, 1))


def test_a_designation_withdrawn_on_its_start_day_blocks_nothing(st_user, coalition):
    person = PersonFactory(country=coalition["HN"].country)
    mistake = designate(st_user, coalition["HN"], person, "alternate", dt.date(2025, 1, 1))
    services.designation_revoke(
        user=st_user, designation=mistake, revoked_on=dt.date(2025, 1, 1), reason="Error"
    )
    designate(st_user, coalition["HN"], person, "titular", dt.date(2025, 1, 1))


def test_the_database_refuses_two_open_designations_of_a_person(coalition):
    first = DesignationFactory(national_body=coalition["HN"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Designation.objects.create(
            national_body=coalition["HN"],
            person=first.person,
            role=Designation.Role.ALTERNATE,
            start_date=dt.date(2026, 1, 1),
        )


def test_the_designation_form_says_why(client, st_user, coalition):
    person = PersonFactory(country=coalition["HN"].country)
    designate(st_user, coalition["HN"], person, "titular", dt.date(2025, 1, 1))
    client.force_login(st_user)
    response = client.post(
        reverse("members:designation-create", args=["CICESCT"]),
        {"person": person.pk, "role": "alternate", "start_date": "2025-02-01"},
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["person_already_designated"]


# --- Who reads an accreditation letter ------------------------------------------------------


@pytest.fixture
def letter(st_user, coalition) -> Designation:
    """A Honduran designation with its letter on file."""
    designation = DesignationFactory(national_body=coalition["HN"])
    services.designation_upload_letter(
        user=st_user,
        designation=designation,
        letter=SimpleUploadedFile("carta.pdf", PDF, "application/pdf"),
    )
    return designation


def download(client, user, designation):
    client.force_login(user)
    return client.get(reverse("members:designation-letter-download", args=[designation.pk]))


@pytest.mark.parametrize(
    "who", ["st_user", "presidency_user", "focal_point_hn", "delegate"], ids=str
)
def test_st_the_presidency_and_the_letters_own_country_download_it(client, request, letter, who):
    response = download(client, request.getfixturevalue(who), letter)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.fixture
def delegate_gt(coalition) -> User:
    return UserFactory(role=User.Role.DELEGATE, national_body=coalition["GT"])


@pytest.mark.parametrize("who", ["focal_point_gt", "delegate_gt", "observer", "partner"], ids=str)
def test_another_country_an_observer_and_a_partner_cannot_download_it(client, request, letter, who):
    assert download(client, request.getfixturevalue(who), letter).status_code == 403


def test_no_letter_is_not_found(client, st_user, coalition):
    bare = DesignationFactory(national_body=coalition["HN"])
    assert download(client, st_user, bare).status_code == 404


def test_the_body_page_offers_the_download_only_to_those_who_may(
    client, letter, focal_point_gt, focal_point_hn
):
    url = reverse("members:designation-letter-download", args=[letter.pk])
    page = reverse("members:body-detail", args=["CICESCT"])
    client.force_login(focal_point_gt)
    assert url not in client.get(page).content.decode()
    client.force_login(focal_point_hn)
    assert url in client.get(page).content.decode()
