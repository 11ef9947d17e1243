"""The plan indicators computed from the meeting records (003 §VII result 4.3; never typed
by hand, SPEC §3), the POA indicator that counts a committee's decisions (003 §X), the
two-ordinary-meetings-a-year check (001 §4.A.3) and the meetings held, for the reports."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Agreement, Attendance, CommitteeDecision, Meeting
from meetings.selectors.meetings import meeting_list
from meetings.selectors.quorum import attendance_represents_country_q
from members.models import Membership
from plans.activity_indicators import ActivitySource

HELD = (Meeting.Status.IN_SESSION, Meeting.Status.CLOSED)  # a meeting went into session


def agreements_fulfilled_by_year() -> dict[int, int]:
    """Indicator "Número de acuerdos de la Coalición Regional cumplidos" per year.
    Interpretation: an agreement counts in the year it was fulfilled (`fulfilled_on`, set
    when its status becomes fulfilled), not the year it was adopted."""
    rows = (
        Agreement.objects.filter(status=Agreement.Status.FULFILLED, fulfilled_on__isnull=False)
        .values_list("fulfilled_on__year")
        .annotate(n=Count("pk"))
        .order_by("fulfilled_on__year")
    )
    return {year: n for year, n in rows}


def represented_at(meeting_ids: Iterable[int]) -> dict[int, set[str]]:
    """ISO codes of the member countries represented at some moment of each meeting, by the
    one rule (attendance_represents_country_q), in one query."""
    pairs = (
        Attendance.objects.filter(meeting_id__in=list(meeting_ids))
        .filter(attendance_represents_country_q())
        .values_list("meeting_id", "country__iso_code")
        .distinct()
    )
    represented: dict[int, set[str]] = defaultdict(set)
    for meeting_id, iso in pairs:
        represented[meeting_id].add(iso)
    return represented


@dataclass(frozen=True)
class Participation:
    country: str  # ISO code
    year: int
    attended: int  # ordinary/extraordinary meetings where the country was represented
    held: int  # ordinary/extraordinary meetings held that year while it was a member


def participation_by_country_year() -> list[Participation]:
    """Indicator "participación de los países miembros en las reuniones ordinarias y
    extraordinarias" (003 §VII result 4.3), per country per year, in three queries.

    A meeting is *held* once it went into session (in session or closed). A country
    *participated* when at any moment it was represented (attendance_represents_country_q:
    a titular, or an alternate accredited for that meeting, of a member on its date);
    observers do not count. `held` counts only the meetings on whose date the country was
    a member (members.models.in_force_q, read here for many dates at once)."""
    meetings = list(
        Meeting.objects.filter(kind__in=Meeting.PLENARY_KINDS, status__in=HELD).values_list(
            "pk", "starts_at"
        )
    )
    memberships = list(
        Membership.objects.filter(status=Membership.Status.MEMBER).values_list(
            "country__iso_code", "start_date", "end_date"
        )
    )
    represented = represented_at(pk for pk, _ in meetings)
    held: dict[tuple[str, int], int] = defaultdict(int)
    attended: dict[tuple[str, int], int] = defaultdict(int)
    for pk, starts_at in meetings:
        day = timezone.localdate(starts_at)
        members = {
            iso for iso, start, end in memberships if start <= day and (end is None or end >= day)
        }
        for iso in members:
            held[(iso, day.year)] += 1
            if iso in represented[pk]:
                attended[(iso, day.year)] += 1
    return [
        Participation(country=iso, year=year, attended=attended[(iso, year)], held=n)
        for (iso, year), n in sorted(held.items(), key=lambda kv: (kv[0][1], kv[0][0]))
    ]


@dataclass(frozen=True)
class YearMeetings:
    year: int
    ordinary_meetings: int


MIN_ORDINARY_MEETINGS_PER_YEAR = 2  # 001 §4.A.3: "por lo menos dos veces al año"


def years_with_too_few_ordinary_meetings(
    *, years: list[int] | None = None, today: dt.date | None = None
) -> list[YearMeetings]:
    """Years with fewer than two ordinary meetings (001 §4.A.3), for the home-page warning.
    Counts ordinary meetings that were convened or held (drafts do not count). Without
    `years`, looks from the year of the first meeting to the current year."""
    today = today or timezone.localdate()
    counts = dict(
        Meeting.objects.filter(kind=Meeting.Kind.ORDINARY)
        .exclude(status=Meeting.Status.DRAFT)
        .values_list("starts_at__year")
        .annotate(n=Count("pk"))
        .order_by("starts_at__year")
    )
    if years is None:
        first = Meeting.objects.order_by("starts_at").values_list("starts_at", flat=True).first()
        if first is None:
            return []
        years = list(range(timezone.localdate(first).year, today.year + 1))
    return [
        YearMeetings(year=y, ordinary_meetings=counts.get(y, 0))
        for y in years
        if counts.get(y, 0) < MIN_ORDINARY_MEETINGS_PER_YEAR
    ]


@dataclass
class HeldMeeting:
    meeting: Meeting
    represented: list[str]  # ISO codes of the member countries represented at some moment


def meetings_held(*, years: list[int]) -> list[HeldMeeting]:
    """Meetings of the given years that were held (in session or closed), oldest first, with
    the member countries represented at them — the participation indicator's rule
    (attendance_represents_country_q). Two queries."""
    meetings = list(
        meeting_list().filter(starts_at__year__in=years, status__in=HELD).order_by("starts_at")
    )
    represented = represented_at(m.pk for m in meetings)
    return [HeldMeeting(meeting, sorted(represented[meeting.pk])) for meeting in meetings]


# --- The POA indicator "Número de Acuerdos tomados por el Comité" (003 §X) ---------------

# POA 2018 activities 1.1.1 and 1.2.1 ("Integrar un Comité de Trabajo"): the matrix's words.
COMMITTEE_DECISIONS_WORDING = "Número de Acuerdos tomados por el Comité"
EXPLAIN_COMMITTEE_DECISIONS = _(
    "Counts the decisions adopted in committee sessions that are linked to this activity, by "
    "semester of the session's date. A committee's decisions are numbered per committee and "
    "are not Coalition agreements: the agreements register does not count them."
)


def committee_decisions_by_activity(
    activity_ids: list[int],
) -> dict[int, dict[tuple[int, int], int]]:
    """Per POA activity, the committee decisions linked to it per (year, semester) of the
    day they were adopted (semester 1: January–June). One aggregate query."""
    through = CommitteeDecision.activities.through
    rows = (
        through.objects.filter(activity_id__in=activity_ids)
        .annotate(
            semester=Case(
                When(committeedecision__decided_on__month__lte=6, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .values_list("activity_id", "committeedecision__decided_on__year", "semester")
        .annotate(n=Count("committeedecision_id", distinct=True))
        .order_by()
    )
    out: dict[int, dict[tuple[int, int], int]] = defaultdict(dict)
    for activity_id, year, semester, n in rows:
        out[activity_id][(year, semester)] = n
    return dict(out)


def activity_indicator_sources() -> list[ActivitySource]:
    """What meetings measures of the POA activities' indicators (plans.indicators.
    activity_measures asks for it through MeetingsConfig, without importing meetings)."""
    return [
        ActivitySource(
            key="committee_decisions",
            wording=COMMITTEE_DECISIONS_WORDING,
            label=_("Committee decisions"),
            explanation=EXPLAIN_COMMITTEE_DECISIONS,
            count=committee_decisions_by_activity,
        )
    ]
