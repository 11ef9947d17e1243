"""The Strategic Plan 2018–2027 (SPEC §4; source 003 §VI, §VII): plan → axes → strategic
objectives → expected results → indicators, and the indicators' yearly measurements.

Every level that the weighted results of §IX combine carries a `weight` (percent). A null
weight means "equal share among siblings" (SPEC §4: "default: equal weights"). The rule on
siblings' weights is plans.selectors.weights.weights_check, enforced by
plans.services.weights_set; the effective shares are plans.selectors.effective_shares."""

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


def country_field(verbose_name: str = _("country"), *, empty_means: str = "") -> models.ForeignKey:
    """The member country a row of the plan belongs to. With `empty_means` (the help text:
    what an empty country stands for, e.g. the whole region) the country is optional."""
    optional = bool(empty_means)
    return models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=optional,
        blank=optional,
        related_name="+",
        verbose_name=verbose_name,
        help_text=empty_means,
    )


class InstrumentKind(models.TextChoices):
    """Documents the Secretariat tracks as plan evidence (issue #6): strategies, protocols,
    procedures, the communication and resource-mobilisation strategies (§VII results 4.2,
    4.3), diagnoses and baselines (POA 2018 activities 1.1.2, 1.2.1...)."""

    STRATEGY = "strategy", _("Strategy")
    PROTOCOL = "protocol", _("Protocol")
    PROCEDURE = "procedure", _("Standard coordination procedure")
    COMMUNICATION_STRATEGY = "communication_strategy", _("Communication strategy")
    RESOURCE_MOBILISATION_STRATEGY = (
        "resource_mobilisation_strategy",
        _("Resource-mobilisation strategy"),
    )
    DIAGNOSIS = "diagnosis", _("Diagnosis")
    BASELINE = "baseline", _("Baseline")
    OTHER = "other", _("Other document")


class Scope(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")


class Stage(models.IntegerChoices):
    """Ordered stages of an instrument (§VII wording: "elaborados, aprobados e
    implementados"). A higher stage implies the lower ones: an instrument recorded as
    implemented counts as elaborated and approved from that date even if those stages were
    not dated (it cannot be implemented without having been drafted and adopted)."""

    DRAFTED = 1, _("Drafted")
    APPROVED = 2, _("Approved")
    IMPLEMENTED = 3, _("Implemented")


class StrategicPlan(models.Model):
    """003 §VI–VII: the plan's identity (vision, mission, general objective). Its values,
    principles and approaches are PlanStatement rows."""

    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    vision = models.TextField(_("vision"))
    mission = models.TextField(_("mission"))
    general_objective = models.TextField(_("general objective"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
    (meetings, monitoring) and never typed in by hand.

    `measure` says how every indicator is measured (issue #6: "every indicator computes
    itself"): from the plan's evidence records (instruments by stage, good practices
    replicated, alliances and joint actions with regional spaces), from the meeting records,
    or — only for an indicator with no source in the platform — by hand. For instruments,
    `instrument_kind` and `instrument_scope` say which documents count and `target_stage` is
    the stage the wording names ("elaborada e implementada" → implemented; "estandarizada" →
    approved). The loader sets these from plans/data/strategic_plan.yaml."""

    class Kind(models.TextChoices):
        COUNT = "count", _("Count")
        MILESTONE = "milestone", _("Milestone / document (yes or no)")
        PERCENTAGE = "percentage", _("Percentage")

    class Source(models.TextChoices):
        AGREEMENTS_FULFILLED = "agreements_fulfilled", _("Agreements fulfilled (meetings)")
        MEETING_PARTICIPATION = "meeting_participation", _("Participation in meetings")

    class Measure(models.TextChoices):
        INSTRUMENT_STAGE = "instrument_stage", _("Instruments by stage (plan records)")
        GOOD_PRACTICES_REPLICATED = "good_practices_replicated", _("Good practices replicated")
        ALLIANCES_REGIONAL_SPACES = (
            "alliances_regional_spaces",
            _("Alliances with other regional spaces"),
        )
        JOINT_ACTIONS_REGIONAL_SPACES = (
            "joint_actions_regional_spaces",
            _("Joint actions with other regional spaces"),
        )
        AGREEMENTS_FULFILLED = "agreements_fulfilled", _("Agreements fulfilled (meetings)")
        MEETING_PARTICIPATION = "meeting_participation", _("Participation in meetings")
        MANUAL = "manual", _("Entered by hand (no source in the platform)")

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
    measure = models.CharField(
        _("measured by"), max_length=40, choices=Measure.choices, default=Measure.MANUAL
    )
    instrument_kind = models.CharField(
        _("kind of instrument counted"), max_length=40, choices=InstrumentKind.choices, blank=True
    )
    instrument_scope = models.CharField(
        _("scope of the instruments counted"), max_length=10, choices=Scope.choices, blank=True
    )
    target_stage = models.PositiveSmallIntegerField(
        _("stage the indicator names"), choices=Stage.choices, null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["result", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "position"], name="indicator_unique_position"
            ),
            models.CheckConstraint(
                condition=~Q(measure="instrument_stage")
                | (
                    ~Q(instrument_kind="") & ~Q(instrument_scope="") & Q(target_stage__isnull=False)
                ),
                name="indicator_instrument_measure_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:100]

    @property
    def is_computed(self) -> bool:
        """Computed from records: manual entry is refused (plans.services)."""
        return self.measure != self.Measure.MANUAL or bool(self.computed_from)

    @property
    def counts_countries(self) -> bool:
        """Indicators of national instruments count countries (one per country)."""
        return (
            self.measure == self.Measure.INSTRUMENT_STAGE
            and self.instrument_scope == Scope.NATIONAL
        )


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
    country = country_field(empty_means=_("Empty: the value for the whole region."))
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


class IndicatorTarget(models.Model):
    """The target of an indicator for one year of the plan, for the whole region (issue 17:
    the indicator tracking table compares it with the year's actual value). The sources set
    no yearly targets (003 §VII gives none, nor a baseline or a 2027 figure): the Technical
    Secretariat enters them (plans.services.targets); a year without one reads "no target
    set", never 0. One per indicator and year."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("indicator yearly target")
        verbose_name_plural = _("indicator yearly targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="indicator_target_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.year} · {self.value}"
