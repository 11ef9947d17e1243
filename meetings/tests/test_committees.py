"""Committee sessions (issue 16): the Petit Comité of Costa Rica, Guatemala and Honduras
(003 §I) meets with its own quorum — half of its member countries plus one, SPEC §3's rule
over N = 3 — only its member countries vote, and its decisions are numbered per committee
(PC-2026-01), kept apart from the Coalition's agreements and counted by the POA indicator
"Número de Acuerdos tomados por el Comité" (003 §X)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from meetings import selectors, services
from meetings.models import Agreement, CommitteeDecision, Meeting, Motion
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, MotionFactory
from members.models import Committee, Designation, Membership, User
from members.tests.factories import CommitteeCountryFactory, CommitteeFactory, UserFactory
from plans.activity_indicators import activity_measures
from plans.loaders import load_plan
from plans.models import Activity

pytestmark = pytest.mark.django_db

PC_COUNTRIES = ["CR", "GT", "HN"]


@pytest.fixture
def petit_comite(coalition) -> Committee:
    """The Petit Comité as the source data file loads it (003 §I)."""
    return Committee.objects.get(code="PC")


@pytest.fixture
def session(petit_comite) -> Meeting:
    return MeetingFactory(
        kind=Meeting.Kind.COMMITTEE,
        committee=petit_comite,
        title="Sesión del Petit Comité",
        status=Meeting.Status.IN_SESSION,
    )


def vote_motion(session) -> Motion:
    return MotionFactory(
        agenda_item=AgendaItemFactory(meeting=session),
        text="Aprobar la agenda de trabajo del Petit Comité",
        decision_method=Motion.Method.VOTE,
    )


def adopt(st_user, motion: Motion, countries: list[str]) -> Motion:
    motion = services.motion_open(user=st_user, motion=motion)
    for country in motion.entitled_countries:
        if country in countries:
            services.vote_cast(
                user=st_user,
                motion=motion,
                choice="yes",
                country=Membership.objects.get(country__iso_code=country).country,
            )
    return services.motion_close(user=st_user, motion=motion)


# --- The Petit Comité as the sources define it ----------------------------------------------


def test_the_petit_comite_is_loaded_with_its_three_countries(petit_comite, session):
    countries = selectors.meeting_member_countries(session)
    assert sorted(countries.values_list("iso_code", flat=True)) == PC_COUNTRIES
    assert petit_comite.kind == Committee.Kind.PETIT
    assert "003 §I" in petit_comite.source
    # The sources give no dates for its countries: none is invented.
    assert set(petit_comite.countries.values_list("start_date", "end_date")) == {(None, None)}


# --- Quorum --------------------------------------------------------------------------------


def test_a_committee_of_three_countries_reaches_quorum_with_two_present(coalition, session, attend):
    attend(session, coalition["CR"])
    quorum = selectors.meeting_quorum(session)
    assert (quorum.n_members, quorum.required, quorum.represented, quorum.reached) == (
        3,
        2,
        1,
        False,
    )
    attend(session, coalition["GT"])
    quorum = selectors.meeting_quorum(session)
    assert (quorum.n_members, quorum.required, quorum.represented, quorum.reached) == (
        3,
        2,
        2,
        True,
    )


def test_the_whole_petit_comite_present_is_not_five_of_nine(coalition, session, attend):
    """The issue's report: CR, GT and HN present read "required 5 of 9, not reached"."""
    for iso in PC_COUNTRIES:
        attend(session, coalition[iso])
    quorum = selectors.meeting_quorum(session)
    assert (quorum.n_members, quorum.required, quorum.reached) == (3, 2, True)
    assert quorum.represented_countries == PC_COUNTRIES


def test_countries_outside_the_committee_do_not_make_its_quorum(coalition, session, attend):
    for iso in ("PA", "SV", "NI", "MX", "BZ", "CR"):
        attend(session, coalition[iso])
    quorum = selectors.meeting_quorum(session)
    assert quorum.represented_countries == ["CR"]
    assert not quorum.reached


def test_a_plenary_still_counts_the_nine_member_countries(coalition, meeting, attend):
    for iso in ("CR", "GT"):
        attend(meeting, coalition[iso])
    quorum = selectors.meeting_quorum(meeting)
    assert (quorum.n_members, quorum.required, quorum.reached) == (9, 5, False)


def test_a_country_that_left_the_committee_before_the_session_does_not_count(
    coalition, petit_comite, session, attend, st_user
):
    from members import services as member_services

    seat = petit_comite.countries.get(country__iso_code="HN")
    member_services.committee_country_end(user=st_user, seat=seat, end_date=dt.date(2026, 1, 31))
    attend(session, coalition["HN"])
    attend(session, coalition["CR"])
    quorum = selectors.meeting_quorum(session)
    assert (quorum.n_members, quorum.required) == (2, 2)
    assert quorum.represented_countries == ["CR"]
    assert not quorum.reached


def test_a_committee_session_needs_its_committee(coalition):
    with pytest.raises(ValidationError) as error:
        MeetingFactory.build(kind=Meeting.Kind.COMMITTEE, committee=None).full_clean()
    assert [e.code for e in error.value.error_dict["__all__"]] == [
        "committee_session_needs_committee"
    ]
    pc = Committee.objects.get(code="PC")
    with pytest.raises(ValidationError):
        MeetingFactory.build(kind=Meeting.Kind.ORDINARY, committee=pc).full_clean()


# --- Votes ---------------------------------------------------------------------------------


def test_only_the_committees_countries_are_entitled_when_the_vote_opens(
    coalition, session, attend, st_user
):
    for iso in ("CR", "GT", "PA"):
        attend(session, coalition[iso])
    motion = services.motion_open(user=st_user, motion=vote_motion(session))
    assert motion.entitled_countries == ["CR", "GT"]


def test_a_delegate_of_a_country_outside_the_committee_cannot_vote(
    coalition, session, attend, st_user
):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    panama = attend(session, coalition["PA"], Designation.Role.TITULAR)
    delegate = UserFactory(
        role=User.Role.DELEGATE, national_body=coalition["PA"], person=panama.person
    )
    motion = services.motion_open(user=st_user, motion=vote_motion(session))
    with pytest.raises(ValidationError) as error:
        services.vote_cast(user=delegate, motion=motion, choice="yes")
    assert error.value.code == "not_entitled_to_vote"
    assert not motion.votes.exists()


def test_st_cannot_record_a_vote_for_a_country_outside_the_committee(
    coalition, session, attend, st_user
):
    for iso in ("CR", "GT", "PA"):
        attend(session, coalition[iso])
    motion = services.motion_open(user=st_user, motion=vote_motion(session))
    with pytest.raises(ValidationError) as error:
        services.vote_cast(
            user=st_user, motion=motion, choice="yes", country=coalition["PA"].country
        )
    assert error.value.code == "country_not_represented"


def test_a_delegate_of_a_committee_country_votes(coalition, session, attend, st_user):
    honduras = attend(session, coalition["HN"], Designation.Role.TITULAR)
    attend(session, coalition["CR"])
    delegate = UserFactory(
        role=User.Role.DELEGATE, national_body=coalition["HN"], person=honduras.person
    )
    motion = services.motion_open(user=st_user, motion=vote_motion(session))
    vote = services.vote_cast(user=delegate, motion=motion, choice="yes")
    assert vote.country.iso_code == "HN"


# --- Decisions -----------------------------------------------------------------------------


def test_an_adopted_motion_becomes_the_committees_decision_not_an_agreement(
    coalition, session, attend, st_user
):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    agreements_before = Agreement.objects.count()
    motion = adopt(st_user, vote_motion(session), ["CR", "GT"])
    assert motion.outcome == Motion.Outcome.ADOPTED
    decision = CommitteeDecision.objects.get(motion=motion)
    assert decision.number == "PC-2026-01"
    assert decision.decided_on == dt.date(2026, 3, 10)
    assert Agreement.objects.count() == agreements_before
    assert not Agreement.objects.filter(motion=motion).exists()


def test_decisions_are_numbered_per_committee_and_year(coalition, session, attend, st_user):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    first = adopt(st_user, vote_motion(session), ["CR", "GT"])
    second = adopt(st_user, vote_motion(session), ["CR", "GT"])
    other = CommitteeFactory(name="Comité de Comunicación", code="COM")
    for iso in ("SV", "NI"):
        CommitteeCountryFactory(committee=other, country=coalition[iso].country)
    other_session = MeetingFactory(kind=Meeting.Kind.COMMITTEE, committee=other)
    for iso in ("SV", "NI"):
        attend(other_session, coalition[iso])
    third = adopt(st_user, vote_motion(other_session), ["SV", "NI"])
    assert [m.committee_decision.number for m in (first, second, third)] == [
        "PC-2026-01",
        "PC-2026-02",
        "COM-2026-01",
    ]


def test_a_consensus_in_a_committee_session_is_its_decision(coalition, session, attend, st_user):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    motion = MotionFactory(
        agenda_item=AgendaItemFactory(meeting=session), decision_method=Motion.Method.CONSENSUS
    )
    services.motion_record_consensus(user=st_user, motion=motion)
    assert CommitteeDecision.objects.get(motion=motion).number == "PC-2026-01"
    assert not Agreement.objects.filter(motion=motion).exists()


def test_a_plenary_decision_is_still_an_agreement(coalition, meeting, full_house, st_user):
    full_house(meeting, 5)
    motion = adopt(st_user, vote_motion(meeting), ["BZ", "CR", "DO", "GT", "HN"])
    assert Agreement.objects.get(motion=motion).number.startswith("CR-2026-")
    assert not CommitteeDecision.objects.exists()


def test_committee_decisions_stay_out_of_the_agreements_register(
    client, coalition, session, attend, st_user
):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    adopt(st_user, vote_motion(session), ["CR", "GT"])
    assert not selectors.agreement_list(user=st_user).filter(meeting=session).exists()
    client.force_login(st_user)
    register = client.get(reverse("meetings:agreements")).content.decode()
    assert "PC-2026-01" not in register
    api = APIClient()
    api.force_authenticate(st_user)
    body = api.get("/api/v1/agreements/").json()
    assert "PC-2026-01" not in str(body)
    # ... and on the committee's own page.
    page = client.get(reverse("meetings:committee-decisions", args=[session.committee_id]))
    assert "PC-2026-01" in page.content.decode()


def test_the_poa_indicator_counts_the_committees_decisions(coalition, session, attend, st_user):
    load_plan()
    activity = Activity.objects.get(
        operational_objective__poa__year=2018, operational_objective__code="1.1", code="1.1.1"
    )
    assert activity.indicator == "Número de Acuerdos tomados por el Comité"
    assert activity_measures([activity])[activity.pk].total == 0
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    motion = adopt(st_user, vote_motion(session), ["CR", "GT"])
    decision = motion.committee_decision
    services.committee_decision_update(
        user=st_user,
        decision=decision,
        expected_version=decision.version,
        text=decision.text,
        activities=[activity],
    )
    measure = activity_measures([activity])[activity.pk]
    assert (measure.source, measure.total, measure.in_semester(2026, 1)) == (
        "committee_decisions",
        1,
        1,
    )
    # An activity whose indicator asks for something else is not measured by it.
    baseline = Activity.objects.get(
        operational_objective__poa__year=2018, operational_objective__code="1.1", code="1.1.2"
    )
    assert baseline.pk not in activity_measures([activity, baseline])
    # Nor is the decision an agreement of the Coalition for the plan's indicators.
    assert not Agreement.objects.filter(activities=activity).exists()


def test_a_decision_edit_from_a_stale_form_is_refused(coalition, session, attend, st_user):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    decision = adopt(st_user, vote_motion(session), ["CR", "GT"]).committee_decision
    services.committee_decision_update(
        user=st_user, decision=decision, expected_version=1, text="Primera redacción"
    )
    with pytest.raises(ValidationError) as error:
        services.committee_decision_update(
            user=st_user, decision=decision, expected_version=1, text="Otra redacción"
        )
    assert error.value.code == "stale_version"
    decision.refresh_from_db()
    assert decision.text == "Primera redacción"
    assert decision.history.count() == 2


def test_a_committee_without_a_code_cannot_number_its_decision(coalition, attend, st_user):
    nameless = Committee.objects.create(name="Comité sin código", kind=Committee.Kind.WORKING)
    for iso in ("CR", "GT"):
        CommitteeCountryFactory(committee=nameless, country=coalition[iso].country)
    session = MeetingFactory(kind=Meeting.Kind.COMMITTEE, committee=nameless)
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    with pytest.raises(ValidationError) as error:
        adopt(st_user, vote_motion(session), ["CR", "GT"])
    assert error.value.code == "committee_without_code"


# --- Pages ---------------------------------------------------------------------------------


def test_the_meeting_page_links_the_decision_and_names_the_committee(
    client, coalition, session, attend, st_user
):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    motion = adopt(st_user, vote_motion(session), ["CR", "GT"])
    services.motion_publish(user=st_user, motion=motion)
    client.force_login(st_user)
    html = client.get(reverse("meetings:detail", args=[session.pk])).content.decode()
    assert (
        reverse("meetings:committee-decision-detail", args=[motion.committee_decision.pk]) in html
    )
    assert reverse("meetings:committee-decisions", args=[session.committee_id]) in html


def test_st_links_a_decision_to_a_poa_activity_through_the_form(
    client, coalition, session, attend, st_user
):
    load_plan()
    activity = Activity.objects.get(
        operational_objective__poa__year=2018, operational_objective__code="1.2", code="1.2.1"
    )
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    decision = adopt(st_user, vote_motion(session), ["CR", "GT"]).committee_decision
    client.force_login(st_user)
    url = reverse("meetings:committee-decision-edit", args=[decision.pk])
    response = client.post(
        url, {"text": decision.text, "activities": [activity.pk], "version": decision.version}
    )
    assert response.status_code == 302
    assert list(decision.activities.all()) == [activity]
    page = client.get(reverse("meetings:committee-decision-detail", args=[decision.pk]))
    assert "Número de Acuerdos tomados por el Comité" in page.content.decode()


def test_a_delegate_cannot_edit_a_decision(client, coalition, session, attend, st_user, delegate):
    for iso in ("CR", "GT"):
        attend(session, coalition[iso])
    decision = adopt(st_user, vote_motion(session), ["CR", "GT"]).committee_decision
    client.force_login(delegate)
    url = reverse("meetings:committee-decision-edit", args=[decision.pk])
    assert client.post(url, {"text": "x", "version": 1}).status_code == 403
    assert (
        client.get(reverse("meetings:committee-decision-detail", args=[decision.pk])).status_code
        == 200
    )
