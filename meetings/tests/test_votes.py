"""Motions, votes and consensus (SPEC §3; 001 §4.A.6; 003 §VI Consenso, §VIII ST 10)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from meetings import selectors, services
from meetings.models import Agreement, Motion, Vote
from meetings.tests.factories import AgendaItemFactory, MotionFactory
from members.models import Country, Designation, ObserverOrganisation
from members.tests.factories import ObserverOrganisationFactory

pytestmark = pytest.mark.django_db

ISOS = ["BZ", "CR", "DO", "GT", "HN", "MX", "NI", "PA", "SV"]


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


@pytest.fixture
def motion(meeting):
    return MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))


def cast(st_user, motion, choices: dict[str, str]):
    for iso, choice in choices.items():
        services.vote_cast(user=st_user, motion=motion, country=country(iso), choice=choice)


def refused(code: str, fn, **kwargs):
    with pytest.raises(ValidationError) as error:
        fn(**kwargs)
    assert error.value.code == code, error.value


def test_vote_cannot_open_without_quorum(coalition, meeting, motion, full_house, st_user):
    full_house(meeting, 4)
    refused("no_quorum", services.motion_open, user=st_user, motion=motion)
    motion.refresh_from_db()
    assert motion.state == Motion.State.DRAFT


def test_voting_without_quorum_is_refused(coalition, meeting, motion, full_house, st_user):
    rows = full_house(meeting, 5)
    services.motion_open(user=st_user, motion=motion)
    services.attendance_depart(user=st_user, attendance=rows[4])
    refused(
        "no_quorum",
        services.vote_cast,
        user=st_user,
        motion=motion,
        country=country("BZ"),
        choice="yes",
    )
    assert not Vote.objects.exists()


def test_observer_cannot_vote(
    coalition, meeting, motion, full_house, st_user, observer, attend_observer
):
    full_house(meeting, 5)
    services.motion_open(user=st_user, motion=motion)
    refused("observer_cannot_vote", services.vote_cast, user=observer, motion=motion, choice="yes")
    assert not Vote.objects.exists()


def test_observer_present_at_the_meeting_cannot_vote_either(
    coalition, meeting, motion, full_house, st_user, delegate, attend_observer
):
    full_house(meeting, 5)
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    present = attend_observer(meeting, ObserverOrganisationFactory(acronym="OIM"))
    delegate.person = present.person
    delegate.save()
    services.motion_open(user=st_user, motion=motion)
    refused("observer_cannot_vote", services.vote_cast, user=delegate, motion=motion, choice="yes")


def test_country_not_represented_cannot_vote(
    coalition, meeting, motion, full_house, st_user, attend
):
    full_house(meeting, 5)  # BZ CR DO GT HN
    services.motion_open(user=st_user, motion=motion)
    refused(
        "country_not_represented",
        services.vote_cast,
        user=st_user,
        motion=motion,
        country=country("PA"),
        choice="yes",
    )
    # Arriving after the vote opened does not add a country to the snapshot.
    attend(meeting, coalition["PA"])
    refused(
        "country_not_represented",
        services.vote_cast,
        user=st_user,
        motion=motion,
        country=country("PA"),
        choice="yes",
    )


def test_a_country_cannot_vote_twice(coalition, meeting, motion, full_house, st_user, delegate):
    rows = full_house(meeting, 5)
    hn = rows[4]
    delegate.person = hn.person
    delegate.save()
    services.motion_open(user=st_user, motion=motion)
    services.vote_cast(user=delegate, motion=motion, choice="yes")
    refused("already_voted", services.vote_cast, user=delegate, motion=motion, choice="no")
    refused(
        "already_voted",
        services.vote_cast,
        user=st_user,
        motion=motion,
        country=country("HN"),
        choice="no",
    )
    assert Vote.objects.get().choice == "yes"


def test_vote_after_closing_is_refused(coalition, meeting, motion, full_house, st_user):
    full_house(meeting, 5)
    services.motion_open(user=st_user, motion=motion)
    services.motion_close(user=st_user, motion=motion)
    refused(
        "motion_closed",
        services.vote_cast,
        user=st_user,
        motion=motion,
        country=country("BZ"),
        choice="yes",
    )
    services.motion_publish(user=st_user, motion=motion)
    refused(
        "motion_closed",
        services.vote_cast,
        user=st_user,
        motion=motion,
        country=country("BZ"),
        choice="yes",
    )


def test_vote_before_opening_is_refused(coalition, meeting, motion, full_house, st_user):
    full_house(meeting, 5)
    refused(
        "motion_not_open",
        services.vote_cast,
        user=st_user,
        motion=motion,
        country=country("BZ"),
        choice="yes",
    )


def test_delegate_votes_from_their_own_device(
    coalition, meeting, motion, full_house, st_user, delegate
):
    rows = full_house(meeting, 5)
    delegate.person = rows[4].person  # HN titular
    delegate.save()
    services.motion_open(user=st_user, motion=motion)
    vote = services.vote_cast(user=delegate, motion=motion, choice="abstain")
    assert vote.country.iso_code == "HN" and not vote.recorded_by_st and vote.cast_by == delegate


def test_delegate_not_present_or_for_another_country_cannot_vote(
    coalition, meeting, motion, full_house, st_user, delegate, attend
):
    full_house(meeting, 5)
    services.motion_open(user=st_user, motion=motion)
    refused("not_entitled_to_vote", services.vote_cast, user=delegate, motion=motion, choice="yes")
    present = attend(meeting, coalition["HN"])
    delegate.person = present.person
    delegate.save()
    refused(
        "not_entitled_to_vote",
        services.vote_cast,
        user=delegate,
        motion=motion,
        country=country("GT"),
        choice="yes",
    )


def test_alternate_not_accredited_cannot_cast_the_vote(
    coalition, meeting, motion, full_house, st_user, delegate, attend
):
    full_house(meeting, 5)
    alternate = attend(meeting, coalition["HN"], Designation.Role.ALTERNATE, accredited=False)
    delegate.person = alternate.person
    delegate.save()
    services.motion_open(user=st_user, motion=motion)
    refused("not_entitled_to_vote", services.vote_cast, user=delegate, motion=motion, choice="yes")


def test_st_records_votes_as_delegations_state_them(
    coalition, meeting, motion, full_house, st_user
):
    full_house(meeting, 5)
    services.motion_open(user=st_user, motion=motion)
    vote = services.vote_cast(user=st_user, motion=motion, country=country("GT"), choice="no")
    assert vote.recorded_by_st and vote.cast_by == st_user


def test_two_thirds_with_all_nine_represented_five_yes_fails_six_passes(
    coalition, meeting, full_house, st_user
):
    full_house(meeting, 9)
    item = AgendaItemFactory(meeting=meeting)
    five = MotionFactory(agenda_item=item, majority_rule=Motion.MajorityRule.TWO_THIRDS)
    six = MotionFactory(agenda_item=item, majority_rule=Motion.MajorityRule.TWO_THIRDS)
    for m, n_yes in ((five, 5), (six, 6)):
        services.motion_open(user=st_user, motion=m)
        cast(st_user, m, {iso: ("yes" if i < n_yes else "no") for i, iso in enumerate(ISOS)})
        services.motion_close(user=st_user, motion=m)
        m.refresh_from_db()
    assert selectors.motion_result(five).required_yes == 6
    assert five.outcome == Motion.Outcome.REJECTED
    assert six.outcome == Motion.Outcome.ADOPTED


def test_simple_majority_of_seven_needs_four_yes_and_abstentions_are_not_yes(
    coalition, meeting, full_house, st_user
):
    full_house(meeting, 7)  # BZ CR DO GT HN MX NI
    item = AgendaItemFactory(meeting=meeting)
    three = MotionFactory(agenda_item=item)
    four = MotionFactory(agenda_item=item)
    services.motion_open(user=st_user, motion=three)
    cast(
        st_user,
        three,
        {
            "BZ": "yes",
            "CR": "yes",
            "DO": "yes",
            "GT": "abstain",
            "HN": "abstain",
            "MX": "abstain",
            "NI": "no",
        },
    )
    services.motion_close(user=st_user, motion=three)
    services.motion_open(user=st_user, motion=four)
    cast(
        st_user,
        four,
        {
            "BZ": "yes",
            "CR": "yes",
            "DO": "yes",
            "GT": "yes",
            "HN": "abstain",
            "MX": "abstain",
            "NI": "abstain",
        },
    )
    services.motion_close(user=st_user, motion=four)
    three.refresh_from_db()
    four.refresh_from_db()
    result = selectors.motion_result(three)
    assert (result.entitled, result.required_yes, result.yes, result.abstain) == (7, 4, 3, 3)
    assert three.outcome == Motion.Outcome.REJECTED  # 3 yes > 1 no, but not a majority of 7
    assert four.outcome == Motion.Outcome.ADOPTED


def test_unanimity_needs_every_represented_country(coalition, meeting, full_house, st_user):
    full_house(meeting, 5)
    m = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting), majority_rule="unanimity")
    services.motion_open(user=st_user, motion=m)
    cast(st_user, m, {"BZ": "yes", "CR": "yes", "DO": "yes", "GT": "yes"})  # HN does not vote
    services.motion_close(user=st_user, motion=m)
    m.refresh_from_db()
    assert m.outcome == Motion.Outcome.REJECTED


def test_required_yes_rule_table():
    assert [selectors.required_yes("simple", n) for n in (5, 6, 7, 9)] == [3, 4, 4, 5]
    assert [selectors.required_yes("two_thirds", n) for n in (5, 6, 7, 9)] == [4, 4, 5, 6]
    assert selectors.required_yes("unanimity", 7) == 7


def test_entitled_countries_are_the_snapshot_at_opening(
    coalition, meeting, motion, full_house, st_user
):
    rows = full_house(meeting, 6)
    services.motion_open(user=st_user, motion=motion)
    services.attendance_depart(user=st_user, attendance=rows[5])  # MX leaves; quorum holds
    motion.refresh_from_db()
    assert motion.entitled_countries == ["BZ", "CR", "DO", "GT", "HN", "MX"]
    cast(st_user, motion, {"BZ": "yes", "CR": "yes", "DO": "yes"})
    services.motion_close(user=st_user, motion=motion)
    motion.refresh_from_db()
    assert selectors.motion_result(motion).required_yes == 4  # still against 6
    assert motion.outcome == Motion.Outcome.REJECTED


def test_consensus_is_recorded_with_reservations_and_becomes_an_agreement(
    coalition, meeting, motion, full_house, presidency_user
):
    full_house(meeting, 5)
    services.motion_record_consensus(
        user=presidency_user,
        motion=motion,
        reservations=[(country("GT"), "Sujeto a consulta interna")],
    )
    motion.refresh_from_db()
    assert motion.decision_method == Motion.Method.CONSENSUS
    assert motion.outcome == Motion.Outcome.ADOPTED and motion.state == Motion.State.CLOSED
    assert not motion.votes.exists()
    assert [(r.country.iso_code, r.text) for r in motion.reservations.all()] == [
        ("GT", "Sujeto a consulta interna")
    ]
    assert Agreement.objects.get().motion == motion
    refused(
        "motion_already_decided",
        services.motion_record_consensus,
        user=presidency_user,
        motion=motion,
    )


def test_consensus_needs_quorum(coalition, meeting, motion, full_house, presidency_user):
    full_house(meeting, 4)
    refused("no_quorum", services.motion_record_consensus, user=presidency_user, motion=motion)


def test_consensus_motion_is_not_opened_for_a_vote(coalition, meeting, full_house, st_user):
    full_house(meeting, 5)
    m = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting), decision_method="consensus")
    refused("not_a_vote", services.motion_open, user=st_user, motion=m)


def test_adopted_votes_are_numbered_agreements_per_year(coalition, meeting, full_house, st_user):
    full_house(meeting, 5)
    item = AgendaItemFactory(meeting=meeting)
    numbers = []
    for _ in range(3):
        m = MotionFactory(agenda_item=item)
        services.motion_open(user=st_user, motion=m)
        cast(st_user, m, dict.fromkeys(["BZ", "CR", "DO"], "yes"))
        services.motion_close(user=st_user, motion=m)
        numbers.append(m.agreement.number)
    rejected = MotionFactory(agenda_item=item)
    services.motion_open(user=st_user, motion=rejected)
    services.motion_close(user=st_user, motion=rejected)
    assert numbers == ["CR-2026-01", "CR-2026-02", "CR-2026-03"]
    assert Agreement.objects.count() == 3


def test_motions_go_on_decision_items_only(meeting, presidency_user):
    item = AgendaItemFactory(meeting=meeting, kind="information")
    refused(
        "motion_needs_decision_item",
        services.motion_create,
        user=presidency_user,
        agenda_item=item,
        text="x",
    )
