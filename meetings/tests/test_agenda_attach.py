"""Items other apps put on a plenary's agenda (issue 22: the representation reports):
attached only while the agenda takes items, taken back only while it still does and the
item carries no motion, the numbering closing up behind it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, MotionFactory
from members.tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def titles(meeting: Meeting) -> list[str]:
    return list(meeting.agenda_items.order_by("order").values_list("title", flat=True))


@pytest.mark.parametrize(
    ("kind", "status", "approved", "accepts"),
    [
        (Meeting.Kind.ORDINARY, Meeting.Status.DRAFT, False, True),
        (Meeting.Kind.EXTRAORDINARY, Meeting.Status.CONVENED, False, True),
        (Meeting.Kind.ORDINARY, Meeting.Status.IN_SESSION, False, True),
        (Meeting.Kind.ORDINARY, Meeting.Status.IN_SESSION, True, False),
        (Meeting.Kind.ORDINARY, Meeting.Status.CLOSED, False, False),
        (Meeting.Kind.ORDINARY, Meeting.Status.CANCELLED, False, False),
        (Meeting.Kind.TECHNICAL, Meeting.Status.CONVENED, False, False),
    ],
)
def test_an_agenda_takes_items_only_while_open(kind, status, approved, accepts):
    meeting = MeetingFactory(
        kind=kind, status=status, agenda_approved_at=timezone.now() if approved else None
    )
    assert services.agenda_accepts_items(meeting) is accepts
    item = services.agenda_item_attach(meeting=meeting, title="Informe de representación: X")
    assert (item is not None) is accepts
    assert titles(meeting) == (["Informe de representación: X"] if accepts else [])


def test_a_committee_session_takes_no_item():
    meeting = MeetingFactory(
        kind=Meeting.Kind.COMMITTEE, committee=CommitteeFactory(), status=Meeting.Status.CONVENED
    )
    assert services.agenda_item_attach(meeting=meeting, title="X") is None


def test_attached_items_go_last_and_detaching_closes_the_gap():
    meeting = MeetingFactory(status=Meeting.Status.CONVENED)
    AgendaItemFactory(meeting=meeting, order=1, title="Uno")
    first = services.agenda_item_attach(meeting=meeting, title="Dos")
    services.agenda_item_attach(meeting=meeting, title="Tres")
    assert first.order == 2 and first.kind == AgendaItem.Kind.INFORMATION
    assert services.agenda_item_detach(item=first) is True
    assert list(meeting.agenda_items.order_by("order").values_list("order", "title")) == [
        (1, "Uno"),
        (2, "Tres"),
    ]


def test_an_item_stays_once_the_agenda_is_approved_or_it_has_a_motion():
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    with_motion = services.agenda_item_attach(meeting=meeting, title="Con moción")
    MotionFactory(agenda_item=with_motion)
    assert services.agenda_item_detach(item=with_motion) is False
    other = services.agenda_item_attach(meeting=meeting, title="Otro")
    Meeting.objects.filter(pk=meeting.pk).update(agenda_approved_at=timezone.now())
    assert services.agenda_item_detach(item=other) is False
    assert titles(meeting) == ["Con moción", "Otro"]


def test_an_opening_item_is_never_detached():
    meeting = MeetingFactory(status=Meeting.Status.CONVENED)
    opening = AgendaItemFactory(meeting=meeting, order=1, standard=AgendaItem.Standard.QUORUM)
    assert services.agenda_item_detach(item=opening) is False
    assert AgendaItem.objects.filter(pk=opening.pk).exists()
