"""The e-mail a participant gets when the Technical Secretariat confirms it (issue 21), sent
on commit by events.tasks through communications' `notify` (one Delivery, kind
EVENT_CONFIRMED). A participant has no account: the message goes to its institutional
e-mail, in its language (Participant.language), with the event, its dates and venue, the
agenda by day, the participant's check-in code and the absolute link to the self check-in
page (common.links), and the event as a calendar file: one all-day VEVENT per day of the
event (RFC 5545 DATE values: the venue's calendar days, whatever the reader's zone), each
with that day's agenda, METHOD:PUBLISH (nothing to answer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from common.links import absolute_reverse
from common.mail import sender
from communications.models import Delivery
from communications.services import RECIPIENT_RELATED, Recipient, notify
from events.certificates import date_span, long_date
from events.models import AgendaSlot, Event, Participant

PRODID = "-//Coalición Regional//Eventos//ES"
ICS_TYPE = "text/calendar"
ICS_METHOD = "PUBLISH"


@dataclass(frozen=True)
class AgendaDay:
    day: dt.date
    label: str  # the day in the active language
    slots: list[AgendaSlot]


def agenda_by_day(event: Event) -> list[AgendaDay]:
    """The event's agenda grouped by day, in order (one query)."""
    slots = AgendaSlot.objects.filter(event=event).order_by("day", "starts_at", "pk")
    return [
        AgendaDay(day=day, label=long_date(day), slots=list(group))
        for day, group in groupby(slots, key=lambda slot: slot.day)
    ]


def venue_of(event: Event) -> str:
    """Venue, city, host country (in the active language), those that are known."""
    parts = [event.venue, event.city, event.host_country.name if event.host_country else ""]
    return ", ".join(part for part in parts if part)


def check_in_link() -> str:
    return absolute_reverse("events:check-in")


def event_uid(event: Event, day: dt.date) -> str:
    return f"event-{event.pk}-{day:%Y%m%d}@coalicion-regional"


def _slot_line(slot: AgendaSlot) -> str:
    line = f"{slot.starts_at:%H:%M}–{slot.ends_at:%H:%M} {slot.activity}"
    return f"{line} ({slot.responsible})" if slot.responsible else line


def event_calendar(event: Event, agenda: list[AgendaDay], *, language: str) -> bytes:
    """The event's days as all-day events (DTSTART a DATE, DTEND the next day: RFC 5545
    §3.6.1), each with its agenda, written in `language`."""
    with translation.override(language):
        slots = {entry.day: entry.slots for entry in agenda}
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("method", ICS_METHOD)
        stamp = timezone.now().astimezone(dt.UTC)
        location = venue_of(event)
        link = check_in_link()
        for day in event.days:
            vevent = CalendarEvent()
            vevent.add("uid", event_uid(event, day))
            vevent.add("dtstamp", stamp)
            vevent.add("dtstart", day)
            vevent.add("dtend", day + dt.timedelta(days=1))
            vevent.add("summary", event.title)
            if location:
                vevent.add("location", location)
            lines = [str(Event.Kind(event.kind).label)]
            lines += [_slot_line(slot) for slot in slots.get(day, [])]
            lines.append(_("Check in: %(url)s") % {"url": link})
            vevent.add("description", "\n".join(lines))
            cal.add_component(vevent)
    return cal.to_ical()


def confirmation_message(participant: Participant) -> EmailMessage:
    """The participant's e-mail, in its language, with the calendar file attached.
    `participant` comes with its event and the event's host country loaded."""
    event = participant.event
    language = participant.language or settings.LANGUAGE_CODE
    with translation.override(language):
        agenda = agenda_by_day(event)
        context = {
            "participant": participant,
            "event": event,
            "kind": Event.Kind(event.kind).label,
            "dates": date_span(event.starts_on, event.ends_on),
            "venue": venue_of(event),
            "agenda": agenda,
            "code": participant.check_in_code,
            "check_in_url": check_in_link(),
        }
        subject = render_to_string("events/email/confirmed_subject.txt", context)
        body = render_to_string("events/email/confirmed_body.txt", context)
        message = EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=sender(),
            to=[participant.email],
        )
    message.attach(
        f"evento-{event.pk}.ics",
        event_calendar(event, agenda, language=language).decode(),
        f"{ICS_TYPE}; method={ICS_METHOD}",
    )
    return message


def recipient_of(participant: Participant) -> Recipient:
    """A participant is not an account nor a person of the registry: its bare institutional
    address, name, country and institution, and its language."""
    return Recipient(
        email=participant.email,
        name=participant.full_name,
        country=participant.country,
        organisation=participant.institution,
        language=participant.language or settings.LANGUAGE_CODE,
    )


def participant_confirmed_notify(*, participant_id: int) -> int:
    """Queued on commit by participant_confirm: the participant, still confirmed and with an
    address, is told. Returns how many e-mails left (0 or 1)."""
    participant = (
        Participant.objects.select_related("event__host_country", "country")
        .filter(pk=participant_id, state=Participant.State.CONFIRMED)
        .exclude(email="")
        .first()
    )
    if participant is None:
        return 0
    delivery = notify(
        confirmation_message(participant),
        kind=Delivery.Kind.EVENT_CONFIRMED,
        recipient=recipient_of(participant),
        link=check_in_link(),
        about=participant,
    )
    return int(delivery.state == Delivery.State.SENT)


# --- The invitation with the pre-reading dossier (issue 21: "a pre-reading dossier sent with
# the invitation") --------------------------------------------------------------------------


def document_link(document) -> str:
    """The login-protected download of an event's document (it checks who sees the event)."""
    return absolute_reverse("events:document-download", document.pk)


def event_link(event: Event) -> str:
    return absolute_reverse("events:detail", event.pk)


def convened_message(event: Event, documents: list, user) -> EmailMessage:
    """The invitation as `user` reads it, in its language: the event, its dates and venue,
    the link to its page (where the focal point registers its country's participants) and
    one absolute link per document of the pre-reading dossier."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "event": event,
            "kind": Event.Kind(event.kind).label,
            "dates": date_span(event.starts_on, event.ends_on),
            "venue": venue_of(event),
            "event_url": event_link(event),
            "documents": [(document.title, document_link(document)) for document in documents],
        }
        subject = render_to_string("events/email/convened_subject.txt", context)
        body = render_to_string("events/email/convened_body.txt", context)
        return EmailMessage(
            subject=" ".join(subject.split()), body=body, from_email=sender(), to=[user.email]
        )


def event_convened_notify(*, event_id: int) -> int:
    """Queued on commit by event_convene: each active focal point of each invited country
    (members.permissions.focal_point_country_id: its national body's country) is told, in
    its language, with the dossier's links; nobody else. Returns how many e-mails left."""
    from events.models import EventDocument
    from members.models import User

    event = (
        Event.objects.select_related("host_country")
        .filter(pk=event_id, status=Event.Status.CONVENED)
        .first()
    )
    if event is None:
        return 0
    documents = list(EventDocument.objects.filter(event=event, pre_reading=True).order_by("pk"))
    users = (
        User.objects.filter(
            is_active=True,
            role=User.Role.FOCAL_POINT,
            national_body__country__in=event.invited_countries.all(),
        )
        .exclude(email="")
        .select_related(*RECIPIENT_RELATED)
        .order_by("pk")
    )
    link = event_link(event)
    sent = 0
    for user in users:
        delivery = notify(
            convened_message(event, documents, user),
            kind=Delivery.Kind.EVENT_CONVENED,
            recipient=Recipient.of_user(user),
            link=link,
            about=event,
        )
        sent += int(delivery.state == Delivery.State.SENT)
    return sent
