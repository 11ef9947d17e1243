"""Monitoring of the Annual Operating Plans (SPEC §5; source 003 §IX "Matriz de monitoreo"):
reporting periods (one per POA semester), the progress report of each national body per
period ("Informe de seguimiento al Plan Operativo Anual": date, country, national body and one
row per activity with % progress, goal status and justification), its evidence, and the
regional report the Technical Secretariat fills for the activities of the regional organs.

Every rule (0–100, justification below plan, lock after closing or approval, optimistic
concurrency...) lives in monitoring/services/, so the pages, the admin, the Excel import
and the API obey the same rules. The models only hold the data and its database-level
invariants."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field

PROGRESS_OUT_OF_RANGE_CODE = "progress_out_of_range"


def audit_trail() -> HistoricalRecords:
    """History with a text change reason: after submission every change carries the
    reason its author gave (SPEC §5), and such reasons outgrow the default 100 characters."""
    return HistoricalRecords(history_change_reason_field=models.TextField(null=True))


class ReportingPeriod(models.Model):
    """A POA semester during which the national bodies report their progress (SPEC §5).
    Opened by ST with a due date; once ST closes it, it is locked: only an explicit,
    audited reopening of one report (ProgressReport.reopened) lets that report change."""

    class Semester(models.IntegerChoices):
        FIRST = 1, _("Semester I")
        SECOND = 2, _("Semester II")

    class Status(models.TextChoices):
        OPEN = "open", _("Open for reporting")
        CLOSED = "closed", _("Closed and locked")

    poa = models.ForeignKey(
        "plans.POA",
        on_delete=models.PROTECT,
        related_name="reporting_periods",
        verbose_name=_("POA"),
    )
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_by = account_field(_("opened by"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = account_field(_("closed by"), optional=True)
    # Published results (issue 17): ST publishes a closed period's official figures for
    # anonymous visitors and partners (monitoring.services.publication); unpublishing
    # clears both fields, its reason kept as the history's change reason.
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    published_by = account_field(_("results published by"), optional=True)
    history = audit_trail()

    class Meta:
        ordering = ["-poa__year", "-semester"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["poa", "semester"], name="period_unique_semester"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opens_on")),
                name="period_due_after_opening",
                violation_error_code="due_before_opening",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="closed"),
                name="period_published_only_closed",
                violation_error_code="period_not_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"POA {self.poa.year} · {self.get_semester_display()}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ProgressReport(models.Model):
    """One national body's report for a period, or the regional report (national body
    empty) in which ST reports the activities of the regional organs (SPEC §5).

    `version` is the optimistic-concurrency token: every save of the report's rows must
    name the version it started from, and the service refuses a save based on an older one
    (monitoring.services.progress_report_save)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned with comments")
        APPROVED = "approved", _("Approved")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED, Status.SUBMITTED)

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("reporting period"),
    )
    national_body = models.ForeignKey(
        "members.NationalBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_reports",
        verbose_name=_("national body"),
    )
    is_regional = models.BooleanField(_("regional report"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    report_date = models.DateField(_("date of the report"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = account_field(_("submitted by"), optional=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = account_field(_("reviewed by"), optional=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    reopened = models.BooleanField(
        _("reopened by the Technical Secretariat"),
        default=False,
        help_text=_("The lock exception: this report may change although it was locked."),
    )
    reopened_reason = models.TextField(_("reason for reopening"), blank=True)
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = audit_trail()

    class Meta:
        ordering = ["period", "-is_regional", "national_body__country__name_es"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "national_body"],
                condition=Q(national_body__isnull=False),
                name="report_unique_body_period",
            ),
            models.UniqueConstraint(
                fields=["period"], condition=Q(is_regional=True), name="report_one_regional"
            ),
            models.CheckConstraint(
                condition=(Q(is_regional=True) & Q(national_body__isnull=True))
                | (Q(is_regional=False) & Q(national_body__isnull=False)),
                name="report_regional_iff_no_body",
            ),
        ]

    def __str__(self) -> str:
        who = self.national_body.acronym if self.national_body_id else _("Regional report")
        return f"{who} · {self.period}"

    @property
    def was_submitted(self) -> bool:
        """After the first submission every change needs a reason (SPEC §5)."""
        return self.first_submitted_at is not None

    @property
    def awaits_review(self) -> bool:
        """Submitted: ST approves or returns it; it cannot be submitted again (SPEC §5)."""
        return self.status == self.Status.SUBMITTED

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class ProgressEntry(models.Model):
    """A row of the §IX form: one activity of the report, with its cumulative % progress,
    goal status, justification and evidence."""

    class GoalStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ACHIEVED = "achieved", _("Achieved")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("progress report"),
    )
    activity = models.ForeignKey(
        "plans.Activity",
        on_delete=models.PROTECT,
        related_name="progress_entries",
        verbose_name=_("activity"),
    )
    progress = models.PositiveSmallIntegerField(
        _("% progress"),
        null=True,
        blank=True,
        help_text=_("Cumulative since the start of the year, 0 to 100. Empty: not reported yet."),
    )
    goal_status = models.CharField(
        _("goal status"), max_length=12, choices=GoalStatus.choices, blank=True
    )
    status_override_reason = models.TextField(
        _("reason for the goal status"),
        blank=True,
        help_text=_("Required when the status differs from the one the figures suggest."),
    )
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Required when progress is below what was planned for the semester."),
    )
    decrease_reason = models.TextField(
        _("reason for the decrease"),
        blank=True,
        help_text=_("Required when progress is lower than in the previous period."),
    )
    history = audit_trail()

    class Meta:
        ordering = ["report", "activity__operational_objective__position", "activity__position"]
        verbose_name = _("progress row")
        verbose_name_plural = _("progress rows")
        constraints = [
            models.UniqueConstraint(fields=["report", "activity"], name="entry_unique_activity"),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="entry_progress_0_100",
                violation_error_code=PROGRESS_OUT_OF_RANGE_CODE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.activity.code}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.entry.report.period_id}/{instance.entry_id}/{filename}"


class Evidence(models.Model):
    """A file (PDF or image, checked by common.validators) or a link backing a row."""

    entry = models.ForeignKey(
        ProgressEntry,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("progress row"),
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = account_field(_("uploaded by"))
    history = audit_trail()

    class Meta:
        ordering = ["entry", "uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_file_xor_url",
                violation_error_code="evidence_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.description or self.url or self.file.name


class ResultRollup(models.Model):
    """The per-activity figures and per-operational-objective coverage of one POA's
    reporting periods (official and including reports awaiting review), kept in the database
    between changes so that a dashboard rendered after an approval does not re-read every
    progress row of the POA (issue 24). Derived data, never edited: monitoring.rollup
    writes it and trusts it only under the stamp it was computed with (results_stamp), so a
    change it was not told about makes it recomputed, never wrong. No history: nobody edits
    it, and it must stay outside the stamps it is checked against."""

    poa = models.OneToOneField(
        "plans.POA", on_delete=models.CASCADE, related_name="+", verbose_name=_("POA")
    )
    stamp = models.TextField(_("stamp"))
    computed_at = models.DateTimeField(_("computed at"))
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("kept results roll-up")
        verbose_name_plural = _("kept results roll-ups")

    def __str__(self) -> str:
        return f"{self.poa_id} @ {self.stamp}"
