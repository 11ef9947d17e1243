"""/api/v1/progress/: the weighted results of a POA — by POA, period (semester), axis,
strategic objective, operational objective, activity and country — computed by
monitoring.selectors.poa_results, the one computation behind the dashboards, the exports and
the PDF (SPEC §5, §7; issue #8). Official figures (approved reports) for everybody; members
may add the reports awaiting review."""

from __future__ import annotations

from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError

from common.api.fields import decimal_number
from common.api.views import ApiGenericViewSet
from common.cache import cached
from members.models import NationalBody, User
from monitoring import selectors
from monitoring.models import ReportingPeriod
from plans.models import POA

LEVELS = ["poa", "axis", "objective", "operational", "activity"]
COMPLIANCE_STATUSES = list(selectors.ResultStatus.LABELS)
PENDING_FOR_MEMBERS = _(
    "Figures of reports awaiting review are for the coalition's members; partners read the "
    "official (approved) figures."
)
NO_PERIOD = _("POA %(year)s has no reporting period for semester %(semester)s.")
NO_POA = _("There is no POA for %(year)s.")
UNKNOWN_COUNTRY = _("No national body of a country with ISO code “%(code)s”.")


def percent_field(**kwargs) -> serializers.DecimalField:
    return decimal_number(14, **kwargs)


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
    share = percent_field(allow_null=True, help_text="Effective weight among its siblings, %")
    achieved = percent_field(help_text="Weighted mean % achieved")
    planned = percent_field(help_text="Weighted mean % planned by the end of the semester")
    compliance = percent_field(allow_null=True, help_text="achieved ÷ planned, %")
    status = serializers.ChoiceField(choices=COMPLIANCE_STATUSES)
    has_data = serializers.BooleanField()
    reported = serializers.IntegerField(
        help_text="Reports whose figure counts (for an activity its rows; above, distinct reports)"
    )
    expected = serializers.IntegerField(help_text="Reports of the period that carry the element")
    carried = serializers.IntegerField(
        help_text="Figures carried from an earlier semester: the body's later report is not "
        "approved, so its last approved cumulative figure stands"
    )
    partial = serializers.BooleanField(
        help_text="Fewer reports count than MONITORING_COVERAGE_PARTIAL_BELOW % of those expected"
    )
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
                "carried": node.carried,
                "partial": node.partial,
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
                            "reported": 1,
                            "expected": 1,
                            "carried": 0,
                            "partial": False,
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
        year = params.get("year")
        if year is None:
            poa = selectors.dashboard_default_poa(user=user)  # the web dashboard's default
            if poa is None:
                return self.get_paginated_response(self.paginate_queryset([]))
        else:
            poa = selectors.dashboard_poas(user=user).filter(year=year).first()
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
