"""Reads of meetings: quorum, results, registers and the plan indicators computed from the
records (never typed by hand, SPEC §3). Every function keeps its query count bounded."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.home import HomeTask
from meetings.models import (
    AgendaItem,
    Agreement,
    AgreementFollowUp,
    Attendance,
    CountryReport,
    Invitation,
    Meeting,
    MeetingDocument,
    Minutes,
    Motion,
    Reservation,
    Vote,
)
from members.models import Membership, User
from members.selectors import member_countries_on

# --- Quorum -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuorumStatus:
    n_members: int
    required: int
    represented_countries: list[str]
    reached: bool

    @property
    def represented(self) -> int:
        return len(self.represented_countries)

    @property
    def missing(self) -> int:
        return max(self.required - self.represented, 0)


def quorum_required(n_members: int) -> int:
    """001 §4.A.7: "la mitad más uno" of the member countries, read as ⌊N/2⌋ + 1 (SPEC §3):
    9 members → 5, 8 members → 5."""
    return n_members // 2 + 1


def represented_countries_qs(meeting: Meeting) -> QuerySet:
    """ISO codes of the member countries represented right now: a present titular, or a
    present alternate accredited for this meeting (001 §4.A.7). Observers never count; a
    country with several people present appears once; a country that is not a member on
    the meeting's date does not count."""
    return (
        Attendance.objects.filter(meeting=meeting, left_at__isnull=True)
        .filter(
            Q(capacity=Attendance.Capacity.TITULAR)
            | Q(capacity=Attendance.Capacity.ALTERNATE, accredited_for_meeting=True)
        )
        .filter(country__in=member_countries_on(meeting.date))
        .values_list("country__iso_code", flat=True)
        .distinct()
        .order_by("country__iso_code")
    )


def meeting_quorum(meeting: Meeting) -> QuorumStatus:
    """Live quorum in two aggregate queries: N on the meeting's date, and the represented
    member countries among the people present now."""
    n_members = member_countries_on(meeting.date).count()
    represented = list(represented_countries_qs(meeting))
    required = quorum_required(n_members)
    return QuorumStatus(
        n_members=n_members,
        required=required,
        represented_countries=represented,
        reached=n_members > 0 and len(represented) >= required,
    )


# --- Motions ------------------------------------------------------------------------------


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


# --- Meetings -----------------------------------------------------------------------------


def meeting_list(*, year: int | None = None, kind: str | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("host_country").annotate(
        n_items=Count("agenda_items", distinct=True)
    )
    if year:
        qs = qs.filter(starts_at__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-starts_at")


@dataclass
class MeetingPage:
    meeting: Meeting
    items: list[AgendaItem]
    documents: list[MeetingDocument]
    attendances: list[Attendance]
    quorum: QuorumStatus
    verifications: list
    invitations: list[Invitation]
    answers: dict[str, int]
    reports: list[CountryReport]
    motions: list[Motion] = field(default_factory=list)
    own_invitation: Invitation | None = None


def meeting_attendances(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "country", "observer_organisation", "designation")
        .order_by("left_at", "country__name_es", "person__last_name")
    )


def meeting_page(*, meeting: Meeting, user: User) -> MeetingPage:
    """Everything the meeting page shows, in a fixed number of queries whatever the number
    of attendees, documents or motions."""
    votes = Vote.objects.select_related("country")
    motions = list(
        Motion.objects.filter(agenda_item__meeting=meeting)
        .select_related("agenda_item", "agreement")
        .prefetch_related(
            Prefetch("votes", queryset=votes),
            Prefetch("reservations", queryset=Reservation.objects.select_related("country")),
        )
    )
    for motion in motions:
        motion.result = motion_result(motion, list(motion.votes.all()))
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
    return MeetingPage(
        meeting=meeting,
        items=list(meeting.agenda_items.select_related("minutes_of").prefetch_related("documents")),
        documents=list(meeting.documents.filter(agenda_item__isnull=True)),
        attendances=meeting_attendances(meeting),
        quorum=meeting_quorum(meeting),
        verifications=list(meeting.quorum_verifications.select_related("verified_by")),
        invitations=invitations,
        answers=dict(answers),
        reports=list(meeting.country_reports.select_related("country", "submitted_by")),
        motions=motions,
        own_invitation=own,
    )


def meeting_detail(*, pk: int) -> Meeting:
    return Meeting.objects.select_related("host_country", "status_changed_by", "committee").get(
        pk=pk
    )


def previous_plenary(*, before: dt.datetime, exclude: int | None = None) -> Meeting | None:
    """The last ordinary or extraordinary meeting before `before`: its minutes are read for
    approval at the next one (003 §VIII Presidency 10)."""
    return (
        Meeting.objects.filter(kind__in=Meeting.PLENARY_KINDS, starts_at__lt=before)
        .exclude(pk=exclude)
        .order_by("-starts_at")
        .first()
    )


# --- Agreements ---------------------------------------------------------------------------


def agreement_list(
    *,
    status: str | None = None,
    body: int | None = None,
    organ: str | None = None,
    meeting: int | None = None,
    year: int | None = None,
) -> QuerySet[Agreement]:
    """The agreements register (SPEC §3), filtered; responsible bodies prefetched."""
    qs = Agreement.objects.select_related("meeting").prefetch_related("responsible_bodies")
    if status:
        qs = qs.filter(status=status)
    if body:
        qs = qs.filter(responsible_bodies=body)
    if organ:
        # JSON containment is not available on SQLite: match the quoted choice instead.
        qs = qs.filter(responsible_organs__icontains=f'"{organ}"')
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-sequence")


def agreement_detail(*, pk: int) -> Agreement:
    return (
        Agreement.objects.select_related("meeting", "motion")
        .prefetch_related(
            "responsible_bodies__country",
            "activities__operational_objective__poa",
            Prefetch("follow_ups", queryset=AgreementFollowUp.objects.select_related("author")),
        )
        .get(pk=pk)
    )


# --- Minutes ------------------------------------------------------------------------------


def minutes_archive() -> QuerySet[Minutes]:
    return Minutes.objects.select_related("meeting__host_country", "approved_in__meeting").order_by(
        "-meeting__starts_at"
    )


# --- Plan indicators (003 §VII result 4.3) ------------------------------------------------


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
    *participated* when at any moment it was represented as SPEC §3 defines it (a titular,
    or an alternate accredited for that meeting); observers do not count. `held` counts only
    the meetings on whose date the country was a member."""
    meetings = list(
        Meeting.objects.filter(
            kind__in=Meeting.PLENARY_KINDS,
            status__in=[Meeting.Status.IN_SESSION, Meeting.Status.CLOSED],
        ).values_list("pk", "starts_at")
    )
    memberships = list(
        Membership.objects.filter(status=Membership.Status.MEMBER).values_list(
            "country__iso_code", "start_date", "end_date"
        )
    )
    attended_pairs = set(
        Attendance.objects.filter(meeting_id__in=[pk for pk, _ in meetings])
        .filter(
            Q(capacity=Attendance.Capacity.TITULAR)
            | Q(capacity=Attendance.Capacity.ALTERNATE, accredited_for_meeting=True)
        )
        .values_list("meeting_id", "country__iso_code")
        .distinct()
    )
    held: dict[tuple[str, int], int] = defaultdict(int)
    attended: dict[tuple[str, int], int] = defaultdict(int)
    for pk, starts_at in meetings:
        day = timezone.localdate(starts_at)
        members = {
            iso for iso, start, end in memberships if start <= day and (end is None or end >= day)
        }
        for iso in members:
            held[(iso, day.year)] += 1
            if (pk, iso) in attended_pairs:
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


# --- Meetings held, for the reports ------------------------------------------------------


@dataclass
class HeldMeeting:
    meeting: object  # meetings.models.Meeting
    represented: list[str]  # ISO codes of the member countries represented at some moment


def meetings_held(*, years: list[int]) -> list[HeldMeeting]:
    """Meetings of the given years that were held (in session or closed), oldest first, with
    the member countries represented at them — the same rule as the participation
    indicator (meetings.selectors.participation_by_country_year: a titular, or an
    alternate accredited for the meeting; observers never count; only countries that were
    members on the meeting's date). Three queries."""
    meetings = list(
        meeting_list()
        .filter(
            starts_at__year__in=years,
            status__in=[Meeting.Status.IN_SESSION, Meeting.Status.CLOSED],
        )
        .order_by("starts_at")
    )
    memberships = list(
        Membership.objects.filter(status=Membership.Status.MEMBER).values_list(
            "country__iso_code", "start_date", "end_date"
        )
    )
    pairs = (
        Attendance.objects.filter(meeting__in=meetings)
        .filter(
            Q(capacity=Attendance.Capacity.TITULAR)
            | Q(capacity=Attendance.Capacity.ALTERNATE, accredited_for_meeting=True)
        )
        .values_list("meeting_id", "country__iso_code")
        .distinct()
    )
    present: dict[int, set[str]] = defaultdict(set)
    for meeting_id, iso in pairs:
        present[meeting_id].add(iso)
    out = []
    for meeting in meetings:
        day = timezone.localdate(meeting.starts_at)
        members = {
            iso for iso, start, end in memberships if start <= day and (end is None or end >= day)
        }
        out.append(HeldMeeting(meeting, sorted(present[meeting.pk] & members)))
    return out


# --- Home page ----------------------------------------------------------------------------


def home_tasks(*, user: User, today: dt.date) -> list[HomeTask]:
    """Upcoming convened meetings for everyone who takes part; for the Presidency and ST, a
    warning for each year with fewer than two ordinary meetings (001 §4.A.3)."""
    tasks = []
    if user.role == User.Role.PARTNER:
        return tasks
    upcoming = Meeting.objects.filter(
        status=Meeting.Status.CONVENED, starts_at__date__gte=today
    ).order_by("starts_at")[:3]
    for meeting in upcoming:
        tasks.append(
            HomeTask(
                _("%(title)s is convened for %(day)s: see the agenda and confirm attendance.")
                % {
                    "title": meeting.title,
                    "day": date_format(timezone.localtime(meeting.starts_at).date()),
                },
                reverse("meetings:detail", args=[meeting.pk]),
            )
        )
    if user.is_secretariat or user.is_presidency:
        for row in years_with_too_few_ordinary_meetings(today=today):
            tasks.append(
                HomeTask(
                    _(
                        "%(year)s has %(n)s ordinary meeting(s); the Operating Guidelines ask for at least two a year (§4.A.3)."
                    )
                    % {"year": row.year, "n": row.ordinary_meetings},
                    reverse("meetings:list"),
                    "warning",
                )
            )
    return tasks
