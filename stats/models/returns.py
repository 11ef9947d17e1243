"""A country's statistics for a year (or a semester, where it reports that way): a return
that moves draft → submitted → validated (ST) → published, or back to the country with a
note; its figures are cells of the cube. Population figures are the SDG 16.2.2
denominators, imported by ST from the UN World Population Prospects layout."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stats.models.cube import Measure


class StatisticsReturn(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned to the country")
        VALIDATED = "validated", _("Validated")
        PUBLISHED = "published", _("Published")

    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        related_name="statistics_returns",
        verbose_name=_("country"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # None: the whole year; 1 or 2: a semester, where the country reports that way.
    semester = models.PositiveSmallIntegerField(_("semester"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    return_note = models.TextField(_("note of the Technical Secretariat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "country__name_es", "semester"]
        verbose_name = _("statistics return")
        verbose_name_plural = _("statistics returns")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year"],
                condition=Q(semester__isnull=True),
                name="one_annual_return_per_country_and_year",
            ),
            models.UniqueConstraint(
                fields=["country", "year", "semester"],
                condition=Q(semester__isnull=False),
                name="one_return_per_country_and_semester",
            ),
            # Written as a range, not IN (1, 2): Django's SQLite introspection splits a
            # table's SQL on commas and fails on the IN list (manage.py data_checksums).
            models.CheckConstraint(
                condition=Q(semester__isnull=True) | Q(semester__gte=1, semester__lte=2),
                name="statistics_semester_1_or_2",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.year}" if self.semester is None else f"{self.year}-S{self.semester}"
        return f"{self.country} · {period}"


class Figure(models.Model):
    """One cell: a measure's total (breakdown "") or one category combination of a
    breakdown — `breakdown` is its dimension codes sorted and joined by "+", `cell` its
    "dimension=value" pairs in the same order joined by ";" (e.g. "age=0-17;sex=female")."""

    statistics_return = models.ForeignKey(
        StatisticsReturn, on_delete=models.CASCADE, related_name="figures"
    )
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="figures")
    breakdown = models.CharField(_("breakdown"), max_length=100, blank=True)
    cell = models.CharField(_("cell"), max_length=200, blank=True)
    value = models.PositiveIntegerField(_("value"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "breakdown", "cell"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        constraints = [
            models.UniqueConstraint(
                fields=["statistics_return", "measure", "breakdown", "cell"],
                name="one_figure_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.cell or 'total'} = {self.value}"


class Population(models.Model):
    """Population of a country in a year by sex and age band (WPP layout, summed into the
    cube's bands): the denominators of SDG 16.2.2. `is_demo` marks figures made up for tests
    and the demo, which every page and export says."""

    country = models.ForeignKey(
        "members.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sex = models.CharField(_("sex"), max_length=30)  # a value code of the sex dimension, or "all"
    age = models.CharField(
        _("age band"), max_length=30
    )  # a value code of the age dimension, or "all"
    value = models.PositiveBigIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=200)
    is_demo = models.BooleanField(_("demo figure"), default=False)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["country", "year", "sex", "age"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "year", "sex", "age"], name="one_population_figure_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year} {self.sex}/{self.age}: {self.value}"
