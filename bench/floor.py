"""The floor of the benchmarks (issues #8, 24): bare Django views that return the same rows
as the API (/api/v1/plan/, /api/v1/progress/) and the pages (the POA matrix, the meeting
page, the report form) straight from .values() as JSON — no DRF, no
authentication, no throttling, no serializers, no weighting. The API's figures are read as
a ratio to these."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Avg, Count, Q
from django.http import JsonResponse

from meetings.models import AgendaItem, Attendance, Invitation, Meeting, Motion, Vote
from monitoring.models import ProgressEntry, ReportingPeriod
from plans.models import (
    Activity,
    ActivityResponsible,
    Axis,
    ExpectedResult,
    Indicator,
    IndicatorMeasurement,
    OperationalObjective,
    PlanStatement,
    StrategicObjective,
    StrategicPlan,
)


def _children(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.pop(key)].append(row)
    return grouped


# The plan tree from the leaves up: (model, ordering, key of the parent, fields, what the
# level's rows are called in their parent's row). The fields are the API's (plans.apis).
TREE = [
    (
        IndicatorMeasurement,
        ["year"],
        "indicator_id",
        ("id", "year", "value", "country__iso_code", "source", "note"),
        "measurements",
    ),
    (
        Indicator,
        ["position"],
        "result_id",
        ("id", "position", "text", "kind", "unit", "baseline", "target_2027", "measure"),
        "indicators",
    ),
    (ExpectedResult, ["position"], "objective_id", ("id", "code", "position", "text"), "results"),
    (
        StrategicObjective,
        ["position"],
        "axis_id",
        ("id", "code", "position", "text", "weight"),
        "objectives",
    ),
    (Axis, ["number"], "plan_id", ("id", "number", "name", "definition", "weight"), "axes"),
]


def plan(request):
    """The plan tree in 7 queries, nested in Python."""
    below = {}
    for model, ordering, parent, fields, name in TREE:
        rows = list(model.objects.order_by(*ordering).values(parent, *fields))
        for row in rows:
            row.update({key: rows_of.get(row["id"], []) for key, rows_of in below.items()})
        below = {name: _children(rows, parent)}
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
        row["axes"] = below["axes"].get(row["id"], [])
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


def report_rows(request, pk: int):
    """The report form's floor (issue 24): one report's rows with their activity's code,
    description, goal and indicator and the row's figures, from one `.values()` query — no
    model instances, no forms, no template."""
    entries = ProgressEntry.objects.filter(report_id=pk)
    if request.GET.get("axis", "").isdigit():  # one page of a form filled an axis at a time
        entries = entries.filter(
            activity__operational_objective__strategic_objective__axis__number=request.GET["axis"]
        )
    rows = list(
        entries.order_by("activity__operational_objective__position", "activity__position").values(
            "id",
            "activity_id",
            "activity__code",
            "activity__description",
            "activity__goal",
            "activity__indicator",
            "activity__semester_1",
            "activity__semester_2",
            "progress",
            "goal_status",
            "justification",
            "status_override_reason",
            "decrease_reason",
        )
    )
    return JsonResponse({"count": len(rows), "results": rows})


def matrix(request, year: int):
    """The POA matrix's floor (issue 24): its operational objectives, activities and their
    responsibles from three `.values()` queries — no weights, no template."""
    ops = list(
        OperationalObjective.objects.filter(poa__year=year)
        .order_by("strategic_objective__axis__number", "strategic_objective__position", "position")
        .values(
            "id", "code", "text", "strategic_objective__code", "strategic_objective__axis__number"
        )
    )
    activities = _children(
        Activity.objects.filter(operational_objective__poa__year=year)
        .order_by("position")
        .values(
            "operational_objective_id",
            "id",
            "code",
            "description",
            "goal",
            "indicator",
            "semester_1",
            "semester_2",
            "weight",
        ),
        "operational_objective_id",
    )
    responsibles = _children(
        ActivityResponsible.objects.filter(activity__operational_objective__poa__year=year).values(
            "activity_id", "kind", "committee__name", "national_body__acronym"
        ),
        "activity_id",
    )
    for op in ops:
        op["activities"] = activities.get(op["id"], [])
        for activity in op["activities"]:
            activity["responsibles"] = responsibles.get(activity["id"], [])
    return JsonResponse({"count": len(ops), "results": ops})


def meeting(request, pk: int):
    """What the meeting page shows, as plain rows: no model instances, rules or template."""

    data = {
        "meeting": Meeting.objects.filter(pk=pk)
        .values("id", "title", "kind", "status", "starts_at", "ends_at", "city")
        .first(),
        "agenda": list(
            AgendaItem.objects.filter(meeting_id=pk)
            .order_by("order")
            .values("id", "order", "title", "kind", "presenter", "duration_minutes")
        ),
        "attendance": list(
            Attendance.objects.filter(meeting_id=pk).values(
                "id",
                "person__first_name",
                "person__last_name",
                "country__name_es",
                "observer_organisation__acronym",
                "capacity",
                "arrived_at",
                "left_at",
                "accredited_for_meeting",
            )
        ),
        "motions": list(
            Motion.objects.filter(agenda_item__meeting_id=pk).values(
                "id", "text", "state", "decision_method", "majority_rule"
            )
        ),
        "votes": list(
            Vote.objects.filter(motion__agenda_item__meeting_id=pk).values(
                "motion_id", "country__name_es", "choice"
            )
        ),
        "invitations": list(
            Invitation.objects.filter(meeting_id=pk).values(
                "id", "person__first_name", "person__last_name", "response", "email"
            )
        ),
    }
    return JsonResponse(data)
