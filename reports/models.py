"""Report jobs (issue #7; SPEC §6): PDFs built in the background from a frozen snapshot."""

from __future__ import annotations

import uuid
from typing import cast

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field

# --- Report jobs (issue #7; SPEC §6) -------------------------------------------------------


def report_storage():
    """Where report PDFs live: the `reports` alias of settings.STORAGES when production
    configures one (e.g. a private S3-compatible bucket), otherwise the default storage
    (local media). Either way the files are served only by the permission-checked download
    view (reports.views.report_job_download), never by a public URL."""

    if "reports" in settings.STORAGES:
        return storages["reports"]
    return default_storage


def report_upload_to(instance: ReportJob, filename: str) -> str:
    return f"reports/{instance.kind}/{instance.key}/{filename}"


class ReportJob(models.Model):
    """A PDF built in the background (SPEC §6): the biennial accountability report of an ST
    term (003 §IX: "cada dos años ... al finalizar el periodo de trabajo de la Secretaría
    Técnica ... conformado por los resultados ponderados de los planes operativos"), the
    minutes of a meeting, or a national body's progress report (the §IX form).

    The row records who asked, with which parameters, the state (queued → building → ready,
    or failed with the error), the timings and the file. `snapshot` holds every figure the
    PDF shows, computed once by the dashboards' selectors: the PDF is rendered from it, so it
    can be rendered again identically and compared with today's figures; once ready a job
    never changes (reports.services.report_job_build is a no-op on a ready job).

    At most one job per set of parameters (`params_key`) may be queued or building: a second
    request while one is under way reuses it (reports.services.report_job_request)."""

    class Kind(models.TextChoices):
        ACCOUNTABILITY = "accountability", _("Accountability report")
        MINUTES = "minutes", _("Minutes of a meeting")
        PROGRESS_REPORT = "progress_report", _("Progress report of a national body")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE_STATES = (State.QUEUED, State.BUILDING)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    params = models.JSONField(_("parameters"), default=dict)
    params_key = models.CharField(
        _("parameters key"),
        max_length=200,
        help_text=_("The parameters that make two requests the same report."),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    requested_by = account_field(_("requested by"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=50, blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    snapshot = models.JSONField(_("data snapshot"), null=True, blank=True, editable=False)
    snapshot_at = models.DateTimeField(_("figures taken at"), null=True, blank=True)
    key = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    file = models.FileField(
        _("file"), upload_to=report_upload_to, storage=report_storage, blank=True, max_length=300
    )
    annex = models.FileField(
        _("annex workbook"),
        upload_to=report_upload_to,
        storage=report_storage,
        blank=True,
        max_length=300,
        help_text=_(
            "The accountability report's per-activity figures as an XLSX delivered with the PDF"
            " (reports.annex)."
        ),
    )
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file_size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    timings = models.JSONField(
        _("timings"),
        default=dict,
        blank=True,
        help_text=_("Seconds spent gathering the data, rendering the HTML and laying out the PDF."),
    )

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["params_key"],
                condition=Q(state__in=["queued", "building"]),
                name="reportjob_one_active_per_params",
                violation_error_code="report_already_requested",
            ),
        ]
        indexes = [models.Index(fields=["kind", "state"], name="reportjob_kind_state")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def is_queued(self) -> bool:
        return self.state == self.State.QUEUED

    @property
    def is_building(self) -> bool:
        return self.state == self.State.BUILDING

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY and bool(self.file)

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def filename(self) -> str:
        return self.file.name.rsplit("/", 1)[-1] if self.file else ""

    @property
    def has_annex(self) -> bool:
        return self.is_ready and bool(self.annex)

    @property
    def annex_filename(self) -> str:
        return (self.annex.name or "").rsplit("/", 1)[-1]


# --- Term reports of the Presidency and the Technical Secretariat (issue 17) ---------------


class TermReport(models.Model):
    """The report the Presidency and the Technical Secretariat each present at the end of
    their term on the actions carried out (003 §VIII, Presidency 12 and Secretaría Técnica
    13: "Presentar un informe al término del período sobre las acciones realizadas").

    One report per office (a term of the members registry) and kind. The holder drafts it:
    `summary` is pre-filled from the records of the term (meetings held and participation,
    agreements and their fulfilment, alliances, the weighted results of the term's POAs;
    reports.selectors.term_report_summary) and the author completes the text sections.
    It moves draft → presented (at a plenary meeting of the term, on that meeting's date) →
    archived; only a draft is edited, with the version check of common.versions. The
    biennial accountability report prints the presented (or archived) reports of its term.
    Every rule is in reports.services (writes) and reports.permissions (who, which state)."""

    class Kind(models.TextChoices):
        PRESIDENCY = "presidency", _("Report of the Presidency")
        SECRETARIAT = "secretariat", _("Report of the Technical Secretariat")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PRESENTED = "presented", _("Presented")
        ARCHIVED = "archived", _("Archived")

    # The office whose term each kind reports on (members.models.Office.Kind values).
    OFFICE_KINDS = {"presidency": "presidency", "secretariat": "technical_secretariat"}
    # The text sections the author writes, in the order the report prints them.
    SECTIONS = (
        "introduction",
        "actions",
        "meetings_text",
        "agreements_text",
        "alliances_text",
        "results_text",
        "conclusions",
    )
    SHOWN_STATUSES = (Status.PRESENTED, Status.ARCHIVED)  # printed in the biennial report

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    office = models.ForeignKey(
        "members.Office",
        on_delete=models.PROTECT,
        related_name="term_reports",
        verbose_name=_("term"),
    )
    title = models.CharField(_("title"), max_length=250)
    introduction = models.TextField(_("Introduction"), blank=True)
    actions = models.TextField(
        _("Actions carried out"),
        blank=True,
        help_text=_("003 §VIII: the report on the actions carried out during the term."),
    )
    meetings_text = models.TextField(_("Meetings and participation"), blank=True)
    agreements_text = models.TextField(_("Agreements and their fulfilment"), blank=True)
    alliances_text = models.TextField(_("Alliances"), blank=True)
    results_text = models.TextField(_("Results of the operating plans"), blank=True)
    conclusions = models.TextField(_("Conclusions"), blank=True)
    summary = models.JSONField(
        _("summary from the records"),
        default=dict,
        blank=True,
        help_text=_("Figures of the term taken from the platform's records when drafted."),
    )
    summary_at = models.DateTimeField(_("summary taken at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("presented at"),
    )
    presented_on = models.DateField(_("presented on"), null=True, blank=True)
    presented_by = account_field(_("presentation recorded by"), optional=True)  # type: ignore[arg-type]
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archived_by = account_field(_("archived by"), optional=True)  # type: ignore[arg-type]
    created_by = account_field(_("drafted by"))  # type: ignore[arg-type]
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-office__start_date", "kind", "pk"]
        verbose_name = _("term report")
        verbose_name_plural = _("term reports")
        constraints = [
            models.UniqueConstraint(
                fields=["office", "kind"],
                name="termreport_one_per_office",
                violation_error_code="term_report_exists",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(meeting__isnull=False, presented_on__isnull=False),
                name="termreport_presented_at_a_meeting",
                violation_error_code="term_report_meeting_required",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_presented(self) -> bool:
        return self.status == self.Status.PRESENTED

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED

    def sections(self) -> list[tuple[str, str, str]]:
        """(key, heading, text) of each text section, in print order."""
        return [
            (
                key,
                str(cast(models.Field, self._meta.get_field(key)).verbose_name),
                getattr(self, key),
            )
            for key in self.SECTIONS
        ]
