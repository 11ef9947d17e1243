"""Read-only admin of the directory (docs/architecture.md): its writes go through
directories.services."""

from django.contrib import admin
from django.db import models

from common.admin import ReadOnlyAdmin
from directories.models import ContactPoint, Institution


@admin.register(Institution)
class InstitutionAdmin(ReadOnlyAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "acronym", "country", "sector", "level"]
    list_filter = ["country", "sector", "level", "national_bodies"]
    search_fields = ["name", "acronym"]


@admin.register(ContactPoint)
class ContactPointAdmin(ReadOnlyAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "country", "type", "verified_on", "review_interval_days"]
    list_filter = ["country", "type"]
    search_fields = ["name", "contact_name"]


# --- Comparative legislation (issue 19) ---------------------------------------------------

from directories.models import LegislationCell, LegislationDimension, Reform  # noqa: E402


@admin.register(LegislationDimension)
class LegislationDimensionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_es", "name_en", "position", "source"]


@admin.register(LegislationCell)
class LegislationCellAdmin(ReadOnlyAdmin):
    list_display = ["country", "dimension", "article", "state", "needs_review", "validated_at"]
    list_filter = ["country", "state", "needs_review", "dimension"]
    search_fields = ["article", "excerpt", "source"]


@admin.register(Reform)
class ReformAdmin(ReadOnlyAdmin):
    list_display = ["title", "country", "stage", "introduced_on", "last_change_on"]
    list_filter = ["country", "stage"]
    search_fields = ["title", "bill_number", "resulting_act"]
