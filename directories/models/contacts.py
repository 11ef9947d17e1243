"""Institutions and contact points (issue 19): the contacts cross-border cooperation runs on
(001 §5.B.5, §5.C.4–6, §5.D.2, §5.E.2–3; 002 e.B; 003 §III; 004), one standard format for
every country. Institutional data only, never a victim's: every text field is guarded
against identity numbers (common.validators.GUARDED_APPS)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = [
    "REVIEW_INTERVALS",
    "Area",
    "ContactPoint",
    "Institution",
    "Level",
    "validate_areas",
    "validate_phone",
]


class Area(models.TextChoices):
    DETECTION = "detection", _("Detection")
    ATTENTION = "attention", _("Attention")
    PROTECTION = "protection", _("Protection")
    PROSECUTION = "prosecution", _("Prosecution")
    MIGRATION = "migration", _("Migration")
    CONSULAR = "consular", _("Consular")
    REPATRIATION = "repatriation", _("Repatriation")
    REINTEGRATION = "reintegration", _("Reintegration")
    INTERPRETATION = "interpretation", _("Translation and interpretation")


class Level(models.TextChoices):
    POLITICAL = "political", _("Political")
    TECHNICAL = "technical", _("Technical")


INVALID_AREAS = _("Choose areas from the list (unknown: %(unknown)s).")
INVALID_PHONE = _(
    "Write the phone number with digits, spaces, +, - and parentheses only (6 to 20 digits), "
    "e.g. +504 2237-0000."
)


def validate_areas(value) -> None:
    if not isinstance(value, list):
        raise ValidationError(INVALID_AREAS, code="invalid_areas", params={"unknown": value})
    unknown = [v for v in value if v not in Area.values]
    if unknown:
        raise ValidationError(
            INVALID_AREAS, code="invalid_areas", params={"unknown": ", ".join(map(str, unknown))}
        )


_phone_chars = RegexValidator(r"^[0-9 +()\-]*$", INVALID_PHONE, code="invalid_phone")


def validate_phone(value: str) -> None:
    _phone_chars(value)
    digits = sum(ch.isdigit() for ch in value)
    if value and not 6 <= digits <= 20:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")


class Institution(models.Model):
    """A national or international institution of a country (state, civil society,
    international), at political or technical level, with its areas of work and whether it
    sits on the country's national body (003 §III gives the bodies' composition)."""

    class Sector(models.TextChoices):
        STATE = "state", _("State")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        INTERNATIONAL = "international", _("International")
        PRIVATE = "private", _("Private sector")

    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("country"),
    )
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    areas = models.JSONField(_("areas"), default=list, blank=True, validators=[validate_areas])
    # The bodies of its country it sits on (003 §III: a national body's composition); a
    # country with a second rector body may have an institution on both.
    national_bodies = models.ManyToManyField(
        "members.NationalBody",
        blank=True,
        related_name="member_institutions",
        verbose_name=_("member of the national bodies"),
    )
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[national_bodies])

    class Meta:
        ordering = ["country__name_es", "name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="institution_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.acronym or self.name} ({self.country.iso_code})"


# Days between two verifications: a fixed list, so "stale" is a plain date comparison per
# interval on every database (directories.selectors.contacts.stale_q).
REVIEW_INTERVALS = [
    (30, _("30 days")),
    (60, _("60 days")),
    (90, _("90 days")),
    (180, _("180 days")),
    (365, _("365 days")),
]
DEFAULT_REVIEW_DAYS = 180


class ContactPoint(models.Model):
    """A typed contact entry owned by a country: its focal points keep it, verify it and are
    reminded when it goes stale (directories.selectors.contacts.stale_q)."""

    class Type(models.TextChoices):
        ATTENTION_CENTRE = "attention_centre", _("Migrant attention centre")
        CONSULATE = "consulate", _("Consulate")
        REPATRIATION = "repatriation", _("Repatriation and reintegration service")
        CENTRAL_AUTHORITY = "central_authority", _("Central authority (victim protection)")
        PUBLIC_MINISTRY = "public_ministry", _("Public Ministry contact team")
        SMUGGLING_FOCAL_POINT = "smuggling_focal_point", _("Smuggling focal point")
        INTERPRETATION = "interpretation", _("Translation and interpretation service")
        OFFICIAL = "official", _("Official (directory of officials)")

    class AuthorityStatus(models.TextChoices):
        DESIGNATED = "designated", _("Designated")
        PENDING = "pending", _("Pending")

    class Function(models.TextChoices):
        POLICE_INVESTIGATOR = "police_investigator", _("Specialised police investigator")
        INTERPOL = "interpol", _("INTERPOL officer")
        PROSECUTOR = "prosecutor", _("Prosecutor")

    country = models.ForeignKey(
        "members.Country",
        on_delete=models.PROTECT,
        related_name="contact_points",
        verbose_name=_("country"),
        help_text=_("The country that owns the entry: its focal points keep it."),
    )
    type = models.CharField(_("type"), max_length=24, choices=Type.choices)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contact_points",
        verbose_name=_("institution"),
    )
    name = models.CharField(_("office or post"), max_length=250)
    contact_name = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("An official's name, institutional data only."),
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    authority_status = models.CharField(
        _("designation status"), max_length=10, choices=AuthorityStatus.choices, blank=True
    )
    designating_act = models.CharField(_("designating act"), max_length=300, blank=True)
    function = models.CharField(_("function"), max_length=20, choices=Function.choices, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    areas = models.JSONField(_("areas"), default=list, blank=True, validators=[validate_areas])
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    review_interval_days = models.PositiveSmallIntegerField(
        _("review every (days)"), choices=REVIEW_INTERVALS, default=DEFAULT_REVIEW_DAYS
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_es", "type", "name", "pk"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        indexes = [models.Index(fields=["country", "type"], name="contactpoint_country_type")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.iso_code})"

    @property
    def review_due_on(self) -> dt.date | None:
        if self.verified_on is None:
            return None
        return self.verified_on + dt.timedelta(days=self.review_interval_days)

    def is_stale(self, today: dt.date) -> bool:
        """Stale: never verified, or its review day has passed (the due day itself is fresh)."""
        due = self.review_due_on
        return due is None or due < today

    def clean(self) -> None:
        errors = {}
        if self.type == self.Type.CENTRAL_AUTHORITY and not self.authority_status:
            errors["authority_status"] = ValidationError(
                _("Say whether the central authority is designated or pending."),
                code="authority_status_required",
            )
        if self.type != self.Type.CENTRAL_AUTHORITY and (
            self.authority_status or self.designating_act
        ):
            errors["authority_status"] = ValidationError(
                _("Only a central authority has a designation status and act."),
                code="authority_status_not_applicable",
            )
        if self.type == self.Type.PUBLIC_MINISTRY and not self.function:
            errors["function"] = ValidationError(
                _("Say the member's function in the Public Ministry team."),
                code="function_required",
            )
        if self.type != self.Type.PUBLIC_MINISTRY and self.function:
            errors["function"] = ValidationError(
                _("Only a Public Ministry team member has a function."),
                code="function_not_applicable",
            )
        if self.institution_id and self.institution.country_id != self.country_id:
            errors["institution"] = ValidationError(
                _("The institution belongs to another country."), code="institution_country"
            )
        if errors:
            raise ValidationError(errors)
