"""The admin shows the monitoring records and their history but does not change them: every
change goes through monitoring.services (rules, locks, optimistic concurrency), i.e. through
the pages or the API. A record changed behind the services' back would escape the rules
SPEC §5 asks for."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from monitoring import models


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "opens_on", "due_on", "status"]
    list_filter = ["status", "poa"]
    list_select_related = ["poa"]


class EntryInline(admin.TabularInline):
    model = models.ProgressEntry
    fields = ["activity", "progress", "goal_status", "justification"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "submitted_at", "reviewed_at", "reopened", "version"]
    list_filter = ["status", "is_regional", "period"]
    list_select_related = ["period__poa", "national_body"]
    inlines = [EntryInline]


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "entry", "uploaded_by", "uploaded_at"]
    list_select_related = [
        "entry__report__period__poa",
        "entry__activity",
        "uploaded_by",
        "entry__report__national_body",
    ]
