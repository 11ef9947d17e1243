"""Comunicados and deliveries in the admin: read-only (common.admin.ReadOnlyAdmin); they
change through communications.services (drafts, sending, acknowledgements)."""

from __future__ import annotations

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from communications.models import Communique, Delivery


@admin.register(Communique)
class CommuniqueAdmin(ReadOnlyAdmin):
    list_display = ["number", "subject", "status", "confidentiality", "sent_at", "drafted_by"]
    list_filter = ["status", "confidentiality", "year"]
    search_fields = ["number", "subject"]
    list_select_related = ["drafted_by"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "kind",
        "subject",
        "name",
        "email",
        "country",
        "state",
        "sent_at",
        "opened_at",
        "acknowledged_at",
    ]
    list_filter = ["kind", "state", "country"]
    search_fields = ["subject", "name", "email", "organisation"]
    list_select_related = ["country"]
    date_hierarchy = "created_at"


# --- the archive (issue 18) ---
from common.admin import ReadOnlyInline  # noqa: E402
from communications import models as archive_models  # noqa: E402


class DocumentVersionInline(ReadOnlyInline, admin.TabularInline):
    model = archive_models.DocumentVersion
    fields = ["number", "original_name", "mime_type", "size", "uploaded_by", "uploaded_at", "note"]
    readonly_fields = fields


@admin.register(archive_models.Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "date", "organ", "country", "language", "access"]
    list_filter = ["kind", "access", "organ", "language"]
    search_fields = ["title", "reference"]
    list_select_related = ["country"]
    inlines = [DocumentVersionInline]
