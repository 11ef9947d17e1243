"""Reads of the committees' sessions and decisions (SPEC §2–§3; 003 §I, §X): a committee's
sessions, its decisions numbered per committee, each decision — kept apart from the
Coalition's agreements register."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from meetings.models import CommitteeDecision, Meeting
from meetings.permissions import can_steer
from meetings.selectors.access import visible_to
from members.models import Committee, User


def committee_decision_list(*, user: User, committee: Committee | None = None) -> QuerySet:
    """A committee's decisions (all committees' without one), newest first, without those
    taken on a restricted item the reader may not see (selectors.access). Two queries."""
    qs = visible_to(
        user,
        CommitteeDecision.objects.select_related("committee", "meeting").prefetch_related(
            "activities__operational_objective__poa"
        ),
    )
    if committee is not None:
        qs = qs.filter(committee=committee)
    return qs.order_by("-decided_on", "-sequence")


def committee_sessions(*, user: User, committee: Committee) -> QuerySet[Meeting]:
    """The committee's sessions, newest first; drafts only for those who convene them."""
    qs = Meeting.objects.filter(kind=Meeting.Kind.COMMITTEE, committee=committee)
    if not can_steer(user):
        qs = qs.exclude(status=Meeting.Status.DRAFT)
    return qs.select_related("host_country").order_by("-starts_at")


@dataclass(frozen=True)
class CommitteeRecords:
    committee: Committee
    sessions: list[Meeting]
    decisions: list[CommitteeDecision]


def committee_records(*, user: User, committee: Committee) -> CommitteeRecords:
    """The committee's sessions and decisions page, in four queries."""
    return CommitteeRecords(
        committee=committee,
        sessions=list(committee_sessions(user=user, committee=committee)),
        decisions=list(committee_decision_list(user=user, committee=committee)),
    )


def committee_decision_detail(*, user: User, pk: int) -> CommitteeDecision:
    """One decision the reader may see (CommitteeDecision.DoesNotExist otherwise)."""
    return committee_decision_list(user=user).select_related("motion__agenda_item").get(pk=pk)
