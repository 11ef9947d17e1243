"""Plan evidence (issue #6): the records the plan's indicators are computed from —
instruments and their dated stages, good practices and their replications.

Focal points register their own country's records, the Technical Secretariat validates them,
and only validated records count (plans.indicators). Every rule lives in plans.services; the
models hold the data and its database-level invariants."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from plans.models.plan import (
    Axis,
    ExpectedResult,
    Indicator,
    InstrumentKind,
    Scope,
    Stage,
    country_field,
)


def evidence_upload_to(instance: models.Model, filename: str) -> str:
    return f"plan-evidence/{instance._meta.model_name}/{filename}"


class RegisteredRecord(models.Model):
    """Who registered a record, and the ST's validation (issue #6: "a record counts once
    validated"). A focal point's change to a validated record withdraws the validation."""

    registered_by = account_field(_("registered by"), optional=True, on_delete=models.SET_NULL)
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = account_field(_("validated by"), optional=True, on_delete=models.SET_NULL)
    # Optimistic concurrency (common.versions): an edit from a stale form is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class WithEvidence(models.Model):
    """Evidence as an uploaded document (PDF or image, common.validators) or a link."""

    evidence_file = models.FileField(
        _("evidence (file)"), upload_to=evidence_upload_to, blank=True, max_length=255
    )
    evidence_url = models.URLField(_("evidence (link)"), blank=True, max_length=500)

    class Meta:
        abstract = True

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file) or bool(self.evidence_url)


class PlanInstrument(RegisteredRecord, WithEvidence):
    """A regional or national document the plan asks for (§VII results 1, 2.1, 2.2, 3.2.1,
    4.2...): a strategy, protocol, procedure, diagnosis, baseline... Its stages (drafted,
    approved, implemented) are dated rows; the current stage is derived from them."""

    kind = models.CharField(_("type"), max_length=40, choices=InstrumentKind.choices)
    country = country_field(empty_means=_("Empty: a regional instrument of the Coalition."))
    title = models.CharField(_("title"), max_length=300)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("indicator it serves"),
    )
    result = models.ForeignKey(
        ExpectedResult,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        verbose_name=_("expected result it serves"),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "country__name_es", "title"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.title

    @property
    def scope(self) -> str:
        return Scope.REGIONAL if self.country_id is None else Scope.NATIONAL


class InstrumentStage(RegisteredRecord, WithEvidence):
    """A dated stage of an instrument, with who approved it and by which agreement or legal
    act (issue #6: "drafted → approved (by whom, which agreement or legal act) →
    implemented")."""

    instrument = models.ForeignKey(
        PlanInstrument,
        on_delete=models.CASCADE,
        related_name="stages",
        verbose_name=_("instrument"),
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    date = models.DateField(_("date"))
    approved_by = models.CharField(_("approved by"), max_length=300, blank=True)
    approving_act = models.CharField(_("agreement or legal act"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "stage"]
        verbose_name = _("instrument stage")
        verbose_name_plural = _("instrument stages")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "stage"], name="stage_once_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} · {self.date}"


class GoodPractice(RegisteredRecord, WithEvidence):
    """003 §IV.2 "Buena Práctica": an experience or intervention implemented with positive
    results, effective and useful in a concrete context. Indicator of result 3.1 counts
    those replicated in at least one other member country."""

    title = models.CharField(_("title"), max_length=300)
    country = country_field(_("originating country"))
    institution = models.CharField(_("originating institution"), max_length=300)
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="good_practices", verbose_name=_("axis")
    )
    description = models.TextField(_("description"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")

    def __str__(self) -> str:
        return self.title


class Replication(RegisteredRecord, WithEvidence):
    """A member country adopting a good practice of another country: when, with what
    evidence."""

    practice = models.ForeignKey(
        GoodPractice,
        on_delete=models.CASCADE,
        related_name="replications",
        verbose_name=_("good practice"),
    )
    country = country_field(_("adopting country"))
    institution = models.CharField(_("adopting institution"), max_length=300, blank=True)
    date = models.DateField(_("adopted on"))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["practice", "date"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "country"], name="replication_once_per_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice} · {self.country_id} · {self.date}"
