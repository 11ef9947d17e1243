"""Motions and their decision: by consensus where possible (003 §VI, Consenso), otherwise
by a vote of one vote per represented member country (001 §4.A.6, SPEC §3), counted by ST
(003 §VIII ST 10). An adopted motion becomes a numbered agreement."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings import rules, selectors
from meetings.models import AgendaItem, Attendance, Meeting, Motion, Reservation, Vote
from meetings.permissions import ensure_can_steer
from meetings.services.agreements import agreement_create_from_motion
from meetings.services.base import ensure_quorum
from members.models import Country, User
from members.permissions import ensure_secretariat

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


@transaction.atomic
def motion_create(
    *,
    user: User,
    agenda_item: AgendaItem,
    text: str,
    decision_method: str = Motion.Method.VOTE,
    majority_rule: str = Motion.MajorityRule.SIMPLE,
) -> Motion:
    rules.refuse(
        rules.motion_create_refusal(user=user, meeting=agenda_item.meeting, agenda_item=agenda_item)
    )
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
    rules.refuse(rules.motion_open_refusal(user=user, motion=motion, meeting=meeting))
    quorum = ensure_quorum(meeting)
    motion.entitled_countries = quorum.represented_countries
    motion.state = Motion.State.OPEN
    motion.opened_at = timezone.now()
    motion.save(update_fields=["entitled_countries", "state", "opened_at"])
    return motion


def _own_attendance(user: User, meeting: Meeting) -> Attendance | None:
    """The user's own attendance, present now, whatever its capacity."""
    if not user.person_id:
        return None
    return Attendance.objects.filter(
        meeting=meeting, person_id=user.person_id, left_at__isnull=True
    ).first()


def _present_voter(user: User, meeting: Meeting) -> Attendance | None:
    """The user's own attendance that makes their country represented now (a titular or an
    accredited alternate of a member country, the quorum's rule): through it they cast
    their country's vote."""
    if not user.person_id:
        return None
    return (
        Attendance.objects.filter(meeting=meeting, person_id=user.person_id, left_at__isnull=True)
        .filter(selectors.attendance_represents_country_q())
        .select_related("country")
        .first()
    )


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
        raise ValidationError(rules.MOTION_NOT_OPEN, code="motion_not_open")
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
    ensure_quorum(meeting)
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


@transaction.atomic
def motion_close(*, user: User, motion: Motion) -> Motion:
    """Closes the vote and computes the result against the entitled snapshot; an adopted
    motion becomes a numbered agreement."""
    ensure_secretariat(user)
    motion = _lock_motion(motion)
    rules.refuse(rules.motion_close_refusal(user=user, motion=motion))
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
    rules.refuse(rules.consensus_refusal(user=user, motion=motion, meeting=meeting))
    quorum = ensure_quorum(meeting)
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
    """Publication makes a decided motion's result visible beyond those who steer the
    meeting (meetings.selectors.motion_result_view)."""
    ensure_can_steer(user)
    motion = _lock_motion(motion)
    rules.refuse(rules.motion_publish_refusal(user=user, motion=motion))
    motion.state = Motion.State.PUBLISHED
    motion.published_at = timezone.now()
    motion.save(update_fields=["state", "published_at"])
    return motion
