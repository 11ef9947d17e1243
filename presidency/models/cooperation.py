"""International cooperation the Presidency manages (003 §VIII Presidency 4: "Gestionar la
cooperación internacional necesaria para el cumplimiento de las metas definidas"; 000 e;
001 Coordinación 9; co-sponsorships, 002 f).

A project with a partner (an actor of the directory) moves along a pipeline: request or
proposal → commitment → execution → final report (closed), or it is declined / cancelled
with a reason. Its contribution is money (an amount in its currency) or in kind (what, with
an estimated value if known); totals are per currency, never converted. It serves POA
activities and events, may rest on an alliance of the register and cover event budget
commitments. Its reporting duties have due dates and reminders (presidency.tasks)."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from events.models.budget import currency_code
from plans.models import Actor


class CooperationProject(models.Model):
    class Stage(models.TextChoices):
        PROPOSAL = "proposal", _("Request or proposal")
        COMMITMENT = "commitment", _("Commitment")
        EXECUTION = "execution", _("Execution")
        FINAL_REPORT = "final_report", _("Final report")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    # The pipeline in order; DECLINED and CANCELLED end it early.
    PIPELINE = (Stage.PROPOSAL, Stage.COMMITMENT, Stage.EXECUTION, Stage.FINAL_REPORT)
    ENDED = (Stage.FINAL_REPORT, Stage.DECLINED, Stage.CANCELLED)
    # Committed or later: what the totals count (a proposal is not yet a contribution).
    COUNTED = (Stage.COMMITMENT, Stage.EXECUTION, Stage.FINAL_REPORT)

    class Direction(models.TextChoices):
        REQUEST = "request", _("Request of the Coalition")
        OFFER = "offer", _("Proposal of the partner")

    class Kind(models.TextChoices):
        MONEY = "money", _("Money")
        IN_KIND = "in_kind", _("In kind")

    partner = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="cooperation_projects",
        verbose_name=_("partner"),
    )
    title = models.CharField(_("title"), max_length=300)
    direction = models.CharField(
        _("origin"), max_length=10, choices=Direction.choices, default=Direction.REQUEST
    )
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=14, choices=Stage.choices, default=Stage.PROPOSAL
    )
    stage_reason = models.CharField(
        _("reason"), max_length=500, blank=True, help_text=_("Why it was declined or cancelled.")
    )
    kind = models.CharField(_("contribution"), max_length=10, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Money: the amount. In kind: its estimated value, if known."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", validators=[currency_code]
    )
    in_kind = models.CharField(
        _("in-kind contribution"),
        max_length=300,
        blank=True,
        help_text=_("What the partner contributes in kind (experts, venue, travel…)."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year the contribution is for (totals by partner and year).")
    )
    proposed_on = models.DateField(_("requested or proposed on"))
    committed_on = models.DateField(_("committed on"), null=True, blank=True)
    execution_start = models.DateField(_("execution from"), null=True, blank=True)
    execution_end = models.DateField(_("execution until"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    alliance = models.ForeignKey(
        "plans.Alliance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cooperation_projects",
        verbose_name=_("alliance"),
        help_text=_("The alliance of the register this cooperation rests on, if any."),
    )
    activities = models.ManyToManyField(
        "plans.Activity",
        blank=True,
        related_name="cooperation_projects",
        verbose_name=_("POA activities"),
    )
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="cooperation_projects", verbose_name=_("events")
    )
    funding_commitments = models.ManyToManyField(
        "events.FundingCommitment",
        blank=True,
        related_name="cooperation_projects",
        verbose_name=_("event budget commitments"),
        help_text=_("The commitments of event budgets this cooperation covers."),
    )
    created_by = account_field(_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[activities, events, funding_commitments])

    class Meta:
        ordering = ["-year", "partner__name", "pk"]
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="money") | Q(amount__isnull=False),
                name="cooperation_money_has_an_amount",
                violation_error_code="amount_required",
                violation_error_message=_("A contribution of money says how much."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="in_kind") | ~Q(in_kind=""),
                name="cooperation_in_kind_says_what",
                violation_error_code="in_kind_required",
                violation_error_message=_("A contribution in kind says what it is."),
            ),
            models.CheckConstraint(
                condition=Q(execution_end__isnull=True)
                | Q(execution_start__isnull=True)
                | Q(execution_end__gte=F("execution_start")),
                name="cooperation_execution_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message=_("The execution cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.title}"


def duty_upload_to(instance: ReportingDuty, filename: str) -> str:
    return f"presidency/cooperation/{instance.project_id}/{filename}"


class ReportingDuty(models.Model):
    """A report owed to the partner (progress, financial, final), with its due date. Open
    duties are reminded before they fall due and once they are overdue
    (PRESIDENCY_DUTY_REMINDER_DAYS; presidency.tasks.remind_reporting_duties)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        FINANCIAL = "financial", _("Financial report")
        FINAL = "final", _("Final report")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUBMITTED = "submitted", _("Submitted")

    project = models.ForeignKey(CooperationProject, on_delete=models.CASCADE, related_name="duties")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    document = models.FileField(_("report"), upload_to=duty_upload_to, blank=True, max_length=255)
    # The reminders already sent, by key ("before-14", "before-1", "overdue"): one each.
    reminders_sent = models.JSONField(_("reminders sent"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("reporting duty")
        verbose_name_plural = _("reporting duties")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(submitted_on__isnull=False),
                name="duty_submitted_has_a_date",
                violation_error_code="submitted_on_required",
                violation_error_message=_("A submitted report says when it was submitted."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.get_kind_display()
