"""/api/v1/published-results/: the results ST published (issue 17), for partner agencies
and every signed-in account — the same figures as the public results page. One item per
published period (published, closed and of an approved POA:
monitoring.selectors.publication.published_q), with the official figures of the POA
(approved reports only) and of each axis; the detail adds each activity and how many
reports its figure rests on. A period ST did not publish, or whose publication ST
withdrew, answers 404.

Queries: the page of periods and its count, then one per POA and one per period on the
page (poa_results) — whatever the number of axes, activities or national bodies."""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from common.api.filters import YearFilter
from common.api.views import ApiReadOnlyViewSet
from monitoring import selectors
from monitoring.apis.progress import COMPLIANCE_STATUSES, percent_field
from monitoring.models import ReportingPeriod


class _FiguresSerializer(serializers.Serializer):
    achieved = percent_field(help_text="Weighted mean % achieved (approved reports)")
    planned = percent_field(help_text="Weighted mean % planned by the end of the semester")
    compliance = percent_field(allow_null=True, help_text="achieved ÷ planned, %")
    status = serializers.ChoiceField(choices=COMPLIANCE_STATUSES)
    has_data = serializers.BooleanField()
    reported = serializers.IntegerField(
        help_text="Approved reports the figure rests on (an activity: its rows; above, "
        "distinct reports)"
    )
    expected = serializers.IntegerField(help_text="Reports of the period that carry it")
    carried = serializers.IntegerField(
        help_text="Of `reported`: figures carried from an earlier semester's approved report"
    )
    partial = serializers.BooleanField(
        help_text="Fewer reports count than MONITORING_COVERAGE_PARTIAL_BELOW % of those expected"
    )


class PublishedAxisSerializer(_FiguresSerializer):
    id = serializers.IntegerField(source="pk")
    number = serializers.IntegerField(source="obj.number")
    label = serializers.CharField()
    share = percent_field(
        source="share.share", allow_null=True, help_text="Effective weight of the axis, %"
    )


class PublishedActivitySerializer(_FiguresSerializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    label = serializers.CharField()


class PublishedResultsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="period.pk", help_text="The reporting period")
    poa = serializers.IntegerField(source="period.poa.year")
    semester = serializers.IntegerField(source="period.semester")
    closed_at = serializers.DateTimeField(source="period.closed_at")
    published_at = serializers.DateTimeField(source="period.published_at")
    achieved = percent_field(source="root.achieved", help_text="The POA's weighted % achieved")
    planned = percent_field(source="root.planned")
    compliance = percent_field(source="root.compliance", allow_null=True)
    status = serializers.ChoiceField(source="root.status", choices=COMPLIANCE_STATUSES)
    has_data = serializers.BooleanField(source="root.has_data")
    reported = serializers.IntegerField(
        source="root.reported", help_text="Approved reports the POA's figure rests on"
    )
    expected = serializers.IntegerField(
        source="root.expected", help_text="Reports of the period that carry its activities"
    )
    carried = serializers.IntegerField(source="root.carried")
    partial = serializers.BooleanField(source="root.partial")
    axes = PublishedAxisSerializer(many=True)


class PublishedResultsDetailSerializer(PublishedResultsSerializer):
    activities = PublishedActivitySerializer(many=True, source="results.activities")


class PublishedResultsFilter(filters.FilterSet):
    year = YearFilter(field_name="poa__year")

    class Meta:
        model = ReportingPeriod
        fields = ["year", "semester"]


@extend_schema_view(
    list=extend_schema(
        summary="Published results, one item per published period",
        description=(
            "The official results (approved reports only) of each reporting period the "
            "Technical Secretariat published, newest first: the POA's weighted % achieved, "
            "% planned, compliance and status (on track ≥ 90 %, at risk ≥ 60 %, delayed "
            "below), and each axis. The same figures as the public results page."
        ),
    ),
    retrieve=extend_schema(
        summary="One published period's results, with each activity",
        description="404 when the period's results are not (or no longer) published.",
    ),
)
class PublishedResultsViewSet(ApiReadOnlyViewSet):
    """Published results (issue 17): read-only, for partner tokens and signed-in accounts."""

    serializer_class = PublishedResultsSerializer
    filterset_class = PublishedResultsFilter
    ordering_fields = ["published_at", "poa__year", "semester"]

    def get_queryset(self):
        return selectors.publication.published_periods()

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PublishedResultsDetailSerializer
        return PublishedResultsSerializer

    def list(self, request, *args, **kwargs):
        periods = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        items = selectors.publication.published_results(periods=list(periods))
        return self.get_paginated_response(self.get_serializer(items, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        period = self.get_object()
        item = selectors.publication.published_results(periods=[period])[0]
        return Response(self.get_serializer(item).data)
