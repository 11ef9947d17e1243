"""What can be counted and how it breaks down. Dimensions and their values are data (ST edits
them, in Spanish and English), not columns: a category is added without a migration. Seeded
from stats/data/cube.yaml with each value's source."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class _Named(models.Model):
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "es").startswith("en") else self.name_es


class Dimension(_Named):
    """A breakdown: sex, age group, form of exploitation, citizenship, crime…"""

    class Kind(models.TextChoices):
        CATEGORY = "category", _("Categories listed here")
        COUNTRY = "country", _("Countries (ISO 3166)")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CATEGORY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")


class DimensionValue(_Named):
    """One category of a dimension. `parent` nests finer bands in a coarser one (12–17 in
    children); `is_unknown` marks the balancing category ("not known") every breakdown has.
    A country dimension's values are ISO 3166 codes (names from django-countries)."""

    dimension = models.ForeignKey(
        Dimension, on_delete=models.PROTECT, related_name="values", verbose_name=_("dimension")
    )
    code = models.CharField(_("code"), max_length=30)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("within"),
    )
    is_unknown = models.BooleanField(_("unknown (balancing category)"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension", "position", "code"]
        verbose_name = _("dimension value")
        verbose_name_plural = _("dimension values")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="dimension_value_unique")
        ]


class Measure(_Named):
    """What is counted (victims identified, smuggled migrants detected, investigations,
    prosecutions, convictions) and the breakdowns a return gives of it: each a list of
    dimension codes (["sex"], ["age"], ["sex", "age"]…); every breakdown adds up to the
    measure's total."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    breakdowns = models.JSONField(_("breakdowns"), default=list, blank=True)
    sdg_16_2_2 = models.BooleanField(
        _("counts for SDG 16.2.2 (victims per 100,000 population)"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
