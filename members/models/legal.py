"""The legal framework of 003 §III–§IV: instruments, each country's ratification, national
laws."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.registry import Country, NationalBody


class LegalInstrument(models.Model):
    """An international or regional instrument on trafficking/smuggling and related rights
    (003 §IV.A and §IV.B), with each member country's ratification or adhesion; or one of
    the regional agreements, strategies and guidelines of 003 §IV.C (scope "agreement"),
    which the source lists without ratifications (members.loaders.load_regional_agreements).
    """

    class Scope(models.TextChoices):
        INTERNATIONAL = "international", _("International")
        REGIONAL = "regional", _("Regional")
        AGREEMENT = "agreement", _("Regional agreement")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=400)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("When the source gives the exact day.")
    )
    scope = models.CharField(_("scope"), max_length=15, choices=Scope.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scope", "position"]
        verbose_name = _("legal instrument")
        verbose_name_plural = _("legal instruments")

    def __str__(self) -> str:
        return self.name


class Ratification(models.Model):
    """A country's ratification or adhesion; absent where the source has a blank cell."""

    instrument = models.ForeignKey(
        LegalInstrument, on_delete=models.CASCADE, related_name="ratifications"
    )
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="ratifications")
    date = models.DateField(_("date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    adhesion = models.BooleanField(_("adhesion"), default=False)
    deposit_date = models.DateField(_("deposit date"), null=True, blank=True)
    source_text = models.CharField(_("text in the source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["instrument", "country"]
        verbose_name = _("ratification")
        verbose_name_plural = _("ratifications")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "country"], name="one_ratification_per_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument.code} · {self.country.iso_code}"


class NationalLaw(models.Model):
    """National laws and decrees on trafficking and smuggling (003 §III)."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="laws")
    name = models.CharField(_("name"), max_length=400)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    crimes = models.CharField(
        _("crimes covered"), max_length=12, choices=NationalBody.Crimes.choices
    )
    source = models.CharField(_("source"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_es", "year"]
        verbose_name = _("national law")
        verbose_name_plural = _("national laws")

    def __str__(self) -> str:
        return self.name
