"""From a snapshot (reports.snapshot) to a PDF, through the platform's one PDF
machinery (common.pdf). Rendering reads nothing from the database: the same snapshot
gives the same figures, in the language asked for (issue #7: Spanish by default, English
selectable). Charts are drawn here, from the snapshot's numbers (charts.py), each with its
text alternative in the same language (the tagged PDF's /Figure /Alt, issue 17)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.pdf import PdfDocument, render_pdf
from meetings import pdf as meeting_pdf
from presidency.models import CooperationProject
from reports import charts
from reports.annex import activity_count, annex_filename, prints_activities
from stats.selectors import sdg
from stats.selectors.outputs import SUPPRESSION_NOTE

TEMPLATES = {
    "accountability": "pdf/accountability.html",
    "progress_report": "pdf/progress_report.html",
}
STATUSES = ("not_started", "on_track", "at_risk", "delayed")


def _country_name(country: dict | None) -> str:
    if not country:
        return ""
    if (translation.get_language() or "es").startswith("en"):
        return country.get("name_en") or country.get("name_es") or country["iso"]
    return country.get("name_es") or country["iso"]


def _pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{number_format(round(value, 1), 1)}\u00a0%"


def _chart_names() -> dict:
    return {
        "planned": _("Planned"),
        "achieved": _("Achieved"),
        "held": _("Plenary meetings held"),
        "attended": _("Plenary meetings attended"),
        "missing": _("no data"),
        "decimal": get_format("DECIMAL_SEPARATOR"),
    }


def _year_charts(year: dict, names: dict) -> dict:
    out = {}
    axes = year.get("axes") or []
    if axes:
        out["axes"] = charts.planned_vs_achieved(
            [_("Axis %(number)s") % {"number": a["code"]} for a in axes],
            [a["planned"] for a in axes],
            [a["achieved"] for a in axes],
            names=names,
            title=_("Planned and achieved progress by axis"),
        )
    countries = year.get("countries") or []
    if countries:
        out["countries"] = charts.by_country(
            [_country_name(c["country"]) for c in countries],
            [c["planned"] for c in countries],
            [c["achieved"] for c in countries],
            names=names,
            title=_("Planned and achieved progress by country"),
        )
    return out


def _participation_chart(snapshot: dict, names: dict) -> charts.Chart | None:
    rows = snapshot.get("participation") or []
    if not rows:
        return None
    labels, countries, attended, held = [], [], [], []
    for row in rows:
        labels.append(row["country"]["iso"] if row.get("country") else "?")
        countries.append(_country_name(row.get("country")) or "?")
        attended.append(sum(v[0] for v in row["years"].values()))
        held.append(sum(v[1] for v in row["years"].values()))
    return charts.participation(
        labels,
        attended,
        held,
        names=names,
        title=_("Plenary meetings held and attended by country"),
        alt_labels=countries,
    )


def _highlights(snapshot: dict) -> list[str]:
    """A few sentences of the executive summary, all derived from the snapshot."""
    out: list[str] = []
    years = [y for y in snapshot["years"] if y.get("poa")]
    for year in years:
        overall = year["overall"]
        if not overall["has_data"]:
            out.append(
                _("POA %(year)s: no approved progress report counts yet.") % {"year": year["year"]}
            )
            continue
        axes = [a for a in year["axes"] if a["compliance"] is not None and a["has_data"]]
        if axes:
            best = max(axes, key=lambda a: a["compliance"])
            worst = min(axes, key=lambda a: a["compliance"])
            out.append(
                _(
                    "POA %(year)s: axis %(best)s (%(best_name)s) has the highest compliance, "
                    "%(best_pct)s; axis %(worst)s the lowest, %(worst_pct)s."
                )
                % {
                    "year": year["year"],
                    "best": best["code"],
                    "best_name": best["label"],
                    "best_pct": _pct(best["compliance"]),
                    "worst": worst["code"],
                    "worst_pct": _pct(worst["compliance"]),
                }
            )
        counts = year["status_counts"]
        out.append(
            _(
                "POA %(year)s: %(on)s of %(total)s activities on track, %(risk)s at risk, "
                "%(late)s delayed."
            )
            % {
                "year": year["year"],
                "on": counts["on_track"],
                "total": counts["total"],
                "risk": counts["at_risk"],
                "late": counts["delayed"],
            }
        )
        for t in year["timeliness"]:
            out.append(
                _(
                    "POA %(year)s, semester %(semester)s: %(on_time)s of %(expected)s national "
                    "bodies reported on time, %(late)s late."
                )
                % {
                    "year": year["year"],
                    "semester": t["semester"],
                    "on_time": t["on_time"],
                    "expected": t["expected"],
                    "late": t["late"],
                }
            )
    meetings = snapshot["meetings"]
    plenary = [m for m in meetings if m["plenary"]]
    out.append(
        ngettext(
            "%(n)s meeting held in the term (%(plenary)s plenary).",
            "%(n)s meetings held in the term (%(plenary)s plenary).",
            len(meetings),
        )
        % {"n": len(meetings), "plenary": len(plenary)}
    )
    agreements = snapshot["agreements"]
    out.append(
        _("%(adopted)s agreements adopted in the term; %(fulfilled)s of them fulfilled.")
        % {"adopted": agreements["adopted"], "fulfilled": agreements["by_status"]["fulfilled"]}
    )
    return out


MATRIX_COLUMNS = 15  # countries per table of the annex's country × activity matrix
# Beyond this many national bodies the country × activity matrix is left out of the PDF:
# for 90 bodies × 200 activities it is 18,000 cells a year, ~80 pages that took 60 % of the
# build (bench/report_build.py), and nobody reads it on paper; the annex workbook delivered
# with the report has it, a sheet per period (reports.annex).
MATRIX_MAX_BODIES = 30


def _matrix_chunks(matrix: dict | None) -> list[dict]:
    """The country × activity matrix split into tables of MATRIX_COLUMNS countries, so a
    coalition of any size prints on landscape pages (the regional column comes last)."""
    if not matrix or not matrix["rows"] or len(matrix["bodies"]) > MATRIX_MAX_BODIES:
        return []
    bodies = matrix["bodies"]
    chunks = []
    starts = list(range(0, len(bodies), MATRIX_COLUMNS)) or [0]
    for i, start in enumerate(starts):
        last = i == len(starts) - 1
        chunks.append(
            {
                "bodies": bodies[start : start + MATRIX_COLUMNS],
                "regional": last,
                "rows": [
                    {
                        "code": row["code"],
                        "planned": row["planned"],
                        "cells": row["cells"][start : start + MATRIX_COLUMNS],
                        "regional": row["regional"],
                    }
                    for row in matrix["rows"]
                ],
            }
        )
    return chunks


def _in_language(names: dict | None, fallback: str) -> str:
    """A {"name_es", "name_en"} text of the snapshot in the active language."""
    if not names:
        return fallback
    if (translation.get_language() or "es").startswith("en"):
        return names.get("name_en") or names.get("name_es") or fallback
    return names.get("name_es") or fallback


def _statistics(snapshot: dict) -> dict | None:
    """The regional statistics section (issue 20), or None for a snapshot frozen before it
    (its PDF had no such section and still has none). Only public figures are in the
    snapshot (reports.snapshot.statistics); a suppressed one prints as the /statistics/
    pages print it (templates/stats/outputs/_value.html)."""
    part = snapshot.get("statistics")
    if part is None:
        return None
    categories = part.get("categories") or {}
    table = part["sdg"]

    def category(code: str) -> str:
        return _("All") if code == sdg.ALL else _in_language(categories.get(code), code)

    lines = [
        {
            **line,
            "regional": line["country"] is None,
            "sex_label": category(line["sex"]),
            "age_label": category(line["age"]),
        }
        for line in table["lines"]
    ]
    return {
        "measures": [
            {
                **m,
                "name": _in_language(m, m["code"]),
                "years": [
                    {**row, "total_cell": {"value": row["total"], "suppressed": row["suppressed"]}}
                    for row in m["years"]
                ],
            }
            for m in part["measures"]
        ],
        "years": part["years"],
        "note": str(SUPPRESSION_NOTE) % {"threshold": part["threshold"]},
        "sdg_year": table["year"],
        "sdg_lines": lines,
        "any_demo": any(line["is_demo"] for line in lines),
        "no_population": str(sdg.NO_POPULATION),
        "demo_population": str(sdg.DEMO_POPULATION),
    }


def _money(amounts: dict[str, str]) -> str:
    """{"USD": "15000.00", "EUR": …} as "USD 15,000.00 · EUR …" in the active language."""
    return " · ".join(
        f"{currency} {number_format(Decimal(amount), 2, force_grouping=True)}"
        for currency, amount in amounts.items()
    )


def _cooperation(snapshot: dict) -> dict | None:
    """The international cooperation section (issue 22), or None for a snapshot frozen
    before it. Amounts per currency, never converted."""
    part = snapshot.get("cooperation")
    if part is None:
        return None
    stages = dict(CooperationProject.Stage.choices)
    kinds = dict(CooperationProject.Kind.choices)
    return {
        "projects": [
            {
                **p,
                "stage_label": stages.get(p["stage"], p["stage"]),
                "kind_label": kinds.get(p["kind"], p["kind"]),
                "contribution": _money({p["currency"]: p["amount"]}) if p["amount"] else "",
            }
            for p in part["projects"]
        ],
        "totals": [
            {
                **row,
                "money_text": _money(row["money"]) or "—",
                "in_kind_value_text": _money(row["in_kind_value"]),
            }
            for row in part["totals"]
        ],
        "by_year": [{**row, "money_text": _money(row["money"]) or "—"} for row in part["by_year"]],
    }


def accountability_context(snapshot: dict) -> dict:
    names = _chart_names()
    years = []
    for year in snapshot["years"]:
        extra = {}
        if year.get("poa"):
            extra = {
                "charts": _year_charts(year, names),
                "matrix_chunks": _matrix_chunks(year.get("matrix")),
                # Annex B, every period (snapshots before issue 17 kept the latest only).
                "period_matrices": [
                    {"semester": m["semester"], "chunks": _matrix_chunks(m)}
                    for m in year.get("matrices")
                    or ([year["matrix"]] if year.get("matrix") else [])
                ],
                "matrix_too_wide": bool(year.get("matrix"))
                and len(year["matrix"]["bodies"]) > MATRIX_MAX_BODIES,
                # Beyond settings.REPORT_PDF_ACTIVITIES_MAX activities the PDF stops at the
                # operational objectives; the annex workbook has every activity.
                "activities": activity_count(year),
                "prints_activities": prints_activities(year),
            }
        years.append({**year, **extra})
    term = snapshot["term"]
    agreements = snapshot["agreements"]
    return {
        "snap": snapshot,
        "term": term,
        "term_label": "–".join(str(y) for y in (term["years"][0], term["years"][-1]))
        if len(term["years"]) > 1
        else str(term["years"][0]),
        "years": years,
        "reported_years": [y for y in years if y.get("poa")],
        "missing_years": [y["year"] for y in years if not y.get("poa")],
        "highlights": _highlights(snapshot),
        "participation_chart": _participation_chart(snapshot, names),
        "agreement_statuses": [(status, n) for status, n in agreements["by_status"].items() if n],
        "statuses": STATUSES,
        "statistics": _statistics(snapshot),
        "cooperation": _cooperation(snapshot),
        "annex_name": annex_filename(snapshot, translation.get_language() or "es"),
    }


def _evidence(rows: list[dict]) -> list[dict]:
    """The evidence attached to the report's rows, by activity (issue 17): each item with
    its description and the file's name or the link. Snapshots frozen before the list was
    kept (no "evidence_items") list nothing: `evidence_unlisted` counts their items."""
    out = []
    for row in rows:
        for item in row.get("evidence_items") or []:
            out.append(
                {
                    "code": row["code"],
                    "description": item["description"],
                    "file": item["file"],
                    "url": item["url"],
                }
            )
    return out


def progress_report_context(snapshot: dict) -> dict:
    rows = snapshot["rows"]
    return {
        "snap": snapshot,
        "report": snapshot["report"],
        "rows": rows,
        "evidence": _evidence(rows),
        "evidence_unlisted": sum(r.get("evidence") or 0 for r in rows if "evidence_items" not in r),
    }


def render_snapshot(
    kind: str, snapshot: dict, *, language: str, base_url: str | None = None
) -> PdfDocument:
    """The PDF of a snapshot in `language`; no database access."""
    with translation.override(language):
        if kind == "minutes":
            return meeting_pdf.minutes_document(snapshot, base_url=base_url)
        context = (
            accountability_context(snapshot)
            if kind == "accountability"
            else progress_report_context(snapshot)
        )
        return render_pdf(TEMPLATES[kind], context, base_url=base_url)
