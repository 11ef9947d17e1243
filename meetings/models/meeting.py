"""A meeting of the coalition and the log of its status changes (SPEC §3)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.timezones import coalition_time_zone, validate_time_zone
from members.models import Committee, Country, ObserverOrganisation


class Meeting(models.Model):
    """A meeting of the coalition. Status moves draft → convened → in session → closed, or
    draft / convened → cancelled; every move is logged in MeetingStatusChange (who, when
    and, for a cancellation, why). Start and end are instants; the meeting is read in the
    IANA zone of its venue (`time_zone`, SPEC §9). `sequence` is the iCalendar SEQUENCE
    (RFC 5545 §3.8.7.4): it grows by one with each change invitees' calendars must take."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary plenary")
        EXTRAORDINARY = "extraordinary", _("Extraordinary plenary")
        TECHNICAL = "technical", _("Technical session")
        COMMITTEE = "committee", _("Committee session")

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtual")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONVENED = "convened", _("Convened")
        IN_SESSION = "in_session", _("In session")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    PLENARY_KINDS = (Kind.ORDINARY, Kind.EXTRAORDINARY)

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=coalition_time_zone,
        validators=[validate_time_zone],
        help_text=_("The IANA zone of the venue; by default the host country's capital's."),
    )
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    host_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host country"),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    modality = models.CharField(
        _("modality"), max_length=10, choices=Modality.choices, default=Modality.IN_PERSON
    )
    link = models.URLField(_("link to join"), blank=True)
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("committee"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    invited_observers = models.ManyToManyField(
        ObserverOrganisation,
        blank=True,
        related_name="meetings_invited",
        verbose_name=_("invited observers"),
    )
    agenda_approved_at = models.DateTimeField(_("agenda approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            # A committee session belongs to its committee, whose member countries make its
            # quorum and vote (meetings.selectors.quorum); no other meeting has a committee.
            models.CheckConstraint(
                condition=(Q(kind="committee") & Q(committee__isnull=False))
                | (~Q(kind="committee") & Q(committee__isnull=True)),
                name="committee_session_iff_committee",
                violation_error_code="committee_session_needs_committee",
                violation_error_message=_(
                    "A committee session needs its committee, and only a committee session has one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_starts_at(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_ends_at(self) -> dt.datetime:
        return self.ends_at.astimezone(self.zone)

    @property
    def date(self) -> dt.date:
        """The meeting's date where it is held (its venue's zone): N (member countries) and
        designations in force are taken on this day (SPEC §3)."""
        return self.local_starts_at.date()

    @property
    def is_plenary(self) -> bool:
        return self.kind in self.PLENARY_KINDS


class MeetingStatusChange(models.Model):
    """Who moved a meeting from one status to another, and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=12, choices=Meeting.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Meeting.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.from_status} → {self.to_status}"
