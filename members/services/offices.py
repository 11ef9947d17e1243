"""The coalition's offices over time (SPEC §2; 003 §II, §VIII, §IX): the Technical
Secretariat records who holds the Presidency and the Technical Secretariat (and any other
office), for which term, elected by which agreement. One holder per office at a time."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from members.models import SECRETARIAT_TERM_YEARS, Country, Office, User, overlaps_q
from members.permissions import ensure_secretariat
from members.services.base import clean_and_save, ensure_member_country, short_date

OFFICE_TERM_OVERLAPS = _(
    "%(office)s is held by %(country)s from %(start)s%(until)s: an office has one holder at a "
    "time. Change the dates, or correct that term first."
)
SECRETARIAT_TERM_TOO_LONG = _(
    "The Technical Secretariat's term lasts two years (Strategic Plan §IX): from %(start)s it "
    "ends on %(last)s at the latest."
)
END_BEFORE_START = _("The end of the term cannot be before its start (%(start)s).")

UNTIL = _(" until %(end)s")
HANDED_OVER = _("Handed over to the next holder")


def secretariat_term_last_day(start: dt.date) -> dt.date:
    """The last day of a two-year term from `start` (003 §IX): the day before the same date
    two years later (a term from 29 February ends on 28 February)."""
    year = start.year + SECRETARIAT_TERM_YEARS
    try:
        same_day = start.replace(year=year)
    except ValueError:  # 29 February
        same_day = dt.date(year, 3, 1)
    return same_day - dt.timedelta(days=1)


def _check_term(kind: str, start: dt.date, end: dt.date | None) -> dt.date | None:
    """The end a term may have: not before its start; for the Technical Secretariat, two
    years at most, and two years when none is given."""
    if end is not None and end < start:
        raise ValidationError(
            {
                "end_date": ValidationError(
                    END_BEFORE_START, code="end_before_start", params={"start": short_date(start)}
                )
            }
        )
    if kind == Office.Kind.TECHNICAL_SECRETARIAT:
        last = secretariat_term_last_day(start)
        if end is None:
            return last
        if end > last:
            raise ValidationError(
                {
                    "end_date": ValidationError(
                        SECRETARIAT_TERM_TOO_LONG,
                        code="secretariat_term_too_long",
                        params={"start": short_date(start), "last": short_date(last)},
                    )
                }
            )
    return end


def _refuse_overlap(
    kind: str, start: dt.date, end: dt.date | None, *, exclude: list[int] = ()
) -> None:
    """One holder per office at a time: no other term of the office meets [start, end]."""
    other = (
        Office.objects.filter(overlaps_q(start, end), kind=kind)
        .exclude(pk__in=exclude)
        .select_related("country")
        .order_by("start_date")
        .first()
    )
    if other is not None:
        raise ValidationError(
            OFFICE_TERM_OVERLAPS,
            code="office_term_overlaps",
            params={
                "office": other.get_kind_display(),
                "country": other.country,
                "start": short_date(other.start_date),
                "until": UNTIL % {"end": short_date(other.end_date)} if other.end_date else "",
            },
        )


@transaction.atomic
def office_holder_record(
    *,
    user: User,
    kind: str,
    country: Country,
    start_date: dt.date,
    end_date: dt.date | None = None,
    electing_agreement: str = "",
    note: str = "",
) -> Office:
    """ST records a new holder of an office (the Plenary elected them). The holder in office
    on `start_date` hands over: their term ends the day before. Any other overlap — a term
    starting the same day or later inside the new one — is refused. The Technical
    Secretariat's term is two years (003 §IX): the end defaults to it and cannot pass it."""
    ensure_secretariat(user)
    # Every term of this office, locked: two recordings at once cannot both hand over.
    list(Office.objects.select_for_update(of=("self",)).filter(kind=kind))
    ensure_member_country(country, start_date, field="country")
    end_date = _check_term(kind, start_date, end_date)
    outgoing = (
        Office.objects.filter(overlaps_q(start_date, None), kind=kind, start_date__lt=start_date)
        .order_by("-start_date")
        .first()
    )
    if outgoing is not None:
        outgoing.end_date = start_date - dt.timedelta(days=1)
        outgoing.end_is_latest = False  # now known: the day before the next holder
        claim_version(outgoing, None)
        clean_and_save(outgoing, user, reason=str(HANDED_OVER))
    _refuse_overlap(kind, start_date, end_date)
    office = Office(
        kind=kind,
        country=country,
        start_date=start_date,
        end_date=end_date,
        electing_agreement=electing_agreement.strip(),
        note=note.strip(),
    )
    clean_and_save(office, user)
    return office


@transaction.atomic
def office_update(
    *,
    user: User,
    office: Office,
    expected_version: int | None,
    end_date: dt.date | None,
    end_is_latest: bool = False,
    electing_agreement: str = "",
    note: str = "",
) -> Office:
    """ST corrects a term: its end (a holder who left early, a bound the sources give), the
    electing agreement, the note. The holder and the start stay (record a new holder for a
    new term); the end may not run into another holder's term, nor the ST's past two years."""
    ensure_secretariat(user)
    office = Office.objects.select_for_update(of=("self",)).get(pk=office.pk)
    claim_version(office, expected_version)
    if end_date is None and office.kind == Office.Kind.TECHNICAL_SECRETARIAT:
        end_date = secretariat_term_last_day(office.start_date)
    end_date = _check_term(office.kind, office.start_date, end_date)
    _refuse_overlap(office.kind, office.start_date, end_date, exclude=[office.pk])
    office.end_date = end_date
    office.end_is_latest = bool(end_is_latest and end_date)
    office.electing_agreement = electing_agreement.strip()
    office.note = note.strip()
    clean_and_save(office, user)
    return office
