"""/api/v1/ endpoints of the members registry (SPEC §7): countries with membership status,
national bodies, observer organisations and the designations in force. Read-only; public
fields only — partners never get officials' e-mails or phone numbers (members.permissions:
the directory's contacts are for the coalition's own members)."""

from __future__ import annotations

from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from common.api.views import ApiReadOnlyViewSet
from members import selectors
from members.models import Country, Designation, Membership, NationalBody, ObserverOrganisation


@extend_schema_field(serializers.ChoiceField(choices=Membership.Status.choices, allow_null=True))
class MembershipStatusField(serializers.Field):
    def to_representation(self, country: Country):
        current = getattr(country, "current_memberships", [])
        return current[0].status if current else None


class CountrySerializer(serializers.ModelSerializer):
    membership_status = MembershipStatusField(
        source="*", read_only=True, help_text="Status in force today: member or observer."
    )
    national_body = serializers.SlugRelatedField(
        source="principal_body",
        slug_field="acronym",
        read_only=True,
        allow_null=True,
        help_text="Acronym of the country's principal body (the rector for trafficking).",
    )
    national_bodies = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        source="body_acronyms",
        help_text="Acronyms of all its bodies: a second rector body for smuggling, if any.",
    )

    class Meta:
        model = Country
        fields = [
            "id",
            "iso_code",
            "name_es",
            "name_en",
            "membership_status",
            "national_body",
            "national_bodies",
        ]


class CountryFilter(filters.FilterSet):
    iso_code = filters.CharFilter(lookup_expr="iexact", max_length=2)
    status = filters.ChoiceFilter(
        choices=Membership.Status.choices,
        method="filter_status",
        label="Membership status in force today",
    )

    class Meta:
        model = Country
        fields = ["iso_code", "status"]

    def filter_status(self, queryset, name, value):
        day = timezone.localdate()
        return queryset.filter(
            pk__in=selectors.countries_with_status_on(status=value, day=day).values("pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Countries with their membership status in force today"),
    retrieve=extend_schema(summary="One country"),
)
class CountryViewSet(ApiReadOnlyViewSet):
    """Member and observer countries of the coalition (SPEC §2); the status is the one in
    force today (§I note 1: membership changes over time)."""

    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    ordering_fields = ["name_es", "name_en", "iso_code"]

    def get_queryset(self):
        return selectors.country_list(day=timezone.localdate())


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
    country = filters.CharFilter(field_name="country__iso_code", lookup_expr="iexact", max_length=2)

    class Meta:
        model = NationalBody
        fields = ["country", "kind", "crimes"]


@extend_schema_view(list=extend_schema(summary="National coordination bodies (003 §III)"))
class NationalBodyViewSet(ApiReadOnlyViewSet):
    """The national body of each member country: kind, legal basis, lead institution and
    the crimes it covers."""

    serializer_class = NationalBodySerializer
    filterset_class = NationalBodyFilter
    ordering_fields = ["acronym", "country__iso_code"]

    def get_queryset(self):
        return selectors.national_body_list()


class ObserverOrganisationSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(
        choices=ObserverOrganisation.Role.choices,
        read_only=True,
        help_text=(
            "What the sources say the organisation is. Only `observer` (admitted by a Plenary "
            "agreement) is an observer of the Coalition, with voice and no vote; the others "
            "(supporter, participant, invited, mentioned_only) are not. The list still returns "
            "every organisation, as before this field existed: filter with `?role=observer` "
            "for the observers only."
        ),
    )
    role_note = serializers.CharField(
        read_only=True, help_text="What the sources say of the organisation, in their words."
    )

    class Meta:
        model = ObserverOrganisation
        fields = [
            "id",
            "acronym",
            "name",
            "name_en",
            "kind",
            "role",
            "role_note",
            "website",
            "active",
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Organisations named in the sources; observers are those with role=observer"
    )
)
class ObserverOrganisationViewSet(ApiReadOnlyViewSet):
    """International organisations, civil society and countries the sources name, each with
    its `role`: only `role=observer` are observers (voice, no vote: 001 §4.A.6)."""

    serializer_class = ObserverOrganisationSerializer
    filterset_fields = ["kind", "active", "role"]
    ordering_fields = ["acronym"]
    queryset = ObserverOrganisation.objects.order_by("acronym")


class DesignationSerializer(serializers.ModelSerializer):
    """Public fields of a designation: who, for which body, in which role, since when. No
    e-mail, no phone."""

    person_name = serializers.CharField(source="person.full_name", read_only=True)
    institution = serializers.CharField(source="person.institution", read_only=True)
    position = serializers.CharField(source="person.position", read_only=True)
    national_body = serializers.CharField(source="national_body.acronym", read_only=True)
    country = serializers.CharField(source="national_body.country.iso_code", read_only=True)
    effective_end = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Designation
        fields = [
            "id",
            "person_name",
            "institution",
            "position",
            "role",
            "national_body",
            "country",
            "start_date",
            "end_date",
            "effective_end",
        ]


class DesignationFilter(filters.FilterSet):
    country = filters.CharFilter(
        field_name="national_body__country__iso_code", lookup_expr="iexact", max_length=2
    )
    national_body = filters.CharFilter(
        field_name="national_body__acronym", lookup_expr="iexact", max_length=30
    )
    in_force_on = filters.DateFilter(
        method="filter_in_force_on", label="Designations in force on this date (default: today)"
    )

    class Meta:
        model = Designation
        fields = ["country", "national_body", "role", "in_force_on"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset  # applied in DesignationViewSet.get_queryset


@extend_schema_view(
    list=extend_schema(summary="Representatives in force (titular and alternate)"),
)
class DesignationViewSet(ApiReadOnlyViewSet):
    """The titular and alternate representatives designated by each national body
    (001 §4.A.1), in force today or on `in_force_on`. Public fields only."""

    serializer_class = DesignationSerializer
    filterset_class = DesignationFilter
    ordering_fields = ["start_date", "national_body__acronym", "role"]

    def get_queryset(self):
        day = timezone.localdate()
        form = DesignationFilter(self.request.query_params).form
        if form.is_valid() and form.cleaned_data.get("in_force_on"):
            day = form.cleaned_data["in_force_on"]
        return selectors.designations_in_force(day=day).order_by(
            "national_body__acronym", "-role", "start_date", "pk"
        )
