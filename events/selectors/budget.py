"""Reads of an event's plan and budget and of the participation over time (issue 21): the
totals per currency (never converted), each line planned against spent, who may read the
budget and the report, participation by year × country × profile, and the POA indicator
"Plan y Presupuesto" (3.1.1.1) counted from these records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events import permissions
from events.models import BudgetLine, Event, Expense, FundingCommitment, Participant
from members.models import User
from plans.activity_indicators import ActivitySource

ZERO = Decimal("0.00")
AMOUNT = DecimalField(max_digits=16, decimal_places=2)


def cents(amount) -> Decimal:
    """An amount as the budget keeps it: two decimals (SQLite's sums come back without)."""
    return Decimal(amount or 0).quantize(ZERO)


MONEY_COUNTS = (FundingCommitment.Status.PLEDGED, FundingCommitment.Status.RECEIVED)


# --- Who reads the budget and the report --------------------------------------------------


@dataclass(frozen=True)
class BudgetFlags:
    can_read: bool
    can_edit: bool  # lines and commitments: organisers, event not finished
    can_record: bool  # expenses and commitments' status: organisers, event not cancelled


def budget_flags(*, user: User, event: Event) -> BudgetFlags:
    organiser = permissions.can_organise(user)
    finished = event.status in (Event.Status.CLOSED, Event.Status.CANCELLED)
    return BudgetFlags(
        can_read=permissions.can_read_budget(user, event),
        can_edit=organiser and not finished,
        can_record=organiser and event.status != Event.Status.CANCELLED,
    )


# --- Totals per currency ------------------------------------------------------------------


@dataclass
class CurrencyTotals:
    """An event's amounts in one currency. `committed` is the money pledged or received
    (withdrawn commitments and in-kind ones excluded); the balance is committed − spent."""

    currency: str
    planned: Decimal = ZERO
    committed: Decimal = ZERO
    received: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def balance(self) -> Decimal:
        return self.committed - self.spent

    @property
    def covered(self) -> bool:
        return self.committed >= self.planned


@dataclass
class LineRow:
    line: BudgetLine
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.line.planned - self.spent


@dataclass
class BudgetSummary:
    totals: list[CurrencyTotals] = field(default_factory=list)
    lines: list[LineRow] = field(default_factory=list)
    in_kind: list[FundingCommitment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.totals and not self.in_kind


def _totals(event: Event) -> dict[str, CurrencyTotals]:
    """Planned, committed, received and spent per currency: one query (three aggregates
    joined by UNION ALL)."""
    part = IntegerField()

    def per_currency(queryset, which: int, amount: str, received=None):
        return (
            queryset.filter(event=event)
            .order_by()
            .values("currency")
            .annotate(
                which=Value(which, output_field=part),
                total=Sum(amount),
                received=received if received is not None else Value(ZERO, output_field=AMOUNT),
            )
            .values_list("currency", "which", "total", "received")
        )

    planned = per_currency(BudgetLine.objects, 1, "planned")
    money = per_currency(
        FundingCommitment.objects.filter(
            kind=FundingCommitment.Kind.MONEY, status__in=MONEY_COUNTS
        ),
        2,
        "amount",
        Coalesce(
            Sum("amount", filter=Q(status=FundingCommitment.Status.RECEIVED)),
            Value(ZERO),
            output_field=AMOUNT,
        ),
    )
    spent = per_currency(Expense.objects, 3, "amount")
    totals: dict[str, CurrencyTotals] = {}
    for currency, which, total, received in planned.union(money, spent, all=True):
        row = totals.setdefault(currency, CurrencyTotals(currency))
        total, received = cents(total), cents(received)
        if which == 1:
            row.planned = total
        elif which == 2:
            row.committed, row.received = total, received
        else:
            row.spent = total
    return dict(sorted(totals.items()))


def budget_totals(event: Event) -> list[CurrencyTotals]:
    """The event's totals, one row per currency (alphabetical), never converted."""
    return list(_totals(event).values())


def in_kind_commitments(event: Event) -> list[FundingCommitment]:
    """The in-kind commitments (listed, never summed), withdrawn ones aside."""
    return list(
        FundingCommitment.objects.filter(event=event, kind=FundingCommitment.Kind.IN_KIND)
        .exclude(status=FundingCommitment.Status.WITHDRAWN)
        .select_related("actor", "country")
    )


def budget_lines(event: Event) -> list[LineRow]:
    """Each line with what was spent on it (one query)."""
    return [
        LineRow(line, cents(line.spent_total))
        for line in BudgetLine.objects.filter(event=event).annotate(
            spent_total=Coalesce(
                Sum("expenses__amount"),
                Value(ZERO),
                output_field=AMOUNT,
            )
        )
    ]


def budget_summary(event: Event) -> BudgetSummary:
    """Totals per currency, lines planned vs spent, in-kind commitments: five queries."""
    return BudgetSummary(
        totals=budget_totals(event), lines=budget_lines(event), in_kind=in_kind_commitments(event)
    )


@dataclass(frozen=True)
class BudgetSection:
    """The event page's short summary of the budget: the flags and the totals per currency."""

    flags: BudgetFlags
    totals: list[CurrencyTotals]


def budget_section(*, user: User, event: Event) -> BudgetSection | None:
    """The event page's budget summary for those who read the budget (None for the others):
    three aggregate queries whatever the size of the budget."""
    flags = budget_flags(user=user, event=event)
    if not flags.can_read:
        return None
    return BudgetSection(flags=flags, totals=budget_totals(event))


def commitments(event: Event):
    return FundingCommitment.objects.filter(event=event).select_related(
        "actor", "country", "budget_line"
    )


def expenses(event: Event):
    return Expense.objects.filter(event=event).select_related("budget_line", "recorded_by")


# --- Participation over time --------------------------------------------------------------


@dataclass(frozen=True)
class ParticipationCount:
    year: int
    country_iso: str  # "" for the participants of invited actors
    country_name: str
    profile: str
    participants: int


def participation(
    *, years: Iterable[int] | None = None, kind: str = ""
) -> list[ParticipationCount]:
    """Confirmed participants who signed in on at least one day, per year of the event's
    first day × country (the participants of invited actors under no country) × profile.
    One aggregate query."""
    rows = Participant.objects.filter(
        state=Participant.State.CONFIRMED, days__isnull=False
    ).exclude(event__status=Event.Status.CANCELLED)
    if years:
        rows = rows.filter(event__starts_on__year__in=list(years))
    if kind:
        rows = rows.filter(event__kind=kind)
    counted = (
        rows.values_list(
            "event__starts_on__year",
            "country__iso_code",
            "country__name_es",
            "country__name_en",
            "profile",
        )
        .annotate(n=Count("pk", distinct=True))
        .order_by("event__starts_on__year", "country__iso_code", "profile")
    )
    english = _english()
    return [
        ParticipationCount(
            year=year,
            country_iso=iso or "",
            country_name=(name_en if english else name_es) or "",
            profile=profile,
            participants=n,
        )
        for year, iso, name_es, name_en, profile, n in counted
    ]


@dataclass
class ParticipationRow:
    year: int
    country_iso: str
    country_name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


PROFILES = [value for value, _label in Participant.Profile.choices]
PROFILE_LABELS = [label for _value, label in Participant.Profile.choices]  # lazy: any language


def participation_table(counts: list[ParticipationCount]) -> list[ParticipationRow]:
    """The counts as rows year × country with one column per profile (PROFILES' order)."""
    rows: dict[tuple[int, str], ParticipationRow] = {}
    for c in counts:
        row = rows.setdefault(
            (c.year, c.country_iso),
            ParticipationRow(c.year, c.country_iso, c.country_name, [0] * len(PROFILES)),
        )
        row.counts[PROFILES.index(c.profile)] += c.participants
    return list(rows.values())


def participants_by_country_and_profile(event: Event) -> list[ParticipationRow]:
    """One event's confirmed participants per country (or actors, under none) × profile."""
    counted = (
        Participant.objects.filter(event=event, state=Participant.State.CONFIRMED)
        .values_list("country__iso_code", "country__name_es", "country__name_en", "profile")
        .annotate(n=Count("pk"))
        .order_by("country__iso_code", "profile")
    )
    english = _english()
    return participation_table(
        [
            ParticipationCount(
                event.starts_on.year, iso or "", (en if english else es) or "", profile, n
            )
            for iso, es, en, profile, n in counted
        ]
    )


# --- The POA indicator "Plan y Presupuesto" (POA 2018, 3.1.1.1) ----------------------------

PLAN_AND_BUDGET_WORDING = "Plan y Presupuesto"
EXPLAIN_PLAN_AND_BUDGET = _(
    "Counts the events linked to this activity that have a plan and budget, by semester of "
    "the event's first day: at least one budget line, and commitments of money (pledged or "
    "received; withdrawn ones and those in kind aside) that cover the planned total in each "
    "currency of the budget — amounts are never converted between currencies. Cancelled "
    "events do not count."
)


def _english() -> bool:
    return (get_language() or "es").startswith("en")


def _semester(month: int) -> int:
    return 1 if month <= 6 else 2


def plan_and_budget_by_activity(activity_ids: list[int]) -> dict[int, dict[tuple[int, int], int]]:
    """Per POA activity, its events with a plan and budget per (year, semester) of their
    first day. One query: the planned total per event and currency, with the money
    committed in that event and currency beside it."""
    committed = (
        FundingCommitment.objects.filter(
            event=OuterRef("event"),
            currency=OuterRef("currency"),
            kind=FundingCommitment.Kind.MONEY,
            status__in=MONEY_COUNTS,
        )
        .values("event")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    rows = (
        BudgetLine.objects.filter(event__activity_id__in=activity_ids)
        .exclude(event__status=Event.Status.CANCELLED)
        .values_list("event_id", "event__activity_id", "event__starts_on", "currency")
        .annotate(
            planned=Sum("planned"),
            committed=Coalesce(
                Subquery(committed, output_field=AMOUNT),
                Value(ZERO),
                output_field=AMOUNT,
            ),
        )
        .order_by()
    )
    covered: dict[int, bool] = {}
    facts: dict[int, tuple[int, int, int]] = {}
    for event_id, activity_id, first_day, _currency, planned, money in rows:
        covered[event_id] = covered.get(event_id, True) and money >= planned
        facts[event_id] = (activity_id, first_day.year, _semester(first_day.month))
    out: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    for event_id, ok in covered.items():
        if ok:
            activity_id, year, semester = facts[event_id]
            out[activity_id][(year, semester)] += 1
    return {activity: dict(counts) for activity, counts in out.items()}


def activity_indicator_sources() -> list[ActivitySource]:
    """What events measures of the POA activities' indicators (plans.activity_indicators.
    activity_measures asks for it through EventsConfig, without importing events).

    Not measured: 2.1.3.2's "Número de minutos o reportes de la sesión de socialización" is
    the first line of a two-line indicator (the second, "Número de protocolos revisados y
    adecuados", asks for something the events do not record); a source matches an
    indicator's whole wording, so counting the national sessions would answer both lines
    with one number."""
    return [
        ActivitySource(
            key="events_plan_and_budget",
            wording=PLAN_AND_BUDGET_WORDING,
            label=str(_("Events with a plan and budget")),
            explanation=str(EXPLAIN_PLAN_AND_BUDGET),
            count=plan_and_budget_by_activity,
        )
    ]


__all__ = [
    "BudgetFlags",
    "BudgetSection",
    "BudgetSummary",
    "CurrencyTotals",
    "LineRow",
    "PROFILES",
    "PROFILE_LABELS",
    "ParticipationCount",
    "ParticipationRow",
    "activity_indicator_sources",
    "budget_flags",
    "budget_lines",
    "budget_section",
    "budget_summary",
    "budget_totals",
    "commitments",
    "expenses",
    "in_kind_commitments",
    "participants_by_country_and_profile",
    "participation",
    "participation_table",
    "plan_and_budget_by_activity",
]
