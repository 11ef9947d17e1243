"""What a term did besides the POAs' figures: the Strategic Plan's indicators, the meetings
held, participation per country and the agreements."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from meetings import selectors as meeting_selectors
from meetings.models import Agreement, Meeting
from members.models import Country
from monitoring.indicators import tracking_table
from reports.snapshot.values import _country, _date, num


def _indicators(years: list[int]) -> list[dict]:
    """The Strategic Plan's indicators with baseline, final target and, for each year of the
    term, the yearly target (None: no target set), the actual value (None: a year not
    reached yet) and the share met: the tracking table of monitoring.indicators (records,
    meetings, or ST's measurements)."""

    out = []
    for row in tracking_table(None, years).rows():
        values, indicator = row.values, row.indicator
        result = indicator.result
        out.append(
            {
                "axis": result.objective.axis.number,
                "axis_name": result.objective.axis.name,
                "result": result.code,
                "position": indicator.position,
                "text": indicator.text,
                "kind": indicator.kind,
                "unit": indicator.unit,
                "measure": indicator.measure,
                "computed": values.computed,
                "from_meetings": indicator.measure
                in (
                    indicator.Measure.AGREEMENTS_FULFILLED,
                    indicator.Measure.MEETING_PARTICIPATION,
                ),
                "cumulative": values.cumulative,
                "baseline": num(indicator.baseline),
                "target": num(indicator.target_2027),
                "values": [num(cell.actual) for cell in row.cells],
                "tracking": [
                    {
                        "year": cell.year,
                        "target": num(cell.target),
                        "actual": num(cell.actual),
                        "met": num(cell.percent_met),
                    }
                    for cell in row.cells
                ],
                "explanation": str(values.explanation),
            }
        )
    return out


def _meetings(years: list[int]) -> list[dict]:
    return [
        {
            "date": _date(timezone.localdate(held.meeting.starts_at)),
            "number": held.meeting.number,
            "title": held.meeting.title,
            "kind": held.meeting.kind,
            "plenary": held.meeting.kind in Meeting.PLENARY_KINDS,
            "modality": held.meeting.modality,
            "city": held.meeting.city,
            "host": _country(held.meeting.host_country),
            "represented": held.represented,
        }
        for held in meeting_selectors.meetings_held(years=years)
    ]


def _participation(years: list[int]) -> list[dict]:
    """Per member country, plenary meetings attended / held per year of the term
    (003 §VII result 4.3, meetings.selectors.participation_by_country_year)."""
    wanted = set(years)
    names = {c.iso_code: c for c in Country.objects.all()}
    rows: dict[str, dict] = {}
    for p in meeting_selectors.participation_by_country_year():
        if p.year not in wanted:
            continue
        row = rows.setdefault(p.country, {"country": _country(names.get(p.country)), "years": {}})
        row["years"][str(p.year)] = [p.attended, p.held]
    return sorted(rows.values(), key=lambda r: r["country"]["name_es"] if r["country"] else "")


def _agreements(years: list[int]) -> dict:
    """Agreements adopted in the term's years with their status today (at the snapshot),
    and the agreements fulfilled per year (indicator of result 4.3)."""
    items = list(
        meeting_selectors.agreement_list().filter(year__in=years).order_by("year", "sequence")
    )
    counts = Counter(a.current_status for a in items)  # overdue read today (meetings)
    fulfilled = meeting_selectors.agreements_fulfilled_by_year()
    return {
        "adopted": len(items),
        "by_status": {s: counts.get(s, 0) for s in Agreement.Status.values},
        "fulfilled_by_year": {str(y): fulfilled.get(y, 0) for y in years},
        "items": [
            {
                "number": a.number,
                "year": a.year,
                "text": a.text,
                "status": a.current_status,
                "due_date": _date(a.due_date),
                "fulfilled_on": _date(a.fulfilled_on),
                "meeting": a.meeting.title,
                "responsible_bodies": [b.acronym for b in a.responsible_bodies.all()],
                "responsible_organs": list(a.responsible_organs or []),
            }
            for a in items
        ],
    }
