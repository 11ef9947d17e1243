"""/api/v1/ endpoints of the plans (SPEC §4, §7): the Strategic Plan tree (axes →
strategic objectives → expected results → indicators with their measurements), the POAs,
their operational objectives and activities. Read-only; a fixed number of queries whatever
the size of the plan (Prefetch objects, asserted in tests/test_api_queries.py).

POAs are visible as plans.selectors.poa_list says: approved ones to everybody, drafts to
signed-in accounts."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from common.api.fields import decimal_number
from common.api.filters import SmallNumberFilter, YearFilter
from common.api.views import ApiReadOnlyViewSet
from common.cache import cached
from members.models import NationalBody
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
    StrategicObjective,
    StrategicPlan,
)
from plans.selectors import plan_tree_stamp, poa_list, responsible_q

# --- The plan tree ------------------------------------------------------------------------


class MeasurementSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso_code", read_only=True, allow_null=True)
    value = decimal_number(12)

    class Meta:
        model = IndicatorMeasurement
        fields = ["id", "year", "value", "country", "source", "note"]


class IndicatorSerializer(serializers.ModelSerializer):
    baseline = decimal_number(12, allow_null=True)
    target_2027 = decimal_number(12, allow_null=True)
    measurements = MeasurementSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "position",
            "text",
            "kind",
            "unit",
            "baseline",
            "target_2027",
            "measure",
            "measurements",
        ]


class ExpectedResultSerializer(serializers.ModelSerializer):
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = ExpectedResult
        fields = ["id", "code", "position", "text", "indicators"]


class StrategicObjectiveSerializer(serializers.ModelSerializer):
    weight = decimal_number(5, allow_null=True)
    results = ExpectedResultSerializer(many=True, read_only=True)

    class Meta:
        model = StrategicObjective
        fields = ["id", "code", "position", "text", "weight", "results"]


class AxisSerializer(serializers.ModelSerializer):
    weight = decimal_number(5, allow_null=True)
    objectives = StrategicObjectiveSerializer(many=True, read_only=True)

    class Meta:
        model = Axis
        fields = ["id", "number", "name", "definition", "weight", "objectives"]


class StatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanStatement
        fields = ["kind", "position", "name", "description"]


class PlanSerializer(serializers.ModelSerializer):
    statements = StatementSerializer(many=True, read_only=True)
    axes = AxisSerializer(many=True, read_only=True)

    class Meta:
        model = StrategicPlan
        fields = [
            "id",
            "name",
            "start_year",
            "end_year",
            "vision",
            "mission",
            "general_objective",
            "statements",
            "axes",
        ]


def plan_tree_list(*, axis: int | None = None) -> QuerySet[StrategicPlan]:
    """Plans with their whole tree and the indicators' measurements: 7 queries whatever the
    number of axes, objectives, results, indicators or measurements (plans.selectors.
    plan_tree computes shares for one plan; the API gives the stored weights)."""
    measurements = IndicatorMeasurement.objects.select_related("country").order_by(
        "year", "country__iso_code"
    )
    indicators = Indicator.objects.order_by("position").prefetch_related(
        Prefetch("measurements", queryset=measurements)
    )
    results = ExpectedResult.objects.order_by("position").prefetch_related(
        Prefetch("indicators", queryset=indicators)
    )
    objectives = StrategicObjective.objects.order_by("position").prefetch_related(
        Prefetch("results", queryset=results)
    )
    axes = Axis.objects.order_by("number").prefetch_related(
        Prefetch("objectives", queryset=objectives)
    )
    if axis is not None:
        axes = axes.filter(number=axis)
    return StrategicPlan.objects.prefetch_related(
        Prefetch("statements", queryset=PlanStatement.objects.order_by("kind", "position")),
        Prefetch("axes", queryset=axes),
    ).order_by("-start_year")


class PlanFilter(filters.FilterSet):
    year = YearFilter(method="filter_year", label="Plans in force during this year")
    axis = SmallNumberFilter(method="filter_axis", label="Only this axis in the tree")

    class Meta:
        model = StrategicPlan
        fields = ["year", "axis"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)

    def filter_axis(self, queryset, name, value):
        return queryset  # applied to the tree's prefetch in PlanViewSet.get_queryset


# The parameters /api/v1/plan/ reads: only answers to these are kept (PlanViewSet.list).
KEPT_PLAN_PARAMS = {"year", "axis", "ordering", "page", "page_size", "format"}


@extend_schema_view(
    list=extend_schema(
        summary="The Strategic Plan tree",
        description=(
            "Each plan with its values, principles and approaches and the nested tree "
            "axes → strategic objectives → expected results → indicators → yearly "
            "measurements (country null: the region). `axis=2` keeps one axis."
        ),
        examples=[
            OpenApiExample(
                "One axis",
                summary="GET /api/v1/plan/?axis=4",
                response_only=True,
                value={
                    "count": 1,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "id": 1,
                            "name": "Plan Estratégico 2018-2027",
                            "start_year": 2018,
                            "end_year": 2027,
                            "axes": [
                                {
                                    "id": 4,
                                    "number": 4,
                                    "name": "Fortalecimiento Institucional de la Coalición",
                                    "weight": None,
                                    "objectives": [
                                        {
                                            "id": 6,
                                            "code": "4.1",
                                            "results": [
                                                {
                                                    "code": "4.3",
                                                    "indicators": [
                                                        {
                                                            "id": 12,
                                                            "kind": "count",
                                                            "measurements": [
                                                                {
                                                                    "year": 2019,
                                                                    "value": 7,
                                                                    "country": None,
                                                                }
                                                            ],
                                                        }
                                                    ],
                                                }
                                            ],
                                        }
                                    ],
                                }
                            ],
                        }
                    ],
                },
            )
        ],
    ),
    retrieve=extend_schema(summary="One plan with its tree"),
)
class PlanViewSet(ApiReadOnlyViewSet):
    """The Strategic Plan 2018–2027 (003 §VI–VII), loaded from the source document."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["start_year"]

    def get_queryset(self):
        form = PlanFilter(self.request.query_params).form
        axis = form.cleaned_data.get("axis") if form.is_valid() else None
        return plan_tree_list(axis=int(axis) if axis is not None else None)

    def list(self, request, *args, **kwargs):
        """The tree is the same for every reader and changes rarely: its page is kept under
        the plan's stamp (common.cache) for the parameters the endpoint reads; a request
        with any other parameter is answered afresh, so made-up ones cannot fill the cache.
        A refusal (an invalid filter) is raised, never kept."""
        if set(request.query_params) - KEPT_PLAN_PARAMS:
            return super().list(request, *args, **kwargs)
        data = cached(
            "api-plan",
            stamp=plan_tree_stamp(),
            parts=(request.get_host(), request.query_params.urlencode()[:200]),
            compute=lambda: super(PlanViewSet, self).list(request, *args, **kwargs).data,
        )
        return Response(data)


# --- POAs ---------------------------------------------------------------------------------


class PoaSerializer(serializers.ModelSerializer):
    n_operational_objectives = serializers.IntegerField(read_only=True)
    n_activities = serializers.IntegerField(read_only=True)

    class Meta:
        model = POA
        fields = [
            "id",
            "year",
            "plan",
            "status",
            "approved_on",
            "approving_agreement",
            "copied_from",
            "n_operational_objectives",
            "n_activities",
        ]


class PoaFilter(filters.FilterSet):
    year = YearFilter()
    year_from = YearFilter(field_name="year", lookup_expr="gte")
    year_to = YearFilter(field_name="year", lookup_expr="lte")
    approved_after = filters.DateFilter(field_name="approved_on", lookup_expr="gte")
    approved_before = filters.DateFilter(field_name="approved_on", lookup_expr="lte")

    class Meta:
        model = POA
        fields = ["year", "status", "year_from", "year_to", "approved_after", "approved_before"]


@extend_schema_view(list=extend_schema(summary="Annual Operating Plans"))
class PoaViewSet(ApiReadOnlyViewSet):
    """Annual Operating Plans (003 §X): one per year, with their size."""

    serializer_class = PoaSerializer
    filterset_class = PoaFilter
    ordering_fields = ["year"]

    def get_queryset(self):
        return poa_list(user=self.request.user).annotate(
            n_operational_objectives=Count("operational_objectives", distinct=True),
            n_activities=Count("operational_objectives__activities", distinct=True),
        )


class OperationalObjectiveSerializer(serializers.ModelSerializer):
    poa = serializers.IntegerField(source="poa.year", read_only=True)
    strategic_objective = serializers.CharField(source="strategic_objective.code", read_only=True)
    axis = serializers.IntegerField(source="strategic_objective.axis.number", read_only=True)
    weight = decimal_number(5, allow_null=True)

    class Meta:
        model = OperationalObjective
        fields = [
            "id",
            "poa",
            "axis",
            "strategic_objective",
            "code",
            "position",
            "text",
            "weight",
            "source_code",
            "note",
        ]


class _PoaTreeFilter(filters.FilterSet):
    """Filters shared by operational objectives and activities; `prefix` is the path from
    the model to the operational objective."""

    prefix = ""

    year = YearFilter(method="filter_year", label="POA year")
    axis = SmallNumberFilter(method="filter_axis", label="Strategic axis number")
    objective = filters.CharFilter(
        method="filter_objective", max_length=20, label="Strategic objective code, e.g. 2.1"
    )
    status = filters.ChoiceFilter(
        choices=POA.Status.choices, method="filter_status", label="POA status"
    )

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix}poa__year": int(value)})

    def filter_axis(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix}strategic_objective__axis__number": int(value)})

    def filter_objective(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix}strategic_objective__code": value})

    def filter_status(self, queryset, name, value):
        return queryset.filter(**{f"{self.prefix}poa__status": value})


class OperationalObjectiveFilter(_PoaTreeFilter):
    class Meta:
        model = OperationalObjective
        fields = ["year", "axis", "objective", "status", "code"]


@extend_schema_view(list=extend_schema(summary="Operational objectives of the POAs"))
class OperationalObjectiveViewSet(ApiReadOnlyViewSet):
    """Operational objectives (003 §X.D), under the plan's strategic objectives."""

    serializer_class = OperationalObjectiveSerializer
    filterset_class = OperationalObjectiveFilter
    ordering_fields = ["poa__year", "position", "code"]

    def get_queryset(self):
        return (
            OperationalObjective.objects.filter(poa__in=poa_list(user=self.request.user))
            .select_related("poa", "strategic_objective__axis")
            .order_by("-poa__year", "position", "pk")
        )


class ResponsibleSerializer(serializers.ModelSerializer):
    national_body = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True, allow_null=True
    )
    committee = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)

    class Meta:
        model = ActivityResponsible
        fields = ["kind", "national_body", "committee"]


class ActivitySerializer(serializers.ModelSerializer):
    poa = serializers.IntegerField(source="operational_objective.poa.year", read_only=True)
    axis = serializers.IntegerField(
        source="operational_objective.strategic_objective.axis.number", read_only=True
    )
    strategic_objective = serializers.CharField(
        source="operational_objective.strategic_objective.code", read_only=True
    )
    operational_objective = serializers.PrimaryKeyRelatedField(read_only=True)
    operational_objective_code = serializers.CharField(
        source="operational_objective.code", read_only=True
    )
    responsibles = ResponsibleSerializer(many=True, read_only=True)
    weight = decimal_number(5, allow_null=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "poa",
            "axis",
            "strategic_objective",
            "operational_objective",
            "operational_objective_code",
            "code",
            "position",
            "description",
            "goal",
            "indicator",
            "responsible_text",
            "responsibles",
            "semester_1",
            "semester_2",
            "weight",
        ]


class ActivityFilter(_PoaTreeFilter):
    prefix = "operational_objective__"

    operational_objective = filters.CharFilter(
        field_name="operational_objective__code", max_length=20, label="Operational objective code"
    )
    responsible = filters.ChoiceFilter(
        choices=ActivityResponsible.Kind.choices,
        method="filter_responsible",
        label="Kind of responsible party",
    )
    country = filters.CharFilter(
        method="filter_country",
        max_length=2,
        label="ISO code: activities that concern this country's national body",
    )

    class Meta:
        model = Activity
        fields = [
            "year",
            "axis",
            "objective",
            "status",
            "operational_objective",
            "responsible",
            "country",
            "code",
        ]

    def filter_responsible(self, queryset, name, value):
        ids = Activity.objects.filter(responsibles__kind=value).values("pk")
        return queryset.filter(pk__in=ids)

    def filter_country(self, queryset, name, value):
        bodies = NationalBody.objects.filter(country__iso_code__iexact=value)
        if not bodies:
            return queryset.none()
        concerned = Q()
        for body in bodies:  # its principal body, and a second rector body if any
            concerned |= responsible_q(f"body:{body.pk}")
        ids = Activity.objects.filter(concerned).values("pk")
        return queryset.filter(pk__in=ids)


@extend_schema_view(list=extend_schema(summary="Activities of the POAs (the §X matrix)"))
class ActivityViewSet(ApiReadOnlyViewSet):
    """Activities with goal, indicator, responsible parties and planned progress per
    semester exactly as the POA matrix gives them (null = empty cell)."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["operational_objective__poa__year", "code", "position"]

    def get_queryset(self):
        responsibles = ActivityResponsible.objects.select_related(
            "national_body", "committee"
        ).order_by("pk")
        return (
            Activity.objects.filter(operational_objective__poa__in=poa_list(user=self.request.user))
            .select_related(
                "operational_objective__poa", "operational_objective__strategic_objective__axis"
            )
            .prefetch_related(Prefetch("responsibles", queryset=responsibles))
            .order_by(
                "-operational_objective__poa__year",
                "operational_objective__position",
                "position",
                "pk",
            )
        )
