"""A country with two rector bodies (003 §VIII Pleno: representatives designated "para cada
uno de los delitos") seats the representatives of both; quorum and votes stay one per
country (001 §4.A.7, SPEC §3)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meetings import selectors, services
from meetings.models import Vote
from meetings.tests.factories import AgendaItemFactory, MotionFactory
from members import services as member_services
from members.models import Country, Designation, NationalBody, User
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctim(st_user, coalition) -> NationalBody:
    """Guatemala's rector for smuggling of migrants, beside CIT (trafficking)."""
    return member_services.national_body_create(
        user=st_user,
        country=coalition["GT"].country,
        name="Comisión contra el Tráfico Ilícito de Migrantes (prueba)",
        acronym="CTIM-GT",
        kind=NationalBody.Kind.COMMISSION,
        crimes=NationalBody.Crimes.SMUGGLING,
    )


def test_both_bodies_seat_their_titulars_and_the_country_counts_once(
    coalition, meeting, attend, ctim
):
    trafficking = attend(meeting, coalition["GT"], Designation.Role.TITULAR)
    smuggling = attend(meeting, ctim, Designation.Role.TITULAR)
    assert trafficking.country.iso_code == smuggling.country.iso_code == "GT"
    assert (trafficking.designation.national_body, smuggling.designation.national_body) == (
        coalition["GT"],
        ctim,
    )
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.represented_countries == ["GT"]
    assert quorum.n_members == 9  # countries, not bodies


def test_quorum_with_a_second_body_present_is_still_five_countries(
    coalition, meeting, attend, full_house, ctim
):
    full_house(meeting, 4)  # BZ, CR, DO, GT
    attend(meeting, ctim, Designation.Role.TITULAR)
    assert not selectors.meeting_quorum(meeting).reached
    attend(meeting, coalition["HN"], Designation.Role.TITULAR)
    assert selectors.meeting_quorum(meeting).reached


def test_the_country_votes_once_whichever_body_casts_it(
    coalition, meeting, attend, full_house, st_user, ctim
):
    full_house(meeting, 5)  # BZ, CR, DO, GT (CIT), HN
    smuggling = attend(meeting, ctim, Designation.Role.TITULAR)
    ctim_delegate = UserFactory(
        username="delegado-ctim",
        role=User.Role.DELEGATE,
        national_body=ctim,
        person=smuggling.person,
    )
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    services.motion_open(user=st_user, motion=motion)
    vote = services.vote_cast(user=ctim_delegate, motion=motion, choice="no")
    assert vote.country.iso_code == "GT"
    with pytest.raises(ValidationError) as error:
        services.vote_cast(
            user=st_user, motion=motion, country=Country.objects.get(iso_code="GT"), choice="yes"
        )
    assert error.value.code == "already_voted"
    assert Vote.objects.get().choice == "no"
