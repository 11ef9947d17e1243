"""What an adopted motion becomes: at a plenary (or technical session) a numbered agreement
of the Coalition (meetings.services.agreements); at a committee session a decision of that
committee, numbered per committee and year with its code — PC-2026-01 — and kept apart from
the Coalition's agreements (SPEC §2–§3; 003 §I, §X)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from meetings.models import Agreement, CommitteeDecision, Meeting, Motion
from meetings.services.agreements import agreement_create_from_motion
from members.models import Committee, User
from members.permissions import ensure_secretariat

COMMITTEE_WITHOUT_CODE = _(
    "%(committee)s has no code to number its decisions with: give it one on the committee's "
    "page (e.g. PC), then record the decision again."
)
TEXT_REQUIRED = _("Write the decision's text.")


def committee_decision_create_from_motion(*, motion: Motion) -> CommitteeDecision:
    """Numbers the decision <code>-<year>-<nn>, sequential within the committee and the
    session's year. Called inside the decision's transaction; the committee's row is locked
    so two decisions taken at the same time cannot get the same number (the unique
    constraints back this up)."""
    meeting = motion.agenda_item.meeting
    committee = Committee.objects.select_for_update(of=("self",)).get(pk=meeting.committee_id)
    if not committee.code:
        raise ValidationError(
            COMMITTEE_WITHOUT_CODE, code="committee_without_code", params={"committee": committee}
        )
    day = meeting.date
    last = (
        CommitteeDecision.objects.filter(committee=committee, year=day.year)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    sequence = (last or 0) + 1
    # A code given up by another committee may have numbered decisions of this year already.
    while CommitteeDecision.objects.filter(
        number=f"{committee.code}-{day.year}-{sequence:02d}"
    ).exists():
        sequence += 1
    decision = CommitteeDecision(
        committee=committee,
        number=f"{committee.code}-{day.year}-{sequence:02d}",
        year=day.year,
        sequence=sequence,
        meeting=meeting,
        motion=motion,
        decided_on=day,
        text=motion.text,
    )
    decision.full_clean()
    decision.save()
    return decision


def decision_create_from_motion(*, motion: Motion) -> Agreement | CommitteeDecision:
    """The record of an adopted motion (motion_close, motion_record_consensus): a committee
    session's decision is its committee's, never a Coalition agreement."""
    if motion.agenda_item.meeting.kind == Meeting.Kind.COMMITTEE:
        return committee_decision_create_from_motion(motion=motion)
    return agreement_create_from_motion(motion=motion)


@transaction.atomic
def committee_decision_update(
    *,
    user: User,
    decision: CommitteeDecision,
    expected_version: int | None,
    text: str,
    activities: Iterable | None = None,
) -> CommitteeDecision:
    """ST keeps a committee's decisions: the text as adopted and the POA activities it
    advances (which the activity's indicator then counts). A form read before someone
    else's save is refused (stale_version); every change stays in the history."""
    ensure_secretariat(user)
    decision = CommitteeDecision.objects.select_for_update(of=("self",)).get(pk=decision.pk)
    claim_version(decision, expected_version)
    if not text.strip():
        raise ValidationError({"text": ValidationError(TEXT_REQUIRED, code="text_required")})
    decision.text = text.strip()
    decision.full_clean()
    decision._history_user = user
    decision.save()
    if activities is not None:
        decision.activities.set(activities)
    return decision
