"""The Strategic Plan 2018–2027 and its Annual Operating Plans (SPEC §4; source 003 §VI, §VII
and §X): plan → axes → strategic objectives → expected results → indicators, and
POA → operational objectives (under strategic objectives) → activities with goal, indicator,
responsible parties and planned progress per semester.

Every level that the weighted results of §IX combine carries a `weight` (percent). A null
weight means "equal share among siblings" (SPEC §4: "default: equal weights"); the effective
shares are computed by plans.selectors.effective_shares, and plans.services.weights_set makes
sure explicit weights among siblings add up to 100."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TARGET_OUT_OF_RANGE = _("A semester target is a percentage between 0 and 100.")
WEIGHT_OUT_OF_RANGE = _("A weight is a percentage greater than 0 and at most 100.")


def validate_target(value: int | None) -> None:
    """§X matrix: planned progress per semester is a percentage (e.g. 50% / 50%)."""
    if value is not None and not 0 <= value <= 100:
        raise ValidationError(TARGET_OUT_OF_RANGE, code="target_out_of_range")


def validate_weight(value: Decimal | None) -> None:
    if value is not None and not Decimal(0) < value <= Decimal(100):
        raise ValidationError(WEIGHT_OUT_OF_RANGE, code="weight_out_of_range")


def weight_field() -> models.DecimalField:
    return models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[validate_weight],
        help_text=_("Empty: equal share among its siblings."),
    )


class StrategicPlan(models.Model):
    """003 §VI–VII: the plan's identity (vision, mission, general objective). Its values,
    principles and approaches are PlanStatement rows."""

    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    vision = models.TextField(_("vision"))
    mission = models.TextField(_("mission"))
    general_objective = models.TextField(_("general objective"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("strategic plan")
        verbose_name_plural = _("strategic plans")
        constraints = [
            models.UniqueConstraint(fields=["name", "start_year"], name="plan_unique_name_year"),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="plan_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanStatement(models.Model):
    """A value, principle or approach of 003 §VI (name and description)."""

    class Kind(models.TextChoices):
        VALUE = "value", _("Value")
        PRINCIPLE = "principle", _("Principle")
        APPROACH = "approach", _("Approach")

    plan = models.ForeignKey(StrategicPlan, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "kind", "position"]
        verbose_name = _("value, principle or approach")
        verbose_name_plural = _("values, principles and approaches")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "position"], name="statement_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Axis(models.Model):
    """One of the 4 strategic axes of 003 §VII.2, with its definition."""

    plan = models.ForeignKey(
        StrategicPlan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=250)
    definition = models.TextField(_("definition"), blank=True)
    weight = weight_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("strategic axis")
        verbose_name_plural = _("strategic axes")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="axis_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class StrategicObjective(models.Model):
    """Strategic objectives 1, 2.1, 2.2, 3.1, 3.2, 4.1 (003 §VII.2)."""

    axis = models.ForeignKey(
        Axis, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("axis")
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("text"))
    weight = weight_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["axis__number", "position"]
        verbose_name = _("strategic objective")
        verbose_name_plural = _("strategic objectives")
        constraints = [
            models.UniqueConstraint(fields=["axis", "code"], name="objective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class ExpectedResult(models.Model):
    """An expected result of a strategic objective. The code is kept as the source numbers
    it: objective 2.2's only result is numbered "2.1" in 003 §VII, so (objective, position)
    is the natural key, not the code."""

    objective = models.ForeignKey(
        StrategicObjective,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("strategic objective"),
    )
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "position"]
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        constraints = [
            models.UniqueConstraint(fields=["objective", "position"], name="result_unique_position")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text[:80]}"


class Indicator(models.Model):
    """An indicator of an expected result, with the source's exact wording (003 §VII.2).

    `computed_from` names a measure the platform takes from its own records (agreements
    fulfilled, meeting participation, result 4.3); those are computed by the upper apps
    (meetings, monitoring) and never typed in by hand."""

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        MILESTONE = "milestone", _("Milestone / document (yes or no)")
        PERCENTAGE = "percentage", _("Percentage")

    class Source(models.TextChoices):
        AGREEMENTS_FULFILLED = "agreements_fulfilled", _("Agreements fulfilled (meetings)")
        MEETING_PARTICIPATION = "meeting_participation", _("Participation in meetings")

    result = models.ForeignKey(
        ExpectedResult,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("expected result"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_2027 = models.DecimalField(
        _("target for the plan's last year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    computed_from = models.CharField(
        _("computed by the platform from"),
        max_length=40,
        choices=Source.choices,
        blank=True,
        help_text=_("Empty: measurements are recorded by the Technical Secretariat."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["result", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["result", "position"], name="indicator_unique_position")
        ]

    def __str__(self) -> str:
        return self.text[:100]

    @property
    def is_computed(self) -> bool:
        return bool(self.computed_from)


class IndicatorMeasurement(models.Model):
    """A yearly value of an indicator, for the region (country empty) or for one country."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: the value for the whole region."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "country"]
        verbose_name = _("indicator measurement")
        verbose_name_plural = _("indicator measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "country"],
                condition=Q(country__isnull=False),
                name="measurement_unique_country_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(country__isnull=True),
                name="measurement_unique_region_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.year} · {self.value}"


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
        if self.kind == self.Kind.COMMITTEE and self.committee_id:
            return str(self.committee)
        if self.kind == self.Kind.NATIONAL_BODY and self.national_body_id:
            return self.national_body.acronym
        return str(self.get_kind_display())

    @property
    def token(self) -> str:
        """The data file's spelling: "plenary", "committee:<name>", "body:<ACRONYM>"."""
        if self.kind == self.Kind.COMMITTEE:
            return f"committee:{self.committee.name}"
        if self.kind == self.Kind.NATIONAL_BODY:
            return f"body:{self.national_body.acronym}"
        return self.kind
