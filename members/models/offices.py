"""Offices of the coalition held by member countries for a term, and its committees with
their member countries and people (SPEC §2; 003 §I, §II, §VIII, §IX)."""

from __future__ import annotations

import datetime as dt

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models.dates import DatedQuerySet, end_after_start, in_force_q
from members.models.registry import Country, Designation

# 003 §IX: "El informe de rendición de cuentas del Plan Estratégico se presentará cada dos
# años correspondientes a la finalización del periodo de trabajo de la Secretaría Técnica":
# the Technical Secretariat's term lasts two years (members.services.office_holder_record).
SECRETARIAT_TERM_YEARS = 2


class Office(models.Model):
    """An office of the coalition held by a member country for a term (003 §VIII, §II).
    The Technical Secretariat's two-year term defines the biennial report (003 §IX).

    One holder per office at a time: members.services.office_holder_record closes the
    previous holder's term or refuses an overlap; the database backs it up with at most one
    open-ended term per office. `end_is_latest` marks an end the sources give only as a
    bound ("ended by this day at the latest"), which the pages say in those words."""

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
    end_is_latest = models.BooleanField(
        _("ended by this date at the latest"),
        default=False,
        help_text=_("The sources give no exact end, only the latest day the term can have run."),
    )
    electing_agreement = models.CharField(
        _("electing agreement"),
        max_length=250,
        blank=True,
        help_text=_("The agreement (number or reference) by which the Plenary elected the holder."),
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "kind"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            end_after_start("office_end_after_start", code="end_before_start"),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(end_date__isnull=True),
                name="one_open_term_per_office",
                violation_error_code="office_term_overlaps",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.country} · {self.start_date:%Y}"


def committee_country_in_force_q(day: dt.date | Combinable, *, prefix: str = "") -> Q:
    """A country is a member of a committee on `day` when its seat is in force (in_force_q;
    an empty start is "since the committee began", the sources giving no date, 003 §I) and
    the committee itself exists that day (created by then, not yet dissolved). The quorum and
    the votes of a committee session count these countries (meetings.selectors.quorum)."""
    committee = f"{prefix}committee__"
    return (
        in_force_q(day, prefix=prefix, open_start=True)
        & (
            Q(**{f"{committee}created_on__isnull": True})
            | Q(**{f"{committee}created_on__lte": day})
        )
        & (
            Q(**{f"{committee}dissolved_on__isnull": True})
            | Q(**{f"{committee}dissolved_on__gt": day})
        )
    )


CODE_FORMAT = RegexValidator(
    r"^[A-Z][A-Z0-9]{0,9}$",
    _("Use capital letters and digits only, starting with a letter (e.g. PC)."),
    code="bad_committee_code",
)


class Committee(models.Model):
    """The Petit Comité and the working committees a POA or an agreement creates.

    `code` prefixes the numbers of the committee's decisions ("PC-2026-01"), which are kept
    apart from the Coalition's agreements (meetings.models.CommitteeDecision)."""

    class Kind(models.TextChoices):
        PETIT = "petit", _("Petit Comité")
        WORKING = "working", _("Working committee")

    name = models.CharField(_("name"), max_length=250, unique=True)
    code = models.CharField(
        _("code"),
        max_length=10,
        blank=True,
        validators=[CODE_FORMAT],
        help_text=_("Prefix of the committee's decision numbers, e.g. PC for PC-2026-01."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    mandate = models.TextField(_("mandate"), blank=True)
    created_on = models.DateField(_("created on"), null=True, blank=True)
    created_by = models.CharField(
        _("created by (agreement)"),
        max_length=250,
        blank=True,
        help_text=_("The agreement or POA that created the committee."),
    )
    work_agenda = models.TextField(
        _("work agenda"),
        blank=True,
        help_text=_(
            "The committee's work agenda (003 §X: «Agenda de Trabajo elaborada por el Comité»)."
        ),
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="committee_code_unique",
                violation_error_code="committee_code_taken",
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(created_on__isnull=True)
                | Q(dissolved_on__gte=models.F("created_on")),
                name="committee_dissolved_after_created",
                violation_error_code="dissolved_before_created",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeCountryQuerySet(DatedQuerySet):
    OPEN_START = True  # the sources name the Petit Comité's countries, not since when


class CommitteeCountry(models.Model):
    """A member country of a committee over a period. The sources name committees by
    their countries ("integrado por representantes de Costa Rica, Guatemala y Honduras",
    003 §I), so a committee's quorum and votes count countries; its people are
    CommitteeMember rows. An empty start: since the committee began (no date invented)."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="countries", verbose_name=_("committee")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="committee_seats", verbose_name=_("country")
    )
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = CommitteeCountryQuerySet.as_manager()

    class Meta:
        ordering = ["committee", "country__name_es"]
        verbose_name = _("committee member country")
        verbose_name_plural = _("committee member countries")
        constraints = [
            end_after_start(
                "committee_country_end_after_start", open_start=True, code="end_before_start"
            ),
            models.UniqueConstraint(
                fields=["committee", "country"],
                condition=Q(end_date__isnull=True),
                name="one_open_seat_per_committee_country",
                violation_error_code="already_a_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.country}"


class CommitteeMember(models.Model):
    """A person on a committee, through their designation: a representative of one of the
    committee's member countries (members.services.committee_member_add)."""

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
        constraints = [
            end_after_start("committee_member_end_after_start", code="end_before_start"),
        ]

    def __str__(self) -> str:
        return f"{self.committee} · {self.designation.person}"
