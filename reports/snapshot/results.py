"""The weighted results of one POA year in a snapshot (the accountability report's results,
countries, timeliness and annexes), gathered with the dashboards' selectors."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from monitoring import selectors
from monitoring.models import ProgressReport
from plans import selectors as plan_selectors
from plans.models import POA
from reports.snapshot.values import _country, _date, num


def _figures(result: selectors.Result) -> dict:
    """A node's figures at the end of one semester, with the reports they rest on."""
    return {
        "achieved": num(result.achieved),
        "planned": num(result.planned),
        "compliance": num(result.compliance),
        "status": result.status,
        "started": result.started,
        "has_data": result.has_data,
        "reported": result.reported,
        "expected": result.expected,
        "carried": result.carried,
        "partial": result.partial,
    }


def _node(result: selectors.Result, by_semester: dict | None = None) -> dict:
    """A node of the weighted results tree (poa_results), with its children. Its own
    figures are those of the year's latest period; `semesters` has every period's
    (by_semester: semester → {(level, pk): Result} of that period's results)."""
    node = {
        "level": result.level,
        "code": result.code,
        "label": result.label,
        "share": num(result.share.share) if result.share else None,
        "weight": num(result.share.weight) if result.share else None,
        **_figures(result),
        "semesters": [
            {"semester": semester, **_figures(nodes[(result.level, result.pk)])}
            for semester, nodes in (by_semester or {}).items()
            if (result.level, result.pk) in nodes
        ],
    }
    if result.level == "activity":
        activity = result.obj
        node.update(id=result.pk, goal=activity.goal, indicator=activity.indicator)
    else:
        node["children"] = [_node(child, by_semester) for child in result.children]
    return node


def _status_counts(results: selectors.PoaResults) -> dict:
    """Activities by status (not started, on track, at risk, delayed); activities without
    any counted figure apart."""
    counts = Counter()
    for activity in results.activities():
        counts[activity.status] += 1
        if not activity.has_data:
            counts["no_data"] += 1
    return {key: counts.get(key, 0) for key in (*selectors.ResultStatus.LABELS, "no_data")} | {
        "total": len(results.activities())
    }


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
                            "responsible": a.responsible_text or a.responsible_names,
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


def _country_rows(poa: POA, board: selectors.PoaDashboard) -> list[dict]:
    """Each national body's weighted result at the end of every period (the dashboard's
    country filter): its own approved report, or its last approved figure carried. The
    POA's tree and progress rows are those `board` read."""
    rows: dict[int, dict] = {}
    for period in board.periods:
        for row in selectors.country_results(
            poa=poa, period=period, tree=board.tree, rows=board.rows
        ):
            root = row.root
            entry = rows.setdefault(
                row.body.pk,
                {
                    "country": _country(row.body.country),
                    "body": row.body.acronym,
                    "activities": len(row.results.activities()),
                    "semesters": [],
                },
            )
            figures = {"semester": period.semester, "report_status": row.report.status}
            figures |= _figures(root)
            entry["semesters"].append(figures)
            entry.update({k: v for k, v in figures.items() if k != "semester"})
    return list(rows.values())


def _overall(results: selectors.PoaResults) -> dict:
    return _figures(results.root)


def _year(year: int, poa: POA | None) -> dict:
    """One POA year: its official figures (approved reports only) at the end of each
    semester with an opened period — where a body's later report is not approved, its last
    approved cumulative figure, marked carried (monitoring.selectors.figures_and_coverage) —
    and the latest period's details (delayed activities, countries, matrix). A POA without
    any period is "not started". Only approved POAs are official: the caller leaves drafts
    out."""
    if poa is None:
        return {"year": year, "poa": None}
    board = selectors.poa_dashboard(poa=poa, from_rows=True)
    results, period = board.official, board.period
    per_period = {point.period.semester: point.results for point in board.semesters}
    by_semester = {
        semester: {(n.level, n.pk): n for n in r.root.walk()} for semester, r in per_period.items()
    }
    # Every period's country × activity matrix; the latest period's is also the year's own.
    matrices = {p.pk: _matrix(selectors.progress_matrix(period=p)) for p in board.periods}
    if period is not None and period.pk not in matrices:
        matrices[period.pk] = _matrix(selectors.progress_matrix(period=period))
    pending = period.reports.filter(status=ProgressReport.Status.SUBMITTED).count() if period else 0
    approved = period.reports.filter(status=ProgressReport.Status.APPROVED).count() if period else 0
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
        "overall": _overall(results),
        "semesters": [
            {
                "semester": semester,
                "period": _period(next(p for p in board.periods if p.semester == semester)),
                "overall": _overall(r),
                "status_counts": _status_counts(r),
                "axes": [
                    {"code": a.code, "achieved": num(a.achieved), "planned": num(a.planned)}
                    for a in r.axes
                ],
            }
            for semester, r in per_period.items()
        ],
        "status_counts": _status_counts(results),
        "axes": [_node(axis, by_semester) for axis in results.axes],
        "delayed": _delayed(results, period),
        "countries": _country_rows(poa, board),
        "timeliness": [_timeliness(selectors.period_timeliness(period=p)) for p in board.periods],
        "matrix": matrices[period.pk] if period else None,
        "matrices": [matrices[p.pk] for p in board.periods],
        "poa_matrix": _poa_matrix(poa),
    }
