"""Answering the convocation (issue 16): from the e-mail link (the token) and from a button
on the meeting page for the signed-in invitee — delegate or observer organisation's
representative; invited observer organisations' representatives are convened too; the
Presidency and ST see who has not answered and remind them, one e-mail each, recorded."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import selectors, services
from meetings.models import Invitation, Meeting
from meetings.tests.checks import accepted
from meetings.tests.factories import invitee, observer_invitee, panama_meeting
from members.models import ObserverOrganisation
from members.tests.factories import ObserverOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(coalition, presidency_user, django_capture_on_commit_callbacks):
    hn_person, hn = invitee(coalition["HN"], email="hn@example.org")
    _, cr = invitee(coalition["CR"], email="cr@example.org")
    _, sv = invitee(coalition["SV"], email="sv@example.org")
    # The OIM and the BID are supporters in the sources; here the Plenary has admitted both
    # as observers (only the OIM is invited to this meeting).
    ObserverOrganisation.objects.filter(acronym__in=["OIM", "BID"]).update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    oim = ObserverOrganisationFactory(acronym="OIM")
    _, rep = observer_invitee(oim, email="oim@example.org")
    other_org = ObserverOrganisationFactory(acronym="BID")
    observer_invitee(other_org, email="bid@example.org", account=False)  # not invited
    meeting = panama_meeting()
    meeting.invited_observers.set([oim])
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_convene(user=presidency_user, meeting=meeting)
    meeting.refresh_from_db()
    mail.outbox.clear()
    return {"meeting": meeting, "hn": hn, "cr": cr, "sv": sv, "rep": rep, "bid": other_org}


def answer_of(user, meeting) -> str:
    return Invitation.objects.get(meeting=meeting, person=user.person).response


def test_a_delegate_answers_from_the_meeting_page(client, world):
    meeting, hn = world["meeting"], world["hn"]
    client.force_login(hn)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.context["flags"].can_respond
    assert reverse("meetings:respond", args=[meeting.pk]) in page.content.decode()
    response = client.post(reverse("meetings:respond", args=[meeting.pk]), {"response": "accepted"})
    assert response.status_code == 302
    assert answer_of(hn, meeting) == "accepted"
    client.post(reverse("meetings:respond", args=[meeting.pk]), {"response": "declined"})
    assert answer_of(hn, meeting) == "declined"
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.context["page"].own_invitation.response == "declined"


def test_an_invited_observer_representative_is_convened_and_answers_from_the_page(client, world):
    meeting, rep = world["meeting"], world["rep"]
    invitation = Invitation.objects.get(meeting=meeting, person=rep.person)
    assert invitation.observer_organisation.acronym == "OIM" and invitation.notified_at
    assert not Invitation.objects.filter(meeting=meeting, email="bid@example.org").exists()
    client.force_login(rep)
    client.post(reverse("meetings:respond", args=[meeting.pk]), {"response": "accepted"})
    assert answer_of(rep, meeting) == "accepted"


def test_an_observer_organisation_added_to_a_convened_meeting_is_convened(
    world, presidency_user, django_capture_on_commit_callbacks
):
    meeting = world["meeting"]
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            user=presidency_user,
            meeting=meeting,
            invited_observers=[*meeting.invited_observers.all(), world["bid"]],
        )
    assert [m.to for m in mail.outbox] == [["bid@example.org"]]  # the others have it already
    assert "Convoca" in mail.outbox[0].subject or "Convocation" in mail.outbox[0].subject
    meeting.refresh_from_db()
    assert meeting.sequence == 0  # nothing calendars hold changed


def test_someone_not_invited_has_no_button_and_is_refused(client, world, focal_point_gt):
    meeting = world["meeting"]
    client.force_login(focal_point_gt)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.context["page"].own_invitation is None and not page.context["flags"].can_respond
    response = client.post(reverse("meetings:respond", args=[meeting.pk]), {"response": "accepted"})
    assert response.status_code == 403


def test_only_the_invited_person_answers_their_invitation(world):
    invitation = Invitation.objects.get(meeting=world["meeting"], person=world["hn"].person)
    with pytest.raises(PermissionDenied):
        services.invitation_respond(invitation=invitation, response="accepted", user=world["cr"])
    invitation.refresh_from_db()
    assert invitation.response == "pending"


def test_a_meaningless_answer_is_not_found(client, world):
    client.force_login(world["hn"])
    response = client.post(
        reverse("meetings:respond", args=[world["meeting"].pk]), {"response": "maybe"}
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("status", "code"), [("closed", "meeting_closed"), ("cancelled", "meeting_cancelled")]
)
def test_nobody_answers_a_closed_or_cancelled_meeting(client, world, status, code):
    meeting, hn = world["meeting"], world["hn"]
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    invitation = Invitation.objects.select_related("meeting").get(meeting=meeting, person=hn.person)
    with pytest.raises(ValidationError) as exc:
        services.invitation_respond(invitation=invitation, response="accepted", user=hn)
    assert exc.value.code == code
    client.force_login(hn)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert not page.context["flags"].can_respond
    client.post(reverse("meetings:respond", args=[meeting.pk]), {"response": "accepted"})
    token_page = client.get(reverse("meetings:rsvp", args=[invitation.token]))
    assert token_page.context["refusal"].code == code
    client.post(reverse("meetings:rsvp", args=[invitation.token]), {"response": "accepted"})
    assert answer_of(hn, meeting) == "pending"


def test_the_e_mail_link_answers_without_signing_in(client, world):
    invitation = Invitation.objects.get(meeting=world["meeting"], person=world["cr"].person)
    url = reverse("meetings:rsvp", args=[invitation.token])
    page = client.get(url)
    assert page.status_code == 200 and page.context["refusal"] is None
    assert "America/Panama" in page.content.decode()
    assert client.post(url, {"response": "accepted"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.response == "accepted" and invitation.responded_at


# --- Reminders ----------------------------------------------------------------------------


def test_the_reminder_goes_to_those_who_have_not_answered_only_and_is_recorded(
    client, world, presidency_user, django_capture_on_commit_callbacks
):
    meeting = world["meeting"]
    for user, answer in ((world["hn"], "accepted"), (world["cr"], "declined")):
        services.invitation_respond(
            invitation=Invitation.objects.get(meeting=meeting, person=user.person),
            response=answer,
        )
    client.force_login(presidency_user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.context["flags"].can_remind and page.context["page"].unanswered == 2
    assert page.context["page"].last_reminded_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:remind", args=[meeting.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["oim@example.org", "sv@example.org"]
    assert all(not m.attachments for m in mail.outbox)
    reminded = Invitation.objects.filter(meeting=meeting, reminded_at__isnull=False)
    assert sorted(reminded.values_list("email", flat=True)) == ["oim@example.org", "sv@example.org"]
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert page.context["page"].last_reminded_at == max(i.reminded_at for i in reminded)


def test_whoever_answers_before_the_reminder_leaves_is_not_reminded(
    world, presidency_user, django_capture_on_commit_callbacks
):
    meeting = world["meeting"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert services.meeting_remind(user=presidency_user, meeting=meeting) == 4
    services.invitation_respond(
        invitation=Invitation.objects.get(meeting=meeting, person=world["sv"].person),
        response="accepted",
    )
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cr@example.org",
        "hn@example.org",
        "oim@example.org",
    ]


def test_nobody_to_remind_when_everyone_answered(world, presidency_user, client):
    meeting = world["meeting"]
    Invitation.objects.filter(meeting=meeting).update(response="accepted")
    with pytest.raises(ValidationError) as exc:
        services.meeting_remind(user=presidency_user, meeting=meeting)
    assert exc.value.code == "nobody_to_remind"
    client.force_login(presidency_user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert not page.context["flags"].can_remind


def test_only_the_presidency_and_st_remind(client, world, delegate, st_user):
    meeting = world["meeting"]
    with pytest.raises(PermissionDenied):
        services.meeting_remind(user=delegate, meeting=meeting)
    client.force_login(delegate)
    assert client.post(reverse("meetings:remind", args=[meeting.pk])).status_code == 403
    assert mail.outbox == []
    assert services.meeting_remind(user=st_user, meeting=meeting) == 4


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("draft", "wrong_status"),
        ("in_session", "wrong_status"),
        ("closed", "meeting_closed"),
        ("cancelled", "meeting_cancelled"),
    ],
)
def test_only_a_convened_meeting_reminds(world, presidency_user, status, code):
    meeting = world["meeting"]
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    with pytest.raises(ValidationError) as exc:
        services.meeting_remind(user=presidency_user, meeting=meeting)
    assert exc.value.code == code


def test_a_reminder_queued_for_a_meeting_cancelled_meanwhile_is_not_sent(
    world, presidency_user, django_capture_on_commit_callbacks
):
    meeting = world["meeting"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.meeting_remind(user=presidency_user, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status="cancelled")
    for callback in callbacks:
        callback()
    assert mail.outbox == []


# --- The page's flags agree with the services ---------------------------------------------


@pytest.mark.parametrize("role", ["st_user", "presidency_user", "hn", "rep", "focal_point_gt"])
@pytest.mark.parametrize("status", ["draft", "convened", "in_session", "closed", "cancelled"])
def test_cancel_remind_and_respond_flags_agree_with_the_services(request, world, role, status):
    meeting = world["meeting"]
    user = world[role] if role in world else request.getfixturevalue(role)
    Meeting.objects.filter(pk=meeting.pk).update(status=status)

    def fresh():
        return Meeting.objects.get(pk=meeting.pk)

    own = Invitation.objects.filter(meeting=meeting, person_id=user.person_id).first()

    def respond():
        if own is None:  # the page's view refuses whoever is not invited
            raise PermissionDenied
        invitation = Invitation.objects.select_related("meeting").get(pk=own.pk)
        services.invitation_respond(invitation=invitation, response="accepted", user=user)

    calls = {
        "can_cancel": lambda: services.meeting_cancel(user=user, meeting=fresh(), reason="M"),
        "can_remind": lambda: services.meeting_remind(user=user, meeting=fresh()),
        "can_respond": respond,
    }
    flags = selectors.meeting_page(meeting=fresh(), user=user).flags
    disagree = {
        name: getattr(flags, name)
        for name, call in calls.items()
        if getattr(flags, name) != accepted(call)
    }
    assert not disagree, f"{role} on a {status} meeting: flag ≠ service for {disagree}"


def test_the_demo_delegate_and_the_oim_representative_are_invited_to_the_upcoming_plenary(
    client, django_capture_on_commit_callbacks
):
    """`make run`'s data shows the page's answer button to the demo delegate."""
    import io

    from django.core.management import call_command

    from members.models import User

    call_command("load_demo", stdout=io.StringIO())
    # The OIM is a supporter in the sources; the demo invites only observers, so here the
    # Plenary has admitted it as one (as the presidency demo does).
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_meetings", stdout=io.StringIO())
    upcoming = Meeting.objects.get(number=25)
    delegate = User.objects.get(username="delegado")
    client.force_login(delegate)
    page = client.get(reverse("meetings:detail", args=[upcoming.pk]))
    assert page.context["flags"].can_respond
    assert upcoming.invitations.filter(observer_organisation__acronym="OIM").exists()
    assert "representante-oim@example.org" in [m.to[0] for m in mail.outbox]
