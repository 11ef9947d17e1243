"""The calendar cycle (issue 16; RFC 5545/5546): the convocation is a REQUEST with the
ORGANIZER and the invitee as ATTENDEE, a stable UID, DTSTAMP, SEQUENCE and STATUS, start and
end in the venue's zone (TZID with its VTIMEZONE); a reschedule is a REQUEST with the same
UID and a higher SEQUENCE; a cancellation a CANCEL. Each file is read as the recipient's
calendar reads it: the text/calendar part of the e-mail, parsed by icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Invitation, Meeting, MeetingStatusChange
from meetings.tests.factories import (
    PANAMA,
    calendar_of,
    invitee,
    observer_invitee,
    panama_meeting,
)
from members.models import Designation, ObserverOrganisation
from members.tests.factories import ObserverOrganisationFactory

pytestmark = pytest.mark.django_db

UID = "meeting-{pk}@coalicion-regional"
NINE_IN_PANAMA = dt.datetime(2026, 3, 10, 14, 0, tzinfo=dt.UTC)  # 09:00 in Panamá (UTC−5)


@pytest.fixture
def people(coalition):
    hn, hn_user = invitee(coalition["HN"], email="hn@example.org")
    gt, gt_user = invitee(
        coalition["GT"], email="gt@example.org", role=Designation.Role.ALTERNATE, language="en"
    )
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    oim = ObserverOrganisationFactory(acronym="OIM")
    rep, rep_user = observer_invitee(oim, email="oim@example.org")
    return {"hn": hn, "gt": gt, "oim": oim, "rep": rep, "users": [hn_user, gt_user, rep_user]}


@pytest.fixture
def convened(people, presidency_user, django_capture_on_commit_callbacks):
    meeting = panama_meeting()
    meeting.invited_observers.set([people["oim"]])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(user=presidency_user, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def by_recipient() -> dict[str, object]:
    return {m.to[0]: m for m in mail.outbox}


def event_of(message):
    calendar, part_method = calendar_of(message)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0], part_method


def attendees(event) -> list:
    value = event.get("attendee")
    return value if isinstance(value, list) else [value] if value is not None else []


def test_the_convocation_is_a_request_for_each_invitee_with_the_panama_instant(convened):
    assert sorted(by_recipient()) == ["gt@example.org", "hn@example.org", "oim@example.org"]
    roles = {
        "hn@example.org": "REQ-PARTICIPANT",  # titular
        "gt@example.org": "OPT-PARTICIPANT",  # alternate
        "oim@example.org": "OPT-PARTICIPANT",  # observer: voice without vote
    }
    for email, message in by_recipient().items():
        calendar, event, part_method = event_of(message)
        assert str(calendar["method"]) == "REQUEST" and part_method == "REQUEST"
        assert str(event["uid"]) == UID.format(pk=convened.pk)
        assert event.decoded("dtstamp").tzinfo is not None
        assert event.decoded("sequence") == 0
        assert str(event["status"]) == "CONFIRMED"
        assert str(event["organizer"]).lower().startswith("mailto:")
        # The same instant as 09:00 in Panamá, written with the venue's zone and its VTIMEZONE.
        assert event.decoded("dtstart") == NINE_IN_PANAMA
        assert event.decoded("dtstart").astimezone(PANAMA).hour == 9
        assert event.decoded("dtend") == NINE_IN_PANAMA + dt.timedelta(hours=8)
        assert event["dtstart"].params["TZID"] == "America/Panama"
        assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Panama"]
        (attendee,) = attendees(event)  # the invitee's own line only
        assert str(attendee) == f"mailto:{email}"
        invitation = Invitation.objects.get(email=email)
        assert attendee.params["CN"] == invitation.person.full_name
        assert attendee.params["ROLE"] == roles[email]
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        assert invitation.notified_at is not None and invitation.sequence_sent == 0


def test_each_invitee_gets_their_file_and_e_mail_in_their_language(convened):
    """The Guatemalan alternate reads English, the others Spanish: the country in the
    LOCATION is written in each one's language (data, not prose)."""
    es = event_of(by_recipient()["hn@example.org"])[1]
    en = event_of(by_recipient()["gt@example.org"])[1]
    assert "Panamá" in str(es["location"]) and "Ciudad de Panamá" in str(es["location"])
    assert "Panama" in str(en["location"]) and ", Panamá" not in str(en["location"])
    assert str(es["description"]) != str(en["description"])
    assert by_recipient()["hn@example.org"].subject != by_recipient()["gt@example.org"].subject


def test_a_reschedule_sends_every_invitee_an_update_with_the_same_uid_and_a_higher_sequence(
    convened, presidency_user, django_capture_on_commit_callbacks
):
    first = {email: event_of(m)[1] for email, m in by_recipient().items()}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            user=presidency_user,
            meeting=convened,
            starts_at=dt.datetime(2026, 3, 11, 10, 0, tzinfo=PANAMA),
            ends_at=dt.datetime(2026, 3, 11, 18, 0, tzinfo=PANAMA),
        )
    convened.refresh_from_db()
    assert convened.sequence == 1
    assert sorted(by_recipient()) == sorted(first)
    for email, message in by_recipient().items():
        calendar, event, part_method = event_of(message)
        assert str(calendar["method"]) == "REQUEST" and part_method == "REQUEST"
        assert str(event["uid"]) == str(first[email]["uid"])
        assert event.decoded("sequence") == first[email].decoded("sequence") + 1
        assert event.decoded("dtstart") == dt.datetime(2026, 3, 11, 15, 0, tzinfo=dt.UTC)
        assert str(attendees(event)[0]) == f"mailto:{email}"
    assert set(Invitation.objects.values_list("sequence_sent", flat=True)) == {1}


def test_an_answer_already_given_travels_in_the_update(
    convened, presidency_user, django_capture_on_commit_callbacks
):
    invitation = Invitation.objects.get(email="hn@example.org")
    services.invitation_respond(invitation=invitation, response="accepted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(user=presidency_user, meeting=convened, city="Colón")
    event = event_of(by_recipient()["hn@example.org"])[1]
    assert attendees(event)[0].params["PARTSTAT"] == "ACCEPTED"
    assert "Colón" in str(event["location"])


def test_a_change_calendars_do_not_hold_sends_nothing_and_keeps_the_sequence(
    convened, presidency_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(user=presidency_user, meeting=convened, number=99)
    convened.refresh_from_db()
    assert convened.sequence == 0 and convened.number == 99
    assert mail.outbox == []


def test_the_edit_form_reschedules_in_the_venue_zone_and_the_update_says_so(
    client, convened, presidency_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    client.force_login(presidency_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:edit", args=[convened.pk]),
            {
                "kind": "ordinary",
                "title": convened.title,
                "host_country": convened.host_country.pk,
                "city": convened.city,
                "modality": "in_person",
                "time_zone": "",
                "starts_at": "2026-03-10T10:00",
                "ends_at": "2026-03-10T17:00",
                "version": convened.version,
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    convened.refresh_from_db()
    assert convened.starts_at == dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
    assert len(mail.outbox) == 3
    event = event_of(mail.outbox[0])[1]
    assert event.decoded("sequence") == 1 and event.decoded("dtstart").astimezone(PANAMA).hour == 10


def test_a_cancellation_is_a_cancel_with_the_same_uid_a_higher_sequence_and_the_reason(
    convened, presidency_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(
            user=presidency_user, meeting=convened, reason="Emergencia sanitaria en la sede"
        )
    convened.refresh_from_db()
    assert convened.status == Meeting.Status.CANCELLED and convened.sequence == 1
    change = convened.status_changes.last()
    assert (change.from_status, change.to_status) == ("convened", "cancelled")
    assert change.reason == "Emergencia sanitaria en la sede"
    assert change.changed_by == presidency_user
    assert sorted(by_recipient()) == ["gt@example.org", "hn@example.org", "oim@example.org"]
    for email, message in by_recipient().items():
        calendar, event, part_method = event_of(message)
        assert str(calendar["method"]) == "CANCEL" and part_method == "CANCEL"
        assert str(event["uid"]) == UID.format(pk=convened.pk)
        assert event.decoded("sequence") == 1
        assert str(event["status"]) == "CANCELLED"
        assert str(attendees(event)[0]) == f"mailto:{email}"
        assert "RSVP" not in attendees(event)[0].params  # no answer is asked for
        assert "Emergencia sanitaria en la sede" in message.body
    assert set(Invitation.objects.values_list("sequence_sent", flat=True)) == {1}


def test_sending_again_sends_nothing_new(convened, django_capture_on_commit_callbacks):
    assert services.meeting_notices_send(meeting=convened) == 0


def test_a_draft_never_convened_is_cancelled_without_e_mails(
    people, presidency_user, django_capture_on_commit_callbacks
):
    meeting = panama_meeting()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.meeting_cancel(user=presidency_user, meeting=meeting, reason="Sin fondos")
    assert callbacks == [] and mail.outbox == []
    assert MeetingStatusChange.objects.get(meeting=meeting).reason == "Sin fondos"


def test_convened_again_after_a_change_in_draft_the_old_invitees_get_the_update(
    convened, presidency_user, django_capture_on_commit_callbacks
):
    services.meeting_transition(user=presidency_user, meeting=convened, to="draft")
    services.meeting_update(
        user=presidency_user,
        meeting=convened,
        starts_at=dt.datetime(2026, 4, 7, 9, 0, tzinfo=PANAMA),
        ends_at=dt.datetime(2026, 4, 7, 17, 0, tzinfo=PANAMA),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(user=presidency_user, meeting=convened)
    assert len(mail.outbox) == 3
    event = event_of(mail.outbox[0])[1]
    assert event.decoded("sequence") == 1
    assert event.decoded("dtstart").date() == dt.date(2026, 4, 7)


# --- Refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["in_session", "closed", "cancelled"])
def test_only_a_draft_or_convened_meeting_is_cancelled(status, presidency_user):
    meeting = panama_meeting(status=status)
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(user=presidency_user, meeting=meeting, reason="Motivo")
    assert exc.value.code == "bad_transition"
    meeting.refresh_from_db()
    assert meeting.status == status


def test_cancelling_needs_the_presidency_or_st(delegate, observer):
    meeting = panama_meeting()
    for user in (delegate, observer):
        with pytest.raises(PermissionDenied):
            services.meeting_cancel(user=user, meeting=meeting, reason="Motivo")


def test_cancelling_needs_a_reason(presidency_user):
    meeting = panama_meeting()
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(user=presidency_user, meeting=meeting, reason="   ")
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


def test_cancelling_goes_through_its_own_service(presidency_user):
    """The generic transition would skip the reason and the invitees' calendars."""
    meeting = panama_meeting()
    with pytest.raises(ValidationError) as exc:
        services.meeting_transition(user=presidency_user, meeting=meeting, to="cancelled")
    assert exc.value.code == "bad_transition"


def test_a_cancelled_meeting_is_final(presidency_user):
    meeting = panama_meeting()
    services.meeting_cancel(user=presidency_user, meeting=meeting, reason="Motivo")
    with pytest.raises(ValidationError) as exc:
        services.meeting_convene(user=presidency_user, meeting=meeting)
    assert exc.value.code == "bad_transition"
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(user=presidency_user, meeting=meeting, city="Colón")
    assert exc.value.code == "meeting_cancelled"


def test_a_session_that_opened_is_not_rescheduled(presidency_user):
    meeting = panama_meeting(status=Meeting.Status.IN_SESSION)
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(
            user=presidency_user,
            meeting=meeting,
            starts_at=meeting.starts_at + dt.timedelta(days=1),
            ends_at=meeting.ends_at + dt.timedelta(days=1),
        )
    assert exc.value.code == "wrong_status"
    meeting.refresh_from_db()
    assert meeting.sequence == 0


# --- The pages ----------------------------------------------------------------------------


def test_the_cancel_page_asks_for_the_reason_then_cancels(
    client, convened, presidency_user, django_capture_on_commit_callbacks
):
    client.force_login(presidency_user)
    url = reverse("meetings:cancel", args=[convened.pk])
    detail = client.get(reverse("meetings:detail", args=[convened.pk])).content.decode()
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200 and page.context["notified"] == 3
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    convened.refresh_from_db()
    assert convened.status == Meeting.Status.CONVENED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Cambio de sede", "version": convened.version})
    assert response.status_code == 302
    convened.refresh_from_db()
    assert convened.status == Meeting.Status.CANCELLED and len(mail.outbox) == 3
    detail = client.get(reverse("meetings:detail", args=[convened.pk]))
    assert detail.context["page"].cancellation.reason == "Cambio de sede"
    assert "Cambio de sede" in detail.content.decode()
    assert url not in detail.content.decode()  # nothing left to cancel


def test_the_cancel_page_is_for_the_presidency_and_st_only(client, convened, delegate):
    client.force_login(delegate)
    assert client.get(reverse("meetings:cancel", args=[convened.pk])).status_code == 403
    assert (
        client.post(reverse("meetings:cancel", args=[convened.pk]), {"reason": "x"}).status_code
        == 403
    )
    convened.refresh_from_db()
    assert convened.status == Meeting.Status.CONVENED


def test_the_cancel_page_of_a_session_sends_back_to_the_meeting(client, presidency_user):
    meeting = panama_meeting(status=Meeting.Status.IN_SESSION)
    client.force_login(presidency_user)
    response = client.get(reverse("meetings:cancel", args=[meeting.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])


def test_the_download_is_a_publish_in_the_venue_zone(client, convened, presidency_user, settings):
    settings.SITE_URL = "https://coalicion.example.org"
    client.force_login(presidency_user)
    response = client.get(reverse("meetings:ics", args=[convened.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["uid"]) == UID.format(pk=convened.pk)
    assert event.decoded("dtstart") == NINE_IN_PANAMA
    assert event.get("attendee") is None
    assert str(event["url"]) == "https://coalicion.example.org" + reverse(
        "meetings:detail", args=[convened.pk]
    )
