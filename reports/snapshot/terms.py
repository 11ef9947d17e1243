"""The ST term a biennial accountability report covers (003 §IX) and the office holders of
that term."""

from __future__ import annotations

import datetime as dt

from members import selectors as member_selectors
from members.models import Office
from reports.snapshot.values import _country, _date


def term_years(office: Office) -> list[int]:
    """The POA years of an ST term. Interpretation (003 §IX "cada dos años correspondientes
    a la finalización del periodo de trabajo de la Secretaría Técnica"; SPEC §2 "two-year
    term"): every calendar year the term touches, from its start year to its end year; a
    term without end date (still running) covers its start year and the next."""
    end_year = office.end_date.year if office.end_date else office.start_date.year + 1
    return list(range(office.start_date.year, max(end_year, office.start_date.year) + 1))


def _office_overlapping(offices: list[Office], kind: str, first: dt.date, last: dt.date):
    """The office of `kind` that overlaps the period the longest (latest start on ties)."""
    best, best_days = None, 0
    for office in offices:
        if office.kind != kind:
            continue
        start = max(office.start_date, first)
        end = min(office.end_date or last, last)
        days = (end - start).days + 1
        if days > best_days or (days == best_days and best and office.start_date > best.start_date):
            best, best_days = office, days
    return best


def _term(years: list[int], office: Office | None) -> dict:
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    offices = list(member_selectors.office_history())
    secretariat = office or _office_overlapping(
        offices, Office.Kind.TECHNICAL_SECRETARIAT, first, last
    )
    presidency = _office_overlapping(offices, Office.Kind.PRESIDENCY, first, last)

    def holder(o: Office | None) -> dict | None:
        if o is None:
            return None
        return {
            "country": _country(o.country),
            "start": _date(o.start_date),
            "end": _date(o.end_date),
        }

    return {
        "years": years,
        "start": _date(office.start_date) if office else _date(first),
        "end": _date(office.end_date) if office and office.end_date else _date(last),
        "office_id": office.pk if office else None,
        "secretariat": holder(secretariat),
        "presidency": holder(presidency),
    }
