"""/api/v1/statistics/: the published regional statistics in tidy long format (issue 20: "an
API endpoint (tidy long format: one row per cell, with a flag for suppressed values)"), the
same cells as the pages and the CSV/XLSX of /statistics/ (stats.selectors.outputs.tidy_rows
over stats.selectors.publication), as the token's account may see them: a partner token, like
the public, gets `value: null` and `suppressed: true` for every suppressed cell; a
country's focal point its own cells exact; ST every cell exact.

The rows are computed, not a queryset: the query parameters are held to the schema they
publish by common.api.filters.query_errors, the rule every list of /api/v1/ follows.
Queries: per measure its published years and, per measure and year, what publication()
reads — never one per country."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers

from common.api.filters import NO_NUL, YEAR_MAX, YEAR_MIN, Schema, query_errors
from common.api.views import ApiGenericViewSet
from stats.models import Measure
from stats.selectors.outputs import TidyRow, tidy_rows, viewer_of

ORDERINGS = ["measure", "-measure", "year", "-year", "country", "-country"]
PARAMETERS: dict[str, Schema] = {
    "measure": {"type": "string", "maxLength": 40, "pattern": NO_NUL},
    "year": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
    "country": {"type": "string", "maxLength": 2, "pattern": NO_NUL},
    "ordering": {"type": "string", "enum": ORDERINGS},
}
DESCRIPTIONS = {
    "measure": "A measure's code (victims_identified, smuggled_migrants, investigations…)",
    "year": "The year the figures are of",
    "country": "A reporting country's ISO 3166 code, or * for the regional table",
    "ordering": "Default: measure, year, then each table's own order (countries, region)",
}


class StatisticsCellSerializer(serializers.Serializer):
    measure = serializers.CharField(help_text="The measure's code")
    year = serializers.IntegerField()
    country = serializers.CharField(
        help_text="The reporting country's ISO 3166 code, or * for the regional table"
    )
    breakdown = serializers.CharField(
        allow_blank=True, help_text='The dimensions, joined by "+" ("" for the total)'
    )
    cell = serializers.CharField(
        allow_blank=True, help_text='"dimension=value" pairs joined by ";" ("" for the total)'
    )
    # DRF's metaclass takes declared fields off the class: this is no Field.label.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The cell's name in the language asked for"
    )
    value = serializers.IntegerField(
        allow_null=True, help_text="null when suppressed for this account"
    )
    suppressed = serializers.BooleanField(
        help_text="The value is under the disclosure threshold, or would let one be worked "
        "out (complementary suppression), and this account may not see it"
    )


@extend_schema_view(
    list=extend_schema(
        summary="Published regional statistics, one row per cell",
        description=(
            "Every cell published of every measure and year: each reporting country's total "
            "and breakdowns, and the regional table (country `*`). Values under the "
            "disclosure threshold, and those they could be worked out from, are suppressed "
            "(`value: null`, `suppressed: true`) for everyone but the reporting country and "
            "the Technical Secretariat. The same cells as /statistics/ and its CSV/XLSX."
        ),
        parameters=[
            OpenApiParameter(name, type=schema, description=DESCRIPTIONS[name])
            for name, schema in PARAMETERS.items()
        ],
    )
)
class StatisticsViewSet(ApiGenericViewSet):
    """Regional statistics (issue 20), aggregates only: read-only for every token."""

    serializer_class = StatisticsCellSerializer
    filter_backends: list = []
    queryset = Measure.objects.none()  # the rows are computed; for the schema only

    def list(self, request):
        errors = query_errors(PARAMETERS, request.query_params)
        if errors:
            raise ValidationError(errors)
        params = request.query_params
        year = params.get("year")
        rows = tidy_rows(
            viewer=viewer_of(request.user),
            measure=params.get("measure") or None,
            year=int(year) if year else None,
            country=(params.get("country") or "").upper() or None,
        )
        ordering = params.get("ordering")
        if ordering:
            key = ordering.lstrip("-")
            rows.sort(key=lambda row: _key(row, key), reverse=ordering.startswith("-"))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _key(row: TidyRow, name: str):
    return getattr(row, name)
