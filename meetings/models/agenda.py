"""The agenda of a meeting and its documents (003 §VIII Presidency 9). Items and documents
can be restricted to the members (SPEC §1, §9): observers and partners never see them
(meetings.selectors.access)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.meeting import Meeting


class AgendaItem(models.Model):
    """An item of a meeting's agenda (003 §VIII Presidency 9: the Presidency drafts the
    agenda and submits it for approval)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information")
        DISCUSSION = "discussion", _("Discussion")
        DECISION = "decision", _("Decision")

    class Standard(models.TextChoices):
        QUORUM = "quorum", _("Quorum verification")
        AGENDA = "agenda", _("Approval of the agenda")
        MINUTES = "minutes", _("Reading and approval of the previous minutes")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    standard = models.CharField(
        _("standard item"), max_length=10, choices=Standard.choices, blank=True
    )
    minutes_of = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approving_items",
        verbose_name=_("minutes of the meeting"),
        help_text=_("For the reading of the previous minutes: the meeting whose minutes are read."),
    )
    restricted = models.BooleanField(
        _("restricted (members only)"),
        default=False,
        help_text=_("Observers and partner agencies do not see this item nor its decisions."),
    )
    # Optimistic concurrency: the Presidency and ST both edit the agenda; an edit made from
    # a stale form is refused (common.versions.claim_version).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_item_order_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def is_opening(self) -> bool:
        """An opening item (quorum, agenda, previous minutes): it keeps its place at the top
        and is not removed (003 §VIII Presidency 9–11)."""
        return bool(self.standard)


def document_upload_to(instance: MeetingDocument, filename: str) -> str:
    return f"meetings/{instance.meeting_id}/documents/{filename}"


class MeetingDocument(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to=document_upload_to)
    restricted = models.BooleanField(
        _("restricted (members only)"),
        default=False,
        help_text=_("Observers and partner agencies do not see this document."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title
