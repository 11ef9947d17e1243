"""/api/v1/ endpoints of the members registry (SPEC §7): countries with membership status,
national bodies, observer organisations. Read-only; public fields only."""

from __future__ import annotations

import datetime as dt

from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from members import selectors
from members.models import Country, NationalBody, ObserverOrganisation


class MembershipStatusField(serializers.Field):
    def to_representation(self, country: Country):
        current = getattr(country, "current_memberships", [])
        return current[0].status if current else None


class CountrySerializer(serializers.ModelSerializer):
    membership_status = MembershipStatusField(source="*")
    national_body = serializers.SlugRelatedField(slug_field="acronym", read_only=True)

    class Meta:
        model = Country
        fields = ["id", "iso_code", "name_es", "name_en", "membership_status", "national_body"]


class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CountrySerializer
    filterset_fields = ["iso_code"]
    ordering_fields = ["name_es", "iso_code"]

    def get_queryset(self):
        return selectors.country_list(day=dt.date.today())


class NationalBodySerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso_code", read_only=True)

    class Meta:
        model = NationalBody
        fields = [
            "id",
            "acronym",
            "name",
            "country",
            "kind",
            "legal_basis",
            "lead_institution",
            "crimes",
            "website",
        ]


class NationalBodyFilter(filters.FilterSet):
    country = filters.CharFilter(field_name="country__iso_code", lookup_expr="iexact")

    class Meta:
        model = NationalBody
        fields = ["country", "kind", "crimes"]


class NationalBodyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NationalBodySerializer
    filterset_class = NationalBodyFilter
    ordering_fields = ["acronym"]

    def get_queryset(self):
        return selectors.national_body_list()


class ObserverOrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObserverOrganisation
        fields = ["id", "acronym", "name", "name_en", "kind", "website", "active"]


class ObserverOrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ObserverOrganisationSerializer
    filterset_fields = ["kind", "active"]
    ordering_fields = ["acronym"]
    queryset = ObserverOrganisation.objects.order_by("acronym")
