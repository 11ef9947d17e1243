"""Guards no other test pinned (each survived a mutation): a closed meeting is never
reopened, and an agenda approved by the plenary is never edited (SPEC §3; 003 §VIII
Presidency 9). Through the services, the flags and the pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def refused(code: str, fn, **kwargs):
    with pytest.raises(ValidationError) as error:
        fn(**kwargs)
    assert error.value.code == code, error.value


@pytest.mark.parametrize("to", [Meeting.Status.IN_SESSION, Meeting.Status.DRAFT])
def test_a_closed_meeting_cannot_be_reopened(coalition, presidency_user, to):
    meeting = MeetingFactory(status=Meeting.Status.CLOSED)
    refused(
        "bad_transition", services.meeting_transition, user=presidency_user, meeting=meeting, to=to
    )
    refused("bad_transition", services.meeting_convene, user=presidency_user, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and not meeting.status_changes.exists()
    flags = selectors.meeting_flags(user=presidency_user, meeting=meeting)
    assert not (flags.can_open_session or flags.can_convene or flags.can_close)


def test_a_closed_meeting_is_not_reopened_through_the_page(client, coalition, st_user):
    meeting = MeetingFactory(status=Meeting.Status.CLOSED)
    client.force_login(st_user)
    for to in ("in_session", "draft", "convened"):
        client.post(reverse("meetings:transition", args=[meeting.pk]), {"to": to})
    client.post(reverse("meetings:convene", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CLOSED and not meeting.status_changes.exists()


def test_the_session_closes_once_and_for_all(coalition, presidency_user):
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    services.meeting_transition(user=presidency_user, meeting=meeting, to=Meeting.Status.CLOSED)
    refused(
        "bad_transition",
        services.meeting_transition,
        user=presidency_user,
        meeting=meeting,
        to=Meeting.Status.IN_SESSION,
    )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CLOSED


def test_an_approved_agenda_cannot_be_edited(coalition, presidency_user):
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    services.agenda_item_create(user=presidency_user, meeting=meeting, title="Punto previo")
    services.agenda_approve(user=presidency_user, meeting=meeting)
    items = list(meeting.agenda_items.values_list("pk", flat=True))
    refused(
        "agenda_locked",
        services.agenda_item_create,
        user=presidency_user,
        meeting=Meeting.objects.get(pk=meeting.pk),
        title="Punto añadido tarde",
    )
    refused(
        "agenda_already_approved",
        services.agenda_approve,
        user=presidency_user,
        meeting=Meeting.objects.get(pk=meeting.pk),
    )
    assert list(meeting.agenda_items.values_list("pk", flat=True)) == items
    flags = selectors.meeting_flags(
        user=presidency_user, meeting=Meeting.objects.get(pk=meeting.pk)
    )
    assert flags.agenda_approved and not flags.can_edit_agenda and not flags.can_approve_agenda


def test_an_approved_agenda_is_not_edited_through_the_page(client, coalition, st_user):
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION, agenda_approved_at=timezone.now())
    client.force_login(st_user)
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:agenda-item-create", args=[meeting.pk]) not in html
    response = client.post(
        reverse("meetings:agenda-item-create", args=[meeting.pk]),
        {"title": "Punto añadido tarde", "kind": "information"},
    )
    assert response.status_code == 200  # the form again, with the refusal
    assert not meeting.agenda_items.exists()
