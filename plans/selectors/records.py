"""Reads of the plan's evidence records (issue #6): instruments with their derived stage,
good practices and replications, actors, alliances, joint actions, what awaits validation,
and the validated records each indicator is computed from (same rules as plans.indicators)."""

from __future__ import annotations

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from plans.indicators import counted_replications
from plans.models import (
    Actor,
    ActorKind,
    Alliance,
    GoodPractice,
    Indicator,
    InstrumentStage,
    JointAction,
    PlanInstrument,
    Replication,
    Scope,
)


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
