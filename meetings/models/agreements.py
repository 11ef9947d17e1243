"""Agreements (acuerdos) and their follow-up (SPEC §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.meeting import Meeting
from meetings.models.motions import Motion
from members.models import NationalBody


class Agreement(models.Model):
    """An agreement (acuerdo): every adopted decision becomes one, numbered CR-<year>-<nn>
    per year of the meeting. The stored status is what ST or the responsible body set
    (pending, in progress, fulfilled, cancelled); "overdue" is never stored: it is read —
    due date past and not fulfilled nor cancelled — by meetings.selectors.agreements
    (annotation `current_status`), so it is right on every page without a scheduled job."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In progress")
        FULFILLED = "fulfilled", _("Fulfilled")
        OVERDUE = "overdue", _("Overdue")
        CANCELLED = "cancelled", _("Cancelled")

    class Organ(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PRESIDENCY = "presidency", _("Presidency")
        TECHNICAL_SECRETARIAT = "technical_secretariat", _("Technical Secretariat")
        PETIT_COMMITTEE = "petit_committee", _("Petit Comité")

    # What a person sets; OVERDUE is derived when read (selectors.agreements).
    STORED_STATUSES = (Status.PENDING, Status.IN_PROGRESS, Status.FULFILLED, Status.CANCELLED)
    # Open: still to be fulfilled; past its due date it reads as overdue.
    OPEN_STATUSES = (Status.PENDING, Status.IN_PROGRESS)

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agreements")
    motion = models.OneToOneField(
        Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="agreement"
    )
    text = models.TextField(_("text"))
    responsible_bodies = models.ManyToManyField(
        NationalBody, blank=True, related_name="agreements", verbose_name=_("responsible bodies")
    )
    responsible_organs = models.JSONField(_("responsible organs"), default=list, blank=True)
    activities = models.ManyToManyField(
        "plans.Activity",
        blank=True,
        related_name="agreements",
        verbose_name=_("POA activities"),
        help_text=_("POA activities this agreement advances."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=[(s.value, s.label) for s in STORED_STATUSES],
        default=Status.PENDING,
    )
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    # The Plenary decides which agreements are public (001 Coordinación 6; 003 §VIII ST 2:
    # ST keeps the web pages); ST records the decision (meetings.services.publicity).
    made_public_on = models.DateField(_("made public on"), null=True, blank=True)
    public_reference = models.CharField(
        _("decision to make it public"),
        max_length=300,
        blank=True,
        help_text=_("The meeting or minutes where the Plenary decided to make it public."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="agreement_number_unique")
        ]

    def __str__(self) -> str:
        return self.number

    def get_responsible_organs_display(self) -> list[str]:
        labels = dict(self.Organ.choices)
        return [str(labels.get(o, o)) for o in self.responsible_organs]


def evidence_upload_to(instance: AgreementFollowUp, filename: str) -> str:
    return f"agreements/{instance.agreement_id}/{filename}"


class AgreementFollowUp(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"))
    evidence = models.FileField(_("evidence"), upload_to=evidence_upload_to, blank=True)
    new_status = models.CharField(
        _("new status"),
        max_length=12,
        choices=[(s.value, s.label) for s in Agreement.STORED_STATUSES],
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "date", "pk"]
        verbose_name = _("follow-up entry")
        verbose_name_plural = _("follow-up entries")

    def __str__(self) -> str:
        return f"{self.date} · {self.note[:60]}"
