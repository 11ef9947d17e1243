"""Writes of the meetings app. Every rule of SPEC §3 is enforced here, so the web pages, the
admin, the API and the Celery tasks obey the same rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from common.validators import validate_document_upload
from meetings import selectors
from meetings.models import (
    AgendaItem,
    Agreement,
    AgreementFollowUp,
    Attendance,
    CountryReport,
    Invitation,
    Meeting,
    MeetingDocument,
    MeetingStatusChange,
    Minutes,
    MinutesComment,
    Motion,
    QuorumVerification,
    Reservation,
    Vote,
)
from meetings.permissions import ensure_can_steer
from members.models import Country, Designation, ObserverOrganisation, Person, User
from members.permissions import ensure_secretariat
from members.selectors import designations_in_force, member_countries_on

# --- Messages -----------------------------------------------------------------------------

WRONG_STATUS = _("This cannot be done while the meeting is %(status)s.")
BAD_TRANSITION = _("A meeting cannot go from %(from)s to %(to)s.")
MEETING_CLOSED = _("The meeting is closed; its records can no longer change.")
NOT_IN_SESSION = _("The meeting is not in session.")
NO_DESIGNATION_IN_FORCE = _(
    "%(person)s has no designation as %(capacity)s in force on the meeting's date (%(day)s)."
)
NOT_AN_OBSERVER = _("%(person)s is not a representative of an observer organisation.")
ALREADY_PRESENT = _("%(person)s is already recorded as present.")
ALREADY_LEFT = _("This person has already left the meeting.")
ACCREDITATION_REQUIRED = _(
    "An alternate accredited for this meeting needs the accreditation: upload it or describe it."
)
ONLY_ALTERNATES_ACCREDITED = _("Only alternates are accredited for a meeting.")
NO_QUORUM = _("There is no quorum: %(represented)s of %(required)s member countries needed.")
MOTION_NOT_OPEN = _("The vote on this motion is not open.")
MOTION_CLOSED = _("The vote on this motion is closed; no more votes are accepted.")
MOTION_ALREADY_DECIDED = _("This motion has already been decided.")
NOT_A_VOTE = _("This motion is decided by consensus, not by a vote.")
OBSERVER_CANNOT_VOTE = _("Observers have voice but no vote (Operating Guidelines §4.A.6).")
COUNTRY_NOT_REPRESENTED = _(
    "%(country)s was not represented when the vote opened and cannot vote on this motion."
)
ALREADY_VOTED = _("%(country)s has already voted on this motion.")
NOT_ENTITLED_TO_VOTE = _(
    "Only your country's titular representative or an alternate accredited for this "
    "meeting, present at the meeting, can cast its vote."
)
NOT_PUBLISHABLE = _("Only a closed motion can be published.")
MOTION_NEEDS_DECISION_ITEM = _("Motions can only be put on a decision item of the agenda.")
AGENDA_ALREADY_APPROVED = _("The agenda has already been approved.")
AGENDA_LOCKED = _("The agenda was approved at the meeting and can no longer change.")
BAD_ORGAN = _("Unknown responsible organ: %(organ)s.")
AGREEMENT_CLOSED = _("A cancelled agreement cannot change.")
NOT_RESPONSIBLE = _("Only the Technical Secretariat or a responsible body can add follow-up.")
MINUTES_LOCKED = _("The minutes were approved and are locked.")
MINUTES_NOT_DRAFT = _("The minutes have been circulated; only a draft can be regenerated.")
MINUTES_NOT_CIRCULATED = _("The minutes are not circulated for comments.")
MINUTES_WRONG_ITEM = _(
    "Minutes are approved at the next meeting's item for the reading of these minutes."
)
MINUTES_NOT_LOCKED = _("Only approved minutes can be reopened.")
REASON_REQUIRED = _("Give the reason.")
NOT_YOUR_COUNTRY = _("You can only submit your own country's report.")
REPORT_EMPTY = _("Write the report or upload it.")
NOT_INVITED = _("This invitation is not yours.")

# 003 §VIII Presidency 9–11: the opening items of an ordinary meeting. The titles are stored
# as the sources name them (data, in Spanish); pages show the translated `standard` label.
STANDARD_ITEMS = [
    (AgendaItem.Standard.QUORUM, "Verificación del quórum", AgendaItem.Kind.INFORMATION),
    (AgendaItem.Standard.AGENDA, "Aprobación de la agenda", AgendaItem.Kind.DECISION),
    (
        AgendaItem.Standard.MINUTES,
        "Lectura y aprobación del acta anterior",
        AgendaItem.Kind.DECISION,
    ),
]

TRANSITIONS = {
    Meeting.Status.DRAFT: {Meeting.Status.CONVENED},
    Meeting.Status.CONVENED: {Meeting.Status.IN_SESSION, Meeting.Status.DRAFT},
    Meeting.Status.IN_SESSION: {Meeting.Status.CLOSED},
    Meeting.Status.CLOSED: set(),
}

MEETING_FIELDS = (
    "kind",
    "number",
    "title",
    "starts_at",
    "ends_at",
    "host_country",
    "city",
    "modality",
    "link",
    "committee",
)


def _ensure_status(meeting: Meeting, *allowed: str) -> None:
    if meeting.status not in allowed:
        if meeting.status == Meeting.Status.CLOSED:
            raise ValidationError(MEETING_CLOSED, code="meeting_closed")
        if Meeting.Status.IN_SESSION in allowed and len(allowed) == 1:
            raise ValidationError(NOT_IN_SESSION, code="not_in_session")
        raise ValidationError(
            WRONG_STATUS, code="wrong_status", params={"status": meeting.get_status_display()}
        )


def _ensure_quorum(meeting: Meeting) -> selectors.QuorumStatus:
    quorum = selectors.meeting_quorum(meeting)
    if not quorum.reached:
        raise ValidationError(
            NO_QUORUM,
            code="no_quorum",
            params={"represented": quorum.represented, "required": quorum.required},
        )
    return quorum


# --- Meetings -----------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    user: User,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    number: int | None = None,
    host_country: Country | None = None,
    city: str = "",
    modality: str = Meeting.Modality.IN_PERSON,
    link: str = "",
    committee=None,
    invited_observers: Iterable[ObserverOrganisation] = (),
) -> Meeting:
    """A new meeting starts as a draft. An ordinary meeting starts its agenda with the
    verification of quorum, the approval of the agenda and the reading of the previous
    minutes (003 §VIII Presidency 9–11), the last linked to the previous plenary."""
    ensure_can_steer(user)
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        number=number,
        host_country=host_country,
        city=city,
        modality=modality,
        link=link,
        committee=committee,
        created_by=user,
        status_changed_by=user,
        status_changed_at=timezone.now(),
    )
    meeting.full_clean()
    meeting.save()
    meeting.invited_observers.set(invited_observers)
    if kind == Meeting.Kind.ORDINARY:
        previous = selectors.previous_plenary(before=starts_at, exclude=meeting.pk)
        for order, (code, title_, item_kind) in enumerate(STANDARD_ITEMS, start=1):
            if code == AgendaItem.Standard.MINUTES and previous is None:
                continue
            item = AgendaItem(
                meeting=meeting,
                order=order,
                title=title_,
                kind=item_kind,
                standard=code,
                presenter=str(_("Presidency")),
                minutes_of=previous if code == AgendaItem.Standard.MINUTES else None,
            )
            item.full_clean()
            item.save()
    return meeting


@transaction.atomic
def meeting_update(*, user: User, meeting: Meeting, **fields) -> Meeting:
    ensure_can_steer(user)
    _ensure_status(meeting, Meeting.Status.DRAFT, Meeting.Status.CONVENED)
    observers = fields.pop("invited_observers", None)
    for name, value in fields.items():
        if name in MEETING_FIELDS:
            setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if observers is not None:
        meeting.invited_observers.set(observers)
    return meeting


def _set_status(meeting: Meeting, to: str, user: User) -> None:
    if to not in TRANSITIONS[meeting.status]:
        raise ValidationError(
            BAD_TRANSITION,
            code="bad_transition",
            params={
                "from": meeting.get_status_display(),
                "to": Meeting.Status(to).label,
            },
        )
    now = timezone.now()
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=meeting.status, to_status=to, changed_by=user, changed_at=now
    )
    meeting.status = to
    meeting.status_changed_at = now
    meeting.status_changed_by = user
    meeting.save(update_fields=["status", "status_changed_at", "status_changed_by"])


@transaction.atomic
def meeting_transition(*, user: User, meeting: Meeting, to: str) -> Meeting:
    """Opens or closes the session (or takes a convened meeting back to draft).
    Convening goes through meeting_convene, which also sends the notices."""
    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if to == Meeting.Status.CONVENED:
        raise ValidationError(
            BAD_TRANSITION,
            code="bad_transition",
            params={"from": meeting.get_status_display(), "to": Meeting.Status(to).label},
        )
    _set_status(meeting, to, user)
    return meeting


@transaction.atomic
def meeting_convene(*, user: User, meeting: Meeting) -> Meeting:
    """003 §VIII Presidency 7: the Presidency (or ST on its behalf) convenes. One invitation
    per designation in force of the member bodies on the meeting's date and one per
    representative (with e-mail) of each invited observer organisation; the e-mails with
    the iCalendar file leave after commit, through Celery."""
    from meetings.tasks import send_convocation

    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    _set_status(meeting, Meeting.Status.CONVENED, user)
    existing = set(meeting.invitations.values_list("person_id", flat=True))
    new: list[Invitation] = []
    members = member_countries_on(meeting.date)
    for designation in designations_in_force(day=meeting.date).filter(
        national_body__country__in=members
    ):
        if designation.person_id in existing:
            continue
        existing.add(designation.person_id)
        new.append(
            Invitation(
                meeting=meeting,
                person=designation.person,
                designation=designation,
                email=designation.person.email,
            )
        )
    observers = Person.objects.filter(
        observer_organisation__in=meeting.invited_observers.all()
    ).exclude(email="")
    for person in observers:
        if person.pk in existing:
            continue
        existing.add(person.pk)
        new.append(
            Invitation(
                meeting=meeting,
                person=person,
                observer_organisation_id=person.observer_organisation_id,
                email=person.email,
            )
        )
    Invitation.objects.bulk_create(new)
    transaction.on_commit(lambda: publish(send_convocation, meeting.pk))
    return meeting


def convocation_send(*, meeting: Meeting) -> int:
    """Sends the convocation to every invitee not yet notified, each e-mail with the
    meeting's .ics attached, and stamps `notified_at`. Called by the Celery task; returns
    how many e-mails were sent."""
    from meetings.notices import convocation_message

    sent = 0
    pending = meeting.invitations.filter(notified_at__isnull=True).exclude(email="")
    for invitation in pending.select_related("person"):
        convocation_message(meeting=meeting, invitation=invitation).send()
        Invitation.objects.filter(pk=invitation.pk).update(notified_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def invitation_respond(
    *, invitation: Invitation, response: str, user: User | None = None
) -> Invitation:
    """The invitee confirms or declines (SPEC §3). Through the e-mail link the token is the
    credential; signed in, the user must be the invited person."""
    if user is not None and user.is_authenticated and user.person_id != invitation.person_id:
        raise PermissionDenied(NOT_INVITED)
    if invitation.meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(MEETING_CLOSED, code="meeting_closed")
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.full_clean()
    invitation.save(update_fields=["response", "responded_at"])
    return invitation


# --- Agenda and documents -----------------------------------------------------------------


@transaction.atomic
def agenda_item_create(
    *,
    user: User,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.DISCUSSION,
    presenter: str = "",
    duration_minutes: int | None = None,
    description: str = "",
    minutes_of: Meeting | None = None,
) -> AgendaItem:
    ensure_can_steer(user)
    _ensure_status(
        meeting, Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.IN_SESSION
    )
    if meeting.agenda_approved_at:
        raise ValidationError(AGENDA_LOCKED, code="agenda_locked")
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(
        meeting=meeting,
        order=last + 1,
        title=title,
        kind=kind,
        presenter=presenter,
        duration_minutes=duration_minutes,
        description=description,
        minutes_of=minutes_of,
        standard=AgendaItem.Standard.MINUTES if minutes_of else "",
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_approve(*, user: User, meeting: Meeting) -> Meeting:
    """003 §VIII Presidency 9: the agenda is submitted for approval at the meeting."""
    ensure_can_steer(user)
    _ensure_status(meeting, Meeting.Status.IN_SESSION)
    if meeting.agenda_approved_at:
        raise ValidationError(AGENDA_ALREADY_APPROVED, code="agenda_already_approved")
    meeting.agenda_approved_at = timezone.now()
    meeting.save(update_fields=["agenda_approved_at"])
    return meeting


@transaction.atomic
def document_upload(
    *,
    user: User,
    meeting: Meeting,
    title: str,
    file: UploadedFile,
    agenda_item: AgendaItem | None = None,
) -> MeetingDocument:
    ensure_can_steer(user)
    _ensure_status(
        meeting, Meeting.Status.DRAFT, Meeting.Status.CONVENED, Meeting.Status.IN_SESSION
    )
    validate_document_upload(file)
    document = MeetingDocument(
        meeting=meeting, agenda_item=agenda_item, title=title, uploaded_by=user
    )
    document.file = file  # written to storage by save(), after the checks: no orphan file
    document.full_clean()
    document.save()
    return document


# --- Attendance and quorum ----------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *,
    user: User,
    meeting: Meeting,
    person: Person,
    capacity: str,
    designation: Designation | None = None,
    observer_organisation: ObserverOrganisation | None = None,
    accredited_for_meeting: bool = False,
    accreditation_file: UploadedFile | None = None,
    accreditation_note: str = "",
    arrived_at: dt.datetime | None = None,
) -> Attendance:
    """ST records who is present (003 §VIII ST 8). A titular or an alternate must hold a
    designation with that role in force on the meeting's date; an alternate counts for
    quorum only when accredited for this meeting, with the accreditation uploaded or
    described (001 §4.A.7)."""
    ensure_secretariat(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    _ensure_status(meeting, Meeting.Status.IN_SESSION)
    if Attendance.objects.filter(meeting=meeting, person=person, left_at__isnull=True).exists():
        raise ValidationError(ALREADY_PRESENT, code="already_present", params={"person": person})
    attendance = Attendance(
        meeting=meeting,
        person=person,
        capacity=capacity,
        arrived_at=arrived_at or timezone.now(),
        recorded_by=user,
    )
    if capacity == Attendance.Capacity.OBSERVER:
        organisation = observer_organisation or person.observer_organisation
        if organisation is None:
            raise ValidationError(
                NOT_AN_OBSERVER, code="not_an_observer", params={"person": person}
            )
        if accredited_for_meeting:
            raise ValidationError(ONLY_ALTERNATES_ACCREDITED, code="only_alternates_accredited")
        attendance.observer_organisation = organisation
    else:
        in_force = Designation.objects.in_force_on(meeting.date).filter(
            person=person, role=capacity
        )
        if designation is not None:
            in_force = in_force.filter(pk=designation.pk)
        designation = in_force.select_related("national_body").first()
        if designation is None:
            raise ValidationError(
                NO_DESIGNATION_IN_FORCE,
                code="no_designation_in_force",
                params={
                    "person": person,
                    "capacity": Attendance.Capacity(capacity).label,
                    "day": meeting.date,
                },
            )
        attendance.designation = designation
        attendance.country_id = designation.national_body.country_id
        if accredited_for_meeting:
            if capacity != Attendance.Capacity.ALTERNATE:
                raise ValidationError(ONLY_ALTERNATES_ACCREDITED, code="only_alternates_accredited")
            _accredit(attendance, accreditation_file, accreditation_note)
    attendance.full_clean(exclude=["accreditation_file"])
    attendance.save()
    return attendance


def _accredit(attendance: Attendance, file: UploadedFile | None, note: str) -> None:
    if file is None and not note.strip():
        raise ValidationError(ACCREDITATION_REQUIRED, code="accreditation_required")
    if file is not None:
        validate_document_upload(file)
        attendance.accreditation_file = file  # written by save(), after the checks
    attendance.accreditation_note = note.strip()
    attendance.accredited_for_meeting = True


@transaction.atomic
def attendance_accredit(
    *,
    user: User,
    attendance: Attendance,
    accreditation_file: UploadedFile | None = None,
    accreditation_note: str = "",
) -> Attendance:
    """Records the accreditation of a present alternate for this meeting."""
    ensure_secretariat(user)
    _ensure_status(attendance.meeting, Meeting.Status.IN_SESSION)
    if attendance.capacity != Attendance.Capacity.ALTERNATE:
        raise ValidationError(ONLY_ALTERNATES_ACCREDITED, code="only_alternates_accredited")
    _accredit(attendance, accreditation_file, accreditation_note)
    attendance.full_clean()
    attendance.save(
        update_fields=["accredited_for_meeting", "accreditation_file", "accreditation_note"]
    )
    return attendance


@transaction.atomic
def attendance_depart(
    *, user: User, attendance: Attendance, left_at: dt.datetime | None = None
) -> Attendance:
    ensure_secretariat(user)
    _ensure_status(attendance.meeting, Meeting.Status.IN_SESSION)
    if attendance.left_at is not None:
        raise ValidationError(ALREADY_LEFT, code="already_left")
    attendance.left_at = left_at or timezone.now()
    attendance.save(update_fields=["left_at"])
    return attendance


@transaction.atomic
def quorum_verify(*, user: User, meeting: Meeting) -> QuorumVerification:
    """003 §VIII Presidency 11: the Presidency verifies the quorum; the verification is
    stored with its time and the countries represented, reached or not."""
    ensure_can_steer(user)
    _ensure_status(meeting, Meeting.Status.IN_SESSION)
    quorum = selectors.meeting_quorum(meeting)
    return QuorumVerification.objects.create(
        meeting=meeting,
        verified_by=user,
        verified_at=timezone.now(),
        n_members=quorum.n_members,
        required=quorum.required,
        represented=quorum.represented_countries,
        reached=quorum.reached,
    )


# --- Motions and votes --------------------------------------------------------------------


@transaction.atomic
def motion_create(
    *,
    user: User,
    agenda_item: AgendaItem,
    text: str,
    decision_method: str = Motion.Method.VOTE,
    majority_rule: str = Motion.MajorityRule.SIMPLE,
) -> Motion:
    ensure_can_steer(user)
    _ensure_status(
        agenda_item.meeting,
        Meeting.Status.DRAFT,
        Meeting.Status.CONVENED,
        Meeting.Status.IN_SESSION,
    )
    if agenda_item.kind != AgendaItem.Kind.DECISION:
        raise ValidationError(MOTION_NEEDS_DECISION_ITEM, code="motion_needs_decision_item")
    motion = Motion(
        agenda_item=agenda_item,
        text=text,
        decision_method=decision_method,
        majority_rule=majority_rule,
        created_by=user,
    )
    motion.full_clean()
    motion.save()
    return motion


def _lock_motion(motion: Motion) -> Motion:
    return (
        Motion.objects.select_for_update(of=("self",))
        .select_related("agenda_item__meeting")
        .get(pk=motion.pk)
    )


@transaction.atomic
def motion_open(*, user: User, motion: Motion) -> Motion:
    """Opens the vote. The represented member countries at this moment are stored: they are
    the ones entitled to vote and the denominator of the result (SPEC §3)."""
    ensure_secretariat(user)
    motion = _lock_motion(motion)
    meeting = motion.agenda_item.meeting
    _ensure_status(meeting, Meeting.Status.IN_SESSION)
    if motion.decision_method != Motion.Method.VOTE:
        raise ValidationError(NOT_A_VOTE, code="not_a_vote")
    if motion.state != Motion.State.DRAFT:
        raise ValidationError(MOTION_ALREADY_DECIDED, code="motion_already_decided")
    quorum = _ensure_quorum(meeting)
    motion.entitled_countries = quorum.represented_countries
    motion.state = Motion.State.OPEN
    motion.opened_at = timezone.now()
    motion.save(update_fields=["entitled_countries", "state", "opened_at"])
    return motion


def _present_voter(user: User, meeting: Meeting) -> Attendance | None:
    """The user's own attendance as titular or accredited alternate, present now."""
    if not user.person_id:
        return None
    for attendance in Attendance.objects.filter(
        meeting=meeting, person_id=user.person_id, left_at__isnull=True
    ).select_related("country"):
        if attendance.counts_for_quorum and attendance.country_id:
            return attendance
    return None


@transaction.atomic
def vote_cast(*, user: User, motion: Motion, choice: str, country: Country | None = None) -> Vote:
    """One vote per represented member country (001 §4.A.6, SPEC §3): ST enters it as the
    delegation states it (recorded_by_st), or the country's present titular or accredited
    alternate casts it from their own device. Refused: vote not open or closed, observers,
    no quorum, a country not represented at opening, a second vote of a country."""
    motion = _lock_motion(motion)
    meeting = motion.agenda_item.meeting
    if motion.state in (Motion.State.CLOSED, Motion.State.PUBLISHED):
        raise ValidationError(MOTION_CLOSED, code="motion_closed")
    if motion.state != Motion.State.OPEN:
        raise ValidationError(MOTION_NOT_OPEN, code="motion_not_open")
    if user.is_observer or user.observer_organisation_id:
        raise ValidationError(OBSERVER_CANNOT_VOTE, code="observer_cannot_vote")
    if user.is_secretariat:
        recorded_by_st = True
        if country is None:
            raise ValidationError(NOT_ENTITLED_TO_VOTE, code="not_entitled_to_vote")
    else:
        recorded_by_st = False
        attendance = _present_voter(user, meeting)
        if attendance is None:
            own = _own_attendance(user, meeting)
            if own is not None and own.capacity == Attendance.Capacity.OBSERVER:
                raise ValidationError(OBSERVER_CANNOT_VOTE, code="observer_cannot_vote")
            raise ValidationError(NOT_ENTITLED_TO_VOTE, code="not_entitled_to_vote")
        if country is not None and country.pk != attendance.country_id:
            raise ValidationError(NOT_ENTITLED_TO_VOTE, code="not_entitled_to_vote")
        country = attendance.country
    _ensure_quorum(meeting)
    if country.iso_code not in (motion.entitled_countries or []):
        raise ValidationError(
            COUNTRY_NOT_REPRESENTED, code="country_not_represented", params={"country": country}
        )
    if Vote.objects.filter(motion=motion, country=country).exists():
        raise ValidationError(ALREADY_VOTED, code="already_voted", params={"country": country})
    vote = Vote(
        motion=motion,
        country=country,
        choice=choice,
        cast_by=user,
        recorded_by_st=recorded_by_st,
        cast_at=timezone.now(),
    )
    vote.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError as exc:  # a concurrent vote of the same country
        raise ValidationError(
            ALREADY_VOTED, code="already_voted", params={"country": country}
        ) from exc
    return vote


def _own_attendance(user: User, meeting: Meeting) -> Attendance | None:
    if not user.person_id:
        return None
    return Attendance.objects.filter(
        meeting=meeting, person_id=user.person_id, left_at__isnull=True
    ).first()


@transaction.atomic
def motion_close(*, user: User, motion: Motion) -> Motion:
    """Closes the vote and computes the result against the entitled snapshot; an adopted
    motion becomes a numbered agreement."""
    ensure_secretariat(user)
    motion = _lock_motion(motion)
    if motion.state != Motion.State.OPEN:
        raise ValidationError(MOTION_NOT_OPEN, code="motion_not_open")
    result = selectors.motion_result(motion)
    motion.state = Motion.State.CLOSED
    motion.closed_at = timezone.now()
    motion.outcome = Motion.Outcome.ADOPTED if result.adopted else Motion.Outcome.REJECTED
    motion.save(update_fields=["state", "closed_at", "outcome"])
    if result.adopted:
        agreement_create_from_motion(motion=motion)
    return motion


@transaction.atomic
def motion_record_consensus(
    *,
    user: User,
    motion: Motion,
    reservations: Iterable[tuple[Country, str]] = (),
) -> Motion:
    """003 §VI (Consenso): a decision by consensus is adopted without a count; the
    reservations countries state are recorded with it. It needs quorum like any decision."""
    ensure_can_steer(user)
    motion = _lock_motion(motion)
    meeting = motion.agenda_item.meeting
    _ensure_status(meeting, Meeting.Status.IN_SESSION)
    if motion.state != Motion.State.DRAFT:
        raise ValidationError(MOTION_ALREADY_DECIDED, code="motion_already_decided")
    quorum = _ensure_quorum(meeting)
    now = timezone.now()
    motion.decision_method = Motion.Method.CONSENSUS
    motion.entitled_countries = quorum.represented_countries
    motion.state = Motion.State.CLOSED
    motion.outcome = Motion.Outcome.ADOPTED
    motion.opened_at = motion.closed_at = now
    motion.save()
    for country, text in reservations:
        if text.strip():
            Reservation.objects.create(motion=motion, country=country, text=text.strip())
    agreement_create_from_motion(motion=motion)
    return motion


@transaction.atomic
def motion_publish(*, user: User, motion: Motion) -> Motion:
    ensure_can_steer(user)
    motion = _lock_motion(motion)
    if motion.state != Motion.State.CLOSED:
        raise ValidationError(NOT_PUBLISHABLE, code="not_publishable")
    motion.state = Motion.State.PUBLISHED
    motion.published_at = timezone.now()
    motion.save(update_fields=["state", "published_at"])
    return motion


# --- Agreements ---------------------------------------------------------------------------


def agreement_create_from_motion(*, motion: Motion) -> Agreement:
    """Numbers the agreement CR-<year>-<nn>, sequential within the meeting's year. Called
    inside the decision's transaction; the year's rows are locked so two decisions taken at
    the same time cannot get the same number (the unique constraint backs this up)."""
    meeting = motion.agenda_item.meeting
    year = meeting.date.year
    last = (
        Agreement.objects.select_for_update(of=("self",))
        .filter(year=year)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    sequence = (last or 0) + 1
    agreement = Agreement(
        number=f"CR-{year}-{sequence:02d}",
        year=year,
        sequence=sequence,
        meeting=meeting,
        motion=motion,
        text=motion.text,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


def _check_organs(organs: Iterable[str]) -> list[str]:
    valid = set(Agreement.Organ.values)
    organs = list(dict.fromkeys(organs))
    for organ in organs:
        if organ not in valid:
            raise ValidationError(BAD_ORGAN, code="bad_organ", params={"organ": organ})
    return organs


def _set_status_fields(agreement: Agreement, status: str, day: dt.date) -> None:
    agreement.status = status
    if status == Agreement.Status.FULFILLED:
        agreement.fulfilled_on = agreement.fulfilled_on or day
    else:
        agreement.fulfilled_on = None


@transaction.atomic
def agreement_update(
    *,
    user: User,
    agreement: Agreement,
    text: str | None = None,
    responsible_bodies=None,
    responsible_organs: Iterable[str] | None = None,
    due_date: dt.date | None = None,
    status: str | None = None,
    activities=None,
) -> Agreement:
    """ST keeps the register: responsible bodies or organs, due date, status, and the POA
    activities the agreement advances."""
    ensure_secretariat(user)
    if agreement.status == Agreement.Status.CANCELLED:
        raise ValidationError(AGREEMENT_CLOSED, code="agreement_cancelled")
    if text is not None:
        agreement.text = text
    if responsible_organs is not None:
        agreement.responsible_organs = _check_organs(responsible_organs)
    agreement.due_date = due_date
    if status:
        _set_status_fields(agreement, status, timezone.localdate())
    agreement.full_clean()
    agreement.save()
    if responsible_bodies is not None:
        agreement.responsible_bodies.set(responsible_bodies)
    if activities is not None:
        agreement.activities.set(activities)
    return agreement


@transaction.atomic
def agreement_follow_up_add(
    *,
    user: User,
    agreement: Agreement,
    note: str,
    evidence: UploadedFile | None = None,
    new_status: str = "",
    date: dt.date | None = None,
) -> AgreementFollowUp:
    """Follow-up with evidence by ST or by a focal point of a responsible body; it may move
    the status (in progress, fulfilled...)."""
    allowed = user.is_secretariat or (
        user.is_focal_point
        and agreement.responsible_bodies.filter(pk=user.national_body_id).exists()
    )
    if not allowed:
        raise PermissionDenied(NOT_RESPONSIBLE)
    if agreement.status == Agreement.Status.CANCELLED:
        raise ValidationError(AGREEMENT_CLOSED, code="agreement_cancelled")
    if new_status == Agreement.Status.CANCELLED and not user.is_secretariat:
        raise PermissionDenied(NOT_RESPONSIBLE)
    entry = AgreementFollowUp(
        agreement=agreement,
        note=note,
        new_status=new_status,
        author=user,
        date=date or timezone.localdate(),
    )
    if evidence is not None:
        validate_document_upload(evidence)
        entry.evidence = evidence  # written by save(), after the checks
    entry.full_clean(exclude=["evidence"])
    entry.save()
    if new_status and new_status != agreement.status:
        _set_status_fields(agreement, new_status, entry.date)
        agreement.save(update_fields=["status", "fulfilled_on"])
    return entry


@transaction.atomic
def agreements_mark_overdue(*, today: dt.date | None = None) -> int:
    """Daily job: pending and in-progress agreements past their due date become overdue.
    Saved one by one so each change lands in the history."""
    today = today or timezone.localdate()
    due = Agreement.objects.select_for_update(of=("self",)).filter(
        status__in=[Agreement.Status.PENDING, Agreement.Status.IN_PROGRESS], due_date__lt=today
    )
    n = 0
    for agreement in due:
        agreement.status = Agreement.Status.OVERDUE
        agreement.save(update_fields=["status"])
        n += 1
    return n


# --- Country reports ----------------------------------------------------------------------


@transaction.atomic
def country_report_submit(
    *,
    user: User,
    meeting: Meeting,
    text: str = "",
    file: UploadedFile | None = None,
    country: Country | None = None,
) -> CountryReport:
    """003 §VIII Pleno: each member country presents an updated report at each session.
    A focal point or delegate submits their own country's; ST any country's."""
    if user.is_secretariat:
        if country is None:
            raise ValidationError(NOT_YOUR_COUNTRY, code="not_your_country")
    else:
        if not user.national_body_id or not (
            user.is_focal_point or user.role == User.Role.DELEGATE
        ):
            raise PermissionDenied(NOT_YOUR_COUNTRY)
        own = user.national_body.country
        if country is not None and country.pk != own.pk:
            raise PermissionDenied(NOT_YOUR_COUNTRY)
        country = own
    if meeting.status == Meeting.Status.CLOSED:
        raise ValidationError(MEETING_CLOSED, code="meeting_closed")
    if not text.strip() and file is None:
        raise ValidationError(REPORT_EMPTY, code="report_empty")
    report = CountryReport.objects.filter(
        meeting=meeting, country=country
    ).first() or CountryReport(meeting=meeting, country=country)
    report.text = text
    report.submitted_by = user
    report.submitted_at = timezone.now()
    if file is not None:
        validate_document_upload(file)
        report.file = file  # written by save(), after the checks
    report.full_clean(exclude=["file"])
    report.save()
    return report


# --- Minutes ------------------------------------------------------------------------------


def _minutes_records(meeting: Meeting) -> dict:
    """The snapshot of the meeting's records the minutes are drafted from (003 §VIII ST 11):
    attendance by country and role, quorum verifications, agenda, decisions with consensus
    or counts, agreements adopted. Plain data, so approved minutes never change."""
    attendances = selectors.meeting_attendances(meeting)
    countries: dict[str, dict] = {}
    observers: list[dict] = []
    for a in attendances:
        row = {
            "name": a.person.full_name,
            "capacity": a.capacity,
            "accredited": a.accredited_for_meeting,
            "arrived_at": timezone.localtime(a.arrived_at).strftime("%H:%M"),
            "left_at": timezone.localtime(a.left_at).strftime("%H:%M") if a.left_at else "",
        }
        if a.capacity == Attendance.Capacity.OBSERVER:
            observers.append({**row, "organisation": a.observer_organisation.acronym})
        else:
            entry = countries.setdefault(
                a.country.iso_code,
                {
                    "iso": a.country.iso_code,
                    "name_es": a.country.name_es,
                    "name_en": a.country.name_en,
                    "people": [],
                },
            )
            entry["people"].append(row)
    motions = []
    for motion in (
        Motion.objects.filter(agenda_item__meeting=meeting)
        .select_related("agenda_item", "agreement")
        .prefetch_related("votes__country", "reservations__country")
    ):
        result = selectors.motion_result(motion, list(motion.votes.all()))
        motions.append(
            {
                "item": motion.agenda_item.order,
                "text": motion.text,
                "method": motion.decision_method,
                "rule": motion.majority_rule,
                "outcome": motion.outcome,
                "state": motion.state,
                "yes": result.yes,
                "no": result.no,
                "abstain": result.abstain,
                "entitled": result.entitled,
                "required_yes": result.required_yes,
                "votes": [
                    {"country": v.country.iso_code, "choice": v.choice} for v in motion.votes.all()
                ],
                "reservations": [
                    {"country": r.country.iso_code, "text": r.text}
                    for r in motion.reservations.all()
                ],
                "agreement": getattr(getattr(motion, "agreement", None), "number", ""),
            }
        )
    return {
        "meeting": {
            "title": meeting.title,
            "kind": meeting.kind,
            "number": meeting.number,
            "date": meeting.date.isoformat(),
            "city": meeting.city,
            "host": meeting.host_country.name_es if meeting.host_country else "",
            "modality": meeting.modality,
        },
        "attendance": sorted(countries.values(), key=lambda c: c["name_es"]),
        "observers": observers,
        "quorum": [
            {
                "verified_at": timezone.localtime(v.verified_at).strftime("%Y-%m-%d %H:%M"),
                "n_members": v.n_members,
                "required": v.required,
                "represented": v.represented,
                "reached": v.reached,
            }
            for v in meeting.quorum_verifications.all()
        ],
        "agenda": [
            {"order": i.order, "title": i.title, "kind": i.kind, "presenter": i.presenter}
            for i in meeting.agenda_items.all()
        ],
        "motions": motions,
        "agreements": [
            {
                "number": a.number,
                "text": a.text,
                "due_date": a.due_date.isoformat() if a.due_date else "",
                "responsible": [b.acronym for b in a.responsible_bodies.all()]
                + list(a.responsible_organs),
            }
            for a in meeting.agreements.prefetch_related("responsible_bodies").order_by("sequence")
        ],
    }


def _ensure_not_locked(minutes: Minutes) -> None:
    if minutes.is_locked:
        raise ValidationError(MINUTES_LOCKED, code="minutes_locked")


@transaction.atomic
def minutes_generate(*, user: User, meeting: Meeting, narrative: str | None = None) -> Minutes:
    """ST drafts the minutes from the records; regenerating is allowed while a draft and
    keeps the narrative already written."""
    ensure_secretariat(user)
    _ensure_status(meeting, Meeting.Status.IN_SESSION, Meeting.Status.CLOSED)
    minutes = Minutes.objects.select_for_update(of=("self",)).filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting)
    else:
        _ensure_not_locked(minutes)
        if minutes.state != Minutes.State.DRAFT:
            raise ValidationError(MINUTES_NOT_DRAFT, code="minutes_not_draft")
    minutes.records = _minutes_records(meeting)
    minutes.generated_at = timezone.now()
    if narrative is not None:
        minutes.narrative = narrative
    minutes.full_clean()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_update(*, user: User, minutes: Minutes, narrative: str) -> Minutes:
    ensure_secretariat(user)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    _ensure_not_locked(minutes)
    minutes.narrative = narrative
    minutes.save(update_fields=["narrative"])
    return minutes


@transaction.atomic
def minutes_circulate(*, user: User, minutes: Minutes) -> Minutes:
    """003 §VIII ST 11: ST sends the minutes for approval; participants comment meanwhile."""
    ensure_secretariat(user)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    _ensure_not_locked(minutes)
    minutes.state = Minutes.State.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.save(update_fields=["state", "circulated_at"])
    return minutes


@transaction.atomic
def minutes_comment(*, user: User, minutes: Minutes, text: str) -> MinutesComment:
    if not user.is_authenticated or user.role == User.Role.PARTNER:
        raise PermissionDenied
    minutes = Minutes.objects.get(pk=minutes.pk)
    _ensure_not_locked(minutes)
    if minutes.state != Minutes.State.CIRCULATED:
        raise ValidationError(MINUTES_NOT_CIRCULATED, code="minutes_not_circulated")
    comment = MinutesComment(minutes=minutes, author=user, text=text)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def minutes_approve(*, user: User, minutes: Minutes, agenda_item: AgendaItem) -> Minutes:
    """003 §VIII Presidency 10: the previous minutes are read for approval at the next
    meeting, under its item for that purpose and with quorum; approved minutes are locked
    (SPEC §1: only an explicit, audited reopening by ST changes them)."""
    ensure_can_steer(user)
    minutes = (
        Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    )
    _ensure_not_locked(minutes)
    if minutes.state != Minutes.State.CIRCULATED:
        raise ValidationError(MINUTES_NOT_CIRCULATED, code="minutes_not_circulated")
    if (
        agenda_item.minutes_of_id != minutes.meeting_id
        or agenda_item.meeting_id == minutes.meeting_id
    ):
        raise ValidationError(MINUTES_WRONG_ITEM, code="minutes_wrong_item")
    _ensure_status(agenda_item.meeting, Meeting.Status.IN_SESSION)
    _ensure_quorum(agenda_item.meeting)
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = user
    minutes.approved_in = agenda_item
    minutes.save(update_fields=["state", "approved_at", "approved_by", "approved_in"])
    return minutes


@transaction.atomic
def minutes_reopen(*, user: User, minutes: Minutes, reason: str) -> Minutes:
    """SPEC §1: approved minutes change only through an explicit, audited reopening by ST."""
    ensure_secretariat(user)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    if not minutes.is_locked:
        raise ValidationError(MINUTES_NOT_LOCKED, code="minutes_not_locked")
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    minutes.state = Minutes.State.DRAFT
    minutes.reopen_reason = reason.strip()[:300]
    minutes.approved_at = None
    minutes.approved_in = None
    minutes.save(update_fields=["state", "reopen_reason", "approved_at", "approved_in"])
    return minutes
