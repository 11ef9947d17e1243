"""/api/v1/communiques/ (issue 18): the comunicados the caller may read
(communications.selectors.communiques.readable_communiques) — the ones they received; ST
and the Presidency every sent one; a partner agency's token those sent to partners and not
restricted. With the caller's own copy (opened, acknowledged) when they received it.
Read-only."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from common.api.filters import YearFilter
from common.api.views import ApiReadOnlyViewSet
from communications.models import AccessLevel, Communique, Delivery, Document
from communications.selectors.communiques import readable_communiques


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "title"]


class OwnCopySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["state", "sent_at", "opened_at", "acknowledged_at"]


class CommuniqueSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    received = serializers.SerializerMethodField(
        help_text="The caller's own copy, when the comunicado was sent to them."
    )

    class Meta:
        model = Communique
        fields = [
            "id",
            "number",
            "year",
            "subject",
            "body",
            "languages",
            "confidentiality",
            "audiences",
            "acknowledge_by",
            "sent_at",
            "attachments",
            "received",
        ]

    @extend_schema_field(OwnCopySerializer(allow_null=True))
    def get_received(self, communique: Communique) -> dict | None:
        copies = getattr(communique, "own_copies", [])
        return OwnCopySerializer(copies[0]).data if copies else None


class CommuniqueFilter(filters.FilterSet):
    year = YearFilter(label="Year the comunicado was sent (its number's year)")
    confidentiality = filters.ChoiceFilter(choices=AccessLevel.choices)

    class Meta:
        model = Communique
        fields = ["year", "confidentiality"]


@extend_schema_view(
    list=extend_schema(summary="Comunicados the caller may read"),
    retrieve=extend_schema(summary="One comunicado"),
)
class CommuniqueViewSet(ApiReadOnlyViewSet):
    """Comunicados of the coalition (001 Coordinación 7; 003 §VIII ST 4), numbered per
    year (COM-2026-014)."""

    serializer_class = CommuniqueSerializer
    filterset_class = CommuniqueFilter
    ordering_fields = ["sent_at", "number"]
    ordering = ["-sent_at", "-pk"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema: no caller
            return Communique.objects.none()
        user = self.request.user
        own = Q(user=user) | (Q(person_id=user.person_id) if user.person_id else Q(pk__in=[]))
        copies = Delivery.objects.filter(own, kind=Delivery.Kind.COMMUNIQUE).order_by("pk")
        return (
            readable_communiques(user)
            .prefetch_related(
                Prefetch("attachments", queryset=Document.objects.order_by("pk")),
                Prefetch("deliveries", queryset=copies, to_attr="own_copies"),
            )
            .order_by("-sent_at", "-pk")
        )
