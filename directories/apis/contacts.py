"""/api/v1/contact-points/: the regional directory for partners and national systems,
read-only, under the same sharing rule as the pages (visible_contact_points: a partner
token sees only the types shared with partner agencies) and the same filters."""

from __future__ import annotations

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from common.api.views import ApiReadOnlyViewSet
from directories.models import Area, ContactPoint, Level
from directories.selectors.contacts import filter_contact_points, visible_contact_points


class ContactPointSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.iso_code", read_only=True)
    institution = serializers.CharField(
        source="institution.name", read_only=True, allow_null=True, default=None
    )
    stale = serializers.SerializerMethodField()

    class Meta:
        model = ContactPoint
        fields = [
            "id",
            "country",
            "type",
            "institution",
            "name",
            "contact_name",
            "position",
            "level",
            "authority_status",
            "designating_act",
            "function",
            "email",
            "phone",
            "website",
            "address",
            "city",
            "areas",
            "verified_on",
            "review_interval_days",
            "stale",
        ]

    def get_stale(self, entry: ContactPoint) -> bool:
        return entry.is_stale(timezone.localdate())


class ContactPointFilter(filters.FilterSet):
    country = filters.CharFilter(method="filter_any", max_length=2, label="Country (ISO code)")
    type = filters.ChoiceFilter(choices=ContactPoint.Type.choices, method="filter_any")
    area = filters.ChoiceFilter(choices=Area.choices, method="filter_any")
    level = filters.ChoiceFilter(choices=Level.choices, method="filter_any")
    stale = filters.BooleanFilter(method="filter_any", label="Only entries due for review")
    q = filters.CharFilter(method="filter_any", max_length=100, label="Text search")

    class Meta:
        model = ContactPoint
        fields = ["country", "type", "area", "level", "stale", "q"]

    def filter_any(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        if name == "country":
            return queryset.filter(country__iso_code__iexact=value)
        return filter_contact_points(queryset, today=timezone.localdate(), **{name: value})


@extend_schema_view(
    list=extend_schema(summary="The regional directory of contact points"),
    retrieve=extend_schema(summary="One contact point"),
)
class ContactPointViewSet(ApiReadOnlyViewSet):
    """Institutional contact points of the member countries (issue 19): the types the
    caller's role may read, never a victim's data."""

    serializer_class = ContactPointSerializer
    filterset_class = ContactPointFilter
    ordering_fields = ["name", "verified_on", "type"]

    def get_queryset(self):
        return visible_contact_points(self.request.user).order_by("country__name_es", "type", "pk")
