"""The e-mails of a meeting's invitees (SPEC §3; SPEC §9 "Time"): the convocation, each
update of a convened meeting, its cancellation — each with the invitee's own calendar file
(meetings.ical: REQUEST or CANCEL) — and the reminder to answer. Written in the invitee's
language; times in the meeting's zone, named, with the invitee's own time when it differs;
every link absolute (settings.SITE_URL, common.links)."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from common.links import absolute_reverse
from common.mail import sender
from communications.models import Delivery
from communications.services import Recipient
from meetings.ical import ICS_TYPE, Method, meeting_calendar, meeting_location
from meetings.models import Invitation, Meeting
from meetings.timezones import country_time_zone, meeting_times


class Notice:
    """The kinds of message an invitee receives; each has its two templates
    (meetings/email/<kind>_subject.txt and _body.txt) and, but the reminder, a calendar
    file with its iTIP method."""

    CONVOCATION = "convocation"
    UPDATE = "update"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"


# How each notice is recorded in communications' log of deliveries ("who was told what").
DELIVERY_KINDS = {
    Notice.CONVOCATION: Delivery.Kind.CONVOCATION,
    Notice.UPDATE: Delivery.Kind.MEETING_UPDATE,
    Notice.CANCELLATION: Delivery.Kind.MEETING_CANCELLATION,
    Notice.REMINDER: Delivery.Kind.MEETING_REMINDER,
}

# What an invitation needs loaded to write its message and its log entry.
INVITEE_RELATED = (
    "person__country",
    "person__user",
    "person__observer_organisation",
    "designation",
)

METHODS = {
    Notice.CONVOCATION: Method.REQUEST,
    Notice.UPDATE: Method.REQUEST,
    Notice.CANCELLATION: Method.CANCEL,
}


def invitee_time_zone(invitation: Invitation) -> str | None:
    """The zone the invitee lives in, from their country (observers' representatives may
    have none: then only the meeting's time is given)."""
    country = invitation.person.country
    return country_time_zone(country.iso_code) if country else None


def invitee_recipient(invitation: Invitation) -> Recipient:
    """The invitee as communications logs them: their person, country and organisation, and
    the invitation's own address (none when it has none: never the person's other one)."""
    return replace(Recipient.of_person(invitation.person), email=invitation.email)


def meeting_link(meeting: Meeting) -> str:
    """The meeting's page, as every invitee's e-mail carries it (the answer link is personal
    and is not logged)."""
    return absolute_reverse("meetings:detail", meeting.pk)


def minutes_link(meeting: Meeting) -> str:
    return absolute_reverse("meetings:minutes", meeting.pk)


def invitation_message(
    *, meeting: Meeting, invitation: Invitation, kind: str, reason: str = ""
) -> EmailMessage:
    """One invitee's e-mail of `kind`. `invitation` should come with its person, their
    country and its designation loaded (meetings.services.invitations does)."""
    language = invitation.person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "meeting": meeting,
            "invitation": invitation,
            "times": meeting_times(meeting, invitee_time_zone(invitation)),
            "place": meeting_location(meeting, with_link=False),
            "rsvp_url": absolute_reverse("meetings:rsvp", invitation.token),
            "page_url": meeting_link(meeting),
            "reason": reason,
        }
        subject = render_to_string(f"meetings/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"meetings/email/{kind}_body.txt", context)
        message = EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=sender(),
            to=[invitation.email],
        )
    if method := METHODS.get(kind):
        calendar = meeting_calendar(
            meeting, method=method, invitations=[invitation], language=language
        )
        message.attach(
            f"reunion-{meeting.pk}.ics",
            calendar.decode(),
            f"{ICS_TYPE}; method={method}",  # iMIP (RFC 6047 §2.4): the method on the part too
        )
    return message


def minutes_circulation_message(*, minutes, invitation: Invitation) -> EmailMessage:
    """The draft minutes are circulated for comments (003 §VIII ST 11): the link to them,
    absolute; what each reader may see of them is decided by the page they open."""
    meeting = minutes.meeting
    language = invitation.person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "meeting": meeting,
            "invitation": invitation,
            "minutes_url": minutes_link(meeting),
        }
        subject = render_to_string("meetings/email/minutes_circulated_subject.txt", context)
        body = render_to_string("meetings/email/minutes_circulated_body.txt", context)
        return EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            from_email=sender(),
            to=[invitation.email],
        )
