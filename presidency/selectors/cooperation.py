"""Reads of the international cooperation (issue 22; 003 §VIII Presidency 4): the projects
with their filters, one project's page and its flags, the pipeline board, and the totals by
partner and year — per currency, never converted; only committed projects count (a proposal
is not yet a contribution; a declined or cancelled one never was).

The state rules of the pipeline (`next_stage`, `may_decline`, `may_cancel`) live here, read by
the services that move a project and by the page's flags, so a button and its service agree."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from events.models import FundingCommitment
from members.models import User
from presidency import permissions
from presidency.models import CooperationProject, ReportingDuty

Stage = CooperationProject.Stage
ZERO = Decimal("0.00")
BOARD_LIMIT = 20  # projects shown per column of the board; the count says how many in all


# --- The pipeline's rules ---------------------------------------------------------------------


def next_stage(project: CooperationProject) -> str | None:
    """The one stage a project may move forward to (None once ended or at its last step)."""
    pipeline = [stage.value for stage in CooperationProject.PIPELINE]
    if project.stage not in pipeline[:-1]:
        return None
    return pipeline[pipeline.index(project.stage) + 1]


def may_decline(project: CooperationProject) -> bool:
    """A request or proposal may be declined (by either side), nothing later."""
    return project.stage == Stage.PROPOSAL


def may_cancel(project: CooperationProject) -> bool:
    """A commitment, or a project in execution, may be cancelled."""
    return project.stage in (Stage.COMMITMENT, Stage.EXECUTION)


def is_ended(project: CooperationProject) -> bool:
    return project.stage in CooperationProject.ENDED


def final_reports_missing(project: CooperationProject) -> bool:
    """The pipeline closes only on a final report submitted: at least one duty of kind final,
    every one of them submitted."""
    finals = project.duties.filter(kind=ReportingDuty.Kind.FINAL)
    return not finals.exists() or finals.filter(status=ReportingDuty.Status.PENDING).exists()


# --- Lists and pages ------------------------------------------------------------------------


def project_list(
    *, partner: int | None = None, year: int | None = None, stage: str = ""
) -> QuerySet[CooperationProject]:
    """The projects, filtered, with what the list shows (partner, alliance, duties pending)."""
    projects = CooperationProject.objects.select_related("partner", "alliance").annotate(
        duties_pending=Count("duties", filter=Q(duties__status=ReportingDuty.Status.PENDING))
    )
    if partner:
        projects = projects.filter(partner_id=partner)
    if year:
        projects = projects.filter(year=year)
    if stage:
        projects = projects.filter(stage=stage)
    return projects.order_by("-year", "partner__name", "pk")


def project_for(user: User, pk: int) -> CooperationProject | None:
    """The project with everything its page shows, or None when missing or not readable."""
    if not permissions.can_read_cooperation(user):
        return None
    return (
        CooperationProject.objects.select_related("partner", "alliance__actor", "created_by")
        .prefetch_related(
            "activities__operational_objective__poa",
            "events",
            Prefetch(
                "funding_commitments",
                queryset=FundingCommitment.objects.select_related("event", "actor", "country"),
            ),
            "duties",
        )
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ProjectFlags:
    """What the user may do on the project's page (each the negation of a service refusal)."""

    can_edit: bool
    next_stage: str | None
    next_stage_label: str
    can_decline: bool
    can_cancel: bool
    can_manage_duties: bool

    @property
    def can_advance(self) -> bool:
        return self.next_stage is not None


def project_flags(*, user: User, project: CooperationProject) -> ProjectFlags:
    manager = permissions.can_manage_cooperation(user)
    open_ = manager and not is_ended(project)
    following = next_stage(project) if manager else None
    return ProjectFlags(
        can_edit=open_,
        next_stage=following,
        next_stage_label=str(Stage(following).label) if following else "",
        can_decline=manager and may_decline(project),
        can_cancel=manager and may_cancel(project),
        can_manage_duties=open_,
    )


@dataclass(frozen=True)
class DutyRow:
    """A reporting duty as the project's page shows it, with what the user may do on it."""

    duty: ReportingDuty
    pending: bool
    overdue: bool
    can_change: bool  # edit, mark submitted, remove


def duty_rows(*, user: User, project: CooperationProject) -> list[DutyRow]:
    """The project's duties (prefetched by project_for), by due date."""
    today = timezone.localdate()
    manager = permissions.can_manage_cooperation(user)
    rows = []
    for duty in project.duties.all():
        pending = duty.status == ReportingDuty.Status.PENDING
        rows.append(
            DutyRow(
                duty=duty,
                pending=pending,
                overdue=pending and duty.due_date < today,
                can_change=manager and pending and not is_ended(project),
            )
        )
    return rows


# --- The board --------------------------------------------------------------------------------


@dataclass
class BoardColumn:
    stage: str
    label: str
    count: int
    projects: list[CooperationProject] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.projects)


def pipeline_board(projects: QuerySet[CooperationProject] | None = None) -> list[BoardColumn]:
    """The projects grouped by stage, in the pipeline's order then the early ends: one column
    each with its count and its first BOARD_LIMIT projects (one query for the counts, one per
    column for its cards)."""
    projects = project_list() if projects is None else projects
    counts = dict(
        # distinct: the list's annotation joins the duties, one row per duty
        projects.order_by()
        .values_list("stage")
        .annotate(n=Count("pk", distinct=True))
        .values_list("stage", "n")
    )
    columns = []
    for stage in Stage:
        n = counts.get(stage.value, 0)
        cards = list(projects.filter(stage=stage.value)[:BOARD_LIMIT]) if n else []
        columns.append(
            BoardColumn(stage=stage.value, label=str(stage.label), count=n, projects=cards)
        )
    return columns


# --- Totals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """Committed money and in-kind contributions in one currency (never converted)."""

    currency: str
    committed: Decimal
    in_kind_count: int
    in_kind_value: Decimal


@dataclass(frozen=True)
class PartnerYearRow:
    partner_id: int
    partner: str
    year: int
    totals: list[Total]


@dataclass(frozen=True)
class YearRow:
    year: int
    totals: list[Total]


@dataclass(frozen=True)
class Totals:
    rows: list[PartnerYearRow]  # per partner and year, each with its currencies
    years: list[YearRow]  # per year, each with its currencies


def totals(year: int | None = None, *, years: list[int] | None = None) -> Totals:
    """Per partner and year, per currency: the money committed and the in-kind contributions
    (how many, their estimated value where known) of the projects committed or later
    (CooperationProject.COUNTED); then per year and currency. Of one `year`, of `years`, or
    of all. One query. The totals page and the biennial report both read it."""
    money, in_kind = CooperationProject.Kind.MONEY, CooperationProject.Kind.IN_KIND
    projects = CooperationProject.objects.filter(stage__in=CooperationProject.COUNTED)
    if year:
        projects = projects.filter(year=year)
    if years is not None:
        projects = projects.filter(year__in=years)
    grouped = (
        projects.order_by()
        .values("partner_id", "partner__name", "partner__acronym", "year", "currency")
        .annotate(
            committed=Sum("amount", filter=Q(kind=money)),
            in_kind_count=Count("pk", filter=Q(kind=in_kind)),
            in_kind_value=Sum("amount", filter=Q(kind=in_kind)),
        )
        .order_by("-year", "partner__name", "partner_id", "currency")
    )
    rows: dict[tuple[int, int], list[Total]] = {}
    names: dict[int, str] = {}
    by_year: dict[int, dict[str, list]] = defaultdict(dict)
    for g in grouped:
        total = Total(
            currency=g["currency"],
            committed=g["committed"] or ZERO,
            in_kind_count=g["in_kind_count"],
            in_kind_value=g["in_kind_value"] or ZERO,
        )
        key = (g["partner_id"], g["year"])
        rows.setdefault(key, []).append(total)
        acronym = g["partner__acronym"]
        names[g["partner_id"]] = (
            f"{g['partner__name']} ({acronym})" if acronym else g["partner__name"]
        )
        sums = by_year[g["year"]].setdefault(g["currency"], [ZERO, 0, ZERO])
        sums[0] += total.committed
        sums[1] += total.in_kind_count
        sums[2] += total.in_kind_value
    return Totals(
        rows=[
            PartnerYearRow(partner_id=p, partner=names[p], year=y, totals=t)
            for (p, y), t in rows.items()
        ],
        years=[
            YearRow(
                year=y,
                totals=[
                    Total(currency=c, committed=s[0], in_kind_count=s[1], in_kind_value=s[2])
                    for c, s in sorted(currencies.items())
                ],
            )
            for y, currencies in sorted(by_year.items(), reverse=True)
        ],
    )


def partner_year_choices() -> tuple[list[tuple[int, str]], list[int]]:
    """The partners that have a project and the years projects are for (the filters)."""
    partners = (
        CooperationProject.objects.order_by("partner__name")
        .values_list("partner_id", "partner__name")
        .distinct()
    )
    years = CooperationProject.objects.order_by("-year").values_list("year", flat=True).distinct()
    return list(partners), list(years)
