"""/api/v1/ endpoints of monitoring (SPEC §5, §7; issue #8):

- `progress/`: the weighted results of a POA — by POA, period (semester), axis, strategic
  objective, operational objective, activity and country — computed by
  monitoring.selectors.poa_results, the one computation behind the dashboards, the exports
  and the PDF. Official figures (approved reports) for everybody; members may add the
  reports awaiting review.
- `reporting-periods/`: the POA semesters with their reporting and on-time rates, and per
  period the timeliness of each national body (monitoring.selectors.period_timeliness).
- `progress-reports/`: the reports themselves, for the coalition's members (partners read
  the aggregates). Focal points fill their body's rows and submit through
  monitoring.services — progress_report_save and progress_report_submit, the functions the
  web form and the Excel import call — so every rule (0–100, justification below plan,
  reasons after submission, locks, own body only) holds here too. Concurrency: the report's
  `version` is its ETag; an update names it in If-Match (or `version` in the body) and a
  stale one is refused with 412 (409), never silently overwritten."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
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
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from common.api.errors import ErrorSerializer
from common.api.etag import expected_version, make_etag, not_modified
from common.api.filters import IdFilter, YearFilter
from common.api.permissions import ApiAccess
from common.api.views import ApiGenericViewSet, ApiReadOnlyViewSet
from common.cache import cached
from members.models import NationalBody, User
from monitoring import selectors, services
from monitoring.models import Evidence, ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.permissions import can_use_monitoring
from plans.models import POA
from plans.selectors import poa_list

ETAG_KIND = "progress-report"
LEVELS = ["poa", "axis", "objective", "operational", "activity"]
COMPLIANCE_STATUSES = ["on_track", "at_risk", "delayed"]
TIMELINESS_STATES = ["on_time", "late", "not_submitted", "not_yet_due"]
PENDING_FOR_MEMBERS = _(
    "Figures of reports awaiting review are for the coalition's members; partners read the "
    "official (approved) figures."
)
NO_PERIOD = _("POA %(year)s has no reporting period for semester %(semester)s.")
NO_POA = _("There is no POA for %(year)s.")
UNKNOWN_COUNTRY = _("No national body of a country with ISO code “%(code)s”.")
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


def _percent(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, coerce_to_string=False, **kwargs
    )


# --- Progress aggregates ------------------------------------------------------------------


class ProgressQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(
        required=False, min_value=1900, max_value=2200, help_text="POA year (default: latest)"
    )
    semester = serializers.ChoiceField(
        choices=ReportingPeriod.Semester.choices,
        required=False,
        help_text="Reporting period (default: the POA's latest)",
    )
    country = serializers.CharField(
        required=False, max_length=2, help_text="ISO code: that country's figures only"
    )
    axis = serializers.IntegerField(required=False, min_value=1, max_value=99)
    level = serializers.ChoiceField(choices=LEVELS, required=False)
    include_pending = serializers.BooleanField(
        required=False, default=False, help_text="Members only: count reports awaiting review"
    )
    ordering = serializers.ChoiceField(
        choices=["code", "-code", "achieved", "-achieved", "compliance", "-compliance"],
        required=False,
        help_text="Default: the plan's order",
    )


class ProgressRowSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=LEVELS)
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    parent_level = serializers.ChoiceField(choices=LEVELS, allow_null=True)
    parent_id = serializers.IntegerField(allow_null=True)
    axis = serializers.IntegerField(allow_null=True)
    share = _percent(allow_null=True, help_text="Effective weight among its siblings, %")
    achieved = _percent(help_text="Weighted mean % achieved")
    planned = _percent(help_text="Weighted mean % planned by the end of the semester")
    compliance = _percent(allow_null=True, help_text="achieved ÷ planned, %")
    status = serializers.ChoiceField(choices=COMPLIANCE_STATUSES)
    has_data = serializers.BooleanField()
    reported = serializers.IntegerField(help_text="Activities: reports whose figure counts")
    expected = serializers.IntegerField(help_text="Activities: reports that carry the row")
    poa = serializers.IntegerField()
    semester = serializers.IntegerField()
    period = serializers.IntegerField(allow_null=True)
    country = serializers.CharField(allow_null=True)
    official = serializers.BooleanField(help_text="False when reports awaiting review count")


def _number(value) -> float | None:
    return None if value is None else round(float(value), 2)


def _rows(results: selectors.PoaResults, country: str | None) -> list[dict]:
    """The tree flattened in the plan's order, already in the shape of
    ProgressRowSerializer (rendered as is: the rows are computed, not model fields)."""
    rows: list[dict] = []

    def walk(node: selectors.Result, parent: selectors.Result | None, axis: int | None):
        if node.level == "axis":
            axis = node.obj.number
        rows.append(
            {
                "level": node.level,
                "id": node.pk,
                "code": node.code,
                "label": node.label,
                "parent_level": parent.level if parent else None,
                "parent_id": parent.pk if parent else None,
                "axis": axis,
                "share": _number(node.share.share) if node.share else None,
                "achieved": _number(node.achieved),
                "planned": _number(node.planned),
                "compliance": _number(node.compliance),
                "status": node.status,
                "has_data": node.has_data,
                "reported": node.reported,
                "expected": node.expected,
                "poa": results.poa.year,
                "semester": results.semester,
                "period": results.period.pk if results.period else None,
                "country": country,
                "official": not results.include_pending,
            }
        )
        for child in node.children:
            walk(child, node, axis)

    walk(results.root, None, None)
    return rows


@extend_schema_view(
    list=extend_schema(
        summary="Weighted progress of a POA",
        description=(
            "The weighted results of 003 §IX, flattened: one row per POA, axis, strategic "
            "objective, operational objective and activity (filter with `level`), with its "
            "share, % achieved, % planned, compliance and status (on track ≥ 90 %, at risk "
            "≥ 60 %, delayed below). Same computation as the dashboards. Only approved "
            "reports count unless a member asks `include_pending=true`."
        ),
        parameters=[ProgressQuerySerializer],
        examples=[
            OpenApiExample(
                "An axis of POA 2018, semester I, Honduras",
                summary="GET /api/v1/progress/?year=2018&semester=1&country=HN&level=axis",
                response_only=True,
                value={
                    "count": 4,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "level": "axis",
                            "id": 1,
                            "code": "1",
                            "label": "Prevención",
                            "parent_level": "poa",
                            "parent_id": 1,
                            "axis": 1,
                            "share": 25.0,
                            "achieved": 42.5,
                            "planned": 50.0,
                            "compliance": 85.0,
                            "status": "at_risk",
                            "has_data": True,
                            "reported": 0,
                            "expected": 0,
                            "poa": 2018,
                            "semester": 1,
                            "period": 3,
                            "country": "HN",
                            "official": True,
                        }
                    ],
                },
            )
        ],
    )
)
class ProgressViewSet(ApiGenericViewSet):
    """Progress aggregates (SPEC §5 weighted results, §7)."""

    serializer_class = ProgressRowSerializer
    filter_backends: list = []
    queryset = POA.objects.none()  # the rows are computed; for the schema only

    def list(self, request):
        query = ProgressQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = request.user
        include_pending = params.get("include_pending", False)
        if include_pending and user.role == User.Role.PARTNER:
            raise PermissionDenied(force_str(PENDING_FOR_MEMBERS), code="members_only")
        poas = poa_list(user=user)
        year = params.get("year")
        if year is None:
            year = (
                ReportingPeriod.objects.filter(poa__in=poas)
                .order_by("-poa__year")
                .values_list("poa__year", flat=True)
                .first()
            ) or poas.values_list("year", flat=True).first()
            if year is None:
                return self.get_paginated_response(self.paginate_queryset([]))
        poa = poas.filter(year=year).first()
        if poa is None:
            raise ValidationError({"year": [force_str(NO_POA % {"year": year})]}, code="no_poa")
        period = None
        if params.get("semester"):
            period = ReportingPeriod.objects.filter(poa=poa, semester=params["semester"]).first()
            if period is None:
                message = NO_PERIOD % {"year": poa.year, "semester": params["semester"]}
                raise ValidationError({"semester": [force_str(message)]}, code="no_period")
        body, country = None, params.get("country")
        if country:
            body = (
                NationalBody.objects.select_related("country")
                .filter(country__iso_code__iexact=country)
                .first()
            )
            if body is None:
                message = UNKNOWN_COUNTRY % {"code": country}
                raise ValidationError({"country": [force_str(message)]}, code="unknown_country")
            country = body.country.iso_code
        rows = cached(
            "api-progress",
            stamp=selectors.results_stamp(),
            parts=(poa.pk, period.pk if period else "", include_pending, country or ""),
            compute=lambda: _rows(
                selectors.poa_results(
                    poa=poa, period=period, include_pending=include_pending, body=body
                ),
                country,
            ),
        )
        if params.get("axis"):
            rows = [r for r in rows if r["axis"] == params["axis"]]
        if params.get("level"):
            rows = [r for r in rows if r["level"] == params["level"]]
        ordering = params.get("ordering")
        if ordering:
            key = ordering.lstrip("-")
            present = [r for r in rows if r[key] is not None]
            absent = [r for r in rows if r[key] is None]
            present.sort(key=lambda r: r[key], reverse=ordering.startswith("-"))
            rows = present + absent
        return self.get_paginated_response(self.paginate_queryset(rows))


# --- Reporting periods and timeliness -----------------------------------------------------


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
    reporting_rate = _percent(allow_null=True)
    on_time_rate = _percent(allow_null=True)
    rows = TimelinessRowSerializer(many=True)


class ReportingPeriodFilter(filters.FilterSet):
    year = YearFilter(field_name="poa__year")
    due_after = filters.DateFilter(field_name="due_on", lookup_expr="gte")
    due_before = filters.DateFilter(field_name="due_on", lookup_expr="lte")

    class Meta:
        model = ReportingPeriod
        fields = ["year", "semester", "status", "due_after", "due_before"]


def period_rates() -> QuerySet[ReportingPeriod]:
    """monitoring.selectors.period_list with the timeliness counts of the national bodies'
    reports (first submission on or before the due date, local time — as period_timeliness
    decides), in the same single query."""
    national = Q(reports__is_regional=False)
    return selectors.period_list().annotate(
        n_reports=Count("reports", filter=national),
        n_submitted=Count(
            "reports", filter=national & Q(reports__first_submitted_at__isnull=False)
        ),
        n_on_time=Count(
            "reports",
            filter=national & Q(reports__first_submitted_at__date__lte=F("due_on")),
        ),
    )


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
        return period_rates()

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


# --- Progress reports ---------------------------------------------------------------------


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


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    """The reports monitoring.permissions.can_view_report lets `user` read, as one filter:
    ST and the Presidency all; a body's members their body's in any state; everybody the
    regional report and approved reports."""
    qs = ProgressReport.objects.select_related("period__poa", "national_body__country").annotate(
        n_rows=Count("entries"),
        n_filled=Count("entries", filter=Q(entries__progress__isnull=False)),
    )
    if user.is_secretariat or user.is_presidency:
        return qs
    visible = Q(is_regional=True) | Q(status=ProgressReport.Status.APPROVED)
    if user.national_body_id:
        visible |= Q(national_body_id=user.national_body_id)
    return qs.filter(visible)


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
            if not services.entry_status_is_override(entry, semester):
                row.goal_status = ""
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
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["submitted_at", "updated_at", "period__due_on"]
    permission_classes = [ApiAccess, CoalitionMembersOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return ProgressReport.objects.none()
        return reports_visible_to(self.request.user).order_by(
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
