"""The convocation e-mail and the meeting's iCalendar file (SPEC §3: notice by e-mail with
an iCalendar file; a per-meeting .ics download)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event, vCalAddress, vText

from meetings.models import Invitation, Meeting

ICS_TYPE = "text/calendar"


def meeting_location(meeting: Meeting) -> str:
    parts = [meeting.city, meeting.host_country.name_es if meeting.host_country else ""]
    place = ", ".join(p for p in parts if p)
    if meeting.link:
        place = f"{place} · {meeting.link}" if place else meeting.link
    return place


def meeting_ics(meeting: Meeting, *, base_url: str = "") -> bytes:
    """One VEVENT with a stable UID, so calendar programs update rather than duplicate it
    when the meeting is convened again or changed."""
    cal = Calendar()
    cal.add("prodid", "-//Coalición Regional//Reuniones//ES")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@coalicion-regional")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("location", meeting_location(meeting))
    if meeting.link:
        event.add("url", meeting.link)
    elif base_url:
        event.add("url", base_url + reverse("meetings:detail", args=[meeting.pk]))
    event.add("description", meeting.get_kind_display())
    event.add(
        "sequence", int(meeting.status_changed_at.timestamp()) if meeting.status_changed_at else 0
    )
    organizer = vCalAddress(f"MAILTO:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].strip('>')}")
    organizer.params["cn"] = vText("Coalición Regional")
    event["organizer"] = organizer
    cal.add_component(event)
    return cal.to_ical()


def convocation_message(*, meeting: Meeting, invitation: Invitation) -> EmailMessage:
    """The notice in the invitee's language, with the .ics attached and the link to answer."""
    language = invitation.person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "meeting": meeting,
            "invitation": invitation,
            "location": meeting_location(meeting),
            "rsvp_path": reverse("meetings:rsvp", args=[invitation.token]),
            "site_url": getattr(settings, "SITE_URL", ""),
        }
        subject = render_to_string("meetings/email/convocation_subject.txt", context).strip()
        body = render_to_string("meetings/email/convocation_body.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[invitation.email])
    message.attach(f"reunion-{meeting.pk}.ics", meeting_ics(meeting), ICS_TYPE)
    return message
