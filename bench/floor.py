"""The floor of the load benchmark (issue #8): bare Django views that return the same rows
as /api/v1/plan/ and /api/v1/progress/ straight from .values() as JSON — no DRF, no
authentication, no throttling, no serializers, no weighting. The API's figures are read as
a ratio to these."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, Count, Q
from django.http import JsonResponse

from monitoring.models import ProgressEntry, ReportingPeriod
from plans.models import (
    Activity,
    Axis,
    ExpectedResult,
    Indicator,
    IndicatorMeasurement,
    PlanStatement,
    StrategicObjective,
    StrategicPlan,
)


def _children(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.pop(key)].append(row)
    return grouped


def plan(request):
    """The plan tree in 7 queries, nested in Python."""
    measurements = _children(
        list(
            IndicatorMeasurement.objects.order_by("year").values(
                "indicator_id", "id", "year", "value", "country__iso_code", "source", "note"
            )
        ),
        "indicator_id",
    )
    indicators = list(
        Indicator.objects.order_by("position").values(
            "result_id",
            "id",
            "position",
            "text",
            "kind",
            "unit",
            "baseline",
            "target_2027",
            "measure",
        )
    )
    for row in indicators:
        row["measurements"] = measurements.get(row["id"], [])
    indicators = _children(indicators, "result_id")
    results = list(
        ExpectedResult.objects.order_by("position").values(
            "objective_id", "id", "code", "position", "text"
        )
    )
    for row in results:
        row["indicators"] = indicators.get(row["id"], [])
    results = _children(results, "objective_id")
    objectives = list(
        StrategicObjective.objects.order_by("position").values(
            "axis_id", "id", "code", "position", "text", "weight"
        )
    )
    for row in objectives:
        row["results"] = results.get(row["id"], [])
    objectives = _children(objectives, "axis_id")
    axes = list(
        Axis.objects.order_by("number").values(
            "plan_id", "id", "number", "name", "definition", "weight"
        )
    )
    for row in axes:
        row["objectives"] = objectives.get(row["id"], [])
    axes = _children(axes, "plan_id")
    statements = _children(
        list(
            PlanStatement.objects.order_by("kind", "position").values(
                "plan_id", "kind", "position", "name", "description"
            )
        ),
        "plan_id",
    )
    plans = list(
        StrategicPlan.objects.order_by("-start_year").values(
            "id", "name", "start_year", "end_year", "vision", "mission", "general_objective"
        )
    )
    for row in plans:
        row["statements"] = statements.get(row["id"], [])
        row["axes"] = axes.get(row["id"], [])
    return JsonResponse({"count": len(plans), "results": plans})


def progress(request):
    """Per activity of the period's POA: the mean % of the approved reports and the plan,
    in 3 queries (period, activities, one aggregate) — the rows the weighting starts from."""
    period = (
        ReportingPeriod.objects.filter(
            poa__year=request.GET.get("year", 2018), semester=request.GET.get("semester", 1)
        )
        .values("id", "poa_id", "semester")
        .first()
    )
    if period is None:
        return JsonResponse({"count": 0, "results": []})
    counted = Q(report__status="approved", progress__isnull=False)
    figures = {
        row["activity_id"]: row
        for row in ProgressEntry.objects.filter(report__period_id=period["id"])
        .values("activity_id")
        .annotate(mean=Avg("progress", filter=counted), reported=Count("pk", filter=counted))
        .order_by()
    }
    rows = list(
        Activity.objects.filter(operational_objective__poa_id=period["poa_id"]).values(
            "id",
            "code",
            "description",
            "semester_1",
            "semester_2",
            "weight",
            "operational_objective__code",
        )
    )
    for row in rows:
        figure = figures.get(row["id"], {})
        row["achieved"] = figure.get("mean")
        row["reported"] = figure.get("reported", 0)
    return JsonResponse({"count": len(rows), "results": rows})
