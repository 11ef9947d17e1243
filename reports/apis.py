"""/api/v1/reports/: the report jobs with their download link, for ST and the Presidency."""

from __future__ import annotations

from django.urls import reverse
from django_filters import rest_framework as filters
from rest_framework import serializers

from common.api.views import ApiReadOnlyViewSet
from reports import selectors
from reports.models import ReportJob

# --- Report jobs (/api/v1/reports/) -------------------------------------------------------


class ReportJobSerializer(serializers.ModelSerializer):
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    download_url = serializers.SerializerMethodField(
        help_text="Absolute link to the PDF once the job is ready (needs the same credentials)."
    )
    annex_url = serializers.SerializerMethodField(
        help_text=(
            "Absolute link to the accountability report's annex workbook (XLSX: every"
            " activity's figures, the POA matrices, the delayed activities' justifications,"
            " the country × activity matrix of each period) once the job is ready; null for"
            " the other kinds of report and for reports built before the workbook existed."
        )
    )

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "kind",
            "title",
            "params",
            "language",
            "state",
            "error",
            "requested_by",
            "queued_at",
            "started_at",
            "finished_at",
            "pages",
            "file_size",
            "download_url",
            "annex_url",
        ]

    def _url(self, name: str, job) -> str:
        request = self.context.get("request")
        url = reverse(name, args=[job.pk])
        return request.build_absolute_uri(url) if request else url

    def get_download_url(self, job) -> str | None:
        return self._url("reports:job-download", job) if job.state == "ready" else None

    def get_annex_url(self, job) -> str | None:
        return self._url("reports:job-annex", job) if job.has_annex else None


class ReportJobFilter(filters.FilterSet):
    class Meta:
        model = ReportJob
        fields = ["kind", "state", "language"]


class ReportJobViewSet(ApiReadOnlyViewSet):
    """The biennial accountability report and the other PDFs built in the background, with
    their state and download link. Only the Technical Secretariat and the Presidency see
    them (the same rule as the reports page); everyone else gets an empty list."""

    serializer_class = ReportJobSerializer
    filterset_class = ReportJobFilter
    ordering_fields = ["queued_at", "finished_at"]

    def get_queryset(self):
        return selectors.report_job_list(user=self.request.user)
