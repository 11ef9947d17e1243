"""Read-only admin of the meeting records, for audit (history included). Changes go through
the pages, which call the services, so the rules of SPEC §3 cannot be bypassed here."""

from __future__ import annotations

from django.contrib import admin

from common.admin import ReadOnlyAdmin
from meetings import models


@admin.register(models.Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "starts_at", "host_country", "modality", "status"]
    list_filter = ["kind", "status", "modality"]
    search_fields = ["title", "city"]
    list_select_related = ["host_country"]
    date_hierarchy = "starts_at"


@admin.register(models.Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = [
        "meeting",
        "person",
        "capacity",
        "country",
        "accredited_for_meeting",
        "arrived_at",
        "left_at",
    ]
    list_filter = ["capacity", "accredited_for_meeting"]
    list_select_related = ["meeting", "person", "country"]


@admin.register(models.Motion)
class MotionAdmin(ReadOnlyAdmin):
    list_display = ["text", "decision_method", "majority_rule", "state", "outcome"]
    list_filter = ["decision_method", "state", "outcome"]


@admin.register(models.Agreement)
class AgreementAdmin(ReadOnlyAdmin):
    list_display = ["number", "meeting", "due_date", "status"]
    list_filter = ["status", "year"]
    search_fields = ["number", "text"]
    list_select_related = ["meeting"]


@admin.register(models.Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "state", "approved_at"]
    list_filter = ["state"]
    list_select_related = ["meeting"]
