"""/api/v1/legislation-cells/ and /api/v1/legislation-reforms/: the comparative legislation
(issue 19; 002 e.A, 001 §5.D.5 and §5.E.1) for partners and national systems, read-only.

The same rule as the pages (directories.selectors.legislation): the public matrix shows
only the text the Technical Secretariat validated last (LegislationCell.public_*), of the
member countries, and the reform tracker is public. So every token reads the same thing
here: a cell's validated text, never a proposal's or a returned cell's (those are read and
reviewed on the web, by ST and the country's focal point), and every reform."""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from common.api.views import ApiReadOnlyViewSet
from directories.models import LegislationCell, Reform
from directories.selectors.legislation import public_cells, reform_list


class LegislationCellSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso_code", read_only=True)
    dimension = serializers.CharField(source="dimension.code", read_only=True)
    dimension_name = serializers.CharField(source="dimension.name", read_only=True)

    class Meta:
        model = LegislationCell
        fields = [
            "id",
            "country",
            "dimension",
            "dimension_name",
            "article",
            "excerpt",
            "source",
            "validated_at",
            "needs_review",
        ]
        read_only_fields = fields
        # The text ST validated last, never the proposal's (the model's article, excerpt
        # and source).
        extra_kwargs = {
            "article": {"source": "public_article"},
            "excerpt": {"source": "public_excerpt"},
            "source": {"source": "public_source"},
        }


class LegislationCellFilter(filters.FilterSet):
    country = filters.CharFilter(
        field_name="country__iso_code",
        lookup_expr="iexact",
        max_length=2,
        label="Country (ISO code)",
    )
    dimension = filters.CharFilter(
        field_name="dimension__code", max_length=60, label="Dimension (its code)"
    )
    needs_review = filters.BooleanFilter(label="Only cells an enacted reform flagged to review")

    class Meta:
        model = LegislationCell
        fields = ["country", "dimension", "needs_review"]


@extend_schema_view(
    list=extend_schema(summary="The comparative legislation matrix: validated cells"),
    retrieve=extend_schema(summary="One validated cell of the matrix"),
)
class LegislationCellViewSet(ApiReadOnlyViewSet):
    """The member countries' legislation on trafficking in persons and migrant smuggling,
    one cell per country × dimension: the article, excerpt and source the Technical
    Secretariat validated last."""

    serializer_class = LegislationCellSerializer
    filterset_class = LegislationCellFilter
    ordering_fields = ["validated_at"]
    ordering = ["dimension__position", "dimension__code", "country__name_es", "pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no caller
            return LegislationCell.objects.none()
        return public_cells().order_by(*self.ordering)


class ReformSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso_code", read_only=True)
    dimensions = serializers.ManyRelatedField(
        child_relation=serializers.SlugRelatedField(slug_field="code", read_only=True),
        read_only=True,
    )

    class Meta:
        model = Reform
        fields = [
            "id",
            "country",
            "title",
            "bill_number",
            "stage",
            "introduced_on",
            "last_change_on",
            "resulting_act",
            "notes",
            "dimensions",
        ]


class ReformFilter(filters.FilterSet):
    country = filters.CharFilter(
        field_name="country__iso_code",
        lookup_expr="iexact",
        max_length=2,
        label="Country (ISO code)",
    )
    stage = filters.ChoiceFilter(choices=Reform.Stage.choices)
    dimension = filters.CharFilter(
        field_name="dimensions__code", max_length=60, label="Dimension it affects (its code)"
    )

    class Meta:
        model = Reform
        fields = ["country", "stage", "dimension"]


@extend_schema_view(
    list=extend_schema(summary="The reform tracker: bills reforming the legislation"),
    retrieve=extend_schema(summary="One legislative reform"),
)
class ReformViewSet(ApiReadOnlyViewSet):
    """Bills reforming the member countries' legislation, followed through their stages
    (001 §5.D.5, §5.E.1), with the dimensions of the matrix each affects."""

    serializer_class = ReformSerializer
    filterset_class = ReformFilter
    ordering_fields = ["last_change_on", "introduced_on"]
    ordering = ["country__name_es", "-last_change_on", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no caller
            return Reform.objects.none()
        return reform_list().order_by(*self.ordering)
