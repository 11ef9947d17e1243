"""Country reports presented at a session (003 §VIII Pleno) and the minutes (acta) with
their comments (003 §VIII ST 11–12, Presidency 10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.agenda import AgendaItem
from meetings.models.meeting import Meeting
from members.models import Country


def country_report_upload_to(instance: CountryReport, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/country-reports/{filename}"


class CountryReport(models.Model):
    """The updated report each member country presents at each session (003 §VIII Pleno)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="country_reports")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("report"), blank=True)
    file = models.FileField(_("file"), upload_to=country_report_upload_to, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "country__name_es"]
        verbose_name = _("country report")
        verbose_name_plural = _("country reports")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "country"], name="one_report_per_country")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.country_id}"


class Minutes(models.Model):
    """The minutes (acta) of a meeting, drafted by ST from the meeting's records (003 §VIII
    ST 11), circulated for comments, approved at the next meeting's agenda item (Presidency
    10) and then locked; ST is the depositary of the archive (ST 12). `records` is a
    snapshot of the records taken when the draft is generated, so approved minutes never
    change even if a record is corrected later. While circulated the text is frozen (only
    comments); ST withdraws the circulation to edit it again."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CIRCULATED = "circulated", _("Circulated for comments")
        APPROVED = "approved", _("Approved")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    records = models.JSONField(_("records"), default=dict)
    narrative = models.TextField(_("narrative"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    generated_at = models.DateTimeField(_("generated at"), default=timezone.now)
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_in = models.ForeignKey(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("approved at agenda item"),
    )
    reopen_reason = models.CharField(_("reason for reopening"), max_length=300, blank=True)
    # Optimistic concurrency on the narrative: several ST staff write it.
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting__starts_at"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
