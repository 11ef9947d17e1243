"""Reads of the strategic plan: the plan in force, its tree with each level's effective
share, an axis with its POAs' operational objectives, an indicator with its measurements.
Each is fetched with a fixed number of queries (Prefetch objects)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from plans.models import (
    Activity,
    Axis,
    ExpectedResult,
    Indicator,
    IndicatorMeasurement,
    OperationalObjective,
    PlanStatement,
    StrategicObjective,
    StrategicPlan,
)
from plans.selectors.weights import attach_shares, effective_shares, weights_valid


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
    axes = attach_shares(list(plan.axes.all()))
    for axis in axes:
        attach_shares(list(axis.objectives.all()))
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
    attach_shares(list(axis.objectives.all()))
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
