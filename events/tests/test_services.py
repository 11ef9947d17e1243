"""The rules of the events' writes (issue 21): who organises, the statuses and their moves,
quotas per country and per actor, registration by country, confirmation, withdrawal, the
agenda on the event's days, and the daily registration at the desk and by code."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from events import selectors, services
from events.models import DayAttendance, Event, EventActor, Participant
from events.tests.factories import AgendaSlotFactory, EventFactory, ParticipantFactory
from members.models import Country
from plans.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

CR = zoneinfo.ZoneInfo("America/Costa_Rica")
FIRST, LAST = dt.date(2027, 2, 15), dt.date(2027, 2, 16)


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


def code_of(call) -> str:
    """The code of the one refusal `call` raises (a model constraint's too)."""
    with pytest.raises(ValidationError) as raised:
        call()
    error = raised.value
    if getattr(error, "code", None):
        return error.code
    errors = (
        [e for field in error.error_dict.values() for e in field]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    (only,) = {e.code for e in errors}
    return only


@pytest.fixture
def event(coalition):
    return EventFactory(invited=[country("HN"), country("GT")], quota_per_country=2)


@pytest.fixture
def convened(event, st_user):
    return services.event_convene(user=st_user, event=event, expected_version=event.version)


def register(user, event, iso="HN", **fields):
    return services.participant_register(
        user=user,
        event=event,
        country=country(iso),
        full_name=fields.pop("full_name", "Ana Pérez"),
        position="Fiscal",
        institution="Ministerio Público",
        profile=Participant.Profile.PROSECUTOR,
        **fields,
    )


# --- Organising ------------------------------------------------------------------------------


def test_the_presidency_and_st_create_events_and_no_one_else(
    coalition, st_user, presidency_user, focal_point_hn, delegate, observer, partner
):
    fields = {
        "kind": Event.Kind.SEMINAR,
        "title": "Seminario",
        "starts_on": FIRST,
        "ends_on": LAST,
        "time_zone": "America/Costa_Rica",
        "invited_countries": [country("CR")],
    }
    for user in (st_user, presidency_user):
        event = services.event_create(user=user, **fields)
        assert event.status == Event.Status.DRAFT
        assert list(event.invited_countries.all()) == [country("CR")]
        assert event.history.first().history_user == user
    for user in (focal_point_hn, delegate, observer, partner):
        assert code_of(lambda u=user: services.event_create(user=u, **fields)) == "not_organiser"


def test_the_last_day_cannot_come_before_the_first(st_user, coalition):
    assert (
        code_of(
            lambda: services.event_create(
                user=st_user, kind=Event.Kind.WORKSHOP, title="T", starts_on=LAST, ends_on=FIRST
            )
        )
        == "dates_out_of_order"
    )


def test_an_edit_from_a_stale_form_is_refused(event, st_user):
    version = event.version
    services.event_update(user=st_user, event=event, expected_version=version, title="Nuevo")
    assert (
        code_of(
            lambda: services.event_update(
                user=st_user, event=event, expected_version=version, title="Otro"
            )
        )
        == "stale_version"
    )
    event.refresh_from_db()
    assert event.title == "Nuevo"


def test_convening_needs_a_draft_with_invited_countries(st_user, coalition):
    empty = EventFactory()
    assert (
        code_of(lambda: services.event_convene(user=st_user, event=empty, expected_version=None))
        == "no_invited_countries"
    )
    event = EventFactory(invited=[country("HN")])
    services.event_convene(user=st_user, event=event, expected_version=None)
    assert (
        code_of(lambda: services.event_convene(user=st_user, event=event, expected_version=None))
        == "not_a_draft"
    )


def test_a_cancellation_says_why_and_ends_the_event(convened, st_user):
    assert (
        code_of(
            lambda: services.event_cancel(
                user=st_user, event=convened, reason="  ", expected_version=None
            )
        )
        == "reason_required"
    )
    services.event_cancel(user=st_user, event=convened, reason="Huracán", expected_version=None)
    convened.refresh_from_db()
    assert convened.status == Event.Status.CANCELLED and convened.cancel_reason == "Huracán"
    for call in (
        lambda: services.event_cancel(
            user=st_user, event=convened, reason="otra", expected_version=None
        ),
        lambda: services.event_update(
            user=st_user, event=convened, expected_version=None, title="x"
        ),
    ):
        assert code_of(call) in ("not_cancellable", "event_finished")
    assert (
        code_of(
            lambda: services.event_update(
                user=st_user, event=convened, expected_version=None, title="x"
            )
        )
        == "event_finished"
    )


def test_an_event_is_closed_once_convened_and_on_its_last_day_where_it_is_held(
    event, convened, st_user
):
    draft = EventFactory(invited=[country("HN")])
    assert (
        code_of(lambda: services.event_close(user=st_user, event=draft, expected_version=None))
        == "not_convened"
    )
    # 23:30 on the first day in Costa Rica is already the last day in UTC: still too early.
    with time_machine.travel(dt.datetime(2027, 2, 15, 23, 30, tzinfo=CR), tick=False):
        assert (
            code_of(
                lambda: services.event_close(user=st_user, event=convened, expected_version=None)
            )
            == "not_over"
        )
        assert not selectors.event_flags(user=st_user, event=convened).can_close
    with time_machine.travel(dt.datetime(2027, 2, 16, 8, 0, tzinfo=CR), tick=False):
        assert selectors.event_flags(user=st_user, event=convened).can_close
        services.event_close(user=st_user, event=convened, expected_version=None)
    convened.refresh_from_db()
    assert convened.status == Event.Status.CLOSED


def test_new_dates_keep_the_agenda_and_the_sign_ins(event, st_user):
    AgendaSlotFactory(event=event, day=LAST)
    assert (
        code_of(
            lambda: services.event_update(
                user=st_user, event=event, expected_version=None, ends_on=FIRST
            )
        )
        == "days_in_use"
    )
    services.event_update(
        user=st_user, event=event, expected_version=None, ends_on=LAST + dt.timedelta(days=1)
    )


# --- Agenda --------------------------------------------------------------------------------


def test_an_agenda_line_lies_on_a_day_of_the_event_and_ends_after_it_starts(event, st_user):
    def line(day, start, end):
        return services.agenda_slot_save(
            user=st_user,
            event=event,
            day=day,
            starts_at=start,
            ends_at=end,
            activity="Palabras de apertura",
            responsible="País anfitrión",
        )

    slot = line(FIRST, dt.time(9), dt.time(9, 30))
    assert slot.responsible == "País anfitrión"
    assert code_of(lambda: line(LAST + dt.timedelta(days=1), dt.time(9), dt.time(10))) == (
        "day_outside_event"
    )
    assert code_of(lambda: line(FIRST, dt.time(10), dt.time(9))) == "slot_out_of_order"


def test_only_organisers_write_the_agenda(event, focal_point_hn):
    assert (
        code_of(
            lambda: services.agenda_slot_save(
                user=focal_point_hn,
                event=event,
                day=FIRST,
                starts_at=dt.time(9),
                ends_at=dt.time(10),
                activity="x",
            )
        )
        == "not_organiser"
    )


# --- Participants ----------------------------------------------------------------------------


def test_participants_are_registered_only_while_the_event_is_convened(event, focal_point_hn):
    assert code_of(lambda: register(focal_point_hn, event)) == "not_open"


def test_a_focal_point_registers_its_own_countrys_participants_only(
    convened, focal_point_hn, focal_point_gt, delegate, observer
):
    participant = register(focal_point_hn, convened)
    assert participant.country == country("HN")
    assert participant.state == Participant.State.REGISTERED
    assert participant.registered_by == focal_point_hn
    assert code_of(lambda: register(focal_point_gt, convened, iso="HN")) == "not_your_country"
    for user in (delegate, observer):
        assert code_of(lambda u=user: register(u, convened)) == "not_your_country"


def test_a_country_not_invited_registers_no_one(convened, st_user):
    assert code_of(lambda: register(st_user, convened, iso="PA")) == "country_not_invited"


def test_the_quota_per_country_is_never_exceeded_and_a_withdrawal_frees_a_place(
    convened, focal_point_hn, focal_point_gt, st_user
):
    first = register(focal_point_hn, convened)
    register(focal_point_hn, convened, full_name="Luis")
    assert code_of(lambda: register(focal_point_hn, convened, full_name="Eva")) == "quota_full"
    assert code_of(lambda: register(st_user, convened, full_name="Eva")) == "quota_full"
    register(focal_point_gt, convened, iso="GT")  # another country's quota is its own
    services.participant_withdraw(user=focal_point_hn, participant=first, expected_version=None)
    register(focal_point_hn, convened, full_name="Eva")
    rows = {row.who.iso_code: row for row in selectors.places(convened)}
    assert (rows["HN"].taken, rows["HN"].free, rows["GT"].free) == (2, 0, 1)


def test_a_declined_participant_frees_its_place(convened, focal_point_hn, st_user):
    first = register(focal_point_hn, convened)
    register(focal_point_hn, convened, full_name="Luis")
    services.participant_decline(user=st_user, participant=first, expected_version=None)
    register(focal_point_hn, convened, full_name="Eva")


def test_the_quota_cannot_be_lowered_below_the_places_held(convened, focal_point_hn, st_user):
    register(focal_point_hn, convened)
    register(focal_point_hn, convened, full_name="Luis")
    assert (
        code_of(
            lambda: services.event_update(
                user=st_user, event=convened, expected_version=None, quota_per_country=1
            )
        )
        == "quota_below_registered"
    )


def test_a_country_with_participants_stays_invited(convened, focal_point_hn, st_user):
    register(focal_point_hn, convened)
    assert (
        code_of(
            lambda: services.event_update(
                user=st_user,
                event=convened,
                expected_version=None,
                invited_countries=[country("GT")],
            )
        )
        == "country_has_participants"
    )


def test_an_actors_participants_are_registered_by_st_within_the_actors_quota(
    convened, st_user, focal_point_hn
):
    crm = services.event_actor_save(
        user=st_user, event=convened, actor=ActorFactory(acronym="CRM"), role="invited", quota=1
    )
    fields = {
        "full_name": "Observadora",
        "position": "Secretaria técnica",
        "institution": "CRM",
        "profile": Participant.Profile.OTHER,
    }
    assert (
        code_of(
            lambda: services.participant_register(
                user=focal_point_hn, event=convened, event_actor=crm, **fields
            )
        )
        == "secretariat_only"
    )
    participant = services.participant_register(
        user=st_user, event=convened, event_actor=crm, **fields
    )
    assert participant.country is None and participant.event_actor == crm
    assert (
        code_of(
            lambda: services.participant_register(
                user=st_user, event=convened, event_actor=crm, **fields
            )
        )
        == "quota_full"
    )
    assert (
        code_of(
            lambda: services.event_actor_save(
                user=st_user,
                event=convened,
                actor=crm.actor,
                role="invited",
                quota=0,
                event_actor=crm,
            )
        )
        == "quota_below_registered"
    )
    assert (
        code_of(lambda: services.event_actor_remove(user=st_user, event_actor=crm))
        == "actor_has_participants"
    )
    assert EventActor.objects.filter(pk=crm.pk).exists()


def test_st_confirms_or_declines_and_no_one_else(
    convened, focal_point_hn, presidency_user, st_user
):
    participant = register(focal_point_hn, convened)
    for user in (focal_point_hn, presidency_user):
        assert (
            code_of(
                lambda u=user: services.participant_confirm(
                    user=u, participant=participant, expected_version=None
                )
            )
            == "secretariat_only"
        )
    services.participant_confirm(user=st_user, participant=participant, expected_version=None)
    participant.refresh_from_db()
    assert participant.state == Participant.State.CONFIRMED and participant.confirmed_by == st_user
    assert (
        code_of(
            lambda: services.participant_confirm(
                user=st_user, participant=participant, expected_version=None
            )
        )
        == "not_registered"
    )
    services.participant_decline(user=st_user, participant=participant, expected_version=None)
    assert (
        code_of(
            lambda: services.participant_decline(
                user=st_user, participant=participant, expected_version=None
            )
        )
        == "already_declined"
    )
    assert (
        code_of(
            lambda: services.participant_withdraw(
                user=focal_point_hn, participant=participant, expected_version=None
            )
        )
        == "not_withdrawable"
    )


def test_another_countrys_focal_point_neither_edits_nor_withdraws(
    convened, focal_point_hn, focal_point_gt
):
    participant = register(focal_point_hn, convened)
    for call in (
        lambda: services.participant_update(
            user=focal_point_gt, participant=participant, expected_version=None, position="x"
        ),
        lambda: services.participant_withdraw(
            user=focal_point_gt, participant=participant, expected_version=None
        ),
    ):
        assert code_of(call) == "not_your_country"
    services.participant_update(
        user=focal_point_hn,
        participant=participant,
        expected_version=participant.version,
        position="Fiscal adjunta",
    )
    participant.refresh_from_db()
    assert participant.position == "Fiscal adjunta"
    assert participant.history.count() == 2


def test_who_sees_which_participants(
    convened, focal_point_hn, focal_point_gt, st_user, presidency_user, delegate
):
    hn = register(focal_point_hn, convened)
    gt = register(focal_point_gt, convened, iso="GT", full_name="Beto")
    services.participant_confirm(user=st_user, participant=gt, expected_version=None)
    for user, expected in (
        (st_user, {hn, gt}),
        (presidency_user, {hn, gt}),
        (focal_point_hn, {hn, gt}),
        (focal_point_gt, {gt}),  # Honduras's unconfirmed participant is Honduras's business
        (delegate, {gt}),
    ):
        assert set(selectors.participants_for(user=user, event=convened)) == expected, user


def test_drafts_are_seen_by_the_organisers_only(
    event, st_user, presidency_user, focal_point_hn, partner
):
    assert list(selectors.event_list(user=st_user)) == [event]
    assert list(selectors.event_list(user=presidency_user)) == [event]
    assert list(selectors.event_list(user=focal_point_hn)) == []
    assert selectors.event_for(user=focal_point_hn, pk=event.pk) is None
    services.event_convene(user=st_user, event=event, expected_version=None)
    assert list(selectors.event_list(user=focal_point_hn)) == [event]
    assert list(selectors.event_list(user=partner)) == []


# --- Daily registration ----------------------------------------------------------------------


@pytest.fixture
def confirmed(convened, focal_point_hn, st_user):
    participant = register(focal_point_hn, convened)
    return services.participant_confirm(
        user=st_user, participant=participant, expected_version=None
    )


def test_the_desk_signs_in_confirmed_participants_once_a_day_up_to_today(
    convened, confirmed, focal_point_hn, st_user
):
    unconfirmed = register(focal_point_hn, convened, full_name="Luis")
    with time_machine.travel(dt.datetime(2027, 2, 15, 8, 0, tzinfo=CR), tick=False):
        attendance = services.day_sign_in(user=st_user, participant=confirmed, day=FIRST)
        assert attendance.method == DayAttendance.Method.DESK
        assert (
            code_of(lambda: services.day_sign_in(user=st_user, participant=confirmed, day=FIRST))
            == "already_signed_in"
        )
        assert (
            code_of(lambda: services.day_sign_in(user=st_user, participant=confirmed, day=LAST))
            == "day_in_future"
        )
        assert (
            code_of(
                lambda: services.day_sign_in(
                    user=st_user, participant=confirmed, day=FIRST - dt.timedelta(days=1)
                )
            )
            == "day_outside_event"
        )
        assert (
            code_of(lambda: services.day_sign_in(user=st_user, participant=unconfirmed, day=FIRST))
            == "not_confirmed"
        )
        assert (
            code_of(
                lambda: services.day_sign_in(user=focal_point_hn, participant=confirmed, day=FIRST)
            )
            == "secretariat_only"
        )
    days, rows = selectors.attendance_grid(convened)
    assert days == [FIRST, LAST]
    assert [(r.participant, r.days) for r in rows] == [(confirmed, [True, False])]


def test_a_participant_checks_in_with_its_code_on_the_days_of_the_event(convened, confirmed):
    code = confirmed.check_in_code
    with time_machine.travel(dt.datetime(2027, 2, 14, 20, 0, tzinfo=CR), tick=False):
        assert code_of(lambda: services.self_check_in(code=code)) == "not_an_event_day"
    # 19:00 on the last day in Costa Rica is already the next day in UTC: still the last day.
    with time_machine.travel(dt.datetime(2027, 2, 16, 19, 0, tzinfo=CR), tick=False):
        attendance = services.self_check_in(code=f" {code[:4].lower()}-{code[4:]} ")
        assert (attendance.day, attendance.method) == (LAST, DayAttendance.Method.SELF)
        assert code_of(lambda: services.self_check_in(code=code)) == "already_signed_in"
    assert code_of(lambda: services.self_check_in(code="NOPE2345")) == "unknown_code"


def test_sign_ins_are_taken_only_while_the_event_is_convened(convened, confirmed, st_user):
    with time_machine.travel(dt.datetime(2027, 2, 16, 9, 0, tzinfo=CR), tick=False):
        services.event_close(user=st_user, event=convened, expected_version=None)
        assert (
            code_of(lambda: services.day_sign_in(user=st_user, participant=confirmed, day=LAST))
            == "event_not_running"
        )


def test_a_certificate_is_earned_by_attending(convened, confirmed, st_user):
    assert not selectors.earns_certificate(confirmed)
    with time_machine.travel(dt.datetime(2027, 2, 15, 9, 0, tzinfo=CR), tick=False):
        services.day_sign_in(user=st_user, participant=confirmed, day=FIRST)
    assert selectors.earns_certificate(confirmed)
    assert selectors.days_attended(confirmed) == [FIRST]
    services.participant_decline(user=st_user, participant=confirmed, expected_version=None)
    confirmed.refresh_from_db()
    assert not selectors.earns_certificate(confirmed)


def test_check_in_codes_are_unique_and_unambiguous(convened):
    codes = {
        ParticipantFactory(event=convened, country=country("HN")).check_in_code for _ in range(20)
    }
    assert len(codes) == 20
    assert all(len(c) == 8 and not set(c) & set("01OI") for c in codes)
