"""The Annual Operating Plans (SPEC §4; source 003 §X): POA → operational objectives (under
the plan's strategic objectives) → activities with goal, indicator, responsible parties and
planned progress per semester."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from plans.models.plan import (
    Axis,
    StrategicObjective,
    StrategicPlan,
    validate_target,
    weight_field,
)


class POA(models.Model):
    """An Annual Operating Plan (003 §X): one per year, derived from the strategic plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    plan = models.ForeignKey(
        StrategicPlan, on_delete=models.PROTECT, related_name="poas", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approving_agreement = models.CharField(
        _("approving agreement"),
        max_length=300,
        blank=True,
        help_text=_("The plenary agreement that approved this POA."),
    )
    presentation = models.TextField(_("presentation"), blank=True)
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    locked_at = models.DateTimeField(
        _("locked since"),
        null=True,
        blank=True,
        help_text=_(
            "Set when a reporting period of this POA is closed: from then on its weights and "
            "semester targets change only through an audited reopening."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual operating plan")
        verbose_name_plural = _("annual operating plans")

    def __str__(self) -> str:
        return f"POA {self.year}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_locked(self) -> bool:
        """A reporting period of this POA was closed (plans.services.poa_lock)."""
        return self.locked_at is not None


class POAAxisWeight(models.Model):
    """The weight of a strategic axis in one POA's results. The plan's own weight
    (Axis.weight) is only the default a new POA starts from: the POA keeps its own, so
    changing the plan's weights never rewrites a past year (plans.services.poa_weights_fill
    copies them when a POA is created)."""

    poa = models.ForeignKey(
        POA, on_delete=models.CASCADE, related_name="axis_weights", verbose_name=_("POA")
    )
    axis = models.ForeignKey(
        Axis, on_delete=models.CASCADE, related_name="poa_weights", verbose_name=_("axis")
    )
    weight = weight_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["poa", "axis__number"]
        verbose_name = _("axis weight in a POA")
        verbose_name_plural = _("axis weights in a POA")
        constraints = [
            models.UniqueConstraint(fields=["poa", "axis"], name="poa_axis_weight_unique")
        ]

    def __str__(self) -> str:
        return f"{self.poa} · {self.axis.number}"


class POAObjectiveWeight(models.Model):
    """The weight of a strategic objective in one POA's results (see POAAxisWeight)."""

    poa = models.ForeignKey(
        POA, on_delete=models.CASCADE, related_name="objective_weights", verbose_name=_("POA")
    )
    objective = models.ForeignKey(
        StrategicObjective,
        on_delete=models.CASCADE,
        related_name="poa_weights",
        verbose_name=_("strategic objective"),
    )
    weight = weight_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["poa", "objective__axis__number", "objective__position"]
        verbose_name = _("strategic objective weight in a POA")
        verbose_name_plural = _("strategic objective weights in a POA")
        constraints = [
            models.UniqueConstraint(fields=["poa", "objective"], name="poa_objective_weight_unique")
        ]

    def __str__(self) -> str:
        return f"{self.poa} · {self.objective.code}"


class POAReopening(models.Model):
    """The lock exception of a locked POA (issue 17, "locked means locked"): the Technical
    Secretariat reopens it for changes to its weights and semester targets, giving a reason;
    the reopening ends when the ST locks it again or a reporting period closes. Open while
    `closed_at` is empty; the rows are the POA's reopening history."""

    poa = models.ForeignKey(
        POA, on_delete=models.CASCADE, related_name="reopenings", verbose_name=_("POA")
    )
    reason = models.TextField(_("reason for reopening"))
    opened_at = models.DateTimeField(_("reopened at"))
    opened_by = account_field(_("reopened by"))
    closed_at = models.DateTimeField(_("locked again at"), null=True, blank=True)
    closed_by = account_field(_("locked again by"), optional=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["poa", "-opened_at"]
        verbose_name = _("reopening of a POA")
        verbose_name_plural = _("reopenings of a POA")
        constraints = [
            models.UniqueConstraint(
                fields=["poa"],
                condition=Q(closed_at__isnull=True),
                name="poa_one_open_reopening",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poa} · {self.opened_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class OperationalObjective(models.Model):
    """An operational objective of a POA, under a strategic objective (003 §X.D).

    The code follows the plan's numbering (e.g. 3.2.1); where the source matrix numbers it
    otherwise (the matrix says "3.1.2" for 3.2.1) the matrix's number is kept in
    `source_code` and explained in `note`."""

    poa = models.ForeignKey(
        POA, on_delete=models.CASCADE, related_name="operational_objectives", verbose_name=_("POA")
    )
    strategic_objective = models.ForeignKey(
        StrategicObjective,
        on_delete=models.PROTECT,
        related_name="operational_objectives",
        verbose_name=_("strategic objective"),
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("text"))
    source_code = models.CharField(_("number in the source matrix"), max_length=20, blank=True)
    note = models.TextField(_("note on the source"), blank=True)
    weight = weight_field()
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["poa", "position"]
        verbose_name = _("operational objective")
        verbose_name_plural = _("operational objectives")
        constraints = [
            models.UniqueConstraint(fields=["poa", "code"], name="opobjective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class Activity(models.Model):
    """An activity of the POA matrix: goal (meta), indicator, responsible parties and the
    planned progress per semester exactly as the matrix gives it (None = empty cell, "—")."""

    responsible_names: str  # not a field: written by plans.selectors.poa_matrix for its rows

    operational_objective = models.ForeignKey(
        OperationalObjective,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("operational objective"),
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    description = models.TextField(_("activity"))
    goal = models.TextField(_("goal"), blank=True)
    indicator = models.TextField(_("indicator"), blank=True)
    responsible_text = models.CharField(
        _("responsible (as written in the source)"), max_length=300, blank=True
    )
    semester_1 = models.PositiveSmallIntegerField(
        _("planned progress, semester I (%)"), null=True, blank=True, validators=[validate_target]
    )
    semester_2 = models.PositiveSmallIntegerField(
        _("planned progress, semester II (%)"), null=True, blank=True, validators=[validate_target]
    )
    weight = weight_field()
    source_note = models.TextField(_("note on the source"), blank=True)
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name=_("continues activity"),
        help_text=_("The unfinished activity of a previous POA that this one carries over."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["operational_objective", "position"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["operational_objective", "code"], name="activity_unique_code"
            ),
            models.CheckConstraint(
                condition=(Q(semester_1__isnull=True) | Q(semester_1__lte=100))
                & (Q(semester_2__isnull=True) | Q(semester_2__lte=100)),
                name="activity_targets_0_100",
                violation_error_code="target_out_of_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.description[:80]}"

    def planned_cumulative(self, semester: int) -> int:
        """Planned progress at the end of a semester, cumulative over the year.

        The matrix gives a per-semester share (50% / 50%, or 100% / —). End of semester I is
        its own figure (empty = 0); end of the year adds semester II, capped at 100 because
        the source sometimes writes 100% / 100% (activity 2.1.3.1), which cannot mean 200%."""
        first = self.semester_1 or 0
        if semester == 1:
            return min(100, first)
        return min(100, first + (self.semester_2 or 0))


class ActivityResponsible(models.Model):
    """One responsible party of an activity (003 §X matrix, column "Responsable")."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary (Regional Coalition)")
        PRESIDENCY = "presidency", _("Presidency")
        TECHNICAL_SECRETARIAT = "technical_secretariat", _("Technical Secretariat")
        PETIT_COMMITTEE = "petit_committee", _("Petit Comité")
        COMMITTEE = "committee", _("Working committee")
        NATIONAL_BODIES = "national_bodies", _("All national bodies")
        NATIONAL_BODY = "national_body", _("A national body")

    REGIONAL_KINDS = (
        Kind.PLENARY,
        Kind.PRESIDENCY,
        Kind.TECHNICAL_SECRETARIAT,
        Kind.PETIT_COMMITTEE,
        Kind.COMMITTEE,
    )

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="responsibles", verbose_name=_("activity")
    )
    kind = models.CharField(_("responsible"), max_length=25, choices=Kind.choices)
    committee = models.ForeignKey(
        "members.Committee",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee"),
    )
    national_body = models.ForeignKey(
        "members.NationalBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("national body"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("responsible party")
        verbose_name_plural = _("responsible parties")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="committee") & Q(committee__isnull=False))
                | (~Q(kind="committee") & Q(committee__isnull=True)),
                name="responsible_committee_iff_kind",
            ),
            models.CheckConstraint(
                condition=(Q(kind="national_body") & Q(national_body__isnull=False))
                | (~Q(kind="national_body") & Q(national_body__isnull=True)),
                name="responsible_body_iff_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name()

    def name(self, kind_labels: Mapping[str, str] | None = None) -> str:
        """The committee, the body's acronym or the kind; `kind_labels` (the kinds' labels
        translated once, for a page listing hundreds) saves a translation lookup each."""
        return self.name_of(
            self.kind,
            committee=str(self.committee) if self.committee_id else "",
            body=self.national_body.acronym if self.national_body_id else "",
            kind_labels=kind_labels,
        )

    @classmethod
    def name_of(
        cls,
        kind: str,
        *,
        committee: str = "",
        body: str = "",
        kind_labels: Mapping[str, str] | None = None,
    ) -> str:
        """name() from a row's values (the committee's name, the body's acronym), for a page
        that reads them with `.values()` instead of model instances."""
        if kind == cls.Kind.COMMITTEE and committee:
            return committee
        if kind == cls.Kind.NATIONAL_BODY and body:
            return body
        if kind_labels is not None:
            return kind_labels[kind]
        return str(cls.Kind(kind).label)

    @property
    def token(self) -> str:
        """The data file's spelling: "plenary", "committee:<name>", "body:<ACRONYM>"."""
        if self.kind == self.Kind.COMMITTEE:
            return f"committee:{self.committee.name}"
        if self.kind == self.Kind.NATIONAL_BODY:
            return f"body:{self.national_body.acronym}"
        return self.kind
