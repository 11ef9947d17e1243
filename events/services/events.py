"""Writes of the events themselves (issue 21): create, change, convene, cancel and close an
event; the actors in their roles; the agenda.

Rules (each refusal a ValidationError with its code):
- only the Presidency or ST organise (not_organiser);
- a closed or cancelled event is not changed any more (event_finished);
- the last day is not before the first (dates_out_of_order, the model's constraint);
- new dates keep every agenda line and sign-in within the event (days_in_use);
- a quota is not lowered below the places a country (or an actor) already holds
  (quota_below_registered);
- an event is convened only from a draft, with at least one invited country
  (not_a_draft, no_invited_countries); a country with participants registered stays invited
  (country_has_participants);
- a cancellation says why (reason_required) and is possible from draft or convened
  (not_cancellable); an event is closed only once convened and on or after its last day in
  its own zone (not_convened, not_over);
- an agenda line lies on a day of the event (day_outside_event) and ends after it starts;
- every edit carries the version it was read at (stale_version, common.versions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from common.versions import claim_version
from events import permissions
from events.models import AgendaSlot, DayAttendance, Event, EventActor, Participant
from events.services.base import attribute_to, event_today, locked, refuse, save
from members.models import Country, User
from plans.models import Actor

NOT_ORGANISER = _("Only the Presidency or the Technical Secretariat organise events.")
EVENT_FINISHED = _("This event is %(status)s: it can no longer be changed.")
QUOTA_BELOW_REGISTERED = _("%(who)s already holds %(held)s places: the quota cannot go below that.")
NOT_A_DRAFT = _("Only a draft is convened (this event is %(status)s).")
NO_INVITED_COUNTRIES = _("Invite at least one country before convening the event.")
COUNTRY_HAS_PARTICIPANTS = _(
    "%(country)s has participants registered: withdraw them before removing the country."
)
ACTOR_HAS_PARTICIPANTS = _(
    "%(actor)s has participants registered: withdraw them before removing it."
)
DAYS_IN_USE = _(
    "The agenda or the registration uses %(day)s: move or remove those first, or keep the "
    "event's dates around it."
)
REASON_REQUIRED = _("Say why the event is cancelled: the invitees are told.")
NOT_CANCELLABLE = _("A %(status)s event cannot be cancelled.")
NOT_CONVENED = _("Only a convened event is closed (this one is %(status)s).")
NOT_OVER = _("The event runs until %(last)s: close it on its last day or later.")
DAY_OUTSIDE_EVENT = _("%(day)s is not a day of the event (%(first)s to %(last)s).")

EVENT_FIELDS = (
    "kind",
    "title",
    "purpose",
    "starts_on",
    "ends_on",
    "time_zone",
    "host_country",
    "city",
    "venue",
    "organised_by",
    "quota_per_country",
    "activity",
)
FINISHED = (Event.Status.CLOSED, Event.Status.CANCELLED)


def ensure_can_organise(user: User) -> None:
    if not permissions.can_organise(user):
        refuse(NOT_ORGANISER, "not_organiser")


def ensure_open(event: Event) -> None:
    if event.status in FINISHED:
        refuse(EVENT_FINISHED, "event_finished", status=event.get_status_display())


def _held_by_country(event: Event) -> dict[int, int]:
    return dict(
        Participant.objects.filter(event=event, state__in=Participant.HOLDS_A_PLACE)
        .exclude(country=None)
        .values_list("country_id")
        .annotate(n=Count("pk"))
    )


def _set_countries(event: Event, countries: Iterable[Country], user: User) -> None:
    wanted = {c.pk for c in countries}
    held = _held_by_country(event)
    for country in Country.objects.filter(pk__in=set(held) - wanted).order_by("iso_code"):
        refuse(COUNTRY_HAS_PARTICIPANTS, "country_has_participants", country=country)
    attribute_to(event, user)
    event.invited_countries.set(sorted(wanted))


@transaction.atomic
def event_create(*, user: User, invited_countries: Iterable[Country] = (), **fields) -> Event:
    ensure_can_organise(user)
    event = Event(**{k: v for k, v in fields.items() if k in EVENT_FIELDS}, created_by=user)
    save(event, user)
    _set_countries(event, invited_countries, user)
    return event


@transaction.atomic
def event_update(
    *,
    user: User,
    event: Event,
    expected_version: int | None,
    invited_countries: Iterable[Country] | None = None,
    **fields,
) -> Event:
    ensure_can_organise(user)
    event = locked(event)
    ensure_open(event)
    claim_version(event, expected_version)
    for name, value in fields.items():
        if name in EVENT_FIELDS:
            setattr(event, name, value)
    if "quota_per_country" in fields:
        held = _held_by_country(event)
        if held and max(held.values()) > event.quota_per_country:
            country_id, count = max(held.items(), key=lambda item: item[1])
            refuse(
                QUOTA_BELOW_REGISTERED,
                "quota_below_registered",
                who=Country.objects.get(pk=country_id),
                held=count,
            )
    _ensure_days_kept(event)
    save(event, user)
    if invited_countries is not None:
        _set_countries(event, invited_countries, user)
    return event


def _ensure_days_kept(event: Event) -> None:
    """New dates keep every agenda line and every sign-in on a day of the event."""
    outside = list(
        AgendaSlot.objects.filter(event=event)
        .exclude(day__range=(event.starts_on, event.ends_on))
        .values_list("day", flat=True)[:1]
    ) + list(
        DayAttendance.objects.filter(participant__event=event)
        .exclude(day__range=(event.starts_on, event.ends_on))
        .values_list("day", flat=True)[:1]
    )
    if outside:
        refuse(DAYS_IN_USE, "days_in_use", day=min(outside))


def _move(event: Event, user: User, status: str) -> None:
    event.status = status
    event.status_changed_at = timezone.now()
    save(event, user)


@transaction.atomic
def event_convene(*, user: User, event: Event, expected_version: int | None) -> Event:
    ensure_can_organise(user)
    event = locked(event)
    if event.status != Event.Status.DRAFT:
        refuse(NOT_A_DRAFT, "not_a_draft", status=event.get_status_display())
    if not event.invited_countries.exists():
        refuse(NO_INVITED_COUNTRIES, "no_invited_countries")
    claim_version(event, expected_version)
    _move(event, user, Event.Status.CONVENED)
    # The invitation with the pre-reading dossier to the invited countries' focal points.
    from events.tasks import notify_event_convened

    transaction.on_commit(partial(publish, notify_event_convened, event.pk))
    return event


@transaction.atomic
def event_cancel(*, user: User, event: Event, reason: str, expected_version: int | None) -> Event:
    ensure_can_organise(user)
    event = locked(event)
    if event.status in FINISHED:
        refuse(NOT_CANCELLABLE, "not_cancellable", status=event.get_status_display())
    if not reason.strip():
        refuse(REASON_REQUIRED, "reason_required")
    claim_version(event, expected_version)
    event.cancel_reason = reason.strip()
    _move(event, user, Event.Status.CANCELLED)
    return event


@transaction.atomic
def event_close(*, user: User, event: Event, expected_version: int | None) -> Event:
    ensure_can_organise(user)
    event = locked(event)
    if event.status != Event.Status.CONVENED:
        refuse(NOT_CONVENED, "not_convened", status=event.get_status_display())
    if event_today(event) < event.ends_on:
        refuse(NOT_OVER, "not_over", last=event.ends_on)
    claim_version(event, expected_version)
    _move(event, user, Event.Status.CLOSED)
    return event


# --- Actors ---------------------------------------------------------------------------------


@transaction.atomic
def event_actor_save(
    *,
    user: User,
    event: Event,
    actor: Actor,
    role: str,
    quota: int = 0,
    event_actor: EventActor | None = None,
) -> EventActor:
    """Add an actor in a role, or change its quota (not below the places it holds)."""
    ensure_can_organise(user)
    event = locked(event)
    ensure_open(event)
    if event_actor is None:
        event_actor = EventActor(event=event, actor=actor, role=role)
    elif event_actor.quota > quota:
        held = event_actor.participants.filter(state__in=Participant.HOLDS_A_PLACE).count()
        if held > quota:
            refuse(QUOTA_BELOW_REGISTERED, "quota_below_registered", who=actor, held=held)
    event_actor.quota = quota
    save(event_actor, user)
    return event_actor


@transaction.atomic
def event_actor_remove(*, user: User, event_actor: EventActor) -> None:
    ensure_can_organise(user)
    ensure_open(locked(event_actor.event))
    if event_actor.participants.exists():
        refuse(ACTOR_HAS_PARTICIPANTS, "actor_has_participants", actor=event_actor.actor)
    attribute_to(event_actor, user)
    event_actor.delete()


# --- Agenda ---------------------------------------------------------------------------------


@transaction.atomic
def agenda_slot_save(
    *,
    user: User,
    event: Event,
    day: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    activity: str,
    responsible: str = "",
    slot: AgendaSlot | None = None,
    expected_version: int | None = None,
) -> AgendaSlot:
    ensure_can_organise(user)
    event = locked(event)
    ensure_open(event)
    if not event.starts_on <= day <= event.ends_on:
        refuse(
            DAY_OUTSIDE_EVENT,
            "day_outside_event",
            day=day,
            first=event.starts_on,
            last=event.ends_on,
        )
    if slot is None:
        slot = AgendaSlot(event=event)
    else:
        claim_version(slot, expected_version)
    slot.day, slot.starts_at, slot.ends_at = day, starts_at, ends_at
    slot.activity, slot.responsible = activity.strip(), responsible.strip()
    save(slot, user)
    return slot


@transaction.atomic
def agenda_slot_delete(*, user: User, slot: AgendaSlot) -> None:
    ensure_can_organise(user)
    ensure_open(locked(slot.event))
    attribute_to(slot, user)
    slot.delete()
