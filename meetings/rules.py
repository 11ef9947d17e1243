"""What each change to a meeting's records needs, written once (SPEC §3; 003 §VIII).

Each `*_refusal` function answers "may `user` do this now?" with the refusal itself — a
PermissionDenied or a ValidationError with its code — or None. The services raise it
(`refuse(...)`) before writing; the meeting page's flags (meetings.selectors.meeting_page)
are `refusal is None`. So a button is shown exactly when its service would accept, except
for what only the moment of writing can tell (quorum, a concurrent change, the form's
data), which the services check after. Pure functions on loaded rows: no queries."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Attendance, Invitation, Meeting, Minutes, Motion
from meetings.permissions import ensure_can_steer
from members.models import User
from members.permissions import ensure_secretariat

Refusal = PermissionDenied | ValidationError | None

# --- Messages -----------------------------------------------------------------------------

WRONG_STATUS = _("This cannot be done while the meeting is %(status)s.")
BAD_TRANSITION = _("A meeting cannot go from %(from)s to %(to)s.")
MEETING_CLOSED = _("The meeting is closed; its records can no longer change.")
NOT_IN_SESSION = _("The meeting is not in session.")
AGENDA_ALREADY_APPROVED = _("The agenda has already been approved.")
AGENDA_LOCKED = _("The agenda was approved at the meeting and can no longer change.")
ALREADY_LEFT = _("This person has already left the meeting.")
ONLY_ALTERNATES_ACCREDITED = _("Only alternates are accredited for a meeting.")
MOTION_NEEDS_DECISION_ITEM = _("Motions can only be put on a decision item of the agenda.")
MOTION_NOT_OPEN = _("The vote on this motion is not open.")
MOTION_ALREADY_DECIDED = _("This motion has already been decided.")
NOT_A_VOTE = _("This motion is decided by consensus, not by a vote.")
NOT_PUBLISHABLE = _("Only a closed motion can be published.")
NOT_YOUR_COUNTRY = _("You can only submit your own country's report.")
NOT_INVITED = _("This invitation is not yours.")
MINUTES_LOCKED = _("The minutes were approved and are locked.")
MINUTES_NOT_DRAFT = _("The minutes have been circulated; only a draft can be regenerated.")
MINUTES_NOT_CIRCULATED = _("The minutes are not circulated for comments.")
MINUTES_NOT_LOCKED = _("Only approved minutes can be reopened.")

# --- Meeting status -----------------------------------------------------------------------

# draft → convened → in session → closed; a convened meeting may go back to draft. Nothing
# leaves "closed": a closed meeting is never reopened (its records are final).
TRANSITIONS: dict[str, set[str]] = {
    Meeting.Status.DRAFT: {Meeting.Status.CONVENED},
    Meeting.Status.CONVENED: {Meeting.Status.IN_SESSION, Meeting.Status.DRAFT},
    Meeting.Status.IN_SESSION: {Meeting.Status.CLOSED},
    Meeting.Status.CLOSED: set(),
}
# The meeting's details (title, dates, place) change until the session opens.
DETAILS_EDITABLE = (Meeting.Status.DRAFT, Meeting.Status.CONVENED)
# Agenda items, documents and motions are added until the meeting closes.
RECORDS_OPEN = (Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.IN_SESSION)
# Minutes are drafted from a session that opened (003 §VIII ST 11).
MINUTES_FROM = (Meeting.Status.IN_SESSION, Meeting.Status.CLOSED)


def refuse(refusal: Refusal) -> None:
    """Raise the refusal, if any (services call this before writing)."""
    if refusal is not None:
        raise refusal


def _denied(check: Callable[[User], None], user: User) -> PermissionDenied | None:
    """The role checks of meetings.permissions / members.permissions, as a value."""
    try:
        check(user)
    except PermissionDenied as exc:
        return exc
    return None


def status_refusal(meeting: Meeting, *allowed: str) -> ValidationError | None:
    if meeting.status in allowed:
        return None
    if meeting.status == Meeting.Status.CLOSED:
        return ValidationError(MEETING_CLOSED, code="meeting_closed")
    if allowed == (Meeting.Status.IN_SESSION,):
        return ValidationError(NOT_IN_SESSION, code="not_in_session")
    return ValidationError(
        WRONG_STATUS, code="wrong_status", params={"status": meeting.get_status_display()}
    )


def transition_refusal(*, user: User, meeting: Meeting, to: str) -> Refusal:
    """The Presidency (or ST on its behalf) moves a meeting along TRANSITIONS."""
    if denied := _denied(ensure_can_steer, user):
        return denied
    if to not in TRANSITIONS[meeting.status]:
        return ValidationError(
            BAD_TRANSITION,
            code="bad_transition",
            params={"from": meeting.get_status_display(), "to": Meeting.Status(to).label},
        )
    return None


def meeting_update_refusal(*, user: User, meeting: Meeting) -> Refusal:
    return _denied(ensure_can_steer, user) or status_refusal(meeting, *DETAILS_EDITABLE)


def invitation_response_refusal(*, user: User | None, invitation: Invitation) -> Refusal:
    """Through the e-mail link the token is the credential (user None); signed in, the
    user must be the invited person. Nobody answers once the meeting is closed."""
    if user is not None and user.is_authenticated and user.person_id != invitation.person_id:
        return PermissionDenied(NOT_INVITED)
    if invitation.meeting.status == Meeting.Status.CLOSED:
        return ValidationError(MEETING_CLOSED, code="meeting_closed")
    return None


# --- Agenda and documents -----------------------------------------------------------------


def agenda_change_refusal(*, user: User, meeting: Meeting) -> Refusal:
    """003 §VIII Presidency 9: the Presidency drafts the agenda; once the plenary approved
    it, it is locked."""
    if refusal := _denied(ensure_can_steer, user) or status_refusal(meeting, *RECORDS_OPEN):
        return refusal
    if meeting.agenda_approved_at:
        return ValidationError(AGENDA_LOCKED, code="agenda_locked")
    return None


def agenda_approval_refusal(*, user: User, meeting: Meeting) -> Refusal:
    if refusal := _denied(ensure_can_steer, user) or status_refusal(
        meeting, Meeting.Status.IN_SESSION
    ):
        return refusal
    if meeting.agenda_approved_at:
        return ValidationError(AGENDA_ALREADY_APPROVED, code="agenda_already_approved")
    return None


def document_upload_refusal(*, user: User, meeting: Meeting) -> Refusal:
    return _denied(ensure_can_steer, user) or status_refusal(meeting, *RECORDS_OPEN)


# --- Attendance and quorum ----------------------------------------------------------------


def attendance_refusal(*, user: User, meeting: Meeting) -> Refusal:
    """ST records who is present, during the session (003 §VIII ST 8)."""
    return _denied(ensure_secretariat, user) or status_refusal(meeting, Meeting.Status.IN_SESSION)


def departure_refusal(*, user: User, attendance: Attendance) -> Refusal:
    if refusal := attendance_refusal(user=user, meeting=attendance.meeting):
        return refusal
    if attendance.left_at is not None:
        return ValidationError(ALREADY_LEFT, code="already_left")
    return None


def accreditation_refusal(*, user: User, attendance: Attendance) -> Refusal:
    if refusal := attendance_refusal(user=user, meeting=attendance.meeting):
        return refusal
    if attendance.capacity != Attendance.Capacity.ALTERNATE:
        return ValidationError(ONLY_ALTERNATES_ACCREDITED, code="only_alternates_accredited")
    return None


def quorum_verification_refusal(*, user: User, meeting: Meeting) -> Refusal:
    """003 §VIII Presidency 11."""
    return _denied(ensure_can_steer, user) or status_refusal(meeting, Meeting.Status.IN_SESSION)


# --- Motions ------------------------------------------------------------------------------


def motion_create_refusal(
    *, user: User, meeting: Meeting, agenda_item: AgendaItem | None = None
) -> Refusal:
    if refusal := _denied(ensure_can_steer, user) or status_refusal(meeting, *RECORDS_OPEN):
        return refusal
    if agenda_item is not None and agenda_item.kind != AgendaItem.Kind.DECISION:
        return ValidationError(MOTION_NEEDS_DECISION_ITEM, code="motion_needs_decision_item")
    return None


def motion_open_refusal(*, user: User, motion: Motion, meeting: Meeting) -> Refusal:
    """ST opens the vote during the session (quorum is checked when it opens)."""
    if refusal := _denied(ensure_secretariat, user) or status_refusal(
        meeting, Meeting.Status.IN_SESSION
    ):
        return refusal
    if motion.decision_method != Motion.Method.VOTE:
        return ValidationError(NOT_A_VOTE, code="not_a_vote")
    if motion.state != Motion.State.DRAFT:
        return ValidationError(MOTION_ALREADY_DECIDED, code="motion_already_decided")
    return None


def motion_close_refusal(*, user: User, motion: Motion) -> Refusal:
    """ST counts (003 §VIII ST 10) and closes the vote."""
    if denied := _denied(ensure_secretariat, user):
        return denied
    if motion.state != Motion.State.OPEN:
        return ValidationError(MOTION_NOT_OPEN, code="motion_not_open")
    return None


def consensus_refusal(*, user: User, motion: Motion, meeting: Meeting) -> Refusal:
    """003 §VI (Consenso), during the session (quorum is checked when it is recorded)."""
    if refusal := _denied(ensure_can_steer, user) or status_refusal(
        meeting, Meeting.Status.IN_SESSION
    ):
        return refusal
    if motion.state != Motion.State.DRAFT:
        return ValidationError(MOTION_ALREADY_DECIDED, code="motion_already_decided")
    return None


def motion_publish_refusal(*, user: User, motion: Motion) -> Refusal:
    if denied := _denied(ensure_can_steer, user):
        return denied
    if motion.state != Motion.State.CLOSED:
        return ValidationError(NOT_PUBLISHABLE, code="not_publishable")
    return None


# --- Country reports ----------------------------------------------------------------------


def country_report_refusal(*, user: User, meeting: Meeting) -> Refusal:
    """003 §VIII Pleno: a focal point or delegate submits their own country's report, ST any
    country's, until the meeting closes."""
    if not user.is_secretariat and not (
        user.national_body_id and (user.is_focal_point or user.is_delegate)
    ):
        return PermissionDenied(NOT_YOUR_COUNTRY)
    if meeting.status == Meeting.Status.CLOSED:
        return ValidationError(MEETING_CLOSED, code="meeting_closed")
    return None


# --- Minutes ------------------------------------------------------------------------------


def minutes_locked_refusal(minutes: Minutes) -> ValidationError | None:
    """SPEC §1: approved minutes are locked; only an audited reopening by ST changes them."""
    if minutes.is_locked:
        return ValidationError(MINUTES_LOCKED, code="minutes_locked")
    return None


def minutes_generate_refusal(
    *, user: User, meeting: Meeting, minutes: Minutes | None = None
) -> Refusal:
    """ST drafts the minutes from the records of a session that opened; regenerating is
    allowed while they are a draft."""
    if refusal := _denied(ensure_secretariat, user) or status_refusal(meeting, *MINUTES_FROM):
        return refusal
    if minutes is not None:
        if refusal := minutes_locked_refusal(minutes):
            return refusal
        if minutes.state != Minutes.State.DRAFT:
            return ValidationError(MINUTES_NOT_DRAFT, code="minutes_not_draft")
    return None


def minutes_edit_refusal(*, user: User, minutes: Minutes) -> Refusal:
    """ST writes the narrative and circulates the minutes until they are approved."""
    return _denied(ensure_secretariat, user) or minutes_locked_refusal(minutes)


def minutes_comment_refusal(*, user: User, minutes: Minutes) -> Refusal:
    """003 §VIII ST 11: participants comment while the minutes are circulated."""
    if not user.is_authenticated or user.role == User.Role.PARTNER:
        return PermissionDenied()
    if refusal := minutes_locked_refusal(minutes):
        return refusal
    if minutes.state != Minutes.State.CIRCULATED:
        return ValidationError(MINUTES_NOT_CIRCULATED, code="minutes_not_circulated")
    return None


def minutes_approval_refusal(*, user: User, minutes: Minutes) -> Refusal:
    """003 §VIII Presidency 10: circulated minutes are approved at the next meeting (its
    item and quorum are checked when the approval is recorded)."""
    if refusal := _denied(ensure_can_steer, user) or minutes_locked_refusal(minutes):
        return refusal
    if minutes.state != Minutes.State.CIRCULATED:
        return ValidationError(MINUTES_NOT_CIRCULATED, code="minutes_not_circulated")
    return None


def minutes_reopen_refusal(*, user: User, minutes: Minutes) -> Refusal:
    """SPEC §1: only ST reopens approved minutes, giving the reason (checked on writing)."""
    if denied := _denied(ensure_secretariat, user):
        return denied
    if not minutes.is_locked:
        return ValidationError(MINUTES_NOT_LOCKED, code="minutes_not_locked")
    return None
