"""An event of the coalition beyond its plenary, technical and committee meetings (issue 21):
seminars, workshops, regional or binational encounters and national sessions (001
Coordinación 1; 001 §5.E.6; 003 §VIII, §X; the 2017 workshop's concept note, 004), with the
actors involved and its multi-day agenda (hour / activity / responsible, 004)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.timezones import coalition_time_zone, validate_time_zone
from members.models import Country
from plans.models import Activity, Actor


class Event(models.Model):
    """Status: draft → convened → closed, or draft / convened → cancelled. While a draft only
    ST and the Presidency see it; once convened the invited countries' focal points register
    their participants (up to `quota_per_country` each) and ST confirms them. Dates are the
    venue's calendar days in `time_zone` (SPEC §9)."""

    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        REGIONAL_ENCOUNTER = "regional_encounter", _("Regional encounter")
        BINATIONAL_ENCOUNTER = "binational_encounter", _("Binational or multinational encounter")
        NATIONAL_SESSION = "national_session", _("National session")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONVENED = "convened", _("Convened")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    class Organiser(models.TextChoices):
        PRESIDENCY = "presidency", _("The Presidency")
        SECRETARIAT = "secretariat", _("The Technical Secretariat")
        BOTH = "both", _("The Presidency and the Technical Secretariat")
        COUNTRY = "country", _("A member country")

    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    purpose = models.TextField(_("purpose"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=coalition_time_zone,
        validators=[validate_time_zone],
        help_text=_("The IANA zone of the venue; by default the host country's capital's."),
    )
    host_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host country"),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    organised_by = models.CharField(
        _("organised by"), max_length=15, choices=Organiser.choices, default=Organiser.SECRETARIAT
    )
    invited_countries = models.ManyToManyField(
        Country, blank=True, related_name="events_invited", verbose_name=_("invited countries")
    )
    quota_per_country = models.PositiveSmallIntegerField(
        _("participants per country"),
        default=4,
        help_text=_("How many participants each invited country may register."),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("POA activity"),
        help_text=_("The activity of the operating plan this event carries out, if any."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[invited_countries])

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_start",
                violation_error_code="dates_out_of_order",
                violation_error_message=_("The last day cannot come before the first."),
            ),
            models.CheckConstraint(
                condition=Q(quota_per_country__gte=1),
                name="event_quota_at_least_one",
                violation_error_code="quota_too_small",
                violation_error_message=_("Each country may register at least one participant."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self) -> list[dt.date]:
        """The event's calendar days, first to last."""
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=i) for i in range(count)]


class EventActor(models.Model):
    """An actor of the actor directory (plans.Actor: regional spaces such as the CRM, SICA or
    OCAM, international organisations, civil society...) in one role at the event."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Co-organiser")
        PARTNER = "partner", _("Partner")
        SPONSOR = "sponsor", _("Sponsor")
        INVITED = "invited", _("Invited")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="actors")
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="event_roles", verbose_name=_("actor")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    quota = models.PositiveSmallIntegerField(
        _("participants"),
        default=0,
        help_text=_("How many participants of this actor ST may register (0: none)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "actor__name"]
        verbose_name = _("actor of an event")
        verbose_name_plural = _("actors of events")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "actor", "role"],
                name="one_role_of_an_actor_per_event",
                violation_error_code="actor_twice",
                violation_error_message=_("This actor already has this role at the event."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} · {self.get_role_display()}"


class AgendaSlot(models.Model):
    """A line of the event's agenda: day, start and end (venue's time), activity, responsible
    (004: "Hora | Actividad | Responsable")."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("start"))
    ends_at = models.TimeField(_("end"))
    activity = models.CharField(_("activity"), max_length=300)
    responsible = models.CharField(_("responsible"), max_length=250, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        verbose_name = _("agenda line")
        verbose_name_plural = _("agenda lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="agenda_slot_ends_after_start",
                violation_error_code="slot_out_of_order",
                violation_error_message=_("A line of the agenda ends after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at:%H:%M} {self.activity}"
