"""Results of motions, and what each reader may see of them (SPEC §3)."""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper

from meetings.models import Attendance, Meeting, Motion, Vote
from meetings.permissions import can_see_meetings, can_steer
from meetings.selectors.quorum import attendance_represents_country_q
from members.models import User


@dataclass(frozen=True)
class MotionResult:
    yes: int
    no: int
    abstain: int
    entitled: int
    required_yes: int
    adopted: bool

    @property
    def not_voted(self) -> int:
        return self.entitled - self.yes - self.no - self.abstain


def required_yes(rule: str, entitled: int) -> int:
    """Yes votes needed out of the `entitled` represented member countries (SPEC §3).

    - simple majority: yes > entitled / 2, i.e. ⌊entitled/2⌋ + 1 (7 represented → 4);
    - two thirds: yes ≥ ⌈2 × entitled / 3⌉ (9 represented → 6, so 5 fails);
    - unanimity: yes == entitled.
    Abstentions and countries that did not vote stay in the denominator and are not yes.
    """
    if rule == Motion.MajorityRule.TWO_THIRDS:
        return (2 * entitled + 2) // 3
    if rule == Motion.MajorityRule.UNANIMITY:
        return entitled
    return entitled // 2 + 1


def motion_result(motion: Motion, votes: list[Vote] | None = None) -> MotionResult:
    """Counts the votes against the snapshot of entitled countries taken at opening."""
    if votes is None:
        counts = dict(motion.votes.values_list("choice").annotate(n=Count("pk")).order_by("choice"))
    else:
        counts = defaultdict(int)
        for vote in votes:
            counts[vote.choice] += 1
    entitled = len(motion.entitled_countries or [])
    needed = required_yes(motion.majority_rule, entitled)
    yes = counts.get(Vote.Choice.YES, 0)
    return MotionResult(
        yes=yes,
        no=counts.get(Vote.Choice.NO, 0),
        abstain=counts.get(Vote.Choice.ABSTAIN, 0),
        entitled=entitled,
        required_yes=needed,
        adopted=entitled > 0 and yes >= needed,
    )


# --- Who sees what of a result ------------------------------------------------------------


class ResultAudience(enum.Enum):
    STEERING = "steering"  # the Presidency and ST (meetings.permissions.can_steer)
    PARTICIPANT = "participant"  # who sees meetings: members, observers, the offices
    PUBLIC = "public"  # partner agencies and anonymous readers of the API


def result_audience(user: User | None) -> ResultAudience:
    if user is not None and can_steer(user):
        return ResultAudience.STEERING
    if user is not None and can_see_meetings(user):
        return ResultAudience.PARTICIPANT
    return ResultAudience.PUBLIC


@dataclass(frozen=True)
class MotionResultView:
    counts: bool  # yes / no / abstain of the countries entitled
    outcome: bool  # adopted or rejected, with its agreement and reservations
    votes: bool  # how each country voted


def motion_result_view(*, state: str, audience: ResultAudience) -> MotionResultView:
    """The one rule for what a reader sees of a motion's result, used by the meeting page,
    the voting screen, the minutes (page and PDF) and the API.

    Those who steer the meeting (Presidency, ST: ST counts, 003 §VIII ST 10) follow the
    count live once the vote opens and see the outcome once it closes. Everyone else sees
    nothing of the result until the Presidency or ST publishes it (services.motion_publish);
    then participants see counts, outcome and each country's vote, and the public (the API's
    partners) counts and outcome but never how each country voted."""
    if audience is ResultAudience.STEERING:
        live = state in (Motion.State.OPEN, Motion.State.CLOSED, Motion.State.PUBLISHED)
        decided = state in (Motion.State.CLOSED, Motion.State.PUBLISHED)
        return MotionResultView(counts=live, outcome=decided, votes=live)
    published = state == Motion.State.PUBLISHED
    return MotionResultView(
        counts=published,
        outcome=published,
        votes=published and audience is ResultAudience.PARTICIPANT,
    )


def motion_states_with_visible_outcome(audience: ResultAudience) -> list[str]:
    """The states in which `audience` sees a motion's outcome and counts, for querysets
    (the API lists only those decisions)."""
    return [
        state
        for state in Motion.State.values
        if motion_result_view(state=state, audience=audience).outcome
        and motion_result_view(state=state, audience=audience).counts
    ]


# --- Who votes ------------------------------------------------------------------------


def voter_attendances(user: User, meeting: Meeting) -> tuple[Attendance | None, Attendance | None]:
    """The user's own attendance present now, whatever its capacity (`own`), and the one
    that makes their country represented now — a titular or an accredited alternate of a
    member country, the quorum's rule (`voter`): through it they cast their country's
    vote. One query."""
    if not user.person_id:
        return None, None
    represents = attendance_represents_country_q()
    rows = list(
        Attendance.objects.filter(meeting=meeting, person_id=user.person_id, left_at__isnull=True)
        .select_related("country")
        .annotate(represents=ExpressionWrapper(represents, output_field=BooleanField()))
        .order_by("-represents", "pk")
    )
    own = rows[0] if rows else None
    voter = own if own is not None and own.represents else None
    return own, voter
