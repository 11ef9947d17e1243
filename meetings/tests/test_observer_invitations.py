"""Only the Coalition's observers are invited and recorded as observers (issue 22 follow-up):
an organisation is an observer when its role is `observer` (admitted by a Plenary agreement,
presidency.services.admission). The sources name none: the OIM and the BID are supporters,
so a meeting may not invite them as observers until the Plenary admits them; the meeting
form offers only observers, and ST cannot record a supporter's representative as one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from common.testing import refused
from meetings import services
from meetings.forms import MeetingForm
from meetings.models import Attendance, Invitation, Meeting
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, observer_invitee
from members.models import ObserverOrganisation
from members.tests.factories import ObserverOrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

Role = ObserverOrganisation.Role
STARTS = dt.datetime(2026, 9, 1, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def oim():
    """The OIM as the sources load it: a supporter, not an observer."""
    organisation = ObserverOrganisation.objects.get(acronym="OIM")
    assert organisation.role == Role.SUPPORTER
    return organisation


@pytest.fixture
def admitted():
    """An organisation the Plenary has admitted as an observer (the factory's default role)."""
    return ObserverOrganisationFactory(acronym="OBS-ADMITTED")


def create(user, **fields) -> Meeting:
    return services.meeting_create(
        user=user,
        kind=Meeting.Kind.ORDINARY,
        title="Reunión con observadores",
        starts_at=STARTS,
        ends_at=STARTS + dt.timedelta(hours=8),
        **fields,
    )


def test_a_supporter_is_not_invited_as_an_observer_when_the_meeting_is_created(
    presidency_user, oim, admitted
):
    with refused("not_an_observer", field="invited_observers"):
        create(presidency_user, invited_observers=[admitted, oim])
    assert not Meeting.objects.filter(title="Reunión con observadores").exists()


def test_an_observer_is_invited_when_the_meeting_is_created(presidency_user, admitted):
    meeting = create(presidency_user, invited_observers=[admitted])
    assert list(meeting.invited_observers.all()) == [admitted]


def test_a_supporter_is_not_added_as_an_observer_to_a_meeting(presidency_user, oim, admitted):
    meeting = create(presidency_user, invited_observers=[admitted])
    with refused("not_an_observer", field="invited_observers"):
        services.meeting_update(
            user=presidency_user, meeting=meeting, invited_observers=[admitted, oim]
        )
    assert list(meeting.invited_observers.all()) == [admitted]


def test_the_oim_once_admitted_as_an_observer_is_invited(
    presidency_user, oim, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    AgendaItemFactory(meeting=meeting)
    observer_invitee(oim, email="oim@example.org", account=False)
    services.meeting_convene(user=presidency_user, meeting=meeting)
    oim.role = Role.OBSERVER  # the Plenary admitted it (presidency.services.admission)
    oim.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(user=presidency_user, meeting=meeting, invited_observers=[oim])
    assert list(meeting.invited_observers.all()) == [oim]
    assert Invitation.objects.filter(meeting=meeting, observer_organisation=oim).exists()
    assert [m.to for m in mail.outbox] == [["oim@example.org"]]


def test_the_role_is_read_from_the_database_not_from_the_object_passed(presidency_user, oim):
    oim.role = Role.OBSERVER  # changed in memory only
    with refused("not_an_observer", field="invited_observers"):
        create(presidency_user, invited_observers=[oim])


def test_the_meeting_form_offers_only_observers(oim, admitted):
    offered = set(MeetingForm().fields["invited_observers"].queryset)
    assert admitted in offered
    assert oim not in offered
    assert {o.role for o in offered} == {Role.OBSERVER}


def test_the_meeting_page_does_not_take_a_supporter_as_an_observer(client, presidency_user, oim):
    client.force_login(presidency_user)
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "ordinary",
            "title": "Reunión con observadores",
            "starts_at": "2026-09-01T09:00",
            "ends_at": "2026-09-01T17:00",
            "modality": "virtual",
            "time_zone": "America/Tegucigalpa",
            "invited_observers": [oim.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("invited_observers", "invalid_choice")
    assert not Meeting.objects.filter(title="Reunión con observadores").exists()


def test_a_supporters_representative_is_not_recorded_as_an_observer(st_user, meeting, oim):
    person = PersonFactory(country=None, observer_organisation=oim)
    with refused("not_an_observer"):
        services.attendance_record(
            user=st_user, meeting=meeting, person=person, capacity=Attendance.Capacity.OBSERVER
        )
    assert not Attendance.objects.filter(meeting=meeting, person=person).exists()


def test_an_observers_representative_is_recorded_as_an_observer(st_user, meeting, admitted):
    person = PersonFactory(country=None, observer_organisation=admitted)
    attendance = services.attendance_record(
        user=st_user, meeting=meeting, person=person, capacity=Attendance.Capacity.OBSERVER
    )
    assert attendance.observer_organisation == admitted and attendance.country is None


def test_the_demo_meetings_invite_no_organisation_while_none_is_an_observer(
    django_capture_on_commit_callbacks,
):
    """The sources name no observer: the demo invites none and records none as present (it
    fakes no role); the OIM's demo account stays an account of an invited organisation."""
    import io

    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    assert not ObserverOrganisation.objects.filter(role=Role.OBSERVER).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_meetings", stdout=io.StringIO())
    assert Meeting.objects.filter(number__in=[24, 25]).count() == 2
    assert not Meeting.invited_observers.through.objects.exists()
    assert not Invitation.objects.filter(observer_organisation__isnull=False).exists()
    assert not Attendance.objects.filter(capacity=Attendance.Capacity.OBSERVER).exists()
    assert ObserverOrganisation.objects.get(acronym="OIM").role == Role.SUPPORTER
