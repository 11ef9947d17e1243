"""Comparative legislation (issue 19): the matrix of the member countries' legislation on
trafficking in persons and migrant smuggling, and each country's reform tracker.

Sources: 002 e.A asks for "las Matrices Comparativas de la legislación de los países
miembros ... relativas a trata de personas y ... lo referente al tráfico ilícito de
personas"; 001 §5.D.5 for "un proceso de revisión y propuesta en materia legislativa" on the
protection of victims and witnesses, and 001 §5.E.1 for "un proceso de revisión y
actualización legislativa" so that substantive and procedural criminal law meets the
Palermo Convention and Protocol. The dimensions are seeded (directories/data/
legislation_dimensions.yaml); the sources give no cell values: each country's focal point
proposes them and the Technical Secretariat validates them
(directories.services.legislation)."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import account_field
from members.models import Country

__all__ = ["LegislationCell", "LegislationDimension", "Reform", "EXCERPT_MAX_LENGTH"]

# "a short excerpt" (issue 19): the article's words that matter, not the whole law.
EXCERPT_MAX_LENGTH = 600


def _in_english() -> bool:
    return (get_language() or "es").startswith("en")


class LegislationDimension(models.Model):
    """A row of the comparative matrix (crime definition, penalties, non-punishment of
    victims...), named in Spanish and English, with where the sources ask for it."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(
        _("source reference"),
        max_length=300,
        blank=True,
        help_text=_("Where the sources ask for this comparison (e.g. 002 e.A, Palermo Protocol)."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("legislation dimension")
        verbose_name_plural = _("legislation dimensions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if _in_english() else self.name_es

    @property
    def description(self) -> str:
        return self.description_en if _in_english() else self.description_es


class LegislationCell(models.Model):
    """One country × dimension: the article, a short excerpt and its source. The country's
    focal point proposes it, the Technical Secretariat validates it or returns it with a
    note. The text validated last is kept apart (public_*): the public matrix shows only
    that, never a proposal, and keeps showing it while a new proposal waits."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        VALIDATED = "validated", _("Validated")
        RETURNED = "returned", _("Returned")

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="legislation_cells",
        verbose_name=_("country"),
    )
    dimension = models.ForeignKey(
        LegislationDimension,
        on_delete=models.PROTECT,
        related_name="cells",
        verbose_name=_("dimension"),
    )
    article = models.CharField(_("article"), max_length=200)
    excerpt = models.TextField(
        _("excerpt"),
        max_length=EXCERPT_MAX_LENGTH,
        validators=[MaxLengthValidator(EXCERPT_MAX_LENGTH)],
    )
    source = models.CharField(
        _("source"), max_length=500, help_text=_("The law or decree cited, or its URL.")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PROPOSED
    )
    return_note = models.TextField(_("note of the Technical Secretariat"), blank=True)
    proposed_by = account_field(_("proposed by"))
    proposed_at = models.DateTimeField(_("proposed at"))
    validated_by = account_field(_("validated by"), optional=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    public_article = models.CharField(_("validated article"), max_length=200, blank=True)
    public_excerpt = models.TextField(
        _("validated excerpt"), max_length=EXCERPT_MAX_LENGTH, blank=True
    )
    public_source = models.CharField(_("validated source"), max_length=500, blank=True)
    needs_review = models.BooleanField(
        _("to review"),
        default=False,
        help_text=_("An enacted reform affects this cell: the focal point proposes the new text."),
    )
    review_reform = models.ForeignKey(
        "Reform",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reform to review"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__position", "country__name_es"]
        verbose_name = _("legislation cell")
        verbose_name_plural = _("legislation cells")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "dimension"], name="one_legislation_cell_per_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.country.iso_code} · {self.dimension.code}"

    @property
    def is_public(self) -> bool:
        return self.validated_at is not None


class Reform(models.Model):
    """A bill reforming a country's legislation, followed through its stages (001 §5.D.5,
    §5.E.1). When it is enacted, the cells of the dimensions it affects are flagged to
    review: the reform tracker updates the matrix."""

    class Stage(models.TextChoices):
        DRAFTED = "drafted", _("Drafted")
        INTRODUCED = "introduced", _("Introduced")
        COMMITTEE = "committee", _("In committee")
        APPROVED = "approved", _("Approved")
        ENACTED = "enacted", _("Enacted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="reforms", verbose_name=_("country")
    )
    title = models.CharField(_("title of the bill"), max_length=400)
    bill_number = models.CharField(_("bill number"), max_length=60, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    introduced_on = models.DateField(_("introduced on"), null=True, blank=True)
    last_change_on = models.DateField(_("last change on"), null=True, blank=True)
    resulting_act = models.CharField(
        _("resulting act"),
        max_length=200,
        blank=True,
        help_text=_('The act it became, e.g. "Decreto 9-2009".'),
    )
    notes = models.TextField(_("notes"), blank=True)
    dimensions = models.ManyToManyField(
        LegislationDimension,
        blank=True,
        related_name="reforms",
        verbose_name=_("dimensions it affects"),
    )
    created_by = account_field(_("recorded by"))
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[dimensions])

    class Meta:
        ordering = ["country__name_es", "-last_change_on", "-pk"]
        verbose_name = _("legislative reform")
        verbose_name_plural = _("legislative reforms")

    def __str__(self) -> str:
        return self.title
