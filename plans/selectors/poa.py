"""Reads of the Annual Operating Plans: which POAs a user may read, the matrix (filtered by
axis or responsible, with effective shares), activities and whom they concern. The matrix is
fetched with three queries whatever its size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.cache import history_stamp
from members.models import Country, NationalBody, Office, User
from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Axis,
    ExpectedResult,
    Indicator,
    IndicatorMeasurement,
    OperationalObjective,
    PlanStatement,
    POAAxisWeight,
    POAObjectiveWeight,
    POAReopening,
    StrategicObjective,
    StrategicPlan,
)
from plans.selectors.weights import Share, attach_shares, effective_shares


def poa_list(*, user: User | None = None) -> QuerySet[POA]:
    """POAs a user may read: approved ones for everybody (the ST publishes them, §VIII ST 2),
    drafts for signed-in members of the coalition only (never for partner agencies: a
    draft is not official, issue 17)."""
    qs = POA.objects.select_related("plan").order_by("-year")
    if not may_read_draft_poas(user):
        qs = qs.filter(status=POA.Status.APPROVED)
    return qs


def may_read_draft_poas(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.role != User.Role.PARTNER)


def poa_can_view(*, user: User, poa: POA) -> bool:
    return poa.is_approved or may_read_draft_poas(user)


def _responsibles_qs() -> QuerySet[ActivityResponsible]:
    return ActivityResponsible.objects.select_related("committee", "national_body").order_by("pk")


def _activities_qs(*, responsibles: bool = True) -> QuerySet[Activity]:
    activities = Activity.objects.order_by("position").select_related(
        "continues__operational_objective__poa"
    )
    if responsibles:
        activities = activities.prefetch_related(
            Prefetch("responsibles", queryset=_responsibles_qs())
        )
    return activities


def _responsible_names(poa: POA) -> dict[int, str]:
    """Each activity's responsibles as the matrix writes them ("CNCTP, Presidencia"), from
    one `.values_list()` query: a 10× POA has 1,000 of them, which as prefetched model
    instances were a third of the matrix's selector (issue 24)."""
    kinds = {kind: str(label) for kind, label in ActivityResponsible.Kind.choices}
    names: dict[int, list[str]] = {}
    rows = (
        ActivityResponsible.objects.filter(activity__operational_objective__poa=poa)
        .order_by("pk")
        .values_list("activity_id", "kind", "committee__name", "national_body__acronym")
    )
    for activity_id, kind, committee, body in rows:
        name = ActivityResponsible.name_of(
            kind, committee=committee or "", body=body or "", kind_labels=kinds
        )
        names.setdefault(activity_id, []).append(name)
    return {activity_id: ", ".join(each) for activity_id, each in names.items()}


def responsible_q(token: str, prefix: str = "") -> Q:
    """Activities whose responsibles match a filter token: a kind ("presidency", ...),
    "committee:<pk>" or "body:<pk>" (a body is concerned by "all national bodies" too)."""
    r = f"{prefix}responsibles__"
    kinds = ActivityResponsible.Kind
    if token.startswith("body:"):
        pk = token.split(":", 1)[1]
        return Q(**{f"{r}kind": kinds.NATIONAL_BODIES}) | Q(
            **{f"{r}kind": kinds.NATIONAL_BODY, f"{r}national_body_id": pk}
        )
    if token.startswith("committee:"):
        return Q(**{f"{r}kind": kinds.COMMITTEE, f"{r}committee_id": token.split(":", 1)[1]})
    return Q(**{f"{r}kind": token})


# The columns of the POA matrix (003 §X) as its exports head them: the POA page's CSV/Excel
# export and the accountability report's annex workbook.
POA_MATRIX_COLUMNS = (
    _("Axis"),
    _("Strategic objective"),
    _("Operational objective"),
    _("Code"),
    _("Activity"),
    _("Goal"),
    _("Indicator"),
    _("Responsible"),
    _("Semester I (%)"),
    _("Semester II (%)"),
    _("Weight (%)"),
)


@dataclass
class MatrixGroup:
    """A strategic objective of the matrix with its operational objectives (source layout:
    an axis heading, the strategic objective, then the table)."""

    axis: Axis
    objective: StrategicObjective
    operational_objectives: list[OperationalObjective] = field(default_factory=list)


# What the POA pages show: the plan's tree, the activities and their responsibles, and the
# POA's own axis and objective weights (the results read them too).
POA_PAGE_MODELS = (
    StrategicPlan,
    Axis,
    StrategicObjective,
    POA,
    POAAxisWeight,
    POAObjectiveWeight,
    OperationalObjective,
    Activity,
    ActivityResponsible,
    NationalBody,
    Office,
    Country,
)


# What the API's plan tree shows (plans.apis.PlanViewSet): the plan, its statements and
# tree, the indicators' measurements and the countries they name.
PLAN_TREE_MODELS = (
    StrategicPlan,
    PlanStatement,
    Axis,
    StrategicObjective,
    ExpectedResult,
    Indicator,
    IndicatorMeasurement,
    Country,
)


def plan_tree_stamp() -> str:
    """Moves with any change to the plan tree the API serves (common.cache: one query)."""
    return history_stamp(PLAN_TREE_MODELS)


def poa_stamp() -> str:
    """Moves with any change to what the POA pages show (common.cache: one query)."""
    return history_stamp(POA_PAGE_MODELS)


def poa_matrix(
    *, poa: POA, axis_number: int | None = None, responsible: str | None = None
) -> list[MatrixGroup]:
    """The POA matrix (objective | activity | goal | indicator | responsible | I | II),
    optionally filtered by axis and by responsible. Three queries whatever the size: the
    operational objectives (with their strategic objective and axis), the activities and
    their responsibles' names (`responsible_names` on each activity); filtered by
    responsible, a fourth reads every activity's weight, since shares are computed among all
    siblings, before filtering."""
    activities = _activities_qs(responsibles=False)
    if responsible:
        ids = Activity.objects.filter(
            responsible_q(responsible), operational_objective__poa=poa
        ).values("pk")
        activities = activities.filter(pk__in=ids)
    ops = (
        OperationalObjective.objects.filter(poa=poa)
        .select_related("strategic_objective__axis")
        .order_by("strategic_objective__axis__number", "strategic_objective__position", "position")
        .prefetch_related(Prefetch("activities", queryset=activities, to_attr="activity_list"))
    )
    if axis_number:
        ops = ops.filter(strategic_objective__axis__number=axis_number)
    ops = list(ops)
    if responsible:  # some activities left out: their siblings' weights read apart
        weight_rows: Iterable[tuple[int, int, Decimal | None]] = Activity.objects.filter(
            operational_objective__poa=poa
        ).values_list("pk", "operational_objective_id", "weight")
    else:  # each operational objective shown with all its activities: their weights are here
        weight_rows = [(a.pk, op.pk, a.weight) for op in ops for a in op.activity_list]
    _attach_activity_shares(ops, weight_rows)
    groups: dict[int, MatrixGroup] = {}
    by_objective: dict[int, list[OperationalObjective]] = {}
    for op in ops:
        by_objective.setdefault(op.strategic_objective_id, []).append(op)
    for op in ops:
        if responsible and not op.activity_list:
            continue
        so = op.strategic_objective
        group = groups.setdefault(so.pk, MatrixGroup(axis=so.axis, objective=so))
        group.operational_objectives.append(op)
    for siblings in by_objective.values():
        attach_shares(siblings)
    names = _responsible_names(poa)
    for op in ops:
        for activity in op.activity_list:
            activity.responsible_names = names.get(activity.pk, "")
    return list(groups.values())


@dataclass(frozen=True)
class _W:
    pk: int
    weight: Decimal | None


def _attach_activity_shares(ops: list[OperationalObjective], weight_rows) -> None:
    siblings: dict[int, list[_W]] = {}
    for pk, op_id, weight in weight_rows:
        siblings.setdefault(op_id, []).append(_W(pk, weight))
    shares: dict[int, Share] = {}
    for rows in siblings.values():
        shares.update(effective_shares(rows))
    for op in ops:
        for activity in op.activity_list:
            activity.share = shares[activity.pk]


def poa_activity_count(*, poa: POA) -> int:
    return Activity.objects.filter(operational_objective__poa=poa).count()


def activity_detail(*, poa: POA, code: str) -> Activity:
    activity = (
        _activities_qs()
        .select_related("operational_objective__strategic_objective__axis")
        .prefetch_related(
            Prefetch(
                "continued_by",
                queryset=Activity.objects.select_related("operational_objective__poa"),
            )
        )
        .get(operational_objective__poa=poa, code=code)
    )
    siblings = list(Activity.objects.filter(operational_objective=activity.operational_objective))
    activity.share = effective_shares(siblings)[activity.pk]
    return activity


def poa_activities(*, poa: POA) -> QuerySet[Activity]:
    """Every activity of a POA in matrix order, with responsibles (for the copy form)."""
    return (
        _activities_qs()
        .filter(operational_objective__poa=poa)
        .select_related("operational_objective")
        .order_by("operational_objective__position", "position")
    )


def activities_for_body(*, poa: POA, body: NationalBody) -> QuerySet[Activity]:
    """Activities a national body reports on (SPEC §5): those the matrix gives to "the
    national bodies" (all of them: each country's principal body, NationalBodyQuerySet.
    principal — a second rector body would count its country twice) or to this body by
    name."""
    if body.is_principal:
        concerned = responsible_q(f"body:{body.pk}")
    else:
        concerned = Q(
            responsibles__kind=ActivityResponsible.Kind.NATIONAL_BODY,
            responsibles__national_body_id=body.pk,
        )
    return poa_activities(poa=poa).filter(pk__in=Activity.objects.filter(concerned).values("pk"))


def activities_by_body(*, poa: POA, bodies: Iterable[NationalBody]) -> dict[int, set[int]]:
    """activities_for_body for many bodies at once (one query): per body's pk, the ids of
    the POA's activities it reports on."""
    kinds = ActivityResponsible.Kind
    everyone: set[int] = set()
    named: dict[int, set[int]] = {}
    for activity_id, kind, body_id in ActivityResponsible.objects.filter(
        activity__operational_objective__poa=poa,
        kind__in=[kinds.NATIONAL_BODIES, kinds.NATIONAL_BODY],
    ).values_list("activity_id", "kind", "national_body_id"):
        if kind == kinds.NATIONAL_BODIES:
            everyone.add(activity_id)
        elif body_id is not None:
            named.setdefault(body_id, set()).add(activity_id)
    return {
        body.pk: (everyone | named.get(body.pk, set()))
        if body.is_principal
        else set(named.get(body.pk, ()))
        for body in bodies
    }


def regional_activities(*, poa: POA) -> QuerySet[Activity]:
    """Activities only regional organs are responsible for (Plenary, Presidency, ST, Petit
    Comité, committees): ST reports them for the region (SPEC §5)."""
    national = Activity.objects.filter(
        responsibles__kind__in=[
            ActivityResponsible.Kind.NATIONAL_BODIES,
            ActivityResponsible.Kind.NATIONAL_BODY,
        ]
    ).values("pk")
    return (
        poa_activities(poa=poa)
        .filter(responsibles__isnull=False)
        .exclude(pk__in=national)
        .distinct()
    )


def planned_cumulative(*, activity: Activity, semester: int) -> int:
    """See Activity.planned_cumulative (end of semester I = s1 or 0; end of year =
    min(100, s1 + s2))."""
    return activity.planned_cumulative(semester)


# --- The POA's lock (issue 17, "locked means locked") ----------------------------------------


def poa_open_reopening(*, poa: POA) -> POAReopening | None:
    """The POA's reopening in progress, if any."""
    return POAReopening.objects.filter(poa=poa, closed_at__isnull=True).first()


def poa_is_editable(*, poa: POA) -> bool:
    """Whether the POA's weights and semester targets may change: it is not locked (no
    reporting period of it was closed), or the ST has reopened it (plans.services.
    ensure_poa_editable refuses the rest with code poa_locked)."""
    return not poa.is_locked or poa_open_reopening(poa=poa) is not None


@dataclass(frozen=True)
class PoaLockState:
    """What the POA page shows the ST about the lock: since when it is locked, the reopening
    in progress and every reopening with its reason, and which buttons apply."""

    poa: POA
    reopenings: list[POAReopening]

    @property
    def is_locked(self) -> bool:
        return self.poa.is_locked

    @property
    def open_reopening(self) -> POAReopening | None:
        return next((r for r in self.reopenings if r.is_open), None)

    @property
    def is_editable(self) -> bool:
        return not self.is_locked or self.open_reopening is not None

    @property
    def can_reopen(self) -> bool:
        return self.is_locked and self.open_reopening is None

    @property
    def can_relock(self) -> bool:
        return self.open_reopening is not None


def poa_lock_state(*, poa: POA) -> PoaLockState:
    """The POA's lock and its reopening history, newest first (one query)."""
    reopenings = list(
        POAReopening.objects.filter(poa=poa)
        .select_related("opened_by", "closed_by")
        .order_by("-opened_at", "-pk")
    )
    return PoaLockState(poa=poa, reopenings=reopenings)
