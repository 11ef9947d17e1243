"""Quorum as SPEC §3 reads 001 §4.A.7: represented member countries ≥ ⌊N/2⌋ + 1."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meetings import selectors, services
from meetings.models import Attendance, QuorumVerification
from members.models import Country, Designation, Membership, ObserverOrganisation
from members.tests.factories import DesignationFactory, ObserverOrganisationFactory

pytestmark = pytest.mark.django_db


def test_quorum_needs_five_of_nine(coalition, meeting, full_house, attend):
    full_house(meeting, 4)  # BZ, CR, DO, GT
    quorum = selectors.meeting_quorum(meeting)
    assert (quorum.n_members, quorum.required, quorum.represented, quorum.reached) == (
        9,
        5,
        4,
        False,
    )
    attend(meeting, coalition["HN"])
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.required == 5
    assert quorum.represented == 5
    assert quorum.reached


def test_four_countries_and_observers_are_no_quorum(
    coalition, meeting, full_house, attend_observer
):
    full_house(meeting, 4)
    observers = ("OIM", "UNODC", "UNICEF")  # admitted as observers by the Plenary, here
    ObserverOrganisation.objects.filter(acronym__in=observers).update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    for acronym in observers:
        attend_observer(meeting, ObserverOrganisationFactory(acronym=acronym))
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.represented == 4
    assert not quorum.reached
    assert Attendance.objects.filter(meeting=meeting, left_at__isnull=True).count() == 7


def test_alternate_without_accreditation_for_the_meeting_does_not_count(
    coalition, meeting, full_house, attend
):
    full_house(meeting, 4)
    alternate = attend(meeting, coalition["PA"], Designation.Role.ALTERNATE, accredited=False)
    assert not selectors.meeting_quorum(meeting).reached
    services.attendance_accredit(
        user=alternate.recorded_by, attendance=alternate, accreditation_note="Carta del 9 de marzo"
    )
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.reached
    assert "PA" in quorum.represented_countries


def test_accrediting_an_alternate_needs_the_accreditation(coalition, meeting, st_user):
    designation = DesignationFactory(national_body=coalition["PA"], role=Designation.Role.ALTERNATE)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            user=st_user,
            meeting=meeting,
            person=designation.person,
            capacity="alternate",
            accredited_for_meeting=True,
        )
    assert error.value.code == "accreditation_required"


def test_two_people_of_one_country_count_once(coalition, meeting, attend):
    attend(meeting, coalition["HN"], Designation.Role.TITULAR)
    attend(meeting, coalition["HN"], Designation.Role.TITULAR)
    attend(meeting, coalition["HN"], Designation.Role.ALTERNATE, accredited=True)
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.represented_countries == ["HN"]


def test_membership_that_changed_before_the_meeting_changes_n(coalition, meeting, full_house):
    # Nicaragua became an observer country before the meeting: 8 members, quorum still 5;
    # Belize and Costa Rica also leave: 6 members, quorum 4.
    for iso in ("NI", "BZ", "CR"):
        membership = Membership.objects.get(country__iso_code=iso)
        membership.end_date = dt.date(2025, 12, 31)
        membership.save()
        Membership.objects.create(
            country=membership.country,
            status=Membership.Status.OBSERVER,
            start_date=dt.date(2026, 1, 1),
        )
    full_house(meeting, 4)  # BZ, CR, DO, GT: only DO and GT are members on the date
    quorum = selectors.meeting_quorum(meeting)
    assert (quorum.n_members, quorum.required) == (6, 4)
    assert quorum.represented_countries == ["DO", "GT"]


def test_membership_after_the_meeting_does_not_count(coalition, meeting):
    Membership.objects.create(
        country=Country.objects.create(iso_code="CO", name_es="Colombia", name_en="Colombia"),
        status=Membership.Status.MEMBER,
        start_date=dt.date(2026, 6, 1),
    )
    assert selectors.meeting_quorum(meeting).n_members == 9


def test_departures_update_the_count(coalition, meeting, full_house, st_user):
    rows = full_house(meeting, 5)
    assert selectors.meeting_quorum(meeting).reached
    services.attendance_depart(user=st_user, attendance=rows[0])
    quorum = selectors.meeting_quorum(meeting)
    assert quorum.represented == 4 and not quorum.reached
    # Coming back is a new arrival.
    services.attendance_record(
        user=st_user, meeting=meeting, person=rows[0].person, capacity="titular"
    )
    assert selectors.meeting_quorum(meeting).reached


def test_attendance_needs_a_designation_in_force_on_the_meeting_date(coalition, meeting, st_user):
    ended = DesignationFactory(
        national_body=coalition["HN"],
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            user=st_user, meeting=meeting, person=ended.person, capacity="titular"
        )
    assert error.value.code == "no_designation_in_force"
    alternate = DesignationFactory(national_body=coalition["HN"], role=Designation.Role.ALTERNATE)
    with pytest.raises(ValidationError) as error:  # an alternate is not a titular
        services.attendance_record(
            user=st_user, meeting=meeting, person=alternate.person, capacity="titular"
        )
    assert error.value.code == "no_designation_in_force"


def test_the_same_person_cannot_be_present_twice(coalition, meeting, attend, st_user):
    row = attend(meeting, coalition["HN"])
    with pytest.raises(ValidationError) as error:
        services.attendance_record(
            user=st_user, meeting=meeting, person=row.person, capacity="titular"
        )
    assert error.value.code == "already_present"


def test_only_st_records_attendance(coalition, meeting, presidency_user):
    designation = DesignationFactory(national_body=coalition["HN"])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.attendance_record(
            user=presidency_user, meeting=meeting, person=designation.person, capacity="titular"
        )


def test_presidency_verifies_quorum_and_the_snapshot_is_stored(
    coalition, meeting, full_house, presidency_user, st_user
):
    rows = full_house(meeting, 5)
    verification = services.quorum_verify(user=presidency_user, meeting=meeting)
    services.attendance_depart(user=st_user, attendance=rows[0])
    verification.refresh_from_db()
    assert verification.reached and verification.n_members == 9 and verification.required == 5
    assert verification.represented == ["BZ", "CR", "DO", "GT", "HN"]
    assert verification.verified_by == presidency_user
    later = services.quorum_verify(user=presidency_user, meeting=meeting)
    assert not later.reached and later.represented == ["CR", "DO", "GT", "HN"]
    assert QuorumVerification.objects.filter(meeting=meeting).count() == 2
