"""Reads of the events (issue 21): which events a user sees, the places each invited country
and actor holds against its quota, who a user sees among the participants, the daily
registration grid, who earns a certificate, and the flags the pages show buttons by."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from events import permissions
from events.models import AgendaSlot, DayAttendance, Event, EventActor, Participant
from events.services.base import event_today
from members.models import Country, User

FINISHED = (Event.Status.CLOSED, Event.Status.CANCELLED)
HOLDS = Q(participants__state__in=Participant.HOLDS_A_PLACE)


def event_list(
    *, user: User, kind: str = "", status: str = "", year: int | None = None
) -> QuerySet[Event]:
    """The events `user` sees, newest first: drafts only for the organisers; each with the
    places taken (registered or confirmed) and its confirmed participants."""
    if not permissions.can_see_events(user):
        return Event.objects.none()
    events = Event.objects.select_related("host_country").annotate(
        places_taken=Count("participants", filter=HOLDS),
        confirmed=Count("participants", filter=Q(participants__state=Participant.State.CONFIRMED)),
    )
    if not permissions.can_organise(user):
        events = events.exclude(status=Event.Status.DRAFT)
    if kind:
        events = events.filter(kind=kind)
    if status:
        events = events.filter(status=status)
    if year:
        events = events.filter(starts_on__year=year)
    return events.order_by("-starts_on", "pk")


def event_for(*, user: User, pk: int) -> Event | None:
    """One event with what its page shows, or None if `user` may not see it."""
    event = (
        event_list(user=user)
        .prefetch_related(
            Prefetch("invited_countries", queryset=Country.objects.order_by("iso_code")),
            Prefetch("actors", queryset=EventActor.objects.select_related("actor")),
            Prefetch("agenda", queryset=AgendaSlot.objects.order_by("day", "starts_at", "pk")),
        )
        .select_related("activity")
        .filter(pk=pk)
        .first()
    )
    return event


@dataclass
class Places:
    """The places a country (or an actor) holds at an event."""

    who: object  # Country or EventActor
    quota: int
    registered: int = 0
    confirmed: int = 0

    @property
    def taken(self) -> int:
        return self.registered + self.confirmed

    @property
    def free(self) -> int:
        return max(self.quota - self.taken, 0)


def places(event: Event) -> list[Places]:
    """Per invited country (by ISO code), then per actor with a quota: quota, registered,
    confirmed, free. Two queries whatever the number of countries."""
    rows = {
        c.pk: Places(who=c, quota=event.quota_per_country)
        for c in event.invited_countries.order_by("iso_code")
    }
    actors = {
        a.pk: Places(who=a, quota=a.quota)
        for a in event.actors.select_related("actor").filter(quota__gt=0)
    }
    counts = (
        Participant.objects.filter(event=event, state__in=Participant.HOLDS_A_PLACE)
        .values_list("country_id", "event_actor_id", "state")
        .annotate(n=Count("pk"))
    )
    for country_id, actor_id, state, n in counts:
        row = rows.get(country_id) if country_id else actors.get(actor_id)
        if row is None:
            continue
        if state == Participant.State.CONFIRMED:
            row.confirmed += n
        else:
            row.registered += n
    return [*rows.values(), *actors.values()]


def participants_for(*, user: User, event: Event) -> QuerySet[Participant]:
    """The organisers and ST see every participant; a focal point its own country's and the
    confirmed participants of the others; other members the confirmed ones."""
    participants = Participant.objects.filter(event=event).select_related(
        "country", "event_actor__actor"
    )
    if permissions.can_organise(user):
        return participants
    own = permissions.registering_country_id(user)
    confirmed = Q(state=Participant.State.CONFIRMED)
    return participants.filter(confirmed | Q(country_id=own) if own else confirmed)


@dataclass
class GridRow:
    participant: Participant
    days: list[bool] = field(default_factory=list)


def attendance_grid(event: Event) -> tuple[list[dt.date], list[GridRow]]:
    """The confirmed participants × the event's days, signed in or not (two queries)."""
    days = event.days
    signed: dict[int, set[dt.date]] = defaultdict(set)
    for participant_id, day in DayAttendance.objects.filter(participant__event=event).values_list(
        "participant_id", "day"
    ):
        signed[participant_id].add(day)
    rows = [
        GridRow(participant=p, days=[d in signed[p.pk] for d in days])
        for p in Participant.objects.filter(
            event=event, state=Participant.State.CONFIRMED
        ).select_related("country", "event_actor__actor")
    ]
    return days, rows


def days_attended(participant: Participant) -> list[dt.date]:
    return list(participant.days.order_by("day").values_list("day", flat=True))


def earns_certificate(participant: Participant) -> bool:
    """A certificate of participation goes to a confirmed participant who signed in on at
    least one day (issue 21: "only for those who attended"; participant_flags asks the same
    of an annotated row)."""
    return participant.state == Participant.State.CONFIRMED and participant.days.exists()


@dataclass(frozen=True)
class EventFlags:
    can_edit: bool
    can_convene: bool
    can_cancel: bool
    can_close: bool
    can_register: bool  # the user may register participants of some country now
    can_confirm: bool
    registering_country_id: int | None
    is_finished: bool


def event_flags(*, user: User, event: Event) -> EventFlags:
    organiser = permissions.can_organise(user)
    convened = event.status == Event.Status.CONVENED
    own = permissions.registering_country_id(user)
    invited = own is not None and any(c.pk == own for c in event.invited_countries.all())
    return EventFlags(
        can_edit=organiser and event.status not in FINISHED,
        can_convene=organiser and event.status == Event.Status.DRAFT,
        can_cancel=organiser and event.status not in FINISHED,
        can_close=organiser and convened and event_today(event) >= event.ends_on,
        can_register=convened and (permissions.can_confirm(user) or invited),
        can_confirm=convened and permissions.can_confirm(user),
        registering_country_id=own if invited else None,
        is_finished=event.status in FINISHED,
    )


# --- What the pages show per participant (the pages' buttons; the rules stay in services) ---


@dataclass(frozen=True)
class ParticipantFlags:
    """The buttons of one participant's row, as the services would answer them now."""

    can_edit: bool
    can_confirm: bool
    can_decline: bool
    can_withdraw: bool
    can_download_certificate: bool = False


def participant_flags(*, user: User, participant: Participant) -> ParticipantFlags:
    """Who keeps a participant (participants.participant_update and _withdraw: ST for an
    actor's, the country's focal points or ST for a country's); ST confirms a registered one
    and declines one holding a place; all of it while the event is convened (an edit while
    it is not finished)."""
    event = participant.event
    convened = event.status == Event.Status.CONVENED
    if participant.country_id is None:  # an actor's participant: ST keeps it
        keeps = permissions.can_confirm(user)
    else:
        keeps = permissions.can_register_for_country(user, participant.country_id)
    holds = participant.state in Participant.HOLDS_A_PLACE
    confirms = convened and permissions.can_confirm(user)
    return ParticipantFlags(
        can_edit=keeps and event.status not in FINISHED,
        can_confirm=confirms and participant.state == Participant.State.REGISTERED,
        can_decline=confirms and holds,
        can_withdraw=keeps and convened and holds,
        can_download_certificate=(
            participant.state == Participant.State.CONFIRMED
            and getattr(participant, "days_signed", 0) > 0
            and permissions.can_download_certificate(user, participant)
        ),
    )


@dataclass(frozen=True)
class ParticipantRow:
    participant: Participant
    flags: ParticipantFlags


def participant_rows(*, user: User, event: Event) -> list[ParticipantRow]:
    """participants_for(user, event), each with its buttons (one query)."""
    rows = []
    for participant in participants_for(user=user, event=event).annotate(days_signed=Count("days")):
        participant.event = event  # the page's event: no query per row
        rows.append(
            ParticipantRow(participant, participant_flags(user=user, participant=participant))
        )
    return rows
