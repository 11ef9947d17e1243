"""Plan evidence (issue #6), continued: the actor directory, alliances and joint actions
(POA 2018 objective 4.1.1; indicators of result 4.1). Same registration and validation as
plans.models.records."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from plans.models.plan import country_field
from plans.models.records import RegisteredRecord, WithEvidence

END_BEFORE_START = _("The end date is before the start date.")


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
    country = country_field(empty_means=_("Empty: a regional or international actor."))
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
    registered_by = account_field(_("registered by"), optional=True, on_delete=models.SET_NULL)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
    country = country_field(empty_means=_("Empty: an alliance of the Regional Coalition."))
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
    country = country_field(empty_means=_("Empty: an action of the Regional Coalition."))
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(m2m_fields=[actors])

    class Meta:
        ordering = ["-date"]
        verbose_name = _("joint action")
        verbose_name_plural = _("joint actions")

    def __str__(self) -> str:
        return f"{self.title} · {self.date}"
