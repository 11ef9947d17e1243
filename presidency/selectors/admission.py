"""Reading the admissions: the list, one admission and what its page may offer, a country's
membership history (its dated memberships beside its admissions)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from members.models import Country, Membership
from presidency import permissions
from presidency.models import Admission


def admission_list(*, status: str = "", subject: str = "") -> QuerySet[Admission]:
    rows = Admission.objects.select_related(
        "country",
        "organisation",
        "invitation_agreement",
        "admission_agreement",
        "membership",
    )
    if status:
        rows = rows.filter(status=status)
    if subject:
        rows = rows.filter(subject=subject)
    return rows


def can_read_letter(user) -> bool:
    """An invitation letter: the members' side (the Presidency, ST, focal points,
    delegates), not observers nor partner agencies."""
    return permissions.can_manage(user) or permissions.is_representative(user)


@dataclass(frozen=True)
class AdmissionFlags:
    can_admit: bool
    can_decline: bool
    can_withdraw: bool
    can_read_letter: bool
    is_country: bool
    is_open: bool


def admission_flags(*, user, admission: Admission) -> AdmissionFlags:
    is_open = admission.status == Admission.Status.INVITED
    manage = permissions.can_manage_admissions(user) and is_open
    return AdmissionFlags(
        can_admit=manage,
        can_decline=manage,
        can_withdraw=manage,
        can_read_letter=bool(admission.letter) and can_read_letter(user),
        is_country=admission.subject in Admission.COUNTRY_SUBJECTS,
        is_open=is_open,
    )


@dataclass(frozen=True)
class CountryHistory:
    country: Country
    memberships: list[Membership]
    admissions: list[Admission]


def country_history(*, iso_code: str) -> CountryHistory:
    """A country's memberships (oldest first) and admissions; Country.DoesNotExist if the
    Coalition has never had it."""
    country = Country.objects.get(iso_code=iso_code.upper())
    return CountryHistory(
        country=country,
        memberships=list(
            Membership.objects.filter(country=country)
            .select_related("admission__admission_agreement")
            .order_by("start_date")
        ),
        admissions=list(admission_list().filter(country=country)),
    )
