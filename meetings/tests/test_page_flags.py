"""The meeting page's flags (selectors.meeting_page) agree with the services: a flag is True
exactly when its service accepts (bar quorum and the form's data), so a button is never
shown for a change the service refuses, nor hidden for one it accepts. Templates read the
flags, never status or role strings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.models import AgendaItem, Attendance, Meeting, Motion
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, MotionFactory
from members.models import Country, Designation, User
from members.tests.factories import DesignationFactory

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def accepted(call) -> bool:
    """Whether the service accepts, without keeping what it wrote."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, ValidationError):
        return False


def fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.get(pk=meeting.pk)


def meeting_calls(user, meeting: Meeting, coalition) -> dict:
    """For each meeting-level flag, the service call it stands for (each on a fresh copy of
    the meeting: a refused or rolled-back call leaves nothing behind)."""
    hn = coalition["HN"]
    person = DesignationFactory(national_body=hn).person
    item = AgendaItemFactory(meeting=meeting, kind=AgendaItem.Kind.DECISION)
    pdf = b"%PDF-1.4\n%%EOF\n"
    return {
        "can_edit": lambda: services.meeting_update(
            user=user, meeting=fresh(meeting), title="Título revisado"
        ),
        "can_convene": lambda: services.meeting_convene(user=user, meeting=fresh(meeting)),
        "can_open_session": lambda: services.meeting_transition(
            user=user, meeting=fresh(meeting), to=Meeting.Status.IN_SESSION
        ),
        "can_close": lambda: services.meeting_transition(
            user=user, meeting=fresh(meeting), to=Meeting.Status.CLOSED
        ),
        "can_edit_agenda": lambda: services.agenda_item_create(
            user=user, meeting=fresh(meeting), title="Punto nuevo"
        ),
        "can_approve_agenda": lambda: services.agenda_approve(user=user, meeting=fresh(meeting)),
        "can_upload_document": lambda: services.document_upload(
            user=user,
            meeting=fresh(meeting),
            title="Agenda anotada",
            file=SimpleUploadedFile("agenda.pdf", pdf, "application/pdf"),
        ),
        "can_create_motion": lambda: services.motion_create(
            user=user, agenda_item=AgendaItem.objects.get(pk=item.pk), text="Aprobar"
        ),
        "can_record_attendance": lambda: services.attendance_record(
            user=user, meeting=fresh(meeting), person=person, capacity="titular"
        ),
        "can_verify_quorum": lambda: services.quorum_verify(user=user, meeting=fresh(meeting)),
        "can_submit_country_report": lambda: services.country_report_submit(
            user=user,
            meeting=fresh(meeting),
            text="Informe",
            country=hn.country if user.is_secretariat else None,
        ),
        "can_generate_minutes": lambda: services.minutes_generate(
            user=user, meeting=fresh(meeting)
        ),
    }


STATES = [
    (Meeting.Status.DRAFT, False),
    (Meeting.Status.CONVENED, False),
    (Meeting.Status.IN_SESSION, False),
    (Meeting.Status.IN_SESSION, True),  # agenda approved
    (Meeting.Status.CLOSED, True),
]


@pytest.mark.parametrize("role", ["st_user", "presidency_user", "delegate", "observer"])
@pytest.mark.parametrize(("status", "agenda_approved"), STATES)
def test_meeting_flags_agree_with_the_services(request, coalition, role, status, agenda_approved):
    user = request.getfixturevalue(role)
    meeting = MeetingFactory(
        status=status, agenda_approved_at=timezone.now() if agenda_approved else None
    )
    calls = meeting_calls(user, meeting, coalition)
    flags = selectors.meeting_page(meeting=fresh(meeting), user=user).flags
    disagree = {
        name: getattr(flags, name)
        for name, call in calls.items()
        if getattr(flags, name) != accepted(call)
    }
    assert not disagree, f"{role} on a {status} meeting: flag ≠ service for {disagree}"


@pytest.fixture
def session_with_motions(coalition, meeting, full_house, st_user):
    """An in-session meeting with quorum and a motion in each state (and a consensus one)."""
    full_house(meeting, 5)
    motions = {
        "draft vote": MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting)),
        "draft consensus": MotionFactory(
            agenda_item=AgendaItemFactory(meeting=meeting),
            decision_method=Motion.Method.CONSENSUS,
        ),
    }
    for name in ("open", "closed", "published"):
        motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
        services.motion_open(user=st_user, motion=motion)
        if name != "open":
            services.motion_close(user=st_user, motion=motion)
        if name == "published":
            services.motion_publish(user=st_user, motion=motion)
        motions[name] = motion
    return meeting, motions


def motion_calls(user, motion: Motion) -> dict:
    def again():
        return Motion.objects.get(pk=motion.pk)

    return {
        "can_open_vote": lambda: services.motion_open(user=user, motion=again()),
        "can_close_vote": lambda: services.motion_close(user=user, motion=again()),
        "can_publish": lambda: services.motion_publish(user=user, motion=again()),
        "can_record_consensus": lambda: services.motion_record_consensus(user=user, motion=again()),
    }


@pytest.mark.parametrize("role", ["st_user", "presidency_user", "delegate"])
def test_motion_flags_agree_with_the_services(request, session_with_motions, role):
    user = request.getfixturevalue(role)
    meeting, motions = session_with_motions
    rows = {
        row.motion.pk: row for row in selectors.meeting_page(meeting=meeting, user=user).motions
    }
    for name, motion in motions.items():
        row = rows[motion.pk]
        for flag, call in motion_calls(user, motion).items():
            assert getattr(row, flag) == accepted(call), f"{role}, {name} motion: {flag}"


@pytest.mark.parametrize("role", ["st_user", "presidency_user"])
def test_attendance_flags_agree_with_the_services(request, coalition, meeting, attend, role):
    user = request.getfixturevalue(role)
    titular = attend(meeting, coalition["HN"])
    alternate = attend(meeting, coalition["GT"], Designation.Role.ALTERNATE)
    rows = {r.attendance.pk: r for r in selectors.attendance_rows(user=user, meeting=meeting)}
    for attendance in (titular, alternate):
        row = rows[attendance.pk]

        def depart(pk=attendance.pk):
            services.attendance_depart(user=user, attendance=Attendance.objects.get(pk=pk))

        def accredit(pk=attendance.pk):
            services.attendance_accredit(
                user=user, attendance=Attendance.objects.get(pk=pk), accreditation_note="Nota"
            )

        assert row.can_depart == accepted(depart)
        assert row.can_accredit == accepted(accredit)
    assert rows[alternate.pk].is_alternate and not rows[titular.pk].is_alternate


def test_the_page_offers_only_what_the_flags_allow(client, coalition, st_user, delegate):
    closed = MeetingFactory(status=Meeting.Status.CLOSED)
    client.force_login(st_user)
    html = client.get(reverse("meetings:detail", args=[closed.pk])).content.decode()
    for url in (
        reverse("meetings:transition", args=[closed.pk]),
        reverse("meetings:agenda-item-create", args=[closed.pk]),
        reverse("meetings:motion-create", args=[closed.pk]),
        reverse("meetings:quorum-verify", args=[closed.pk]),
        reverse("meetings:attendance", args=[closed.pk]),
    ):
        assert url not in html, url
    assert reverse("meetings:minutes-generate", args=[closed.pk]) in html
    in_session = MeetingFactory(status=Meeting.Status.IN_SESSION)
    html = client.get(reverse("meetings:detail", args=[in_session.pk])).content.decode()
    assert reverse("meetings:transition", args=[in_session.pk]) in html
    assert reverse("meetings:attendance", args=[in_session.pk]) in html
    client.force_login(delegate)
    html = client.get(reverse("meetings:detail", args=[in_session.pk])).content.decode()
    for url in (
        reverse("meetings:transition", args=[in_session.pk]),
        reverse("meetings:agenda-item-create", args=[in_session.pk]),
        reverse("meetings:attendance", args=[in_session.pk]),
        reverse("meetings:minutes-generate", args=[in_session.pk]),
    ):
        assert url not in html, url
    assert reverse("meetings:country-report", args=[in_session.pk]) in html


def test_only_focal_points_and_delegates_of_a_body_are_offered_a_country_report(
    coalition, focal_point_hn
):
    """The button and the service agree: the page used to offer it to anyone with a
    national body, whatever their role, and the service refused them."""
    meeting = MeetingFactory()
    focal_point_hn.role = User.Role.OBSERVER
    focal_point_hn.save()
    flags = selectors.meeting_flags(user=focal_point_hn, meeting=meeting)
    assert not flags.can_submit_country_report
    with pytest.raises(PermissionDenied):
        services.country_report_submit(
            user=focal_point_hn,
            meeting=meeting,
            text="Informe",
            country=Country.objects.get(iso_code="HN"),
        )


MEETING_PAGE_TEMPLATES = [
    "meetings/meeting_detail.html",
    "meetings/_attendance.html",
    "meetings/_quorum.html",
    "meetings/vote.html",
]


@pytest.mark.parametrize("name", MEETING_PAGE_TEMPLATES)
def test_meeting_page_templates_compare_no_status_or_role_strings(name):
    source = (Path(settings.BASE_DIR) / "templates" / name).read_text()
    found = re.findall(r"\b(?:status|state|role|decision_method|capacity)\s*[!=]=", source)
    assert not found, found
    assert "user.is_secretariat" not in source and "can_steer" not in source


@pytest.mark.parametrize("role", ["st_user", "presidency_user", "delegate"])
@pytest.mark.parametrize("state", ["draft", "circulated", "approved"])
def test_minutes_flags_agree_with_the_services(request, coalition, meeting, st_user, role, state):
    from meetings.models import Minutes

    user = request.getfixturevalue(role)
    minutes = services.minutes_generate(user=st_user, meeting=meeting)
    Minutes.objects.filter(pk=minutes.pk).update(state=state)
    next_item = AgendaItemFactory(
        meeting=MeetingFactory(status=Meeting.Status.IN_SESSION), minutes_of=meeting
    )

    def again():
        return Minutes.objects.get(pk=minutes.pk)

    flags = selectors.minutes_flags(user=user, minutes=again(), meeting=fresh(meeting))
    exact = {
        "can_edit_narrative": lambda: services.minutes_update(
            user=user, minutes=again(), narrative="Relato"
        ),
        "can_regenerate": lambda: services.minutes_generate(user=user, meeting=fresh(meeting)),
        "can_comment": lambda: services.minutes_comment(user=user, minutes=again(), text="Bien"),
        "can_reopen": lambda: services.minutes_reopen(user=user, minutes=again(), reason="Error"),
    }
    for flag, call in exact.items():
        assert getattr(flags, flag) == accepted(call), f"{role}, {state} minutes: {flag}"

    # The approval also needs the next meeting's quorum, checked when it is recorded: when
    # the flag is False the service refuses. Circulating is offered for a draft only (the
    # service also accepts circulating again): when the flag is True the service accepts.
    def approve():
        services.minutes_approve(user=user, minutes=again(), agenda_item=next_item)

    if not flags.can_approve:
        assert not accepted(approve), f"{role}, {state} minutes: can_approve"
    if flags.can_circulate:
        assert accepted(lambda: services.minutes_circulate(user=user, minutes=again()))
    else:
        assert state != "draft" or role != "st_user"
