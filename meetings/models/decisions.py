"""Decisions of committee sessions (SPEC §2–§3; 003 §I, §X), kept apart from the
Coalition's agreements."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.meeting import Meeting
from meetings.models.motions import Motion
from members.models import Committee


class CommitteeDecision(models.Model):
    """A decision adopted in a committee session (the Petit Comité's, a working
    committee's), numbered per committee and year with the committee's code: PC-2026-01.

    It is the committee's, not the Coalition's: the agreements register, its counts, the
    home tasks, the API and the reports read Agreement only, so a committee decision never
    counts as a Coalition agreement. The POA activities it advances are the ones whose
    indicator asks for it — "Número de Acuerdos tomados por el Comité" (003 §X, POA 2018
    activities 1.1.1 and 1.2.1) — measured by meetings.selectors.indicators."""

    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("committee"),
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="committee_decisions",
        verbose_name=_("session"),
    )
    motion = models.OneToOneField(
        Motion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_decision",
        verbose_name=_("motion"),
    )
    decided_on = models.DateField(_("decided on"))
    text = models.TextField(_("text"))
    activities = models.ManyToManyField(
        "plans.Activity",
        blank=True,
        related_name="committee_decisions",
        verbose_name=_("POA activities"),
        help_text=_("POA activities this decision advances."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-year", "-sequence"]
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "sequence"], name="committee_decision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.number
