"""Writes of an event's participants (issue 21): registration by profile within the quotas,
confirmation by ST, withdrawal, and the daily registration (004: "Registro de los
participantes" each day), at ST's desk or by the participant with a check-in code.

Rules (each refusal a ValidationError with its code):
- participants are registered while the event is convened (not_open);
- a country's participants by that country's focal points, or by ST at the desk
  (not_your_country); only for an invited country (country_not_invited); an actor's
  participants by ST only (secretariat_only);
- never beyond the quota: the event's per-country quota, the actor's own quota
  (quota_full); the places held are counted under the event's row lock, so two focal points
  registering at once cannot both take the last place; a withdrawn or declined participant
  frees its place;
- ST confirms a registered participant or declines one (secretariat_only, not_registered,
  already_declined); the registering country or ST withdraws one (not_withdrawable);
- a sign-in is for a confirmed participant (not_confirmed) of a convened event, on a day of
  the event (day_outside_event), not in the future in the event's zone (day_in_future), once
  per day (already_signed_in); self check-in takes the code and signs in for today in the
  event's zone (unknown_code, not_an_event_day);
- every edit of a participant carries the version it was read at (stale_version)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from common.versions import claim_version
from events import permissions
from events.models import DayAttendance, Event, EventActor, Participant
from events.services.base import attribute_to, event_today, locked, refuse, save
from events.services.events import DAY_OUTSIDE_EVENT
from members.models import Country, User

NOT_OPEN = _("Participants are registered while the event is convened (it is %(status)s).")
NOT_YOUR_COUNTRY = _("Only %(country)s's focal points register %(country)s's participants.")
COUNTRY_NOT_INVITED = _("%(country)s is not invited to this event.")
SECRETARIAT_ONLY = _("Only the Technical Secretariat does this.")
QUOTA_FULL = _(
    "%(who)s has taken its %(quota)s places: withdraw a participant before adding another."
)
NOT_REGISTERED = _(
    "Only a participant waiting for confirmation is confirmed (this one is %(state)s)."
)
ALREADY_DECLINED = _("This participant is already %(state)s.")
NOT_WITHDRAWABLE = _("This participant is %(state)s: there is nothing to withdraw.")
NOT_CONFIRMED = _("Only confirmed participants sign in (this one is %(state)s).")
EVENT_NOT_RUNNING = _("Sign-ins are taken while the event is convened (it is %(status)s).")
DAY_IN_FUTURE = _("%(day)s has not come yet where the event is held.")
ALREADY_SIGNED_IN = _("%(name)s has already signed in on %(day)s.")
UNKNOWN_CODE = _("No participant has this code: check it and try again.")
NOT_AN_EVENT_DAY = _("Today is not a day of %(event)s.")

PARTICIPANT_FIELDS = ("full_name", "position", "institution", "profile", "email", "language")


def _ensure_registers(user: User, event: Event, country: Country | None, event_actor) -> None:
    if event.status != Event.Status.CONVENED:
        refuse(NOT_OPEN, "not_open", status=event.get_status_display())
    if event_actor is not None:
        if not permissions.can_confirm(user):
            refuse(SECRETARIAT_ONLY, "secretariat_only")
        return
    if country is None or not permissions.can_register_for_country(user, country.pk):
        refuse(NOT_YOUR_COUNTRY, "not_your_country", country=country)
    if not event.invited_countries.filter(pk=country.pk).exists():
        refuse(COUNTRY_NOT_INVITED, "country_not_invited", country=country)


def _ensure_place(event: Event, country: Country | None, event_actor: EventActor | None) -> None:
    holding = Participant.objects.filter(event=event, state__in=Participant.HOLDS_A_PLACE)
    who: object
    if event_actor is not None:
        held, quota, who = (
            holding.filter(event_actor=event_actor).count(),
            event_actor.quota,
            event_actor.actor,
        )
    else:
        held, quota, who = holding.filter(country=country).count(), event.quota_per_country, country
    if held >= quota:
        refuse(QUOTA_FULL, "quota_full", who=who, quota=quota)


@transaction.atomic
def participant_register(
    *,
    user: User,
    event: Event,
    country: Country | None = None,
    event_actor: EventActor | None = None,
    **fields,
) -> Participant:
    event = locked(event)
    _ensure_registers(user, event, country, event_actor)
    _ensure_place(event, country, event_actor)
    participant = Participant(
        event=event,
        country=None if event_actor else country,
        event_actor=event_actor,
        registered_by=user,
        **{k: v for k, v in fields.items() if k in PARTICIPANT_FIELDS},
    )
    save(participant, user)
    return participant


def _ensure_keeps(user: User, participant: Participant) -> None:
    """Who changes or withdraws a participant: whoever may register it."""
    if participant.event_actor_id is not None:
        if not permissions.can_confirm(user):
            refuse(SECRETARIAT_ONLY, "secretariat_only")
    elif not permissions.can_register_for_country(user, participant.country_id):
        refuse(NOT_YOUR_COUNTRY, "not_your_country", country=participant.country)


@transaction.atomic
def participant_update(
    *, user: User, participant: Participant, expected_version: int | None, **fields
) -> Participant:
    locked(participant.event)
    participant = Participant.objects.select_related("country", "event").get(pk=participant.pk)
    _ensure_keeps(user, participant)
    if participant.event.status in (Event.Status.CLOSED, Event.Status.CANCELLED):
        refuse(NOT_OPEN, "not_open", status=participant.event.get_status_display())
    claim_version(participant, expected_version)
    for name, value in fields.items():
        if name in PARTICIPANT_FIELDS:
            setattr(participant, name, value)
    save(participant, user)
    return participant


def _decide(user: User, participant: Participant, expected_version: int | None) -> Participant:
    locked(participant.event)
    participant = Participant.objects.select_related("event").get(pk=participant.pk)
    if not permissions.can_confirm(user):
        refuse(SECRETARIAT_ONLY, "secretariat_only")
    if participant.event.status != Event.Status.CONVENED:
        refuse(NOT_OPEN, "not_open", status=participant.event.get_status_display())
    claim_version(participant, expected_version)
    return participant


@transaction.atomic
def participant_confirm(
    *, user: User, participant: Participant, expected_version: int | None
) -> Participant:
    participant = _decide(user, participant, expected_version)
    if participant.state != Participant.State.REGISTERED:
        refuse(NOT_REGISTERED, "not_registered", state=participant.get_state_display())
    participant.state = Participant.State.CONFIRMED
    participant.confirmed_by, participant.confirmed_at = user, timezone.now()
    save(participant, user)
    if participant.email:  # its confirmation, code and calendar file (events.notices)
        from events.tasks import notify_participant_confirmed

        transaction.on_commit(partial(publish, notify_participant_confirmed, participant.pk))
    return participant


@transaction.atomic
def participant_decline(
    *, user: User, participant: Participant, expected_version: int | None
) -> Participant:
    participant = _decide(user, participant, expected_version)
    if participant.state not in Participant.HOLDS_A_PLACE:
        refuse(ALREADY_DECLINED, "already_declined", state=participant.get_state_display())
    participant.state = Participant.State.DECLINED
    save(participant, user)
    return participant


@transaction.atomic
def participant_withdraw(
    *, user: User, participant: Participant, expected_version: int | None
) -> Participant:
    locked(participant.event)
    participant = Participant.objects.select_related("country", "event").get(pk=participant.pk)
    _ensure_keeps(user, participant)
    if participant.state not in Participant.HOLDS_A_PLACE:
        refuse(NOT_WITHDRAWABLE, "not_withdrawable", state=participant.get_state_display())
    if participant.event.status != Event.Status.CONVENED:
        refuse(NOT_OPEN, "not_open", status=participant.event.get_status_display())
    claim_version(participant, expected_version)
    participant.state = Participant.State.WITHDRAWN
    save(participant, user)
    return participant


# --- Daily registration ---------------------------------------------------------------------


def _sign_in(participant: Participant, day: dt.date, method: str, user: User | None):
    event = participant.event
    if event.status != Event.Status.CONVENED:
        refuse(EVENT_NOT_RUNNING, "event_not_running", status=event.get_status_display())
    if participant.state != Participant.State.CONFIRMED:
        refuse(NOT_CONFIRMED, "not_confirmed", state=participant.get_state_display())
    if not event.starts_on <= day <= event.ends_on:
        refuse(
            DAY_OUTSIDE_EVENT,
            "day_outside_event",
            day=day,
            first=event.starts_on,
            last=event.ends_on,
        )
    if day > event_today(event):
        refuse(DAY_IN_FUTURE, "day_in_future", day=day)
    if DayAttendance.objects.filter(participant=participant, day=day).exists():
        refuse(ALREADY_SIGNED_IN, "already_signed_in", name=participant.full_name, day=day)
    attendance = DayAttendance(participant=participant, day=day, method=method, recorded_by=user)
    try:
        with transaction.atomic():
            save(attendance, user)
    except IntegrityError:  # the same sign-in at the same moment from the desk and a phone
        refuse(ALREADY_SIGNED_IN, "already_signed_in", name=participant.full_name, day=day)
    return attendance


@transaction.atomic
def day_sign_in(*, user: User, participant: Participant, day: dt.date) -> DayAttendance:
    """ST at the registration desk signs a participant in for a day (today or, late, an
    earlier day of the event)."""
    if not permissions.can_confirm(user):
        refuse(SECRETARIAT_ONLY, "secretariat_only")
    participant = Participant.objects.select_related("event").get(pk=participant.pk)
    return _sign_in(participant, day, DayAttendance.Method.DESK, user)


@transaction.atomic
def day_sign_out(*, user: User, attendance: DayAttendance) -> None:
    """ST takes back a sign-in made by mistake (kept in the history)."""
    if not permissions.can_confirm(user):
        refuse(SECRETARIAT_ONLY, "secretariat_only")
    attribute_to(attendance, user)
    attendance.delete()


@transaction.atomic
def self_check_in(*, code: str) -> DayAttendance:
    """The participant signs in for today (the event's zone) with the code it was given."""
    participant = (
        Participant.objects.select_related("event")
        .filter(check_in_code=code.strip().upper().replace(" ", "").replace("-", ""))
        .first()
    )
    if participant is None:
        refuse(UNKNOWN_CODE, "unknown_code")
    event = participant.event
    today = event_today(event)
    if not event.starts_on <= today <= event.ends_on:
        refuse(NOT_AN_EVENT_DAY, "not_an_event_day", event=event)
    return _sign_in(participant, today, DayAttendance.Method.SELF, None)
