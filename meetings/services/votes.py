"""Motions and their decision: by consensus where possible (003 §VI, Consenso: «En las
decisiones y acuerdos privará el consentimiento», so consensus is the default method),
otherwise by a vote of one vote per represented member country (001 §4.A.6, SPEC §3),
counted by ST (003 §VIII ST 10), who corrects a vote recorded wrongly while the vote is
open, with the reason kept in the history. An adopted motion becomes a numbered agreement
(at a committee session, a decision of the committee: meetings.services.decisions);
a motion not yet decided may be withdrawn. A closed meeting's decisions never change: every
change here is refused once the meeting is closed (meetings.rules)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import rules, selectors
from meetings.models import AgendaItem, Meeting, Motion, Reservation, Vote
from meetings.permissions import ensure_can_steer
from meetings.rules import (
    ALREADY_VOTED,
    COUNTRY_NOT_REPRESENTED,
    MOTION_CLOSED,
    NOT_ENTITLED_TO_VOTE,
    OBSERVER_CANNOT_VOTE,
    REASON_REQUIRED,
)
from meetings.services.base import ensure_quorum
from meetings.services.decisions import decision_create_from_motion
from members.models import Country, User
from members.permissions import ensure_secretariat

__all__ = [
    "ALREADY_VOTED",
    "COUNTRY_NOT_REPRESENTED",
    "MOTION_CLOSED",
    "NOT_ENTITLED_TO_VOTE",
    "OBSERVER_CANNOT_VOTE",
    "motion_close",
    "motion_create",
    "motion_open",
    "motion_publish",
    "motion_record_consensus",
    "motion_withdraw",
    "vote_cast",
    "vote_correct",
]


@transaction.atomic
def motion_create(
    *,
    user: User,
    agenda_item: AgendaItem,
    text: str,
    decision_method: str = Motion.Method.CONSENSUS,
    majority_rule: str = Motion.MajorityRule.SIMPLE,
) -> Motion:
    # The stored meeting, locked (not the caller's copy): a closed meeting takes no motion.
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=agenda_item.meeting_id)
    rules.refuse(rules.motion_create_refusal(user=user, meeting=meeting, agenda_item=agenda_item))
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


@transaction.atomic
def vote_cast(*, user: User, motion: Motion, choice: str, country: Country | None = None) -> Vote:
    """One vote per represented member country (001 §4.A.6, SPEC §3): ST enters it as the
    delegation states it (recorded_by_st), or the country's present titular or accredited
    alternate casts it from their own device. Refused (rules.vote_cast_refusal): meeting
    not in session, vote not open or closed, observers, a country not represented at
    opening, a second vote of a country; and without quorum."""
    motion = _lock_motion(motion)
    meeting = motion.agenda_item.meeting
    own, voter = (None, None) if user.is_secretariat else selectors.voter_attendances(user, meeting)
    voted = set(motion.votes.values_list("country__iso_code", flat=True))
    rules.refuse(
        rules.vote_cast_refusal(
            user=user,
            motion=motion,
            meeting=meeting,
            voter=voter,
            own=own,
            country=country,
            voted=voted,
        )
    )
    recorded_by_st = user.is_secretariat
    if recorded_by_st and country is None:
        raise ValidationError(NOT_ENTITLED_TO_VOTE, code="not_entitled_to_vote")
    if not recorded_by_st:
        country = voter.country
    ensure_quorum(meeting)
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
def vote_correct(*, user: User, vote: Vote, choice: str, reason: str) -> Vote:
    """ST corrects a vote it recorded wrongly (or a delegation asks it to), while the vote
    is open; the reason is the change reason of the vote's history, so the correction is
    audited (who, when, from what, why)."""
    motion = _lock_motion(vote.motion)
    meeting = motion.agenda_item.meeting
    rules.refuse(rules.vote_correction_refusal(user=user, motion=motion, meeting=meeting))
    reason = reason.strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    vote = Vote.objects.select_for_update().get(pk=vote.pk, motion=motion)
    vote.choice = choice
    vote.full_clean(validate_constraints=False)
    vote._change_reason = reason[:100]
    vote._history_user = user
    vote.save(update_fields=["choice"])
    return vote


@transaction.atomic
def motion_withdraw(*, user: User, motion: Motion, reason: str) -> Motion:
    """The motion is withdrawn before it is decided (a vote open is abandoned: its votes stay
    on record, no result is counted and no agreement is made), with the reason."""
    motion = _lock_motion(motion)
    meeting = motion.agenda_item.meeting
    rules.refuse(rules.motion_withdraw_refusal(user=user, motion=motion, meeting=meeting))
    reason = reason.strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    motion.state = Motion.State.WITHDRAWN
    motion.withdrawn_at = timezone.now()
    motion.withdrawal_reason = reason[:300]
    motion._change_reason = reason[:100]
    motion._history_user = user
    motion.save(update_fields=["state", "withdrawn_at", "withdrawal_reason"])
    return motion


@transaction.atomic
def motion_close(*, user: User, motion: Motion) -> Motion:
    """Closes the vote and computes the result against the entitled snapshot; an adopted
    motion becomes a numbered agreement."""
    ensure_secretariat(user)
    motion = _lock_motion(motion)
    rules.refuse(
        rules.motion_close_refusal(user=user, motion=motion, meeting=motion.agenda_item.meeting)
    )
    result = selectors.motion_result(motion)
    motion.state = Motion.State.CLOSED
    motion.closed_at = timezone.now()
    motion.outcome = Motion.Outcome.ADOPTED if result.adopted else Motion.Outcome.REJECTED
    motion.save(update_fields=["state", "closed_at", "outcome"])
    if result.adopted:
        decision_create_from_motion(motion=motion)
    return motion


@transaction.atomic
def motion_record_consensus(
    *,
    user: User,
    motion: Motion,
    reservations: Iterable[tuple[Country, str]] = (),
) -> Motion:
    """003 §VI (Consenso): a decision by consensus is adopted without a count; the
    reservations countries state are recorded with it — only member countries represented
    at the meeting now state one. It needs quorum like any decision."""
    ensure_can_steer(user)
    motion = _lock_motion(motion)
    meeting = motion.agenda_item.meeting
    rules.refuse(rules.consensus_refusal(user=user, motion=motion, meeting=meeting))
    quorum = ensure_quorum(meeting)
    reservations = [(country, text) for country, text in reservations if text.strip()]
    for country, _text in reservations:
        rules.refuse(
            rules.reservation_refusal(country=country, represented=quorum.represented_countries)
        )
    now = timezone.now()
    motion.decision_method = Motion.Method.CONSENSUS
    motion.entitled_countries = quorum.represented_countries
    motion.state = Motion.State.CLOSED
    motion.outcome = Motion.Outcome.ADOPTED
    motion.opened_at = motion.closed_at = now
    motion.save()
    for country, text in reservations:
        Reservation.objects.create(motion=motion, country=country, text=text.strip())
    decision_create_from_motion(motion=motion)
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
