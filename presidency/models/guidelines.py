"""The follow-up of the Lineamientos de Actuación (001 §4.A.2: the Coalition "deberá
hacerse cargo de dar seguimiento a la implementación de los Lineamientos Nacionales y
Regionales"; 001 §8; 003 §VIII Presidency 3: "Brindar seguimiento y monitoreo de los
objetivos generales y específicos establecidos en los Lineamientos de Actuación").

The specific guidelines of 001 §5 (A Prevención … F Repatriación y reasentamiento) are data
(presidency/data/guidelines.yaml, loaded by load_coalition). Each member country keeps a
checklist: per guideline a status, its evidence and comments, updated by the country's focal
point and reviewed by ST. The Presidency may put reorientation proposals to the Plenary."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from members.models import Country


class Guideline(models.Model):
    class Area(models.TextChoices):
        PREVENTION = "A", _("Prevention")
        DETECTION = "B", _("Detection")
        ATTENTION = "C", _("Attention")
        PROTECTION = "D", _("Protection")
        SANCTION = "E", _("Sanction")
        REPATRIATION = "F", _("Repatriation and resettlement")

    area = models.CharField(_("area"), max_length=1, choices=Area.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("guideline (source's words)"))
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=200)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["area", "number"]
        verbose_name = _("specific guideline")
        verbose_name_plural = _("specific guidelines")
        constraints = [
            models.UniqueConstraint(fields=["area", "number"], name="guideline_area_number_unique")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.area}.{self.number}"


class GuidelineProgress(models.Model):
    """A country's line of its checklist: where the guideline stands in that country."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        IMPLEMENTED = "implemented", _("Implemented")
        NOT_APPLICABLE = "not_applicable", _("Does not apply")

    class Review(models.TextChoices):
        NOT_SUBMITTED = "not_submitted", _("Not yet submitted")
        SUBMITTED = "submitted", _("Waiting for review")
        REVIEWED = "reviewed", _("Reviewed")
        RETURNED = "returned", _("Returned with comments")

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="guideline_progress",
        verbose_name=_("country"),
    )
    guideline = models.ForeignKey(
        Guideline, on_delete=models.PROTECT, related_name="progress", verbose_name=_("guideline")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_("What shows it: a law, a protocol, a campaign, an agreement… with its link."),
    )
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)
    comments = models.TextField(_("comments"), blank=True)
    review = models.CharField(
        _("review"), max_length=14, choices=Review.choices, default=Review.NOT_SUBMITTED
    )
    review_note = models.TextField(_("note of the Technical Secretariat"), blank=True)
    updated_by = account_field(_("updated by"), optional=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    reviewed_by = account_field(_("reviewed by"), optional=True, on_delete=models.SET_NULL)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_es", "guideline__area", "guideline__number"]
        verbose_name = _("guideline progress")
        verbose_name_plural = _("guideline progress")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "guideline"], name="guideline_progress_once_per_country"
            ),
            models.CheckConstraint(
                condition=~Q(review="returned") | ~Q(review_note=""),
                name="guideline_returned_says_why",
                violation_error_code="note_required",
                violation_error_message=_("Say what the country should complete or correct."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} · {self.guideline}"


class ReorientationProposal(models.Model):
    """A proposal of the Presidency to reorient a guideline, or an area's guidelines, put to
    the Plenary: draft → put to a plenary (an item on its agenda) → adopted (a Plenary
    agreement) or not adopted; or withdrawn."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Put to the Plenary")
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Not adopted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    guideline = models.ForeignKey(
        Guideline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("guideline"),
    )
    area = models.CharField(
        _("area"),
        max_length=1,
        choices=Guideline.Area.choices,
        blank=True,
        help_text=_("For a proposal on a whole area rather than one guideline."),
    )
    title = models.CharField(_("title"), max_length=300)
    rationale = models.TextField(_("why"), help_text=_("What the checklists show."))
    proposal = models.TextField(_("proposal"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plenary"),
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda item"),
    )
    agreement = models.ForeignKey(
        "meetings.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agreement"),
    )
    created_by = account_field(_("proposed by"))
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reorientation proposal")
        verbose_name_plural = _("reorientation proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(guideline__isnull=False) | ~Q(area=""),
                name="proposal_names_guideline_or_area",
                violation_error_code="target_required",
                violation_error_message=_("Name the guideline or the area the proposal reorients."),
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(agreement__isnull=False),
                name="proposal_adopted_by_agreement",
                violation_error_code="agreement_required",
                violation_error_message=_("An adopted proposal names the Plenary agreement."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
