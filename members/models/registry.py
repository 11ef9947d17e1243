"""Countries and their membership over time, national bodies, observer organisations,
officials and their designations as representatives (SPEC §2; 001 §4.A.1, §4.A.6)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.dates import DatedQuerySet, designation_in_force_q, end_after_start

# The member countries whose officials read English and whose own names (e.g. Belize's "ATIPs
# Committee") are English (issue 25); every other member country's are Spanish.
ENGLISH_SPEAKING_COUNTRIES = frozenset({"BZ"})


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

    @property
    def language(self) -> str:
        """The language its officials read and its bodies are named in ("en" or "es"): a
        page marks such a name with it (lang), a new person of the country is written to in
        it (members.services.person_default_language)."""
        return "en" if self.iso_code in ENGLISH_SPEAKING_COUNTRIES else "es"

    @property
    def body_acronyms(self) -> list[str]:
        """Its bodies' acronyms, principal first (from the prefetched `national_bodies`)."""
        return [b.acronym for b in self.national_bodies.all()]

    @property
    def principal_body(self) -> NationalBody | None:
        """The country's principal body (NationalBodyQuerySet.principal) among its bodies,
        read from `national_bodies` — prefetch it on lists."""
        return next(
            (b for b in self.national_bodies.all() if b.crimes in NationalBody.TRAFFICKING_RECTOR),
            None,
        )


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
        constraints = [end_after_start("membership_end_after_start")]

    def __str__(self) -> str:
        return f"{self.country} · {self.get_status_display()} · {self.start_date}"


ONE_BODY_PER_CRIME = _(
    "This country already has a rector body for this crime: one body per crime and country."
)


class NationalBodyQuerySet(models.QuerySet):
    def principal(self) -> NationalBodyQuerySet:
        """Each country's principal body: the one that covers trafficking in persons (alone
        or with smuggling) — the national body of 003 §III, which reports the country's
        progress and answers for its agreements. A second rector body, for smuggling only,
        designates its own representatives to the plenary and nothing else."""
        return self.filter(crimes__in=NationalBody.TRAFFICKING_RECTOR)


class NationalBody(models.Model):
    """A national body of a member country (003 §III): its rector entity for trafficking in
    persons, for smuggling of migrants or for both. The plenary's representatives are
    designated by the rector entities "para cada uno de los delitos" (003 §VIII Pleno), so a
    country whose smuggling rector differs has two bodies — never two for the same crime
    (one_*_rector_per_country) — and still one vote (meetings.models.Vote is per country).
    """

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

    TRAFFICKING_RECTOR = (Crimes.TRAFFICKING, Crimes.BOTH)
    SMUGGLING_RECTOR = (Crimes.SMUGGLING, Crimes.BOTH)

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="national_bodies", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    lead_institution = models.CharField(_("lead institution"), max_length=250, blank=True)
    crimes = models.CharField(_("crimes covered"), max_length=12, choices=Crimes.choices)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # What the sources say of the body's composition (003 §III), by sector where they count
    # it; the institutions themselves are directories.Institution rows.
    stated_state = models.PositiveSmallIntegerField(
        _("state institutions (stated)"), null=True, blank=True
    )
    stated_international = models.PositiveSmallIntegerField(
        _("international organisations (stated)"), null=True, blank=True
    )
    stated_civil_society = models.PositiveSmallIntegerField(
        _("civil society and private sector (stated)"), null=True, blank=True
    )
    stated_total = models.PositiveSmallIntegerField(
        _("members in all (stated)"), null=True, blank=True
    )
    composition_quote = models.TextField(_("composition (source's words)"), blank=True)
    history = HistoricalRecords()

    objects = NationalBodyQuerySet.as_manager()

    class Meta:
        ordering = ["country__name_es", "-crimes"]  # trafficking, smuggling; or both
        verbose_name = _("national body")
        verbose_name_plural = _("national bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(crimes__in=["trafficking", "both"]),
                name="one_trafficking_rector_per_country",
                violation_error_code="crime_already_covered",
                violation_error_message=ONE_BODY_PER_CRIME,
            ),
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(crimes__in=["smuggling", "both"]),
                name="one_smuggling_rector_per_country",
                violation_error_code="crime_already_covered",
                violation_error_message=ONE_BODY_PER_CRIME,
            ),
        ]

    def __str__(self) -> str:
        return self.label_of(self.acronym, self.country.iso_code)

    @staticmethod
    def label_of(acronym: str, iso_code: str) -> str:
        """How a body is named in lists ("CNCTP (HN)"), from its values alone: a list of
        every body need not build the bodies (the POA matrix's filter, issue 24)."""
        return f"{acronym} ({iso_code})"

    @property
    def is_principal(self) -> bool:
        """NationalBodyQuerySet.principal on this row."""
        return self.crimes in self.TRAFFICKING_RECTOR


class ObserverOrganisation(models.Model):
    """Organisations the Coalition works with. Only those with role `observer` are its
    observers — voice and no vote (001 §4.A.6; 003 §VIII: organisations "que se acuerde sean
    invitadas", admitted through presidency.Admission); the others are what the sources say
    they are (a supporter of a meeting, a participant of shared spaces, invited, or only
    mentioned: members/data/coalition.yaml `role`)."""

    class Role(models.TextChoices):
        OBSERVER = "observer", _("Observer")
        SUPPORTER = "supporter", _("Supporter")
        PARTICIPANT = "participant", _("Participant in shared spaces")
        INVITED = "invited", _("Invited")
        MENTIONED = "mentioned_only", _("Mentioned in the sources")

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
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OBSERVER)
    role_note = models.TextField(_("what the sources say"), blank=True)
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    # Set when ST erased the person's data on request (members.services.person_anonymise).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["national_body", "role", "-start_date"]
        verbose_name = _("designation")
        verbose_name_plural = _("designations")
        constraints = [
            end_after_start("designation_end_after_start"),
            # One person holds at most one designation of a body at a time (titular or
            # alternate, not both): services.designation_check_person refuses any overlap;
            # the database backs up the case it can state without dates, two open-ended
            # designations of the same person and body.
            models.UniqueConstraint(
                fields=["national_body", "person"],
                condition=Q(end_date__isnull=True, revoked_on__isnull=True),
                name="one_open_designation_per_person_and_body",
                violation_error_code="person_already_designated",
            ),
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
