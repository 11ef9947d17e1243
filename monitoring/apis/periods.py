"""/api/v1/reporting-periods/: the POA semesters with their reporting and on-time rates, and
per period the timeliness of each national body (monitoring.selectors.period_timeliness)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from common.api.filters import YearFilter
from common.api.views import ApiReadOnlyViewSet
from monitoring import selectors
from monitoring.apis.progress import percent_field
from monitoring.models import ReportingPeriod

TIMELINESS_STATES = ["on_time", "late", "not_submitted", "not_yet_due"]


class ReportingPeriodSerializer(serializers.ModelSerializer):
    poa = serializers.IntegerField(source="poa.year", read_only=True)
    n_reports = serializers.IntegerField(read_only=True, help_text="Reports of national bodies")
    n_submitted = serializers.IntegerField(read_only=True, help_text="Submitted at least once")
    n_on_time = serializers.IntegerField(read_only=True)
    n_approved = serializers.IntegerField(read_only=True)
    reporting_rate = serializers.SerializerMethodField()
    on_time_rate = serializers.SerializerMethodField()

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "poa",
            "semester",
            "opens_on",
            "due_on",
            "status",
            "closed_at",
            "n_reports",
            "n_submitted",
            "n_on_time",
            "n_approved",
            "reporting_rate",
            "on_time_rate",
        ]

    @staticmethod
    def _rate(n: int, total: int) -> float | None:
        return round(100 * n / total, 2) if total else None

    def get_reporting_rate(self, period) -> float | None:
        """Reports submitted ÷ reports expected, % (selectors.PeriodTimeliness)."""
        return self._rate(period.n_submitted, period.n_reports)

    def get_on_time_rate(self, period) -> float | None:
        return self._rate(period.n_on_time, period.n_reports)


class TimelinessRowSerializer(serializers.Serializer):
    report = serializers.IntegerField(source="report.pk")
    national_body = serializers.CharField(source="report.national_body.acronym")
    country = serializers.CharField(source="report.national_body.country.iso_code")
    state = serializers.ChoiceField(choices=TIMELINESS_STATES)
    days_late = serializers.IntegerField(allow_null=True)
    first_submitted_at = serializers.DateTimeField(
        source="report.first_submitted_at", allow_null=True
    )
    report_status = serializers.CharField(source="report.status")


class TimelinessSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk")
    due_on = serializers.DateField(source="period.due_on")
    expected = serializers.IntegerField()
    submitted = serializers.IntegerField()
    reporting_rate = percent_field(allow_null=True)
    on_time_rate = percent_field(allow_null=True)
    rows = TimelinessRowSerializer(many=True)


class ReportingPeriodFilter(filters.FilterSet):
    year = YearFilter(field_name="poa__year")
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = ReportingPeriod
        fields = ["year", "semester", "status", "due_after", "due_before"]


@extend_schema_view(
    list=extend_schema(summary="Reporting periods with reporting and on-time rates"),
    retrieve=extend_schema(summary="One reporting period"),
)
class ReportingPeriodViewSet(ApiReadOnlyViewSet):
    """POA semesters opened by ST for reporting (SPEC §5), with how many national bodies
    reported and how many on time (DHIS2's reporting rate and rate on time)."""

    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilter
    ordering_fields = ["due_on", "opens_on", "semester", "poa__year"]

    def get_queryset(self):
        return selectors.period_rates()

    @extend_schema(
        summary="Timeliness of each national body's report in this period",
        responses=TimelinessSerializer,
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def timeliness(self, request, pk=None):
        period = get_object_or_404(ReportingPeriod.objects.select_related("poa"), pk=pk)
        data = selectors.period_timeliness(period=period)
        return Response(TimelinessSerializer(data).data)
