"""Reads of the registry's countries, bodies, people, designations and legal framework, and
who may read an accreditation letter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import (
    Country,
    Designation,
    LegalInstrument,
    Membership,
    NationalBody,
    NationalLaw,
    ObserverOrganisation,
    Person,
    Ratification,
    User,
    designation_in_force_q,
    in_force_q,
)

LETTER_NOT_YOURS = _(
    "Accreditation letters are read by the Technical Secretariat, the Presidency and the "
    "letter's own country."
)


def in_force_flag(q: Q) -> Case:
    """An annotation: True on the rows `q` (a rule of "in force") keeps, so a page shows
    the database's answer to the rule every count uses."""
    return Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())


def countries_with_status_on(*, status: str, day: dt.date) -> QuerySet[Country]:
    """Countries whose membership in force on `day` has `status` (member or observer)."""
    return Country.objects.filter(
        Q(memberships__status=status) & in_force_q(day, prefix="memberships__")
    ).distinct()


def member_countries_on(day: dt.date) -> QuerySet[Country]:
    """Countries with voice and vote on `day` (quorum and votes count these, SPEC §3)."""
    return countries_with_status_on(status=Membership.Status.MEMBER, day=day)


def country_list(*, day: dt.date | None = None) -> QuerySet[Country]:
    """Countries with their national bodies (principal first) and the membership status in
    force on `day`."""
    day = day or timezone.localdate()
    current = Membership.objects.in_force_on(day)
    return Country.objects.prefetch_related(
        Prefetch("national_bodies", queryset=NationalBody.objects.order_by("-crimes")),
        Prefetch("memberships", queryset=current, to_attr="current_memberships"),
    ).order_by("name_es")


def national_body_list() -> QuerySet[NationalBody]:
    return NationalBody.objects.select_related("country").order_by("country__name_es")


def national_body_detail(*, acronym: str) -> NationalBody:
    return NationalBody.objects.select_related("country").get(acronym__iexact=acronym)


def other_bodies_of(body: NationalBody) -> list[NationalBody]:
    """The country's other rector body, if it has two (one per crime)."""
    return list(NationalBody.objects.filter(country_id=body.country_id).exclude(pk=body.pk))


@dataclass(frozen=True)
class BodyRepresentatives:
    current: list[Designation]
    past: list[Designation]
    upcoming: list[Designation]


def body_representatives(*, body: NationalBody, day: dt.date | None = None) -> BodyRepresentatives:
    """Current, past and upcoming designations of a body, in one query; "current" is the
    database's answer to designation_in_force_q, the rule every count uses."""
    day = day or timezone.localdate()
    current, past, upcoming = [], [], []
    for d in (
        Designation.objects.filter(national_body=body)
        .annotate(in_force=in_force_flag(designation_in_force_q(day)))
        .select_related("person")
        .order_by("-role", "-start_date")  # titular before alternate
    ):
        if d.start_date > day:
            upcoming.append(d)
        elif d.in_force:
            current.append(d)
        else:
            past.append(d)
    return BodyRepresentatives(current=current, past=past, upcoming=upcoming)


def designations_in_force(*, day: dt.date | None = None) -> QuerySet[Designation]:
    day = day or timezone.localdate()
    return Designation.objects.in_force_on(day).select_related("person", "national_body__country")


def person_list(*, user: User | None = None) -> QuerySet[Person]:
    """People directory. Current designations are attached as `current_designations`."""
    today = timezone.localdate()
    return (
        Person.objects.select_related("country", "observer_organisation")
        .prefetch_related(
            Prefetch(
                "designations",
                queryset=Designation.objects.in_force_on(today).select_related("national_body"),
                to_attr="current_designations",
            )
        )
        .order_by("last_name", "first_name")
    )


def observer_organisations() -> QuerySet[ObserverOrganisation]:
    """The Coalition's observers: only organisations whose role is `observer` (admitted by
    the Plenary, presidency.Admission) — voice, no vote (001 §4.A.6)."""
    return (
        ObserverOrganisation.objects.filter(role=ObserverOrganisation.Role.OBSERVER)
        .prefetch_related("representatives")
        .order_by("acronym")
    )


# The order the page shows the other roles in: closest to the Coalition first.
RELATED_ROLE_ORDER = (
    ObserverOrganisation.Role.SUPPORTER,
    ObserverOrganisation.Role.PARTICIPANT,
    ObserverOrganisation.Role.INVITED,
    ObserverOrganisation.Role.MENTIONED,
)


def related_organisations() -> QuerySet[ObserverOrganisation]:
    """The other organisations the sources name, each as what they say it is (a supporter,
    a participant of shared spaces, invited, or only mentioned), never as observers; ordered
    by role (RELATED_ROLE_ORDER), then acronym."""
    order = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(RELATED_ROLE_ORDER)),
        default=Value(len(RELATED_ROLE_ORDER)),
    )
    return (
        ObserverOrganisation.objects.exclude(role=ObserverOrganisation.Role.OBSERVER)
        .annotate(role_order=order)
        .order_by("role_order", "acronym")
    )


def body_representation_status(*, day: dt.date | None = None) -> QuerySet[NationalBody]:
    """Each body with its titular / alternate designations in force on `day`, and how many
    of those lack an accreditation letter — one aggregate query for the home page."""
    day = day or timezone.localdate()
    in_force = designation_in_force_q(day, prefix="designations__")
    titular, alternate = Designation.Role.TITULAR, Designation.Role.ALTERNATE
    return national_body_list().annotate(
        titulars=Count("designations", filter=in_force & Q(designations__role=titular)),
        alternates=Count("designations", filter=in_force & Q(designations__role=alternate)),
        missing_letters=Count(
            "designations", filter=in_force & Q(designations__accreditation_letter="")
        ),
    )


@dataclass(frozen=True)
class LegalMatrix:
    countries: list[Country]
    rows: list[tuple[object, list[object]]]  # (instrument, [Ratification | None per country])


def legal_matrix() -> LegalMatrix:
    """Country × instrument matrix of 003 §IV in three queries, whatever its size."""
    countries = list(member_countries_on(timezone.localdate()).order_by("name_es"))
    cells = {
        (r.instrument_id, r.country_id): r
        for r in Ratification.objects.filter(country__in=countries)
    }
    rows = [
        (instrument, [cells.get((instrument.pk, c.pk)) for c in countries])
        for instrument in LegalInstrument.objects.exclude(
            scope=LegalInstrument.Scope.AGREEMENT
        ).order_by("scope", "position")
    ]
    return LegalMatrix(countries=countries, rows=rows)


def regional_agreement_list() -> QuerySet[LegalInstrument]:
    """003 §IV.C: the regional agreements, strategies and guidelines, in the source's order
    (they have no ratifications: not part of the matrix)."""
    return LegalInstrument.objects.filter(scope=LegalInstrument.Scope.AGREEMENT).order_by(
        "position"
    )


def national_law_list() -> QuerySet[NationalLaw]:
    return NationalLaw.objects.select_related("country").order_by("country__name_es", "year")


# --- Accreditation letters ----------------------------------------------------------------


def can_read_letters_of(user: User, body: NationalBody) -> bool:
    """A designation's accreditation letter (001 §4.A.1) is read by the Technical
    Secretariat, the Presidency, and the letter's own country: the focal points and
    delegates of the national body that designated. Not by another country, an observer or
    a partner agency."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_secretariat or user.is_presidency:
        return True
    return (user.is_focal_point or user.is_delegate) and user.national_body_id == body.pk


def accreditation_letter_for(*, user: User, pk: int) -> Designation:
    """The designation whose letter `user` downloads: Designation.DoesNotExist when there is
    none or it has no letter (404), PermissionDenied when the user may not read it (403) —
    the object-level check of can_read_letters_of, for the one letter asked for."""
    designation = Designation.objects.select_related("national_body").get(pk=pk)
    if not designation.accreditation_letter:
        raise Designation.DoesNotExist
    if not can_read_letters_of(user, designation.national_body):
        raise PermissionDenied(LETTER_NOT_YOURS)
    return designation
