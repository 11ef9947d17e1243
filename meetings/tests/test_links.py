"""Every link an invitee receives is absolute (settings.SITE_URL) and lands on the right page
when followed — as the recipient: the answer link without signing in (the token is the
credential), the meeting page signed in as the recipient. The convocation, the update, the
cancellation, the reminder and the URL inside each calendar file (issue 16)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from meetings import services
from meetings.models import Invitation, Meeting
from meetings.tests.factories import PANAMA, calendar_of, invitee, observer_invitee, panama_meeting
from members.models import ObserverOrganisation
from members.tests.factories import ObserverOrganisationFactory

pytestmark = pytest.mark.django_db

SITE = "https://coalicion.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def convened(coalition, presidency_user, django_capture_on_commit_callbacks):
    _, hn_user = invitee(coalition["HN"], email="hn@example.org")
    _, mx_user = invitee(coalition["MX"], email="mx@example.org", language="en")
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    oim = ObserverOrganisationFactory(acronym="OIM")
    _, rep_user = observer_invitee(oim, email="oim@example.org")
    meeting = panama_meeting(modality=Meeting.Modality.HYBRID, link="https://meet.example.net/xxv")
    meeting.invited_observers.set([oim])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(user=presidency_user, meeting=meeting)
    meeting.refresh_from_db()
    users = {u.email: u for u in (hn_user, mx_user, rep_user)}
    return meeting, users


def urls_in(message) -> list[str]:
    """Every URL of the e-mail's text and of its calendar file, if any."""
    urls = URL.findall(message.body)
    if any(p.get_content_type() == "text/calendar" for p in message.message().walk()):
        calendar, _method = calendar_of(message)
        for event in calendar.walk("VEVENT"):
            if event.get("url"):
                urls.append(str(event["url"]))
            urls.extend(URL.findall(str(event.get("description", ""))))
    return urls


def follow_every_link(message, meeting: Meeting, user) -> set[str]:
    """Follows each link of `message` as its recipient; returns the kinds of page reached.
    The only link outside the site is the meeting's own link to join."""
    invitation = Invitation.objects.get(meeting=meeting, email=message.to[0])
    reached = set()
    urls = urls_in(message)
    assert urls, "the e-mail has no link"
    for url in urls:
        if url == meeting.link:
            continue
        assert url.startswith(SITE + "/"), f"not absolute on the site: {url}"
        path = urlsplit(url).path
        if "/rsvp/" in path:
            response = Client().get(path)  # from the mail program: no session
            assert response.status_code == 200, url
            assert response.context["invitation"] == invitation
            reached.add("rsvp")
        else:
            anonymous = Client().get(path)
            assert anonymous.status_code == 302 and "/login" in anonymous["Location"], url
            signed_in = Client()
            signed_in.force_login(user)
            response = signed_in.get(path)
            assert response.status_code == 200, url
            assert response.context["meeting"].pk == meeting.pk
            reached.add("meeting")
    return reached


def test_every_link_of_the_convocation_lands_on_the_recipients_page(convened):
    meeting, users = convened
    assert sorted(m.to[0] for m in mail.outbox) == sorted(users)
    for message in mail.outbox:
        assert follow_every_link(message, meeting, users[message.to[0]]) == {"rsvp", "meeting"}
        assert meeting.link in message.body


def test_every_link_of_an_update_a_reminder_and_a_cancellation_lands(
    convened, presidency_user, django_capture_on_commit_callbacks
):
    meeting, users = convened
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            user=presidency_user,
            meeting=meeting,
            starts_at=dt.datetime(2026, 3, 12, 9, 0, tzinfo=PANAMA),
            ends_at=dt.datetime(2026, 3, 12, 17, 0, tzinfo=PANAMA),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_remind(user=presidency_user, meeting=meeting)
    assert len(mail.outbox) == 6  # an update and a reminder each
    for message in mail.outbox:
        assert follow_every_link(message, meeting, users[message.to[0]]) == {"rsvp", "meeting"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(user=presidency_user, meeting=meeting, reason="Cambio de fecha")
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        # the answer link is no longer offered; the meeting page says it was cancelled
        assert follow_every_link(message, meeting, users[message.to[0]]) == {"meeting"}


def test_the_e_mail_names_the_zone_and_the_recipients_own_time(convened):
    """Honduras reads 08:00 where Panamá reads 09:00; the observer (no country) gets the
    venue's time only."""
    meeting, _users = convened
    body = {m.to[0]: m.body for m in mail.outbox}
    for text in body.values():
        assert "America/Panama" in text and "UTC−05:00" in text
    # 24-hour times in both languages (issue 25: English formats that suit Belize)
    assert "09:00" in body["hn@example.org"] and "09:00" in body["mx@example.org"]
    assert "America/Tegucigalpa" in body["hn@example.org"] and "08:00" in body["hn@example.org"]
    assert "America/Mexico_City" in body["mx@example.org"] and "08:00" in body["mx@example.org"]
    assert "America/Tegucigalpa" not in body["oim@example.org"]
    assert body["oim@example.org"].count("America/") == 1
