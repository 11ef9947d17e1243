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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

TARGET_OUT_OF_RANGE = _("A semester target is a percentage between 0 and 100.")
WEIGHT_OUT_OF_RANGE = _("A weight is a percentage greater than 0 and at most 100.")
END_BEFORE_START = _("The end date is before the start date.")


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


# --- Plan evidence (issue #6) --------------------------------------------------------------
#
# The records the plan's indicators are computed from: instruments and their dated stages,
# good practices and their replications, the actor directory, alliances and joint actions.
# Focal points register their own country's records, the Technical Secretariat validates
# them, and only validated records count (plans.indicators). Every rule lives in
# plans.services; the models hold the data and its database-level invariants.


def evidence_upload_to(instance: models.Model, filename: str) -> str:
    return f"plan-evidence/{instance._meta.model_name}/{filename}"


class RegisteredRecord(models.Model):
    """Who registered a record, and the ST's validation (issue #6: "a record counts once
    validated"). A focal point's change to a validated record withdraws the validation."""

    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )

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
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: a regional instrument of the Coalition."),
    )
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
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("originating country"),
    )
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
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("adopting country"),
    )
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


class ActorKind(models.TextChoices):
    GOVERNMENTAL = "governmental", _("Governmental")
    NON_GOVERNMENTAL = "non_governmental", _("Non-governmental")
    INTERNATIONAL = "international_organisation", _("International organisation")
    REGIONAL_SPACE = "regional_space", _("Regional space")


class Level(models.TextChoices):
    """POA 2018 activity 4.1.1.2: "nivel (nacional, regional y extra-regional)"."""

    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    EXTRA_REGIONAL = "extra_regional", _("Extra-regional")


class Actor(models.Model):
    """The actor directory (POA 2018 objective 4.1.1: "mapeo de actores nacionales,
    regionales y extra regionales"; "directorio de actores priorizados"). The mapping is the
    ST's and the Presidency's (POA matrix, responsible column), so only they write it and no
    validation step is needed; the regional spaces of the sources are seeded by the loader.
    Institutional contacts only."""

    class Priority(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    key = models.CharField(_("key in the source data"), max_length=60, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ActorKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: a regional or international actor."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    contact = models.CharField(_("institutional contact"), max_length=300, blank=True)
    website = models.URLField(_("website"), blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    notes = models.TextField(_("relation with the Coalition"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="actor_unique_source_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Alliance(RegisteredRecord, WithEvidence):
    """An alliance with an actor (POA 2018 activity 4.1.1.2: "alianzas fortalecidas por
    actor, tipo y nivel"). Empty country: the Coalition's own; a country: a national body's.
    In force during a year when it started by the end of that year and had not ended before
    it began; alliances still under negotiation never count."""

    class Type(models.TextChoices):
        FINANCIAL = "financial", _("Financial")
        TECHNICAL = "technical", _("Technical")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEGOTIATION = "negotiation", _("Under negotiation")
        IN_FORCE = "in_force", _("In force")
        ENDED = "ended", _("Ended")

    COUNTED_STATUSES = (Status.IN_FORCE, Status.ENDED)

    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="alliances", verbose_name=_("actor")
    )
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: an alliance of the Regional Coalition."),
    )
    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    instrument = models.CharField(
        _("instrument"),
        max_length=300,
        blank=True,
        help_text=_("E.g. a memorandum of understanding."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_FORCE
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="alliance_end_after_start",
                violation_error_code="end_before_start",
                violation_error_message=END_BEFORE_START,
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor} · {self.get_type_display()} · {self.start_date:%Y}"


class JointAction(RegisteredRecord, WithEvidence):
    """An action carried out together with other actors (indicator of result 4.1: "acciones
    conjuntas con otros espacios regionales"). Counted in the year it took place."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    actors = models.ManyToManyField(Actor, related_name="joint_actions", verbose_name=_("actors"))
    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("Empty: an action of the Regional Coalition."),
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[actors])

    class Meta:
        ordering = ["-date"]
        verbose_name = _("joint action")
        verbose_name_plural = _("joint actions")

    def __str__(self) -> str:
        return f"{self.title} · {self.date}"
