"""What an event produces (issue 21; 004: "matrices de trabajo por eje … grupos de trabajo …
Cada Grupo de Trabajo tendrá un facilitador … un relator … Los resultados se compartirán en
plenaria … consolidados"): working groups with their members, facilitator and rapporteur,
the matrix they work on (an uploaded file, or a table edited on the platform), their
presentation in plenary; the event's documents (the pre-reading dossier sent with the
invitation, presentations) and its outputs (the consolidated output approved at the close,
a national session's minutes or report), which go to the archive."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models.event import Event
from events.models.participants import Participant


def event_file_upload_to(instance, filename: str) -> str:
    return f"events/{instance.event_id}/{filename}"


def group_file_upload_to(instance, filename: str) -> str:
    return f"events/{instance.event_id}/groups/{filename}"


class WorkingGroup(models.Model):
    """A working group of an event. Its matrix is either a file (`matrix_file`) or a table
    kept here: `columns` (the headings, e.g. objective | strategic action | responsible |
    term) and its rows (WorkingGroupRow)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    topic = models.TextField(_("topic"), blank=True)
    facilitator = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_facilitated",
        verbose_name=_("facilitator"),
    )
    rapporteur = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_reported",
        verbose_name=_("rapporteur"),
    )
    members = models.ManyToManyField(
        Participant, blank=True, related_name="working_groups", verbose_name=_("members")
    )
    columns = models.JSONField(_("columns of the matrix"), default=list, blank=True)
    matrix_file = models.FileField(_("matrix (file)"), upload_to=group_file_upload_to, blank=True)
    presented_at = models.DateTimeField(_("presented in plenary at"), null=True, blank=True)
    presentation_file = models.FileField(
        _("presentation"), upload_to=group_file_upload_to, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"],
                name="one_working_group_name_per_event",
                violation_error_code="group_name_taken",
                violation_error_message=_("The event already has a working group of that name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class WorkingGroupRow(models.Model):
    """A row of a working group's matrix: one text per column, in the group's column order."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(_("position"), default=0)
    cells = models.JSONField(_("cells"), default=list)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("row of a matrix")
        verbose_name_plural = _("rows of a matrix")

    def __str__(self) -> str:
        return f"{self.group} · {self.position}"


class EventDocument(models.Model):
    """A document of the event: the pre-reading dossier (sent with the invitation) or another
    one (a presentation, a background note)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=event_file_upload_to)
    pre_reading = models.BooleanField(
        _("pre-reading dossier"),
        default=False,
        help_text=_("Sent with the invitation, for the participants to read before the event."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-pre_reading", "uploaded_at", "pk"]
        verbose_name = _("event document")
        verbose_name_plural = _("event documents")

    def __str__(self) -> str:
        return self.title


class EventOutput(models.Model):
    """What the event produced: the consolidated output of its working groups, its report, a
    national session's minutes. Draft until the organisers approve it at the close; an
    approved output goes to the archive."""

    class Kind(models.TextChoices):
        CONSOLIDATED = "consolidated", _("Consolidated output")
        REPORT = "report", _("Event report")
        SESSION_MINUTES = "session_minutes", _("Minutes or report of the session")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outputs")
    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outputs",
        verbose_name=_("working group"),
        help_text=_("Empty: the whole event's output."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=event_file_upload_to)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("event output")
        verbose_name_plural = _("event outputs")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True) | Q(approved_by__isnull=False),
                name="an_approved_output_names_who_approved_it",
            )
        ]

    def __str__(self) -> str:
        return self.title
