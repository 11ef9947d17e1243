"""The ST term a biennial accountability report covers (003 §IX), the office holders of
that term and the term reports they presented (003 §VIII Presidency 12, ST 13)."""

from __future__ import annotations

import datetime as dt

from members import selectors as member_selectors
from members.models import Office
from reports.models import TermReport
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
            "id": o.pk,
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


def _term_report(report: TermReport) -> dict:
    """A presented term report as the biennial report prints it: its text sections (keys,
    the headings are interface words translated when rendered), where and when it was
    presented, and the headline figures of its summary from the records."""
    summary = report.summary or {}
    meetings = summary.get("meetings") or {}
    agreements = summary.get("agreements") or {}
    return {
        "id": report.pk,
        "kind": report.kind,
        "title": report.title,
        "status": report.status,
        "archived": report.is_archived,
        "presented_on": _date(report.presented_on),
        "meeting": {
            "title": report.meeting.title,
            "number": report.meeting.number,
            "kind": report.meeting.kind,
        }
        if report.meeting
        else None,
        "sections": [
            {"key": key, "text": getattr(report, key)}
            for key in TermReport.SECTIONS
            if getattr(report, key).strip()
        ],
        "figures": {
            "meetings_held": meetings.get("held"),
            "plenary_held": meetings.get("plenary"),
            "agreements_adopted": agreements.get("adopted"),
            "agreements_fulfilled": (agreements.get("by_status") or {}).get("fulfilled"),
            "alliances": (summary.get("alliances") or {}).get("total"),
        },
        "summary_at": _date(report.summary_at),
    }


def _term_reports(term: dict) -> dict:
    """The term reports of the term's Presidency and Technical Secretariat, once presented
    (or archived); a draft is never printed: None, and the report says it was not
    presented yet. One query."""
    wanted: dict[str, int | None] = {
        kind: (term.get(kind) or {}).get("id") for kind in ("presidency", "secretariat")
    }
    found = {
        (r.kind, r.office_id): r
        for r in TermReport.objects.filter(
            office_id__in=[pk for pk in wanted.values() if pk],
            status__in=TermReport.SHOWN_STATUSES,
        ).select_related("meeting")
    }
    out: dict[str, dict | None] = {}
    for kind, pk in wanted.items():
        report = found.get((kind, pk)) if pk else None
        out[kind] = _term_report(report) if report else None
    return out
