"""One rule for "a country is represented" (001 §4.A.7, SPEC §3;
selectors.attendance_represents_country_q): a titular, or an alternate accredited for the
meeting, of a country that is a member on the meeting's date; observers never count. The
live quorum, the voter's own attendance, the participation indicator and the meetings held
in the reports all read it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import selectors, services
from meetings.models import Attendance
from meetings.tests.factories import AgendaItemFactory, MotionFactory
from members.models import Designation, Membership, ObserverOrganisation, User
from members.tests.factories import ObserverOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_attendance(coalition, meeting, attend, attend_observer, st_user):
    """HN titular, GT accredited alternate, SV alternate not accredited, PA titular who
    left, an observer, and a titular of Belize, whose membership ended before the meeting."""
    membership = Membership.objects.get(country__iso_code="BZ")
    membership.end_date = meeting.date - dt.timedelta(days=1)
    membership.save()
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    rows = {
        "HN": attend(meeting, coalition["HN"]),
        "GT": attend(meeting, coalition["GT"], Designation.Role.ALTERNATE, accredited=True),
        "SV": attend(meeting, coalition["SV"], Designation.Role.ALTERNATE, accredited=False),
        "PA": attend(meeting, coalition["PA"]),
        "BZ": attend(meeting, coalition["BZ"]),
        "OIM": attend_observer(meeting, ObserverOrganisationFactory(acronym="OIM")),
    }
    services.attendance_depart(user=st_user, attendance=rows["PA"])
    return rows


def test_the_rule_itself(mixed_attendance, meeting):
    represented = Attendance.objects.filter(meeting=meeting).filter(
        selectors.attendance_represents_country_q()
    )
    assert sorted(a.country.iso_code for a in represented) == ["GT", "HN", "PA"]


def test_live_quorum_counts_the_present_ones(mixed_attendance, meeting):
    assert selectors.meeting_quorum(meeting).represented_countries == ["GT", "HN"]


def test_meetings_held_and_participation_count_any_moment(mixed_attendance, meeting):
    [held] = selectors.meetings_held(years=[meeting.date.year])
    assert held.represented == ["GT", "HN", "PA"]
    rows = {
        p.country: (p.attended, p.held)
        for p in selectors.participation_by_country_year()
        if p.year == meeting.date.year
    }
    assert rows["HN"] == rows["GT"] == rows["PA"] == (1, 1)
    assert rows["SV"] == (0, 1)
    assert "BZ" not in rows  # not a member on the meeting's date: not held for it either


def test_only_a_representing_attendance_casts_its_countrys_vote(
    coalition, meeting, mixed_attendance, full_house, st_user
):
    full_house(meeting, 7)  # BZ CR DO GT HN MX NI: quorum with the members among them
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    services.motion_open(user=st_user, motion=motion)
    for iso, code in (("BZ", "not_entitled_to_vote"), ("SV", "not_entitled_to_vote")):
        voter = UserFactory(
            username=f"del-{iso.lower()}",
            role=User.Role.DELEGATE,
            national_body=coalition[iso],
            person=mixed_attendance[iso].person,
        )
        with pytest.raises(ValidationError) as error:
            services.vote_cast(user=voter, motion=motion, choice="yes")
        assert error.value.code == code, iso
    voter = UserFactory(
        username="del-gt",
        role=User.Role.DELEGATE,
        national_body=coalition["GT"],
        person=mixed_attendance["GT"].person,
    )
    assert services.vote_cast(user=voter, motion=motion, choice="yes").country.iso_code == "GT"
