"""Belize's officials read English, the other member countries' Spanish (issue 25): a person
registered without a language gets their country's, and the demo's Belize focal point and
representatives are in English."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from members import services
from members.models import Designation, Person, User

pytestmark = pytest.mark.django_db


def test_a_person_of_belize_is_written_to_in_english_unless_told_otherwise(coalition, st_user):
    belize = coalition["BZ"].country
    assert services.person_default_language(belize) == "en"
    assert services.person_default_language(coalition["HN"].country) == "es"
    assert services.person_default_language(None) == "es"
    bz = services.person_create(
        user=st_user, first_name="Ann", last_name="Young", institution="MHD", country=belize
    )
    hn = services.person_create(
        user=st_user,
        first_name="Ana",
        last_name="Paz",
        institution="CICESCT",
        country=coalition["HN"].country,
    )
    chosen = services.person_create(
        user=st_user,
        first_name="Luis",
        last_name="Cho",
        institution="MHD",
        country=belize,
        language="es",
    )
    assert (bz.language, hn.language, chosen.language) == ("en", "es", "es")


def test_a_focal_point_of_belize_registers_its_people_in_english(coalition):
    focal_point = User.objects.create(
        username="fp-bz", role=User.Role.FOCAL_POINT, national_body=coalition["BZ"]
    )
    person = services.person_create(
        user=focal_point, first_name="Ann", last_name="Young", institution="MHD"
    )
    assert person.country == coalition["BZ"].country and person.language == "en"


def test_the_demo_belize_focal_point_and_representatives_read_english(coalition):
    call_command("load_demo", stdout=io.StringIO())
    assert User.objects.get(username="fp-bz").language == "en"
    assert User.objects.get(username="fp-hn").language == "es"
    belize = Person.objects.filter(designations__national_body__country__iso_code="BZ")
    assert belize.exists() and set(belize.values_list("language", flat=True)) == {"en"}
    others = Person.objects.filter(
        designations__in=Designation.objects.exclude(national_body__country__iso_code="BZ")
    )
    assert set(others.values_list("language", flat=True)) == {"es"}
