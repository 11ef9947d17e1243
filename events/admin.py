"""Read-only admin of the events (docs/architecture.md): events, their agenda, participants
and sign-ins change only through events.services (who, which status, quotas, history)."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin, ReadOnlyInline
from events.models import AgendaSlot, DayAttendance, Event, EventActor, Participant


class EventActorInline(ReadOnlyInline, admin.TabularInline):
    model = EventActor
    fields = ["actor", "role", "quota"]


class AgendaSlotInline(ReadOnlyInline, admin.TabularInline):
    model = AgendaSlot
    fields = ["day", "starts_at", "ends_at", "activity", "responsible"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "starts_on", "ends_on", "host_country", "status"]
    list_filter = ["kind", "status", "host_country"]
    list_select_related = ["host_country"]
    search_fields = ["title", "city", "venue"]
    inlines = [EventActorInline, AgendaSlotInline]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["full_name", "event", "country", "event_actor", "profile", "state"]
    list_filter = ["state", "profile", "country"]
    list_select_related = ["event", "country", "event_actor__actor"]
    search_fields = ["full_name", "institution", "email"]
    exclude = ["check_in_code"]


@admin.register(DayAttendance)
class DayAttendanceAdmin(ReadOnlyAdmin):
    list_display = ["participant", "day", "method", "recorded_at", "recorded_by"]
    list_filter = ["method", "day"]
    list_select_related = ["participant", "recorded_by"]
