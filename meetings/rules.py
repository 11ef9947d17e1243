"""What each change to a meeting's records needs, written once (SPEC §3; 003 §VIII).

Each `*_refusal` function answers "may `user` do this now?" with the refusal itself — a
PermissionDenied or a ValidationError with its code — or None. The services raise it
(`refuse(...)`) before writing; the meeting page's flags (meetings.selectors.meeting_page)
are `refusal is None`. So a button is shown exactly when its service would accept, except
for what only the moment of writing can tell (quorum, a concurrent change, the form's
data), which the services check after. Pure functions on loaded rows: no queries."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Attendance, Invitation, Meeting, Minutes, Motion
from meetings.permissions import ensure_can_steer
from members.models import Country, User
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
MEETING_CANCELLED = _("The meeting was cancelled.")
MINUTES_LOCKED = _("The minutes were approved and are locked.")
MINUTES_NOT_DRAFT = _("The minutes have been circulated; only a draft can be regenerated.")
MINUTES_NOT_CIRCULATED = _("The minutes are not circulated for comments.")
MINUTES_NOT_LOCKED = _("Only approved minutes can be reopened.")
MINUTES_CIRCULATED = _(
    "The minutes are circulated for comments: their text is frozen. Withdraw the circulation "
    "to edit them."
)
REASON_REQUIRED = _("Give the reason.")
AGENDA_EMPTY = _(
    "The agenda has only the opening items: add what the meeting is convened to discuss "
    "before convening it."
)
OPENING_ITEM = _(
    "The opening items (quorum verification, approval of the agenda, previous minutes) keep "
    "their place at the top and cannot be removed."
)
ITEM_HAS_MOTIONS = _("This item has motions: it cannot be removed.")
CANNOT_MOVE = _("This item is already at the end of the agenda in that direction.")
MOTION_STILL_OPEN = _(
    "The vote on a motion is still open: close it or withdraw the motion before closing the "
    "meeting."
)
MOTION_WITHDRAWN = _("This motion was withdrawn.")
MOTION_CLOSED = _("The vote on this motion is closed; no more votes are accepted.")
OBSERVER_CANNOT_VOTE = _("Observers have voice but no vote (Operating Guidelines §4.A.6).")
COUNTRY_NOT_REPRESENTED = _(
    "%(country)s was not represented when the vote opened and cannot vote on this motion."
)
ALREADY_VOTED = _("%(country)s has already voted on this motion.")
NOT_ENTITLED_TO_VOTE = _(
    "Only your country's titular representative or an alternate accredited for this "
    "meeting, present at the meeting, can cast its vote."
)
RESERVATION_NOT_REPRESENTED = _(
    "%(country)s is not represented at the meeting and cannot state a reservation."
)

# --- Meeting status -----------------------------------------------------------------------

# draft → convened → in session → closed; a convened meeting may go back to draft; a draft
# or convened meeting may be cancelled (meeting_cancel: with a reason, and the invitees'
# calendars told). Nothing leaves "closed" (its records are final) or "cancelled".
TRANSITIONS: dict[str, set[str]] = {
    Meeting.Status.DRAFT: {Meeting.Status.CONVENED, Meeting.Status.CANCELLED},
    Meeting.Status.CONVENED: {
        Meeting.Status.IN_SESSION,
        Meeting.Status.DRAFT,
        Meeting.Status.CANCELLED,
    },
    Meeting.Status.IN_SESSION: {Meeting.Status.CLOSED},
    Meeting.Status.CLOSED: set(),
    Meeting.Status.CANCELLED: set(),
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
    if meeting.status == Meeting.Status.CANCELLED:
        return ValidationError(MEETING_CANCELLED, code="meeting_cancelled")
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
    user must be the invited person. Nobody answers once the meeting is closed or
    cancelled."""
    if user is not None and user.is_authenticated and user.person_id != invitation.person_id:
        return PermissionDenied(NOT_INVITED)
    return status_refusal(
        invitation.meeting,
        Meeting.Status.DRAFT,
        Meeting.Status.CONVENED,
        Meeting.Status.IN_SESSION,
    )


def reschedule_refusal(*, user: User, meeting: Meeting) -> Refusal:
    """A change of date, time, zone or place (meeting_update) is the meeting's details'
    rule: until the session opens. A convened meeting's invitees then get the update."""
    return meeting_update_refusal(user=user, meeting=meeting)


def cancel_refusal(*, user: User, meeting: Meeting) -> Refusal:
    """003 §VIII Presidency 7: who convenes may call the meeting off, before it opens."""
    return transition_refusal(user=user, meeting=meeting, to=Meeting.Status.CANCELLED)


def reminder_refusal(*, user: User, meeting: Meeting) -> Refusal:
    """The Presidency (or ST) reminds the invitees who have not answered a convened
    meeting (whether anyone has not answered is checked when the reminder is sent)."""
    return _denied(ensure_can_steer, user) or status_refusal(meeting, Meeting.Status.CONVENED)


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


def motion_close_refusal(*, user: User, motion: Motion, meeting: Meeting) -> Refusal:
    """ST counts (003 §VIII ST 10) and closes the vote, during the session: a closed
    meeting's decisions do not change."""
    if refusal := _denied(ensure_secretariat, user) or status_refusal(
        meeting, Meeting.Status.IN_SESSION
    ):
        return refusal
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
    """ST writes the narrative and circulates a draft. Circulated minutes are frozen — the
    participants comment on one text (003 §VIII ST 11) — until ST withdraws the
    circulation."""
    if refusal := _denied(ensure_secretariat, user) or minutes_locked_refusal(minutes):
        return refusal
    if minutes.state == Minutes.State.CIRCULATED:
        return ValidationError(MINUTES_CIRCULATED, code="minutes_circulated")
    return None


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


# --- Agenda editing, convening, closing (issue 16) ----------------------------------------


def agenda_empty_refusal(*, items: Iterable[AgendaItem]) -> ValidationError | None:
    """003 §VIII Presidency 9: the Presidency drafts the agenda of the meeting it convenes.
    The opening items (quorum, agenda approval, previous minutes) are created with every
    plenary and only open it: an agenda with nothing else has no business to convene for,
    so it counts as empty."""
    if any(not item.is_opening for item in items):
        return None
    return ValidationError(AGENDA_EMPTY, code="agenda_empty")


def convene_refusal(*, user: User, meeting: Meeting, items: Iterable[AgendaItem]) -> Refusal:
    """003 §VIII Presidency 7, 9: convening moves the meeting to convened, with an agenda."""
    return transition_refusal(
        user=user, meeting=meeting, to=Meeting.Status.CONVENED
    ) or agenda_empty_refusal(items=items)


def meeting_close_refusal(*, user: User, meeting: Meeting, open_motions: int) -> Refusal:
    """A meeting does not close with a vote still open: its result would never be counted."""
    if refusal := transition_refusal(user=user, meeting=meeting, to=Meeting.Status.CLOSED):
        return refusal
    if open_motions:
        return ValidationError(MOTION_STILL_OPEN, code="motion_still_open")
    return None


def agenda_item_edit_refusal(*, user: User, item: AgendaItem) -> Refusal:
    """Items are edited until the agenda is approved (agenda_change_refusal)."""
    return agenda_change_refusal(user=user, meeting=item.meeting)


def agenda_item_remove_refusal(*, user: User, item: AgendaItem, has_motions: bool) -> Refusal:
    """Until the agenda is approved; never an opening item, nor one with motions (they are
    records of the meeting)."""
    if refusal := agenda_change_refusal(user=user, meeting=item.meeting):
        return refusal
    if item.is_opening:
        return ValidationError(OPENING_ITEM, code="opening_item")
    if has_motions:
        return ValidationError(ITEM_HAS_MOTIONS, code="item_has_motions")
    return None


def agenda_item_move_refusal(
    *, user: User, item: AgendaItem, neighbour: AgendaItem | None
) -> Refusal:
    """An item swaps places with its `neighbour` (the item above or below it) until the
    agenda is approved; the opening items keep their place at the top."""
    if refusal := agenda_change_refusal(user=user, meeting=item.meeting):
        return refusal
    if item.is_opening or (neighbour is not None and neighbour.is_opening):
        return ValidationError(OPENING_ITEM, code="opening_item")
    if neighbour is None:
        return ValidationError(CANNOT_MOVE, code="cannot_move")
    return None


# --- Votes, corrections, withdrawal, reservations (issue 16) ------------------------------


def vote_cast_refusal(
    *,
    user: User,
    motion: Motion,
    meeting: Meeting,
    voter: Attendance | None = None,
    own: Attendance | None = None,
    country: Country | None = None,
    voted: Collection[str] = (),
) -> Refusal:
    """001 §4.A.6, SPEC §3: one vote per represented member country, during the session,
    while the vote is open. ST records any entitled country's vote (`country`); anyone else
    votes through `voter`, their own present attendance that represents their country
    (selectors.attendance_represents_country_q); `own` is their present attendance of any
    capacity (an observer's says why they cannot vote); `voted`, the ISO codes that voted.
    Quorum is checked when the vote is written."""
    if refusal := status_refusal(meeting, Meeting.Status.IN_SESSION):
        return refusal
    if motion.state in (Motion.State.CLOSED, Motion.State.PUBLISHED):
        return ValidationError(MOTION_CLOSED, code="motion_closed")
    if motion.state != Motion.State.OPEN:
        return ValidationError(MOTION_NOT_OPEN, code="motion_not_open")
    if user.is_observer or user.observer_organisation_id:
        return ValidationError(OBSERVER_CANNOT_VOTE, code="observer_cannot_vote")
    if not user.is_secretariat:
        if voter is None:
            if own is not None and own.capacity == Attendance.Capacity.OBSERVER:
                return ValidationError(OBSERVER_CANNOT_VOTE, code="observer_cannot_vote")
            return ValidationError(NOT_ENTITLED_TO_VOTE, code="not_entitled_to_vote")
        if country is not None and country.pk != voter.country_id:
            return ValidationError(NOT_ENTITLED_TO_VOTE, code="not_entitled_to_vote")
        country = voter.country
    if country is None:
        return None
    if country.iso_code not in (motion.entitled_countries or []):
        return ValidationError(
            COUNTRY_NOT_REPRESENTED, code="country_not_represented", params={"country": country}
        )
    if country.iso_code in voted:
        return ValidationError(ALREADY_VOTED, code="already_voted", params={"country": country})
    return None


def vote_correction_refusal(*, user: User, motion: Motion, meeting: Meeting) -> Refusal:
    """ST (who counts, 003 §VIII ST 10) corrects a vote recorded wrongly while the vote is
    open — exactly when it may close the vote; the reason is kept in the vote's history."""
    return motion_close_refusal(user=user, motion=motion, meeting=meeting)


def motion_withdraw_refusal(*, user: User, motion: Motion, meeting: Meeting) -> Refusal:
    """The Presidency (or ST) withdraws a motion, giving the reason, until it is decided."""
    if refusal := _denied(ensure_can_steer, user) or status_refusal(meeting, *RECORDS_OPEN):
        return refusal
    if motion.state == Motion.State.WITHDRAWN:
        return ValidationError(MOTION_WITHDRAWN, code="motion_withdrawn")
    if motion.state not in (Motion.State.DRAFT, Motion.State.OPEN):
        return ValidationError(MOTION_ALREADY_DECIDED, code="motion_already_decided")
    return None


def reservation_refusal(*, country: Country, represented: Collection[str]) -> Refusal:
    """003 §VI (Consenso, «respetando ... el disenso»): a reservation is stated by a member
    country represented at the meeting when the consensus is recorded (`represented`: the
    ISO codes, by attendance_represents_country_q)."""
    if country.iso_code not in represented:
        return ValidationError(
            RESERVATION_NOT_REPRESENTED,
            code="reservation_not_represented",
            params={"country": country},
        )
    return None


# --- Minutes circulation (issue 16) -------------------------------------------------------


def minutes_withdraw_refusal(*, user: User, minutes: Minutes) -> Refusal:
    """ST withdraws circulated minutes to edit them again (back to a draft)."""
    if refusal := _denied(ensure_secretariat, user) or minutes_locked_refusal(minutes):
        return refusal
    if minutes.state != Minutes.State.CIRCULATED:
        return ValidationError(MINUTES_NOT_CIRCULATED, code="minutes_not_circulated")
    return None
