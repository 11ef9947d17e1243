"""/api/v1/progress-reports/: the reports themselves, for the coalition's members (partners
read the aggregates). Focal points fill their body's rows and submit through
monitoring.services — progress_report_save and progress_report_submit, the functions the
web form and the Excel import call — so every rule (0–100, justification below plan,
reasons after submission, locks, own body only) holds here too. Who reads which report is
monitoring.permissions' one rule (selectors.reports_visible_to). Concurrency: the report's
`version` is its ETag; an update names it in If-Match (or `version` in the body) and a
stale one is refused with 412 (409), never silently overwritten."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from common.api.errors import ErrorSerializer
from common.api.etag import expected_version, make_etag, not_modified
from common.api.filters import IdFilter, YearFilter
from common.api.permissions import ApiAccess
from common.api.views import ApiReadOnlyViewSet
from monitoring import selectors, services
from monitoring.models import Evidence, ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.permissions import can_use_monitoring

ETAG_KIND = "progress-report"
DUPLICATE_ACTIVITY = _("Activity %(activity)s appears more than once.")

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description='The ETag you read, e.g. "progress-report-7-v3". Or send `version` in the body.',
)


MEMBERS_ONLY = _("Progress reports are for the coalition's members; partners read the aggregates.")


class CoalitionMembersOnly(BasePermission):
    """Partners read the published aggregates, not the reports (SPEC §7), as in the web."""

    message = MEMBERS_ONLY

    def has_permission(self, request, view) -> bool:
        return can_use_monitoring(request.user)


class EvidenceSerializer(serializers.ModelSerializer):
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "url", "description", "has_file", "uploaded_at"]

    def get_has_file(self, evidence: Evidence) -> bool:
        return bool(evidence.file)


class EntrySerializer(serializers.ModelSerializer):
    activity_code = serializers.CharField(source="activity.code", read_only=True)
    operational_objective = serializers.CharField(
        source="activity.operational_objective.code", read_only=True
    )
    planned = serializers.IntegerField(read_only=True, help_text="Cumulative % planned")
    previous = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="% declared in the previous period"
    )
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressEntry
        fields = [
            "id",
            "activity",
            "activity_code",
            "operational_objective",
            "planned",
            "previous",
            "progress",
            "goal_status",
            "status_override_reason",
            "justification",
            "decrease_reason",
            "evidence",
        ]


class ProgressReportSerializer(serializers.ModelSerializer):
    poa = serializers.IntegerField(source="period.poa.year", read_only=True)
    semester = serializers.IntegerField(source="period.semester", read_only=True)
    national_body = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True, allow_null=True
    )
    country = serializers.SerializerMethodField()
    n_rows = serializers.IntegerField(read_only=True)
    n_filled = serializers.IntegerField(read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "period",
            "poa",
            "semester",
            "national_body",
            "country",
            "is_regional",
            "status",
            "report_date",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "reopened",
            "version",
            "updated_at",
            "n_rows",
            "n_filled",
        ]

    def get_country(self, report: ProgressReport) -> str | None:
        body = report.national_body
        return body.country.iso_code if body else None


class ProgressReportDetailSerializer(ProgressReportSerializer):
    entries = EntrySerializer(source="rows", many=True, read_only=True)

    class Meta(ProgressReportSerializer.Meta):
        fields = [*ProgressReportSerializer.Meta.fields, "entries"]


class RowFieldsSerializer(serializers.Serializer):
    """The fields of a row a person fills (the §IX form's columns). An omitted field keeps
    its stored value; an empty goal_status means "the one the figures suggest"."""

    progress = serializers.IntegerField(
        required=False, allow_null=True, min_value=-(2**31), max_value=2**31 - 1
    )
    goal_status = serializers.CharField(required=False, allow_blank=True, max_length=20)
    status_override_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=5000
    )
    justification = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    decrease_reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    links = serializers.ListField(
        child=serializers.CharField(max_length=500),
        required=False,
        max_length=20,
        help_text="New evidence links (http or https)",
    )


class RowWriteSerializer(RowFieldsSerializer):
    activity = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class _WriteMeta(serializers.Serializer):
    change_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        default="",
        help_text="Required once the report has been submitted",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        help_text="The version you started from (or send If-Match)",
    )


class EntriesWriteSerializer(_WriteMeta):
    entries = RowWriteSerializer(many=True, allow_empty=False, max_length=1000)

    def validate_entries(self, entries):
        seen = set()
        for item in entries:
            if item["activity"] in seen:
                raise serializers.ValidationError(
                    force_str(DUPLICATE_ACTIVITY % {"activity": item["activity"]}),
                    code="duplicate_activity",
                )
            seen.add(item["activity"])
        return entries


class EntryWriteSerializer(_WriteMeta, RowFieldsSerializer):
    pass


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="Or send If-Match"
    )


class ProgressReportFilter(filters.FilterSet):
    year = YearFilter(field_name="period__poa__year")
    semester = filters.ChoiceFilter(
        field_name="period__semester", choices=ReportingPeriod.Semester.choices
    )
    period = IdFilter(field_name="period_id")
    country = filters.CharFilter(
        field_name="national_body__country__iso_code", lookup_expr="iexact", max_length=2
    )
    submitted_after = filters.DateFilter(field_name="submitted_at", lookup_expr="date__gte")
    submitted_before = filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte")

    class Meta:
        model = ProgressReport
        fields = [
            "year",
            "semester",
            "period",
            "country",
            "status",
            "is_regional",
            "submitted_after",
            "submitted_before",
        ]


def _row_inputs(report: ProgressReport, items: list[dict]) -> list[services.RowInput]:
    """API items → the services' RowInput. Omitted fields keep the stored value; a stored
    status that is only the figures' suggestion is re-suggested (as the web form does)."""
    entries = {
        e.activity_id: e
        for e in ProgressEntry.objects.filter(
            report=report, activity_id__in=[i["activity"] for i in items]
        ).select_related("activity")
    }
    semester = report.period.semester
    rows = []
    for item in items:
        entry = entries.get(item["activity"])
        if entry is None:
            row = services.RowInput(activity_id=item["activity"], progress=None)
        else:
            row = services.RowInput.from_entry(entry)
            row.goal_status = selectors.entry_goal_status(entry, semester).chosen
        for name in ("progress", "goal_status", "status_override_reason"):
            if name in item:
                setattr(row, name, item[name])
        for name in ("justification", "decrease_reason"):
            if name in item:
                setattr(row, name, item[name])
        row.links = list(item.get("links", []))
        rows.append(row)
    return rows


WRITE_RESPONSES = {
    200: ProgressReportDetailSerializer,
    400: OpenApiResponse(ErrorSerializer, description="A rule of the services: see code/fields"),
}


@extend_schema_view(
    list=extend_schema(summary="Progress reports you may read"),
    retrieve=extend_schema(
        summary="One progress report with its rows",
        description="Answers with an ETag; send it back in If-Match to update the report.",
        parameters=[OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER)],
        responses={200: ProgressReportDetailSerializer, 304: None},
    ),
)
class ProgressReportViewSet(ApiReadOnlyViewSet):
    """Semester progress reports of the national bodies and the regional report (SPEC §5,
    the §IX form). Members of the coalition only."""

    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilter
    ordering_fields = ["submitted_at", "updated_at", "period__due_on"]
    permission_classes = [ApiAccess, CoalitionMembersOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ProgressReport.objects.none()
        return selectors.reports_visible_to(self.request.user).order_by(
            "-period__poa__year", "-period__semester", "-is_regional", "national_body__acronym"
        )

    def _detail(self, report_pk: int, status_code: int = 200) -> Response:
        report = selectors.report_detail(pk=report_pk)
        report.n_rows = len(report.rows)
        report.n_filled = sum(1 for e in report.rows if e.progress is not None)
        response = Response(ProgressReportDetailSerializer(report).data, status=status_code)
        response["ETag"] = make_etag(ETAG_KIND, report.pk, report.version)
        return response

    def retrieve(self, request, pk=None):
        report = self.get_object()
        etag = make_etag(ETAG_KIND, report.pk, report.version)
        if not_modified(request, etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
            response["ETag"] = etag
            return response
        return self._detail(report.pk)

    def _save(self, request, report: ProgressReport, items: list[dict], data: dict) -> Response:
        expected = expected_version(
            request,
            kind=ETAG_KIND,
            pk=report.pk,
            current=report.version,
            body_version=data.get("version"),
        )
        try:
            services.progress_report_save(
                user=request.user,
                report=report,
                expected_version=expected.version,
                rows=_row_inputs(report, items),
                change_reason=data.get("change_reason", ""),
            )
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "stale_version":
                raise expected.stale(error.message % error.params) from error
            raise
        return self._detail(report.pk)

    @extend_schema(
        summary="Save rows of the report",
        description=(
            "Fill or change rows (one per activity of the report) through "
            "monitoring.services.progress_report_save: the web form's rules. Nothing is "
            "saved unless every row passes; errors come per row as "
            "`entries.<activity>.<field>`. Needs If-Match (or `version`)."
        ),
        parameters=[IF_MATCH],
        request=EntriesWriteSerializer,
        responses=WRITE_RESPONSES,
        filters=False,
        examples=[
            OpenApiExample(
                "Two rows",
                request_only=True,
                value={
                    "entries": [
                        {"activity": 41, "progress": 50},
                        {
                            "activity": 42,
                            "progress": 20,
                            "justification": "Retraso en la contratación de la consultoría",
                        },
                    ],
                    "change_reason": "",
                },
            )
        ],
    )
    @action(detail=True, methods=["post"], url_path="entries", filter_backends=[])
    def entries(self, request, pk=None):
        report = self.get_object()
        body = EntriesWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._save(request, report, body.validated_data["entries"], body.validated_data)

    @extend_schema(
        summary="Change one row of the report",
        parameters=[
            IF_MATCH,
            OpenApiParameter("activity", OpenApiTypes.INT, OpenApiParameter.PATH),
        ],
        request=EntryWriteSerializer,
        responses=WRITE_RESPONSES,
        filters=False,
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"entries/(?P<activity>[0-9]{1,18})",
        filter_backends=[],
    )
    def entry(self, request, pk=None, activity=None):
        report = self.get_object()
        body = EntryWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = {
            k: v for k, v in body.validated_data.items() if k not in ("version", "change_reason")
        }
        item["activity"] = int(activity)
        return self._save(request, report, [item], body.validated_data)

    @extend_schema(
        summary="Submit the report to the Technical Secretariat",
        description=(
            "draft/returned → submitted, through monitoring.services.progress_report_submit: "
            "every row must be complete and pass the rules. Needs If-Match (or `version`)."
        ),
        parameters=[IF_MATCH],
        request=SubmitSerializer,
        responses=WRITE_RESPONSES,
        filters=False,
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request, pk=None):
        report = self.get_object()
        body = SubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        expected = expected_version(
            request,
            kind=ETAG_KIND,
            pk=report.pk,
            current=report.version,
            body_version=body.validated_data.get("version"),
        )
        try:
            services.progress_report_submit(
                user=request.user, report=report, expected_version=expected.version
            )
        except DjangoValidationError as error:
            if getattr(error, "code", None) == "stale_version":
                raise expected.stale(error.message % error.params) from error
            raise
        return self._detail(report.pk)
