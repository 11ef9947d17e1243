"""The frozen figures of a report (issue #7: "the numbers the report shows are computed once,
by the same selectors as the dashboards, and stored with the job (JSON), so a report can be
re-rendered identically later and compared with today's numbers").

Everything a PDF shows comes from one of these dictionaries — figures and the texts they
describe (axis names, activity descriptions, country names in both languages) — so
rendering needs no database and a report rendered in 2030 shows what it showed when it was
issued. Only the interface words (headings, status labels) are translated at rendering.

Numbers are stored as JSON floats, unrounded: the template rounds them for display, the
same way whenever it runs. Codes (compliance status, goal status, meeting kind) are stored,
not their labels."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from meetings import pdf as meeting_pdf
from meetings import selectors as meeting_selectors
from meetings.models import Agreement, Meeting, Minutes
from members import selectors as member_selectors
from members.models import Country, Office
from monitoring import selectors
from monitoring.indicators import all_indicator_values
from monitoring.models import ProgressReport
from plans import selectors as plan_selectors
from plans.models import POA

SNAPSHOT_VERSION = 1
REGIONAL = ""  # the regional report's "country" in per-country tables


def num(value) -> float | None:
    """A Decimal/int/float as a JSON number, unrounded; None stays None."""
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | float) else value


def _date(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _country(country: Country | None) -> dict | None:
    if country is None:
        return None
    return {"iso": country.iso_code, "name_es": country.name_es, "name_en": country.name_en}


# --- Terms ---------------------------------------------------------------------------------


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


# --- Results -------------------------------------------------------------------------------


def _node(result: selectors.Result) -> dict:
    """A node of the weighted results tree (poa_results), with its children."""
    node = {
        "level": result.level,
        "code": result.code,
        "label": result.label,
        "share": num(result.share.share) if result.share else None,
        "weight": num(result.share.weight) if result.share else None,
        "achieved": num(result.achieved),
        "planned": num(result.planned),
        "compliance": num(result.compliance),
        "status": result.status,
        "has_data": result.has_data,
    }
    if result.level == "activity":
        activity = result.obj
        node.update(
            id=result.pk,
            goal=activity.goal,
            indicator=activity.indicator,
            reported=result.reported,
            expected=result.expected,
        )
    else:
        node["children"] = [_node(child) for child in result.children]
    return node


def _status_counts(results: selectors.PoaResults) -> dict:
    """Activities by compliance status; activities without any counted figure apart."""
    counts = Counter()
    for activity in results.activities():
        counts[activity.status] += 1
        if not activity.has_data:
            counts["no_data"] += 1
    return {
        key: counts.get(key, 0)
        for key in (
            selectors.ResultStatus.ON_TRACK,
            selectors.ResultStatus.AT_RISK,
            selectors.ResultStatus.DELAYED,
            "no_data",
        )
    } | {"total": len(results.activities())}


def _period(period) -> dict | None:
    if period is None:
        return None
    return {
        "semester": period.semester,
        "status": period.status,
        "opens_on": _date(period.opens_on),
        "due_on": _date(period.due_on),
    }


def _timeliness(timeliness: selectors.PeriodTimeliness) -> dict:
    return {
        "semester": timeliness.period.semester,
        "due_on": _date(timeliness.period.due_on),
        "expected": timeliness.expected,
        "submitted": timeliness.submitted,
        "on_time": timeliness.count(selectors.Timeliness.ON_TIME),
        "late": timeliness.count(selectors.Timeliness.LATE),
        "reporting_rate": num(timeliness.reporting_rate),
        "on_time_rate": num(timeliness.on_time_rate),
        "rows": [
            {
                "country": _country(row.report.national_body.country),
                "body": row.report.national_body.acronym,
                "state": row.state,
                "days_late": row.days_late,
                "submitted_on": _date(
                    timezone.localdate(row.report.first_submitted_at)
                    if row.report.first_submitted_at
                    else None
                ),
            }
            for row in timeliness.rows
        ],
    }


MAX_JUSTIFICATION_GROUPS = 8  # per delayed activity; the rest are in the national reports
MAX_BODIES_LISTED = 12  # per justification text: those furthest behind first


def _delayed(results: selectors.PoaResults, period) -> list[dict]:
    """Activities whose regional compliance is "delayed", with the justifications the
    counted reports gave (SPEC §5: a justification is required below plan). Reports that
    give the same text are grouped, so a coalition of any size stays readable; beyond
    MAX_JUSTIFICATION_GROUPS texts per activity the report says how many more there are
    (each national progress report has them all)."""
    delayed = [a for a in results.activities() if a.status == selectors.ResultStatus.DELAYED]
    texts = (
        selectors.period_justifications(
            period=period,
            activity_ids=[a.pk for a in delayed],
            include_pending=results.include_pending,
        )
        if delayed and period is not None
        else {}
    )
    out = []
    for a in delayed:
        groups: dict[str, list] = {}
        for j in texts.get(a.pk, []):
            groups.setdefault(j.text.strip(), []).append(j)
        for items in groups.values():
            items.sort(key=lambda j: (j.progress is not None, j.progress or 0, j.body))
        ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        shown = ordered[:MAX_JUSTIFICATION_GROUPS]
        out.append(
            {
                "code": a.code,
                "label": a.label,
                "achieved": num(a.achieved),
                "planned": num(a.planned),
                "has_data": a.has_data,
                "justifications": [
                    {
                        "text": text,
                        "reports": len(items),
                        "bodies": [
                            {"country": j.country, "body": j.body, "progress": j.progress}
                            for j in items[:MAX_BODIES_LISTED]
                        ],
                    }
                    for text, items in shown
                ],
                "more_texts": len(ordered) - len(shown),
                "more_reports": sum(len(items) for _text, items in ordered[len(shown) :]),
            }
        )
    return out


def _matrix(matrix: selectors.ProgressMatrix) -> dict:
    """The country × activity matrix of a period (annex), as progress figures and the
    compliance status of each counted cell."""
    return {
        "semester": matrix.period.semester,
        "bodies": [
            {"iso": b.country.iso_code, "acronym": b.acronym, **_country(b.country)}
            for b in matrix.bodies
        ],
        "rows": [
            {
                "code": row.activity.code,
                "planned": row.planned,
                "cells": [
                    [cell.progress if cell.counted else None, cell.status, cell.concerned]
                    for cell in row.cells
                ],
                "regional": [
                    row.regional.progress if row.regional.counted else None,
                    row.regional.status,
                    row.regional.concerned,
                ],
            }
            for row in matrix.rows
        ],
    }


def _poa_matrix(poa: POA) -> list[dict]:
    """The POA as approved (003 §X matrix: objective, activity, goal, indicator,
    responsible, planned I / II), for the annex."""
    groups = plan_selectors.poa_matrix(poa=poa)
    return [
        {
            "axis": group.axis.number,
            "axis_name": group.axis.name,
            "objective": group.objective.code,
            "objective_text": group.objective.text,
            "operational": [
                {
                    "code": op.code,
                    "text": op.text,
                    "activities": [
                        {
                            "code": a.code,
                            "description": a.description,
                            "goal": a.goal,
                            "indicator": a.indicator,
                            "responsible": a.responsible_text
                            or ", ".join(str(r) for r in a.responsibles.all()),
                            "semester_1": a.semester_1,
                            "semester_2": a.semester_2,
                            "share": num(a.share.share),
                        }
                        for a in op.activity_list
                    ],
                }
                for op in group.operational_objectives
            ],
        }
        for group in groups
    ]


def _year(year: int, poa: POA | None) -> dict:
    if poa is None:
        return {"year": year, "poa": None}
    board = selectors.poa_dashboard(poa=poa)
    results, period = board.official, board.period
    pending = period.reports.filter(status=ProgressReport.Status.SUBMITTED).count() if period else 0
    approved = period.reports.filter(status=ProgressReport.Status.APPROVED).count() if period else 0
    countries = []
    if period is not None:
        for row in selectors.country_results(poa=poa, period=period):
            root = row.root
            countries.append(
                {
                    "country": _country(row.body.country),
                    "body": row.body.acronym,
                    "report_status": row.report.status,
                    "activities": len(row.results.activities()),
                    "achieved": num(root.achieved),
                    "planned": num(root.planned),
                    "compliance": num(root.compliance),
                    "status": root.status,
                    "has_data": root.has_data,
                }
            )
    return {
        "year": year,
        "poa": {
            "id": poa.pk,
            "status": poa.status,
            "approved_on": _date(poa.approved_on),
            "approving_agreement": poa.approving_agreement,
        },
        "period": _period(period),
        "reports_approved": approved,
        "reports_pending": pending,
        "overall": {
            "achieved": num(results.root.achieved),
            "planned": num(results.root.planned),
            "compliance": num(results.root.compliance),
            "status": results.root.status,
            "has_data": results.root.has_data,
        },
        "semesters": [
            {
                "semester": point.period.semester,
                "achieved": num(point.achieved),
                "planned": num(point.planned),
                "axes": [
                    {"code": a.code, "achieved": num(a.achieved), "planned": num(a.planned)}
                    for a in point.by_axis
                ],
            }
            for point in board.semesters
        ],
        "status_counts": _status_counts(results),
        "axes": [_node(axis) for axis in results.axes],
        "delayed": _delayed(results, period),
        "countries": countries,
        "timeliness": [_timeliness(selectors.period_timeliness(period=p)) for p in board.periods],
        "matrix": _matrix(selectors.progress_matrix(period=period)) if period else None,
        "poa_matrix": _poa_matrix(poa),
    }


# --- Indicators, meetings, agreements ------------------------------------------------------


def _indicators(years: list[int]) -> list[dict]:
    """The Strategic Plan's indicators with baseline, target and the values of the term's
    years, computed by monitoring.indicators (records, meetings, or ST's measurements)."""

    out = []
    for values in all_indicator_values(years):
        indicator = values.indicator
        result = indicator.result
        out.append(
            {
                "axis": result.objective.axis.number,
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
                "values": [num(values.region.get(y)) for y in years],
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
    counts = Counter(a.status for a in items)
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
                "status": a.status,
                "due_date": _date(a.due_date),
                "fulfilled_on": _date(a.fulfilled_on),
                "meeting": a.meeting.title,
                "responsible_bodies": [b.acronym for b in a.responsible_bodies.all()],
                "responsible_organs": list(a.responsible_organs or []),
            }
            for a in items
        ],
    }


# --- The three kinds ------------------------------------------------------------------------


def accountability_snapshot(
    *, years: list[int], office: Office | None = None, narratives: dict | None = None
) -> dict:
    """Every figure of the biennial accountability report of `years` (SPEC §6, 003 §IX).
    The data are gathered with the dashboards' selectors: poa_dashboard (weighted results,
    semesters), country_results (the dashboard's country filter), period_timeliness,
    progress_matrix, all_indicator_values, participation_by_country_year, agreement_list."""
    years = sorted(years)
    poas = {p.year: p for p in POA.objects.filter(year__in=years)}
    narratives = narratives or {}
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "accountability",
        "taken_at": timezone.now().isoformat(),
        "coalition": settings.SITE_NAME,
        "thresholds": dict(settings.MONITORING_COMPLIANCE_THRESHOLDS),
        "term": _term(years, office),
        "years": [_year(year, poas.get(year)) for year in years],
        "indicators": _indicators(years),
        "meetings": _meetings(years),
        "participation": _participation(years),
        "agreements": _agreements(years),
        "narratives": {
            "presidency": narratives.get("presidency", ""),
            "secretariat": narratives.get("secretariat", ""),
        },
    }


def progress_report_snapshot(*, report: ProgressReport) -> dict:
    """A national body's (or the regional) progress report in the layout of the §IX form:
    date, country, national body; objective | activity | goal | indicator | % | status |
    justification."""
    report = selectors.report_detail(pk=report.pk)
    period = report.period
    body = report.national_body
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "progress_report",
        "taken_at": timezone.now().isoformat(),
        "coalition": settings.SITE_NAME,
        "report": {
            "id": report.pk,
            "year": period.poa.year,
            "semester": period.semester,
            "status": report.status,
            "date": _date(
                report.report_date
                or (timezone.localdate(report.submitted_at) if report.submitted_at else None)
            ),
            "regional": report.is_regional,
            "country": _country(body.country) if body else None,
            "body": {"name": body.name, "acronym": body.acronym} if body else None,
            "reviewed_at": _date(report.reviewed_at),
        },
        "rows": [
            {
                "objective": entry.activity.operational_objective.code,
                "objective_text": entry.activity.operational_objective.text,
                "code": entry.activity.code,
                "activity": entry.activity.description,
                "goal": entry.activity.goal,
                "indicator": entry.activity.indicator,
                "planned": entry.planned,
                "progress": entry.progress,
                "goal_status": entry.goal_status,
                "justification": entry.justification,
                "evidence": len(entry.evidence.all()),
            }
            for entry in report.rows
        ],
    }


def minutes_snapshot(*, minutes: Minutes) -> dict:
    """The minutes already are a snapshot of the meeting's records (meetings.Minutes.records);
    their state, narrative and approval date are frozen with them."""
    return {
        "version": SNAPSHOT_VERSION,
        "kind": "minutes",
        "taken_at": timezone.now().isoformat(),
        "coalition": settings.SITE_NAME,
        **meeting_pdf.minutes_snapshot(minutes),
    }


def snapshot_for(kind: str, params: dict) -> dict:
    """The snapshot of a report job's kind and parameters (monitoring.models.ReportJob)."""
    if kind == "accountability":
        office = (
            Office.objects.select_related("country").get(pk=params["office"])
            if params.get("office")
            else None
        )
        return accountability_snapshot(
            years=params["years"], office=office, narratives=params.get("narratives")
        )
    if kind == "progress_report":
        return progress_report_snapshot(report=ProgressReport.objects.get(pk=params["report"]))
    minutes = Minutes.objects.select_related("meeting").get(meeting_id=params["meeting"])
    return minutes_snapshot(minutes=minutes)


# --- Comparing a frozen snapshot with today's figures ---------------------------------------


def figures(snapshot: dict) -> dict[tuple, float | int | str | None]:
    """The comparable figures of a snapshot, keyed by what they measure. Texts (titles,
    narratives) are left out: the comparison is about numbers and statuses."""
    out: dict[tuple, float | int | str | None] = {}
    kind = snapshot.get("kind")
    if kind == "accountability":
        for year in snapshot["years"]:
            y = year["year"]
            if not year.get("poa"):
                out[(y, "poa")] = None
                continue
            out[(y, "period")] = year["period"]["semester"] if year["period"] else None
            for key in ("achieved", "planned", "compliance"):
                out[(y, "overall", key)] = year["overall"][key]
            for key, n in year["status_counts"].items():
                out[(y, "activities", key)] = n
            for axis in year["axes"]:
                stack = [axis]
                while stack:
                    node = stack.pop()
                    out[(y, node["level"], node["code"], "achieved")] = node["achieved"]
                    out[(y, node["level"], node["code"], "planned")] = node["planned"]
                    stack.extend(node.get("children", []))
            for c in year["countries"]:
                out[(y, "country", c["country"]["iso"], "achieved")] = c["achieved"]
            for t in year["timeliness"]:
                out[(y, "timeliness", t["semester"], "on_time")] = t["on_time"]
                out[(y, "timeliness", t["semester"], "submitted")] = t["submitted"]
        years = snapshot["term"]["years"]
        for i in snapshot["indicators"]:
            for year, value in zip(years, i["values"], strict=False):
                out[("indicator", i["result"], i["position"], year)] = value
        out[("meetings", "held")] = len(snapshot["meetings"])
        out[("agreements", "adopted")] = snapshot["agreements"]["adopted"]
        for status, n in snapshot["agreements"]["by_status"].items():
            out[("agreements", status)] = n
    elif kind == "progress_report":
        out[("report", "status")] = snapshot["report"]["status"]
        for row in snapshot["rows"]:
            out[("row", row["code"], "progress")] = row["progress"]
            out[("row", row["code"], "goal_status")] = row["goal_status"]
    elif kind == "minutes":
        out[("minutes", "state")] = snapshot["state"]
        out[("minutes", "agreements")] = len(snapshot["records"].get("agreements", []))
        out[("minutes", "motions")] = len(snapshot["records"].get("motions", []))
    return out


def differences(frozen: dict, today: dict) -> list[tuple[tuple, object, object]]:
    """(what, value in the report, value today) for every figure that changed since the
    report was issued, in a stable order."""

    def same(a, b) -> bool:
        if isinstance(a, float | int) and isinstance(b, float | int):
            return abs(float(a) - float(b)) < 1e-9
        return a == b

    old, new = figures(frozen), figures(today)
    keys = sorted(set(old) | set(new), key=lambda k: tuple(str(p) for p in k))
    return [(k, old.get(k), new.get(k)) for k in keys if not same(old.get(k), new.get(k))]
