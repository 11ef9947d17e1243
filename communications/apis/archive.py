"""/api/v1/archive-documents/ (issue 18): the archive's documents the caller may read
(communications.selectors.access: partner tokens and observers never get restricted ones),
with the filters of the archive's page and `q=` full-text search (best matches first), and
each version's download link (through the API, so a token can follow it). Read-only."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from common.api.filters import YearFilter
from common.api.views import ApiReadOnlyViewSet
from communications.models import AccessLevel, Document, DocumentVersion
from communications.search import MAX_QUERY_CHARS, search_documents
from communications.selectors.archive import document_list, version_for


class VersionSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = ["number", "original_name", "mime_type", "size", "uploaded_at", "note", "download"]

    def get_download(self, version: DocumentVersion) -> str:
        return reverse(
            "api:archive-document-download",
            args=[version.document_id, version.number],
            request=self.context.get("request"),
        )


class DocumentSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(slug_field="iso_code", read_only=True, allow_null=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "description",
            "kind",
            "date",
            "year",
            "organ",
            "country",
            "language",
            "access",
            "reference",
            "versions",
        ]


class DocumentFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        max_length=MAX_QUERY_CHARS,
        label="Full-text search of titles, descriptions and the files' text (accents ignored)",
    )
    kind = filters.ChoiceFilter(choices=Document.Kind.choices)
    year = YearFilter()
    organ = filters.ChoiceFilter(choices=Document.Organ.choices)
    country = filters.CharFilter(
        field_name="country__iso_code", lookup_expr="iexact", max_length=2, label="Country (ISO)"
    )
    language = filters.ChoiceFilter(choices=Document.Language.choices)
    access = filters.ChoiceFilter(choices=AccessLevel.choices)

    class Meta:
        model = Document
        fields = ["q", "kind", "year", "organ", "country", "language", "access"]

    def filter_q(self, queryset, name, value):
        return search_documents(queryset, value)


@extend_schema_view(
    list=extend_schema(summary="Archive documents the caller may read"),
    retrieve=extend_schema(summary="One archive document"),
)
class DocumentViewSet(ApiReadOnlyViewSet):
    """The coalition's archive (003 §VIII ST 12): meeting documents, minutes, reports, plan
    instruments, regional agreements and historical documents, with their versions. Only
    what the caller may read: public and members' documents for every account; restricted
    ones for the members' side (ST, Presidency, focal points, delegates) only."""

    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter
    ordering_fields = ["date", "year", "title"]

    def get_queryset(self):
        return document_list(user=self.request.user)

    @extend_schema(
        summary="Download one version of an archive document",
        parameters=[OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]+)/download")
    def download(self, request, pk=None, number=None):
        version = (
            DocumentVersion.objects.filter(document_id=pk, number=number)
            .values_list("pk", flat=True)
            .first()
        )
        try:
            version = version_for(user=request.user, pk=version or 0)
        except DocumentVersion.DoesNotExist as exc:
            raise Http404 from exc
        response = FileResponse(
            version.file.open("rb"),
            as_attachment=True,
            filename=version.original_name,
            content_type=version.mime_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
