"""Reads of the plan and the POAs. The tree and the matrix are fetched with a fixed number of
queries (Prefetch objects), whatever the number of objectives, results or activities."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from common.cache import history_stamp
from members.models import Country, NationalBody, Office, User
from plans.indicators import counted_replications
from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Actor,
    ActorKind,
    Alliance,
    Axis,
    ExpectedResult,
    GoodPractice,
    Indicator,
    IndicatorMeasurement,
    InstrumentStage,
    JointAction,
    OperationalObjective,
    PlanInstrument,
    PlanStatement,
    Replication,
    Scope,
    StrategicObjective,
    StrategicPlan,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


# --- Weights -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A child's weight as stored (None = equal share) and its effective share in percent."""

    weight: Decimal | None
    share: Decimal
    is_default: bool


def effective_shares(items: Sequence) -> dict[int, Share]:
    """Effective shares of siblings (SPEC §4: "default: equal weights"; §IX weighted results).

    - every weight empty: equal split (100 / n each);
    - some weights set: the set ones keep their value and the empty ones share what is left
      of 100 equally (nothing if the set ones already reach 100);
    - if the result does not add up to 100 (weights edited outside weights_set), shares are
      rescaled proportionally so weighted means stay means; weights_valid() tells the UI.
    """
    if not items:
        return {}
    explicit = sum((i.weight for i in items if i.weight is not None), Decimal(0))
    empty = [i for i in items if i.weight is None]
    rest = max(Decimal(0), HUNDRED - explicit)
    raw = {
        i.pk: (i.weight if i.weight is not None else rest / len(empty) if empty else Decimal(0))
        for i in items
    }
    total = sum(raw.values(), Decimal(0))
    if total == 0:
        raw = {pk: Decimal(1) for pk in raw}
        total = Decimal(len(raw))
    return {
        i.pk: Share(
            weight=i.weight,
            share=(raw[i.pk] * HUNDRED / total).quantize(CENT, rounding=ROUND_HALF_UP),
            is_default=i.weight is None,
        )
        for i in items
    }


def weights_valid(items: Iterable) -> bool:
    """True when siblings' weights are all empty (equal split) or all set and sum to 100."""
    weights = [i.weight for i in items]
    if all(w is None for w in weights):
        return True
    return all(w is not None for w in weights) and sum(weights) == HUNDRED


def _attach_shares(items: list) -> list:
    shares = effective_shares(items)
    for item in items:
        item.share = shares[item.pk]
    return items


# --- The strategic plan ------------------------------------------------------------------


def plan_current() -> StrategicPlan | None:
    """The plan in force: the one that starts last (there is one, 2018–2027, today)."""
    return StrategicPlan.objects.order_by("-start_year").first()


def _indicators_qs() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("position")


def _objectives_qs() -> QuerySet[StrategicObjective]:
    results = ExpectedResult.objects.order_by("position").prefetch_related(
        Prefetch("indicators", queryset=_indicators_qs())
    )
    return StrategicObjective.objects.order_by("position").prefetch_related(
        Prefetch("results", queryset=results)
    )


def plan_tree(*, plan: StrategicPlan) -> StrategicPlan:
    """The plan with its statements and the tree axes → objectives → results → indicators,
    each axis and objective carrying `.share` (effective weight). Six queries in all."""
    plan = (
        StrategicPlan.objects.filter(pk=plan.pk)
        .prefetch_related(
            Prefetch("statements", queryset=PlanStatement.objects.order_by("kind", "position")),
            Prefetch(
                "axes",
                queryset=Axis.objects.order_by("number").prefetch_related(
                    Prefetch("objectives", queryset=_objectives_qs())
                ),
            ),
        )
        .get()
    )
    axes = _attach_shares(list(plan.axes.all()))
    for axis in axes:
        _attach_shares(list(axis.objectives.all()))
    plan.axis_list = axes
    plan.axes_weights_valid = weights_valid(axes)
    statements = list(plan.statements.all())
    plan.value_statements = [s for s in statements if s.kind == PlanStatement.Kind.VALUE]
    plan.principles = [s for s in statements if s.kind == PlanStatement.Kind.PRINCIPLE]
    plan.approaches = [s for s in statements if s.kind == PlanStatement.Kind.APPROACH]
    return plan


def axis_detail(*, plan: StrategicPlan, number: int) -> Axis:
    """One axis with its objectives, results and indicators, and each objective's
    operational objectives in the POAs (newest first). Constant number of queries."""
    opobjectives = (
        OperationalObjective.objects.select_related("poa")
        .order_by("-poa__year", "position")
        .prefetch_related(Prefetch("activities", queryset=Activity.objects.order_by("position")))
    )
    axis = (
        Axis.objects.filter(plan=plan, number=number)
        .select_related("plan")
        .prefetch_related(
            Prefetch(
                "objectives",
                queryset=_objectives_qs().prefetch_related(
                    Prefetch("operational_objectives", queryset=opobjectives)
                ),
            )
        )
        .get()
    )
    siblings = list(Axis.objects.filter(plan=plan))
    axis.share = effective_shares(siblings)[axis.pk]
    _attach_shares(list(axis.objectives.all()))
    return axis


def indicator_detail(*, pk: int) -> Indicator:
    measurements = IndicatorMeasurement.objects.select_related("country").order_by(
        "year", "country__name_es"
    )
    return (
        Indicator.objects.select_related("result__objective__axis__plan")
        .prefetch_related(Prefetch("measurements", queryset=measurements))
        .get(pk=pk)
    )


# --- POAs --------------------------------------------------------------------------------


def poa_list(*, user: User | None = None) -> QuerySet[POA]:
    """POAs a user may read: approved ones for everybody (the ST publishes them, §VIII ST 2),
    drafts for signed-in members of the coalition."""
    qs = POA.objects.select_related("plan").order_by("-year")
    if user is None or not user.is_authenticated:
        qs = qs.filter(status=POA.Status.APPROVED)
    return qs


def poa_can_view(*, user: User, poa: POA) -> bool:
    return poa.is_approved or bool(user and user.is_authenticated)


def _responsibles_qs() -> QuerySet[ActivityResponsible]:
    return ActivityResponsible.objects.select_related("committee", "national_body").order_by("pk")


def _activities_qs() -> QuerySet[Activity]:
    return (
        Activity.objects.order_by("position")
        .select_related("continues__operational_objective__poa")
        .prefetch_related(Prefetch("responsibles", queryset=_responsibles_qs()))
    )


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


@dataclass
class MatrixGroup:
    """A strategic objective of the matrix with its operational objectives (source layout:
    an axis heading, the strategic objective, then the table)."""

    axis: Axis
    objective: StrategicObjective
    operational_objectives: list[OperationalObjective] = field(default_factory=list)


# What the POA pages show: the plan's tree, the activities and their responsibles.
POA_PAGE_MODELS = (
    StrategicPlan,
    Axis,
    StrategicObjective,
    POA,
    OperationalObjective,
    Activity,
    ActivityResponsible,
    NationalBody,
    Office,
    Country,
)


def poa_stamp() -> str:
    """Moves with any change to what the POA pages show (common.cache: one query)."""
    return history_stamp(POA_PAGE_MODELS)


def poa_matrix(
    *, poa: POA, axis_number: int | None = None, responsible: str | None = None
) -> list[MatrixGroup]:
    """The POA matrix (objective | activity | goal | indicator | responsible | I | II),
    optionally filtered by axis and by responsible. Three queries whatever the size: the
    operational objectives (with their strategic objective and axis), the activities, and
    their responsibles. Shares are computed among all siblings, before filtering."""
    activities = _activities_qs()
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
    weight_rows = Activity.objects.filter(operational_objective__poa=poa).values_list(
        "pk", "operational_objective_id", "weight"
    )
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
        _attach_shares(siblings)
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
    national bodies" (all of them) or to this body by name."""
    return poa_activities(poa=poa).filter(
        pk__in=Activity.objects.filter(responsible_q(f"body:{body.pk}")).values("pk")
    )


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


def weight_children(*, parent, poa: POA | None = None) -> list:
    """The siblings a weight form edits: axes of a plan, strategic objectives of an axis,
    operational objectives of a strategic objective within one POA, activities of an
    operational objective."""
    if isinstance(parent, StrategicPlan):
        return list(parent.axes.order_by("number"))
    if isinstance(parent, Axis):
        return list(parent.objectives.order_by("position"))
    if isinstance(parent, StrategicObjective):
        if poa is None:
            raise ValueError("poa is required for operational objectives")
        return list(parent.operational_objectives.filter(poa=poa).order_by("position"))
    if isinstance(parent, OperationalObjective):
        return list(parent.activities.order_by("position"))
    raise TypeError(type(parent).__name__)


# --- Plan evidence records (issue #6) -------------------------------------------------------


def _stage_annotations() -> dict:
    """The stage an instrument has reached today: among all its dated stages (what the
    registering country says) and among the validated ones (what counts)."""
    today = timezone.localdate()
    return {
        "current_stage": Max("stages__stage", filter=Q(stages__date__lte=today)),
        "validated_stage": Max(
            "stages__stage",
            filter=Q(stages__date__lte=today, stages__validated_at__isnull=False),
        ),
        "pending_stages": Count("stages", filter=Q(stages__validated_at__isnull=True)),
    }


def instrument_list() -> QuerySet[PlanInstrument]:
    """Instruments with their country, indicator and derived stage, in one query."""
    return (
        PlanInstrument.objects.select_related("country", "indicator__result")
        .annotate(**_stage_annotations())
        .order_by("kind", "country__name_es", "title", "pk")
    )


def instrument_detail(*, pk: int) -> PlanInstrument:
    stages = InstrumentStage.objects.select_related("registered_by", "validated_by").order_by(
        "stage"
    )
    return (
        PlanInstrument.objects.select_related(
            "country", "indicator__result", "result", "registered_by", "validated_by"
        )
        .annotate(**_stage_annotations())
        .prefetch_related(Prefetch("stages", queryset=stages))
        .get(pk=pk)
    )


def good_practice_list() -> QuerySet[GoodPractice]:
    """Practices with their axis and the number of validated replications (one query)."""
    return (
        GoodPractice.objects.select_related("country", "axis")
        .annotate(
            replication_count=Count(
                "replications", filter=Q(replications__validated_at__isnull=False)
            ),
            pending_replications=Count(
                "replications", filter=Q(replications__validated_at__isnull=True)
            ),
        )
        .order_by("title", "pk")
    )


def good_practice_detail(*, pk: int) -> GoodPractice:
    replications = Replication.objects.select_related(
        "country", "registered_by", "validated_by"
    ).order_by("date", "pk")
    return (
        GoodPractice.objects.select_related("country", "axis", "registered_by", "validated_by")
        .prefetch_related(Prefetch("replications", queryset=replications))
        .get(pk=pk)
    )


def actor_list() -> QuerySet[Actor]:
    return (
        Actor.objects.select_related("country", "parent")
        .annotate(alliance_count=Count("alliances", distinct=True))
        .order_by("name", "pk")
    )


def actor_detail(*, pk: int) -> Actor:
    return (
        Actor.objects.select_related("country", "parent", "registered_by")
        .prefetch_related(
            Prefetch("alliances", queryset=Alliance.objects.select_related("country")),
            Prefetch("joint_actions", queryset=JointAction.objects.select_related("country")),
            Prefetch("children", queryset=Actor.objects.order_by("name")),
        )
        .get(pk=pk)
    )


def alliance_list() -> QuerySet[Alliance]:
    return Alliance.objects.select_related("actor", "country").order_by("-start_date", "pk")


def alliance_detail(*, pk: int) -> Alliance:
    return Alliance.objects.select_related("actor", "country", "registered_by", "validated_by").get(
        pk=pk
    )


def joint_action_list() -> QuerySet[JointAction]:
    return (
        JointAction.objects.select_related("country")
        .prefetch_related(Prefetch("actors", queryset=Actor.objects.order_by("name")))
        .order_by("-date", "pk")
    )


def joint_action_detail(*, pk: int) -> JointAction:
    return (
        JointAction.objects.select_related("country", "registered_by", "validated_by")
        .prefetch_related(Prefetch("actors", queryset=Actor.objects.order_by("name")))
        .get(pk=pk)
    )


def records_awaiting_validation() -> dict[str, int]:
    """What the ST has to look at (one query per kind of record, six in all)."""
    models = {
        "instruments": PlanInstrument,
        "stages": InstrumentStage,
        "practices": GoodPractice,
        "replications": Replication,
        "alliances": Alliance,
        "joint_actions": JointAction,
    }
    return {
        key: model.objects.filter(validated_at__isnull=True).count()
        for key, model in models.items()
    }


# The validated records an indicator is computed from (the indicator page lists them with a
# link to their evidence). Same rules as plans.indicators.


def indicator_instruments(*, indicator: Indicator) -> QuerySet[PlanInstrument]:
    national = indicator.instrument_scope == Scope.NATIONAL
    stages = InstrumentStage.objects.filter(validated_at__isnull=False).order_by("stage")
    return (
        PlanInstrument.objects.filter(
            indicator=indicator,
            kind=indicator.instrument_kind,
            validated_at__isnull=False,
            country__isnull=not national,
        )
        .select_related("country")
        .prefetch_related(Prefetch("stages", queryset=stages, to_attr="validated_stages"))
        .order_by("country__name_es", "title", "pk")
    )


def indicator_good_practices() -> QuerySet[GoodPractice]:
    counted = counted_replications()
    return (
        GoodPractice.objects.filter(
            validated_at__isnull=False, pk__in=counted.values("practice_id")
        )
        .select_related("country", "axis")
        .prefetch_related(
            Prefetch(
                "replications",
                queryset=counted.select_related("country").order_by("date"),
                to_attr="counted_replications",
            )
        )
        .order_by("title", "pk")
    )


def indicator_alliances() -> QuerySet[Alliance]:
    return (
        Alliance.objects.filter(
            validated_at__isnull=False,
            status__in=Alliance.COUNTED_STATUSES,
            actor__kind=ActorKind.REGIONAL_SPACE,
        )
        .select_related("actor", "country")
        .order_by("-start_date", "pk")
    )


def indicator_joint_actions() -> QuerySet[JointAction]:
    with_regional_space = JointAction.objects.filter(actors__kind=ActorKind.REGIONAL_SPACE).values(
        "pk"
    )
    return (
        JointAction.objects.filter(validated_at__isnull=False, pk__in=with_regional_space)
        .select_related("country")
        .prefetch_related(Prefetch("actors", queryset=Actor.objects.order_by("name")))
        .order_by("-date", "pk")
    )


def indicator_records(*, indicator: Indicator) -> QuerySet | None:
    """The validated records behind an indicator measured in plans (None for the others)."""
    measure = Indicator.Measure
    if indicator.measure == measure.INSTRUMENT_STAGE:
        return indicator_instruments(indicator=indicator)
    if indicator.measure == measure.GOOD_PRACTICES_REPLICATED:
        return indicator_good_practices()
    if indicator.measure == measure.ALLIANCES_REGIONAL_SPACES:
        return indicator_alliances()
    if indicator.measure == measure.JOINT_ACTIONS_REGIONAL_SPACES:
        return indicator_joint_actions()
    return None
