"""Committees (SPEC §2; 003 §I, §X): the Petit Comité and the working committees, kept by
the Technical Secretariat on their pages — mandate, creating agreement, work agenda, member
countries over time and the people who sit on them. Their sessions' quorum and votes count
the member countries (meetings.selectors.quorum), their decisions are numbered with the
committee's code (meetings.services.decisions)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from members.models import (
    Committee,
    CommitteeCountry,
    CommitteeMember,
    Country,
    Designation,
    User,
    committee_country_in_force_q,
    overlaps_q,
)
from members.permissions import ensure_secretariat
from members.services.base import clean_and_save, ensure_member_country, short_date

CODE_REQUIRED = _("Give the committee a code: it prefixes its decisions' numbers (e.g. PC).")
ALREADY_A_MEMBER = _("%(country)s is already a member of %(committee)s over these dates.")
SEAT_ALREADY_ENDED = _("This seat has already ended.")
END_BEFORE_START = _("The end cannot be before the start (%(start)s).")
NOT_A_COMMITTEE_COUNTRY = _(
    "%(person)s represents %(country)s, which is not a member country of %(committee)s on "
    "%(day)s. Add the country first."
)
DESIGNATION_NOT_IN_FORCE = _("%(person)s's designation is not in force on %(day)s.")
ALREADY_ON_COMMITTEE = _("%(person)s already sits on %(committee)s over these dates.")
COMMITTEE_DISSOLVED = _("%(committee)s was dissolved on %(day)s.")

COMMITTEE_FIELDS = (
    "name",
    "code",
    "kind",
    "mandate",
    "created_on",
    "created_by",
    "work_agenda",
    "dissolved_on",
    "source",
)


def _save_committee(committee: Committee, user: User) -> None:
    """Save a created or edited committee: its code, in capitals, is required (its
    decisions are numbered with it)."""
    committee.code = (committee.code or "").strip().upper()
    if not committee.code:
        raise ValidationError({"code": ValidationError(CODE_REQUIRED, code="code_required")})
    clean_and_save(committee, user)


@transaction.atomic
def committee_create(*, user: User, **fields) -> Committee:
    """ST creates a committee (a POA or an agreement sets up a working committee, 003 §X).
    The code is required here: its decisions are numbered with it."""
    ensure_secretariat(user)
    committee = Committee(**{k: v for k, v in fields.items() if k in COMMITTEE_FIELDS})
    _save_committee(committee, user)
    return committee


@transaction.atomic
def committee_update(
    *, user: User, committee: Committee, expected_version: int | None, **fields
) -> Committee:
    """ST edits a committee; a form read before someone else's save is refused
    (stale_version) rather than overwriting it. Every change is kept in the history."""
    ensure_secretariat(user)
    committee = Committee.objects.select_for_update(of=("self",)).get(pk=committee.pk)
    claim_version(committee, expected_version)
    for name, value in fields.items():
        if name in COMMITTEE_FIELDS:
            setattr(committee, name, value)
    _save_committee(committee, user)
    return committee


def _ensure_open_on(committee: Committee, day: dt.date) -> None:
    if committee.dissolved_on is not None and committee.dissolved_on <= day:
        raise ValidationError(
            COMMITTEE_DISSOLVED,
            code="committee_dissolved",
            params={"committee": committee, "day": short_date(committee.dissolved_on)},
        )


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(
            END_BEFORE_START, code="end_before_start", params={"start": short_date(start)}
        )


def _refuse_second_seat(
    seats: QuerySet, start: dt.date | None, end: dt.date | None, message, code: str, **params
) -> None:
    """A new seat (a country's, a person's): its dates in order, and no other seat of the
    same holder on the committee over any of those days (`seats`: the holder's seats)."""
    _check_dates(start, end)
    if seats.filter(overlaps_q(start, end)).exists():
        raise ValidationError(message, code=code, params=params)


def _end_seat(seat: CommitteeCountry | CommitteeMember, end_date: dt.date, user: User) -> None:
    """A seat (a country's, a person's) ends; the row stays as history."""
    if seat.end_date is not None:
        raise ValidationError(SEAT_ALREADY_ENDED, code="seat_already_ended")
    _check_dates(seat.start_date, end_date)
    seat.end_date = end_date
    clean_and_save(seat, user)


@transaction.atomic
def committee_country_add(
    *,
    user: User,
    committee: Committee,
    country: Country,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    source: str = "",
) -> CommitteeCountry:
    """A member country of the Coalition joins a committee. Its seat must not overlap
    another of the same country (one seat per country at a time)."""
    ensure_secretariat(user)
    committee = Committee.objects.select_for_update(of=("self",)).get(pk=committee.pk)
    day = start_date or timezone.localdate()
    _ensure_open_on(committee, day)
    ensure_member_country(country, day)
    _refuse_second_seat(
        CommitteeCountry.objects.filter(committee=committee, country=country),
        start_date,
        end_date,
        ALREADY_A_MEMBER,
        "already_a_member",
        country=country,
        committee=committee,
    )
    seat = CommitteeCountry(
        committee=committee,
        country=country,
        start_date=start_date,
        end_date=end_date,
        source=source,
    )
    clean_and_save(seat, user)
    return seat


@transaction.atomic
def committee_country_end(
    *, user: User, seat: CommitteeCountry, end_date: dt.date
) -> CommitteeCountry:
    """A country leaves a committee: its seat ends (the row stays as history), and so do
    its people's seats still open on that committee."""
    ensure_secretariat(user)
    seat = CommitteeCountry.objects.select_for_update(of=("self",)).get(pk=seat.pk)
    _end_seat(seat, end_date, user)
    for member in CommitteeMember.objects.filter(
        committee_id=seat.committee_id,
        designation__national_body__country_id=seat.country_id,
        end_date__isnull=True,
    ):
        member.end_date = max(end_date, member.start_date)
        clean_and_save(member, user)
    return seat


@transaction.atomic
def committee_member_add(
    *,
    user: User,
    committee: Committee,
    designation: Designation,
    start_date: dt.date,
    end_date: dt.date | None = None,
) -> CommitteeMember:
    """A person sits on a committee through their designation: a representative in force of
    a country that is a member of the committee on that day."""
    ensure_secretariat(user)
    committee = Committee.objects.select_for_update(of=("self",)).get(pk=committee.pk)
    _ensure_open_on(committee, start_date)
    designation = Designation.objects.select_related("person", "national_body__country").get(
        pk=designation.pk
    )
    person, country = designation.person, designation.national_body.country
    if not designation.is_in_force(start_date):
        raise ValidationError(
            DESIGNATION_NOT_IN_FORCE,
            code="designation_not_in_force",
            params={"person": person, "day": short_date(start_date)},
        )
    member_country = CommitteeCountry.objects.filter(
        committee_country_in_force_q(start_date), committee=committee, country=country
    )
    if not member_country.exists():
        raise ValidationError(
            NOT_A_COMMITTEE_COUNTRY,
            code="not_a_committee_country",
            params={
                "person": person,
                "country": country,
                "committee": committee,
                "day": short_date(start_date),
            },
        )
    _refuse_second_seat(
        CommitteeMember.objects.filter(committee=committee, designation__person=person),
        start_date,
        end_date,
        ALREADY_ON_COMMITTEE,
        "already_on_committee",
        person=person,
        committee=committee,
    )
    member = CommitteeMember(
        committee=committee, designation=designation, start_date=start_date, end_date=end_date
    )
    clean_and_save(member, user)
    return member


@transaction.atomic
def committee_member_end(
    *, user: User, member: CommitteeMember, end_date: dt.date
) -> CommitteeMember:
    ensure_secretariat(user)
    member = CommitteeMember.objects.select_for_update(of=("self",)).get(pk=member.pk)
    _end_seat(member, end_date, user)
    return member
