"""Reads of the coalition's offices over time and of its committees (SPEC §2; 003 §I, §II,
§VIII, §IX). Every list runs a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import (
    Committee,
    CommitteeCountry,
    CommitteeMember,
    Country,
    Office,
    committee_country_in_force_q,
    in_force_q,
)
from members.selectors.registry import in_force_flag, member_countries_on

# The offices the coalition has today (003 §VIII); the 2011 executive committee's
# coordinator and vocal appear in the history only.
CURRENT_OFFICES = (Office.Kind.PRESIDENCY, Office.Kind.TECHNICAL_SECRETARIAT)


def office_history() -> QuerySet[Office]:
    return Office.objects.select_related("country").order_by("-start_date", "kind")


def office_holder(*, kind: str, day: dt.date | None = None) -> Office | None:
    day = day or timezone.localdate()
    return (
        Office.objects.in_force_on(day)
        .filter(kind=kind)
        .select_related("country")
        .order_by("-start_date")
        .first()
    )


@dataclass(frozen=True)
class OfficeBoard:
    day: dt.date
    holders: list[tuple[str, Office | None]]  # (office label, holder in force on `day`)
    terms: list[Office]  # every term, newest first, each with `in_force`


def office_board(*, day: dt.date | None = None) -> OfficeBoard:
    """The offices page: who holds the Presidency and the Technical Secretariat on `day`
    (the rule of in_force_q, answered by the database) and every term with its holder,
    dates, electing agreement and source. One query."""
    day = day or timezone.localdate()
    terms = list(office_history().annotate(in_force=in_force_flag(in_force_q(day))))
    current = {t.kind: t for t in reversed(terms) if t.in_force}
    holders = [(str(Office.Kind(kind).label), current.get(kind)) for kind in CURRENT_OFFICES]
    return OfficeBoard(day=day, holders=holders, terms=terms)


# --- Committees ---------------------------------------------------------------------------


def committee_countries_on(committee: Committee | int, day: dt.date) -> QuerySet[Country]:
    """The committee's member countries on `day` (committee_country_in_force_q) that are
    members of the Coalition that day: N of a committee session's quorum."""
    seats = committee_country_in_force_q(day, prefix="committee_seats__") & Q(
        committee_seats__committee=committee
    )
    return Country.objects.filter(seats, pk__in=member_countries_on(day).values("pk")).distinct()


def committee_list(*, day: dt.date | None = None) -> QuerySet[Committee]:
    """Committees with their member countries on `day` (`current_countries`) and the number
    of people sitting on them that day. Two queries."""
    day = day or timezone.localdate()
    countries = (
        CommitteeCountry.objects.filter(committee_country_in_force_q(day))
        .select_related("country")
        .order_by("country__name_es")
    )
    return Committee.objects.prefetch_related(
        Prefetch("countries", queryset=countries, to_attr="current_countries")
    ).annotate(n_people=Count("members", filter=in_force_q(day, prefix="members__"), distinct=True))


@dataclass(frozen=True)
class CommitteeDetail:
    committee: Committee
    day: dt.date
    countries: list[CommitteeCountry]  # every seat, current first, each with `in_force`
    people: list[CommitteeMember]  # every seat, current first, each with `in_force`

    @property
    def current_countries(self) -> list[CommitteeCountry]:
        return [c for c in self.countries if c.in_force]


def committee_detail(*, pk: int, day: dt.date | None = None) -> CommitteeDetail:
    """A committee with its member countries and people over time, each flagged in force
    on `day` by the database (the quorum's rule). Three queries."""
    day = day or timezone.localdate()
    committee = Committee.objects.get(pk=pk)
    countries = list(
        CommitteeCountry.objects.filter(committee=committee)
        .annotate(in_force=in_force_flag(committee_country_in_force_q(day)))
        .select_related("country")
        .order_by("-in_force", "country__name_es", "start_date")
    )
    people = list(
        CommitteeMember.objects.filter(committee=committee)
        .annotate(in_force=in_force_flag(in_force_q(day)))
        .select_related("designation__person", "designation__national_body__country")
        .order_by("-in_force", "designation__person__last_name", "start_date")
    )
    return CommitteeDetail(committee=committee, day=day, countries=countries, people=people)
