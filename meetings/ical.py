"""The meeting as calendar programs read it (RFC 5545), and the messages that keep their
copy right (iTIP, RFC 5546): the convocation and every later change are a REQUEST, a
cancellation a CANCEL, all with one UID per meeting and the meeting's SEQUENCE, so a
calendar updates or removes the event it holds instead of adding another. Start and end
carry the meeting's IANA zone (TZID, with its VTIMEZONE), so every calendar shows the right
instant wherever its reader lives. The page's download is a PUBLISH."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from common.links import absolute_reverse
from common.mail import sender_address, sender_name
from meetings.models import Invitation, Meeting
from members.models import Designation

PRODID = "-//Coalición Regional//Reuniones//ES"
ICS_TYPE = "text/calendar"


class Method:
    PUBLISH = "PUBLISH"  # the page's download: no attendees, no answers expected
    REQUEST = "REQUEST"  # the convocation, and each update of it
    CANCEL = "CANCEL"


PARTSTAT = {
    Invitation.Response.PENDING: "NEEDS-ACTION",
    Invitation.Response.ACCEPTED: "ACCEPTED",
    Invitation.Response.DECLINED: "DECLINED",
}


def meeting_uid(meeting: Meeting) -> str:
    """Stable for the life of the meeting: every message about it names this event."""
    return f"meeting-{meeting.pk}@coalicion-regional"


def event_status(meeting: Meeting) -> str:
    if meeting.status == Meeting.Status.CANCELLED:
        return "CANCELLED"
    if meeting.status == Meeting.Status.DRAFT:
        return "TENTATIVE"
    return "CONFIRMED"


def meeting_location(meeting: Meeting, *, with_link: bool = True) -> str:
    """City, country (in the active language) and the link to join, if any."""
    parts = [meeting.city, meeting.host_country.name if meeting.host_country else ""]
    place = ", ".join(p for p in parts if p)
    if with_link and meeting.link:
        place = f"{place} · {meeting.link}" if place else meeting.link
    return place


def organizer() -> vCalAddress:
    """The platform's sender, on behalf of the Presidency that convenes (003 §VIII
    Presidency 7): its name in the active language, the invitee's (common.mail)."""
    organiser = vCalAddress(f"mailto:{sender_address()}")
    organiser.params["cn"] = vText(sender_name())
    return organiser


def attendee(invitation: Invitation, *, rsvp: bool = True) -> vCalAddress:
    """A titular representative is required; an alternate and an observer organisation's
    representative are optional participants (voice without vote, 001 §4.A.6). An answer
    is asked for (RSVP) in a REQUEST, not in a CANCEL."""
    address = vCalAddress(f"mailto:{invitation.email}")
    address.params["cn"] = vText(invitation.person.full_name)
    titular = bool(invitation.designation_id) and (
        invitation.designation.role == Designation.Role.TITULAR
    )
    address.params["role"] = vText("REQ-PARTICIPANT" if titular else "OPT-PARTICIPANT")
    address.params["partstat"] = vText(PARTSTAT[invitation.response])
    if rsvp:
        address.params["rsvp"] = vText("TRUE")
    return address


def _description(meeting: Meeting, page_url: str) -> str:
    lines = [meeting.get_kind_display(), _("Meeting page: %(url)s") % {"url": page_url}]
    if meeting.link:
        lines.append(_("Link to join: %(url)s") % {"url": meeting.link})
    return "\n".join(lines)


def meeting_calendar(
    meeting: Meeting,
    *,
    method: str = Method.PUBLISH,
    invitations: Iterable[Invitation] = (),
    language: str | None = None,
) -> bytes:
    """One VEVENT for `meeting`, written in `language`. With REQUEST or CANCEL, ORGANIZER and
    one ATTENDEE per invitation given (each invitee's own file carries their own line:
    the invitees' addresses are not shared with one another)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("method", method)
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", timezone.now().astimezone(dt.UTC))
        event.add("sequence", meeting.sequence)
        event.add("status", event_status(meeting))
        event.add("dtstart", meeting.local_starts_at)
        event.add("dtend", meeting.local_ends_at)
        event.add("summary", meeting.title)
        if location := meeting_location(meeting):
            event.add("location", location)
        page_url = absolute_reverse("meetings:detail", meeting.pk)
        event.add("url", page_url)
        event.add("description", _description(meeting, page_url))
        event.add("organizer", organizer())
        if method != Method.PUBLISH:
            for invitation in invitations:
                event.add("attendee", attendee(invitation, rsvp=method == Method.REQUEST))
        cal.add_component(event)
        year = dt.timedelta(days=366)
        cal.add_missing_timezones(
            first_date=(meeting.local_starts_at - year).date(),
            last_date=(meeting.local_ends_at + year).date(),
        )
    return cal.to_ical()
