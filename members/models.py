"""The coalition's members registry (SPEC §2): countries and their membership over time,
national bodies, officials, designations of representatives, observer organisations,
offices and working committees, and the platform's user accounts with their role."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# 001 §4.A.1: a national body has at most two titular and two alternate representatives in
# force on any day (members.services.designation_check_limit enforces it).
MAX_IN_FORCE_PER_ROLE = 2


def in_force_q(day: dt.date | Combinable, *, prefix: str = "") -> Q:
    """The one definition of "in force on `day`" for a dated record — a membership, an
    office, a committee seat, and a designation before its revocation is considered: both
    `start_date` and `end_date` are days in force, an empty end is open-ended.

    `prefix` reaches the dates through a relation ("memberships__"); `day` may be an
    expression (`OuterRef("date")`) as well as a date."""
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def designation_in_force_q(day: dt.date | Combinable, *, prefix: str = "") -> Q:
    """A designation is in force on `day` when its dates are (in_force_q) and it was not
    revoked on or before `day`: revocation ends it *from* `revoked_on` (services.
    designation_revoke), so a designation revoked on its start day was never in force.
    Every count of representatives (the 2+2 limit, quorum, convocations, the directory,
    the API) filters with this Q; Designation.is_in_force is its twin for a loaded row."""
    return in_force_q(day, prefix=prefix) & (
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": day})
    )


class DatedQuerySet(models.QuerySet):
    """Rows with `start_date` / `end_date` (memberships, offices, committee seats)."""

    def in_force_on(self, day: dt.date) -> DatedQuerySet:
        return self.filter(in_force_q(day))


class Country(models.Model):
    iso_code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name_es"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "es").startswith("en") else self.name_es


class Membership(models.Model):
    """A period during which a country belongs to the coalition with a given status.

    §I note 1: the coalition is open to new countries; quorum and votes count the member
    countries in force on a meeting's date, so status is kept as dated periods.
    """

    class Status(models.TextChoices):
        MEMBER = "member", _("Member (voice and vote)")
        OBSERVER = "observer", _("Observer country (voice only)")

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["country", "start_date"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.country} · {self.get_status_display()} · {self.start_date}"


class NationalBody(models.Model):
    """The national coordination body of a member country (003 §III)."""

    class Kind(models.TextChoices):
        COALITION = "coalition", _("Coalition")
        COMMITTEE = "committee", _("Committee")
        COMMISSION = "commission", _("Commission")
        COUNCIL = "council", _("Council")
        SECRETARIAT = "secretariat", _("Secretariat")

    class Crimes(models.TextChoices):
        TRAFFICKING = "trafficking", _("Trafficking in persons")
        SMUGGLING = "smuggling", _("Smuggling of migrants")
        BOTH = "both", _("Trafficking and smuggling")

    country = models.OneToOneField(Country, on_delete=models.PROTECT, related_name="national_body")
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    lead_institution = models.CharField(_("lead institution"), max_length=250, blank=True)
    crimes = models.CharField(_("crimes covered"), max_length=12, choices=Crimes.choices)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country__name_es"]
        verbose_name = _("national body")
        verbose_name_plural = _("national bodies")

    def __str__(self) -> str:
        return f"{self.acronym} ({self.country.iso_code})"


class ObserverOrganisation(models.Model):
    """Organisations with voice and no vote (001 §4.A.6)."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International organisation")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        OBSERVER_COUNTRY = "observer_country", _("Observer country")

    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=250)
    name_en = models.CharField(_("name (English)"), max_length=250, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("observer organisation")
        verbose_name_plural = _("observer organisations")

    def __str__(self) -> str:
        return self.acronym


class Person(models.Model):
    """An official: institutional contact data only (never victims or migrants)."""

    class Language(models.TextChoices):
        ES = "es", _("Spanish")
        EN = "en", _("English")

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    institution = models.CharField(_("institution"), max_length=250)
    position = models.CharField(_("position"), max_length=250, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ES
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("country"),
    )
    observer_organisation = models.ForeignKey(
        ObserverOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("observer organisation"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)


def accreditation_upload_to(instance: Designation, filename: str) -> str:
    return f"accreditations/{instance.national_body.acronym}/{filename}"


class DesignationQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> DesignationQuerySet:
        """Designations in force on `day` (designation_in_force_q)."""
        return self.filter(designation_in_force_q(day))


class Designation(models.Model):
    """A person designated by a national body as titular or alternate representative,
    backed by a formal accreditation letter (001 §4.A.1). Never overwritten: ending or
    revoking a designation keeps the row, so the history of who represented whom stays."""

    class Role(models.TextChoices):
        TITULAR = "titular", _("Titular")
        ALTERNATE = "alternate", _("Alternate")

    national_body = models.ForeignKey(
        NationalBody,
        on_delete=models.PROTECT,
        related_name="designations",
        verbose_name=_("national body"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="designations", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    accreditation_letter = models.FileField(
        _("accreditation letter"), upload_to=accreditation_upload_to, blank=True
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.CharField(_("revocation reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["national_body", "role", "-start_date"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="designation_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.national_body.acronym}"

    def is_in_force(self, day: dt.date | None = None) -> bool:
        """designation_in_force_q evaluated on this row, term by term, for a row already in
        memory; test_in_force.py holds the two to the same answer at every boundary."""
        day = day or timezone.localdate()
        return (
            self.start_date <= day
            and (self.end_date is None or self.end_date >= day)
            and (self.revoked_on is None or self.revoked_on > day)
        )

    @property
    def effective_end(self) -> dt.date | None:
        """Last day in force: the earlier of the end date and the day before revocation."""
        ends = [
            d for d in (self.end_date, self.revoked_on and self.revoked_on - dt.timedelta(1)) if d
        ]
        return min(ends) if ends else None


class Office(models.Model):
    """An office of the coalition held by a member country for a term (003 §VIII, §II).
    The Technical Secretariat's two-year term defines the biennial report (003 §IX)."""

    class Kind(models.TextChoices):
        PRESIDENCY = "presidency", _("Presidency")
        TECHNICAL_SECRETARIAT = "technical_secretariat", _("Technical Secretariat")
        COORDINATOR = "coordinator", _("Coordinator")
        VOCAL = "vocal", _("Vocal")

    kind = models.CharField(_("office"), max_length=25, choices=Kind.choices)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="offices", verbose_name=_("country")
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "kind"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.country} · {self.start_date:%Y}"


class Committee(models.Model):
    """The Petit Comité and the working committees a POA or an agreement creates."""

    class Kind(models.TextChoices):
        PETIT = "petit", _("Petit Comité")
        WORKING = "working", _("Working committee")

    name = models.CharField(_("name"), max_length=250, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    mandate = models.TextField(_("mandate"), blank=True)
    created_on = models.DateField(_("created on"), null=True, blank=True)
    created_by = models.CharField(
        _("created by (agreement)"),
        max_length=250,
        blank=True,
        help_text=_("The agreement or POA that created the committee."),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    designation = models.ForeignKey(
        Designation,
        on_delete=models.PROTECT,
        related_name="committee_seats",
        verbose_name=_("representative"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    history = HistoricalRecords()

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "start_date"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return f"{self.committee} · {self.designation.person}"


# API tokens are held by accounts of their own whose username starts so (members.services).
API_ACCOUNT_PREFIX = "api-"


class User(AbstractUser):
    """A platform account. The role says what the user may do (SPEC §1); focal points and
    delegates are tied to one national body, observers to one observer organisation."""

    class Role(models.TextChoices):
        SECRETARIAT = "st", _("Technical Secretariat")
        PRESIDENCY = "presidency", _("Presidency")
        FOCAL_POINT = "focal_point", _("National focal point")
        DELEGATE = "delegate", _("Delegate")
        OBSERVER = "observer", _("Observer")
        PARTNER = "partner", _("Partner agency")

    role = models.CharField(_("role"), max_length=12, choices=Role.choices, blank=True)
    national_body = models.ForeignKey(
        NationalBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("national body"),
    )
    observer_organisation = models.ForeignKey(
        ObserverOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("observer organisation"),
    )
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Person.Language.choices, default=Person.Language.ES
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=["focal_point", "delegate"]) | Q(national_body__isnull=False),
                name="country_roles_need_a_national_body",
            )
        ]

    @property
    def is_secretariat(self) -> bool:
        return self.role == self.Role.SECRETARIAT or self.is_superuser

    @property
    def is_presidency(self) -> bool:
        return self.role == self.Role.PRESIDENCY

    @property
    def is_focal_point(self) -> bool:
        return self.role == self.Role.FOCAL_POINT

    @property
    def is_delegate(self) -> bool:
        return self.role == self.Role.DELEGATE

    @property
    def is_observer(self) -> bool:
        return self.role == self.Role.OBSERVER

    @property
    def is_partner(self) -> bool:
        """A partner agency (OIM, UNODC, donors): reads public data through the API only."""
        return self.role == self.Role.PARTNER


class LegalInstrument(models.Model):
    """An international or regional instrument on trafficking/smuggling and related rights
    (003 §IV.A and §IV.B), with each member country's ratification or adhesion."""

    class Scope(models.TextChoices):
        INTERNATIONAL = "international", _("International")
        REGIONAL = "regional", _("Regional")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=400)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
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
