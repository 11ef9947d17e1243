"""What the meeting page and the voting screen show, and which actions they offer.

The flags are the answers of meetings.rules — the same functions the services raise on —
so templates ask `flags.can_close`, never `meeting.status == "in_session"`, and a button is
there exactly when its service would accept (bar quorum and the form's data)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch

from meetings import rules
from meetings.models import (
    AgendaItem,
    Attendance,
    CountryReport,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingStatusChange,
    Minutes,
    Motion,
    QuorumVerification,
    Reservation,
    Vote,
)
from meetings.permissions import can_steer
from meetings.selectors.access import visible_to
from meetings.selectors.minutes import can_read_minutes
from meetings.selectors.motions import (
    MotionResult,
    MotionResultView,
    ResultAudience,
    motion_result,
    motion_result_view,
    result_audience,
    voter_attendances,
)
from meetings.selectors.quorum import QuorumStatus, meeting_attendances, meeting_quorum
from meetings.timezones import MeetingTimes, meeting_times, user_time_zone
from members.models import Country, User


def _ok(refusal: rules.Refusal) -> bool:
    return refusal is None


@dataclass(frozen=True)
class MeetingFlags:
    can_edit: bool
    can_convene: bool
    can_open_session: bool
    can_close: bool
    can_edit_agenda: bool
    can_approve_agenda: bool
    can_upload_document: bool
    can_create_motion: bool
    can_record_attendance: bool
    can_verify_quorum: bool
    can_submit_country_report: bool
    can_generate_minutes: bool
    can_read_minutes: bool
    can_see_invitations: bool
    can_respond: bool
    agenda_approved: bool
    can_cancel: bool = False
    can_remind: bool = False  # a convened meeting with invitees notified who have not answered


def meeting_flags(
    *,
    user: User,
    meeting: Meeting,
    minutes: Minutes | None = None,
    own_invitation: Invitation | None = None,
    items: list[AgendaItem] | None = None,
    open_motions: int = 0,
    unanswered: int = 0,
) -> MeetingFlags:
    """The meeting-level actions `user` may take now. No queries. `items` (the whole
    agenda) and `open_motions` (how many votes are open) answer convening and closing;
    without `items` convening is not offered."""
    status = Meeting.Status
    return MeetingFlags(
        can_edit=_ok(rules.meeting_update_refusal(user=user, meeting=meeting)),
        can_convene=items is not None
        and _ok(rules.convene_refusal(user=user, meeting=meeting, items=items)),
        can_open_session=_ok(
            rules.transition_refusal(user=user, meeting=meeting, to=status.IN_SESSION)
        ),
        can_close=_ok(
            rules.meeting_close_refusal(user=user, meeting=meeting, open_motions=open_motions)
        ),
        can_edit_agenda=_ok(rules.agenda_change_refusal(user=user, meeting=meeting)),
        can_approve_agenda=_ok(rules.agenda_approval_refusal(user=user, meeting=meeting)),
        can_upload_document=_ok(rules.document_upload_refusal(user=user, meeting=meeting)),
        can_create_motion=_ok(rules.motion_create_refusal(user=user, meeting=meeting)),
        can_record_attendance=_ok(rules.attendance_refusal(user=user, meeting=meeting)),
        can_verify_quorum=_ok(rules.quorum_verification_refusal(user=user, meeting=meeting)),
        can_submit_country_report=_ok(rules.country_report_refusal(user=user, meeting=meeting)),
        # With minutes already there the page links to them; they are regenerated there.
        can_generate_minutes=minutes is None
        and _ok(rules.minutes_generate_refusal(user=user, meeting=meeting)),
        can_read_minutes=minutes is not None and can_read_minutes(user=user, minutes=minutes),
        can_see_invitations=can_steer(user),
        can_respond=own_invitation is not None
        and _ok(rules.invitation_response_refusal(user=user, invitation=own_invitation)),
        agenda_approved=bool(meeting.agenda_approved_at),
        can_cancel=_ok(rules.cancel_refusal(user=user, meeting=meeting)),
        can_remind=unanswered > 0 and _ok(rules.reminder_refusal(user=user, meeting=meeting)),
    )


@dataclass(frozen=True)
class MotionRow:
    motion: Motion
    result: MotionResult
    view: MotionResultView  # what the reader sees of the result (motion_result_view)
    is_vote: bool  # decided by a vote (else by consensus)
    voting_open: bool  # the voting screen takes votes
    can_open_vote: bool
    can_close_vote: bool
    can_publish: bool
    can_record_consensus: bool
    can_withdraw: bool
    is_withdrawn: bool


def motion_row(
    *, user: User, motion: Motion, meeting: Meeting, audience: ResultAudience
) -> MotionRow:
    return MotionRow(
        motion=motion,
        result=motion_result(motion, list(motion.votes.all())),
        view=motion_result_view(state=motion.state, audience=audience),
        is_vote=motion.decision_method == Motion.Method.VOTE,
        voting_open=motion.state == Motion.State.OPEN,
        can_open_vote=_ok(rules.motion_open_refusal(user=user, motion=motion, meeting=meeting)),
        can_close_vote=_ok(rules.motion_close_refusal(user=user, motion=motion, meeting=meeting)),
        can_publish=_ok(rules.motion_publish_refusal(user=user, motion=motion)),
        can_record_consensus=_ok(
            rules.consensus_refusal(user=user, motion=motion, meeting=meeting)
        ),
        can_withdraw=_ok(rules.motion_withdraw_refusal(user=user, motion=motion, meeting=meeting)),
        is_withdrawn=motion.state == Motion.State.WITHDRAWN,
    )


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    can_edit: bool
    can_remove: bool
    can_move_up: bool
    can_move_down: bool
    # The minutes the item approves, linked only when they exist and `user` may read them
    # (can_read_minutes: a draft is ST's working copy, and its link would answer 404).
    minutes_of_readable: bool = False


def _readable_minutes_of(user: User, item: AgendaItem) -> bool:
    meeting = item.minutes_of  # select_related with its minutes by meeting_page: no query
    if meeting is None:
        return False
    try:
        minutes = meeting.minutes
    except ObjectDoesNotExist:
        return False
    return can_read_minutes(user=user, minutes=minutes)


def agenda_rows(
    *, user: User, meeting: Meeting, items: list[AgendaItem], with_motions: set[int]
) -> list[AgendaRow]:
    """The agenda in order with the changes `user` may make to each item (rules.agenda_*:
    until the agenda is approved; the opening items stay at the top). `with_motions`: the
    ids of the items that have motions. No queries."""
    rows = []
    for index, item in enumerate(items):
        item.meeting = meeting  # the rules read its status: no query per row
        above = items[index - 1] if index > 0 else None
        below = items[index + 1] if index + 1 < len(items) else None
        rows.append(
            AgendaRow(
                item=item,
                can_edit=_ok(rules.agenda_item_edit_refusal(user=user, item=item)),
                can_remove=_ok(
                    rules.agenda_item_remove_refusal(
                        user=user, item=item, has_motions=item.pk in with_motions
                    )
                ),
                can_move_up=_ok(
                    rules.agenda_item_move_refusal(user=user, item=item, neighbour=above)
                ),
                can_move_down=_ok(
                    rules.agenda_item_move_refusal(user=user, item=item, neighbour=below)
                ),
                minutes_of_readable=_readable_minutes_of(user, item),
            )
        )
    return rows


@dataclass(frozen=True)
class AttendanceRow:
    attendance: Attendance
    is_alternate: bool  # shown with its accreditation: without it, it does not count
    can_depart: bool
    can_accredit: bool  # a present alternate not yet accredited


def attendance_rows(
    *, user: User, meeting: Meeting, attendances: list[Attendance] | None = None
) -> list[AttendanceRow]:
    """The attendance list with the actions ST may take on each row. One query."""
    if attendances is None:
        attendances = meeting_attendances(meeting)
    rows = []
    for attendance in attendances:
        attendance.meeting = meeting  # the rules read its status: no query per row
        present = attendance.left_at is None
        rows.append(
            AttendanceRow(
                attendance=attendance,
                is_alternate=attendance.capacity == Attendance.Capacity.ALTERNATE,
                can_depart=_ok(rules.departure_refusal(user=user, attendance=attendance)),
                can_accredit=present
                and not attendance.accredited_for_meeting
                and _ok(rules.accreditation_refusal(user=user, attendance=attendance)),
            )
        )
    return rows


@dataclass
class MeetingPage:
    meeting: Meeting
    flags: MeetingFlags
    items: list[AgendaItem]
    documents: list[MeetingDocument]
    attendance: list[AttendanceRow]
    quorum: QuorumStatus
    verifications: list[QuorumVerification]
    invitations: list[Invitation]
    answers: dict[str, int]
    reports: list[CountryReport]
    motions: list[MotionRow] = field(default_factory=list)
    own_invitation: Invitation | None = None
    minutes: Minutes | None = None
    agenda: list[AgendaRow] = field(default_factory=list)  # `items` with their actions
    times: MeetingTimes | None = None  # local time with its zone, and the reader's
    unanswered: int = 0  # invitees notified who have not answered
    last_reminded_at: dt.datetime | None = None
    cancellation: MeetingStatusChange | None = None  # who cancelled, when and why


def meeting_page(*, meeting: Meeting, user: User) -> MeetingPage:
    """Everything the meeting page shows, with the actions `user` may take, in a fixed
    number of queries whatever the number of attendees, documents or motions."""
    audience = result_audience(user)
    votes = Vote.objects.select_related("country")
    motions = list(
        visible_to(user, Motion.objects.filter(agenda_item__meeting=meeting))
        .select_related("agenda_item", "agreement", "committee_decision")
        .prefetch_related(
            Prefetch("votes", queryset=votes),
            Prefetch("reservations", queryset=Reservation.objects.select_related("country")),
        )
    )
    documents = visible_to(user, MeetingDocument.objects.all())
    items = list(
        visible_to(user, meeting.agenda_items.order_by("order"))
        .select_related("minutes_of__minutes")
        .prefetch_related(Prefetch("documents", queryset=documents))
    )
    invitations = list(
        Invitation.objects.filter(meeting=meeting)
        .select_related("person", "designation__national_body", "observer_organisation")
        .order_by("person__last_name", "person__first_name")
    )
    answers = defaultdict(int)
    own = None
    for invitation in invitations:
        answers[invitation.response] += 1
        if user.person_id and invitation.person_id == user.person_id:
            own = invitation
            own.meeting = meeting
    unanswered = [
        i
        for i in invitations
        if i.response == Invitation.Response.PENDING and i.notified_at and i.email
    ]
    reminded = [i.reminded_at for i in invitations if i.reminded_at]
    cancellation = None
    if meeting.status == Meeting.Status.CANCELLED:
        cancellation = (
            meeting.status_changes.filter(to_status=Meeting.Status.CANCELLED)
            .select_related("changed_by")
            .last()
        )
    minutes = Minutes.objects.filter(meeting=meeting).only("pk", "meeting", "state").first()
    return MeetingPage(
        meeting=meeting,
        flags=meeting_flags(
            user=user,
            meeting=meeting,
            minutes=minutes,
            own_invitation=own,
            items=items,
            open_motions=sum(1 for m in motions if m.state == Motion.State.OPEN),
            unanswered=len(unanswered),
        ),
        items=items,
        agenda=agenda_rows(
            user=user,
            meeting=meeting,
            items=items,
            with_motions={m.agenda_item_id for m in motions},
        ),
        documents=list(documents.filter(meeting=meeting, agenda_item__isnull=True)),
        attendance=attendance_rows(user=user, meeting=meeting),
        quorum=meeting_quorum(meeting),
        verifications=list(meeting.quorum_verifications.select_related("verified_by")),
        invitations=invitations,
        answers=dict(answers),
        reports=list(meeting.country_reports.select_related("country", "submitted_by")),
        motions=[
            motion_row(user=user, motion=m, meeting=meeting, audience=audience) for m in motions
        ],
        own_invitation=own,
        minutes=minutes,
        times=meeting_times(meeting, user_time_zone(user)),
        unanswered=len(unanswered),
        last_reminded_at=max(reminded, default=None),
        cancellation=cancellation,
    )


@dataclass(frozen=True)
class VoteScreen:
    motion: Motion
    meeting: Meeting
    result: MotionResult
    view: MotionResultView
    voting_open: bool
    for_st: bool  # ST records the delegations' votes, naming the country
    entitled: list[str]
    voted: dict[str, Vote]
    countries: dict[str, Country] = field(default_factory=dict)  # the entitled, by ISO code
    can_vote: bool = False  # the vote form is shown: rules.vote_cast_refusal is None
    can_correct: bool = False  # ST corrects a vote recorded wrongly (vote open)
    corrections: list = field(default_factory=list)  # the votes' history rows with a reason


def vote_screen_page(*, user: User, motion: Motion) -> VoteScreen:
    """The voting screen: who is entitled, who voted and — as motion_result_view allows —
    the count and how each country voted; the vote form only for who may vote now (the
    answer of rules.vote_cast_refusal, with the user's present attendances), and the
    corrections with their reasons for those who follow the count. Countries are named,
    never shown as codes. At most five queries."""
    meeting = motion.agenda_item.meeting
    own, voter = (None, None) if user.is_secretariat else voter_attendances(user, meeting)
    votes = list(motion.votes.select_related("country"))
    voted = {v.country.iso_code: v for v in votes}
    view = motion_result_view(state=motion.state, audience=result_audience(user))
    entitled = list(motion.entitled_countries or [])
    corrections = []
    if view.votes:
        corrections = list(
            Vote.history.filter(motion_id=motion.pk, history_change_reason__isnull=False)
            .exclude(history_change_reason="")
            .select_related("country", "history_user")
            .order_by("history_date")
        )
    return VoteScreen(
        motion=motion,
        meeting=meeting,
        result=motion_result(motion, votes),
        view=view,
        voting_open=motion.state == Motion.State.OPEN,
        for_st=user.is_secretariat,
        entitled=entitled,
        voted=voted,
        countries={c.iso_code: c for c in Country.objects.filter(iso_code__in=entitled)},
        can_vote=_ok(
            rules.vote_cast_refusal(
                user=user, motion=motion, meeting=meeting, voter=voter, own=own, voted=voted
            )
        ),
        can_correct=bool(votes)
        and _ok(rules.vote_correction_refusal(user=user, motion=motion, meeting=meeting)),
        corrections=corrections,
    )
