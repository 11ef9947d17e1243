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
