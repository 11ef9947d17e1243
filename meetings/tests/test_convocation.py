"""Convocation: invitations to every designation in force and to invited observers, e-mail
with an iCalendar file sent through Celery after commit (SPEC §3)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Invitation, Meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from members.models import Designation, ObserverOrganisation
from members.tests.factories import DesignationFactory, ObserverOrganisationFactory, PersonFactory


@pytest.fixture
def invitees(coalition, eager_celery):
    hn = DesignationFactory(national_body=coalition["HN"], person__email="hn@example.org")
    DesignationFactory(
        national_body=coalition["GT"],
        role=Designation.Role.ALTERNATE,
        person__email="gt@example.org",
    )
    DesignationFactory(  # ended before the meeting: not invited
        national_body=coalition["PA"],
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 1, 1),
        person__email="old@example.org",
    )
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    oim = ObserverOrganisationFactory(acronym="OIM")
    PersonFactory(country=None, observer_organisation=oim, email="oim@example.org")
    PersonFactory(
        country=None,
        observer_organisation=ObserverOrganisationFactory(acronym="BID"),
        email="bid@example.org",
    )  # organisation not invited
    return {"hn": hn, "oim": oim}


def draft_meeting(oim):
    meeting = MeetingFactory(
        status=Meeting.Status.DRAFT, title="XV Reunión Ordinaria", city="Tegucigalpa"
    )
    meeting.invited_observers.set([oim])
    AgendaItemFactory(meeting=meeting)  # convening needs business beyond the opening items
    return meeting


@pytest.mark.django_db
def test_convening_invites_designations_in_force_and_observers_and_mails_the_ics(
    invitees, presidency_user, django_capture_on_commit_callbacks
):
    meeting = draft_meeting(invitees["oim"])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(user=presidency_user, meeting=meeting)
    meeting.refresh_from_db()
    assert (
        meeting.status == Meeting.Status.CONVENED and meeting.status_changed_by == presidency_user
    )
    assert meeting.status_changes.get().to_status == "convened"
    emails = sorted(m.to[0] for m in mail.outbox)
    assert emails == ["gt@example.org", "hn@example.org", "oim@example.org"]
    message = mail.outbox[0]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar; method=REQUEST"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]) == "XV Reunión Ordinaria"
    assert event.decoded("dtstart") == meeting.starts_at
    assert "Tegucigalpa" in str(event["location"])
    assert not Invitation.objects.filter(notified_at__isnull=True).exists()
    invitation = Invitation.objects.get(email="hn@example.org")
    assert invitation.notified_at is not None


@pytest.mark.django_db
def test_nothing_is_sent_if_the_transaction_is_rolled_back(
    invitees, presidency_user, django_capture_on_commit_callbacks
):
    meeting = draft_meeting(invitees["oim"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.meeting_convene(user=presidency_user, meeting=meeting)
    assert len(callbacks) == 1 and mail.outbox == []


@pytest.mark.django_db
def test_invitee_confirms_through_the_link_and_the_presidency_sees_it(
    client, invitees, presidency_user, django_capture_on_commit_callbacks
):
    meeting = draft_meeting(invitees["oim"])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(user=presidency_user, meeting=meeting)
    invitation = Invitation.objects.get(email="hn@example.org")
    assert (
        reverse("meetings:rsvp", args=[invitation.token])
        in mail.outbox[0].body + mail.outbox[1].body + mail.outbox[2].body
    )
    response = client.post(
        reverse("meetings:rsvp", args=[invitation.token]), {"response": "accepted"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == "accepted" and invitation.responded_at
    declined = Invitation.objects.get(email="gt@example.org")
    client.post(reverse("meetings:rsvp", args=[declined.token]), {"response": "declined"})
    client.force_login(presidency_user)
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert invitation.person.full_name in html


@pytest.mark.django_db
def test_ics_download(client, presidency_user):
    meeting = MeetingFactory(title="XV Reunión Ordinaria")
    client.force_login(presidency_user)
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"meeting-{meeting.pk}@coalicion-regional"


@pytest.mark.worker
def test_convocation_is_sent_by_the_real_worker(
    celery_worker_process, transactional_db, presidency_user
):
    from members.loaders import load_coalition
    from members.models import NationalBody

    load_coalition()
    DesignationFactory(
        national_body=NationalBody.objects.get(country__iso_code="HN"),
        person__email="hn@example.org",
    )
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting)
    services.meeting_convene(user=presidency_user, meeting=meeting)  # commits: autocommit
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not Invitation.objects.filter(meeting=meeting, notified_at__isnull=True).exists():
            break
        time.sleep(0.5)
    invitation = Invitation.objects.get(meeting=meeting)
    assert invitation.notified_at is not None, "the worker did not send the convocation"
