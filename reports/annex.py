"""The accountability report's annex workbook (issue 24): every per-activity figure of the
snapshot as an XLSX delivered with the PDF (results, POA matrices, delayed activities and
their justifications, country × activity matrices), and the rule that decides what the PDF
itself prints.

The PDF prints a POA's activities (in the results chapter, its delayed activities' table
and Annex A) only while the POA has at most settings.REPORT_PDF_ACTIVITIES_MAX of them —
every POA the coalition has approved so far (003 §X) is well under it. A larger POA (a
coalition of ninety bodies with 200 activities a year, bench/report_build.py's 10× term)
would make the PDF 100 pages of activity rows that WeasyPrint keeps in memory until the end
(850 MB); its PDF stops at the operational objectives and says where the activities are.
The workbook always has them all, whatever the PDF printed, and the country × activity
matrix of every period too (the PDF's Annex B prints it only up to MATRIX_MAX_BODIES
countries).

Like reports.render, this module reads nothing from the database: the same snapshot gives
the same workbook, in the language asked for."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.tabular import workbook_bytes
from monitoring.models import ReportingPeriod
from monitoring.selectors import ResultStatus
from plans.selectors import POA_MATRIX_COLUMNS

XLSX_SUFFIX = "-anexos.xlsx"


def accountability_stem(years: list[int], language: str) -> str:
    """The accountability report's file name without its suffix: the PDF's, and with
    XLSX_SUFFIX its annex workbook's (which the PDF names where it sends the reader)."""
    return f"rendicion-de-cuentas-{years[0]}-{years[-1]}-{language}"


def annex_filename(snapshot: dict, language: str) -> str:
    """The workbook's name: the PDF's with XLSX_SUFFIX (reports.services.report_filename)."""
    return accountability_stem([y["year"] for y in snapshot["years"]], language) + XLSX_SUFFIX


def activity_count(year: dict) -> int:
    """How many activities a POA year of the snapshot has."""
    return sum(
        len(op.get("children") or [])
        for axis in year.get("axes") or []
        for objective in axis.get("children") or []
        for op in objective.get("children") or []
    )


def prints_activities(year: dict) -> bool:
    """Whether the PDF prints this POA year's activities (the workbook always has them)."""
    return activity_count(year) <= settings.REPORT_PDF_ACTIVITIES_MAX


def _semester(code) -> str:
    return str(dict(ReportingPeriod.Semester.choices).get(code, code)) if code else ""


def _status(figures: dict) -> str:
    """As the PDF's status cell: "not started" before any period, else the status of the
    approved figures, or that there are none."""
    if figures.get("started") is not False and not figures.get("has_data"):
        return _("No approved data")
    return str(ResultStatus.LABELS.get(figures["status"], figures["status"]))


def _walk(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("children") or []:
        yield from _walk(child)


def _results_rows(snapshot: dict) -> Iterator[list]:
    level_names = {
        "axis": _("Axis"),
        "objective": _("Strategic objective"),
        "operational": _("Operational objective"),
        "activity": _("Activity"),
    }
    for year in snapshot["years"]:
        if not year.get("poa"):
            continue
        for axis in year.get("axes") or []:
            for node in _walk(axis):
                # A year without an opened period: the plan's figures, not started.
                for f in node.get("semesters") or [{**node, "semester": None}]:
                    yield [
                        year["year"],
                        _semester(f["semester"]),
                        level_names.get(node["level"], node["level"]),
                        node["code"],
                        node["label"],
                        node.get("share"),
                        f.get("planned"),
                        f.get("achieved"),
                        _("yes") if f.get("carried") else "",
                        f.get("reported") if f.get("expected") else None,
                        f.get("expected") or None,
                        f.get("compliance") if f.get("has_data") else None,
                        _status(f),
                    ]


def _poa_rows(snapshot: dict) -> Iterator[list]:
    for year in snapshot["years"]:
        for group in year.get("poa_matrix") or []:
            for op in group["operational"]:
                for a in op["activities"]:
                    yield [
                        year["year"],
                        group["axis"],
                        group["objective"],
                        op["code"],
                        a["code"],
                        a["description"],
                        a["goal"],
                        a["indicator"],
                        a["responsible"],
                        a["semester_1"],
                        a["semester_2"],
                        a["share"],
                    ]


def _body_progress(body: dict) -> str:
    """ "CONATT 7 %" as the PDF's table lists a report (the regional one by that name)."""
    name = body["body"] if body["country"] else _("Regional report")
    return name if body["progress"] is None else f"{name} {body['progress']} %"


def _delayed_rows(snapshot: dict) -> Iterator[list]:
    """The PDF's table of delayed activities: a row per justification text, with how many
    reports gave it and the national bodies furthest behind among them."""
    for year in snapshot["years"]:
        for d in year.get("delayed") or []:
            head = [year["year"], d["code"], d["label"], d["planned"], d["achieved"]]
            for j in d["justifications"]:
                bodies = ", ".join(_body_progress(b) for b in j["bodies"])
                yield [*head, j["text"], j["reports"], bodies]
            if not d["justifications"]:
                text = (
                    _("no justification given.")
                    if d["has_data"]
                    else _("No approved report gives progress for this activity.")
                )
                yield [*head, text, None, ""]
            if d.get("more_texts"):
                more = ngettext(
                    "%(n)s other justification (%(reports)s reports) in the national progress"
                    " reports.",
                    "%(n)s other justifications (%(reports)s reports) in the national progress"
                    " reports.",
                    d["more_texts"],
                ) % {"n": d["more_texts"], "reports": d["more_reports"]}
                yield [*head, more, d["more_reports"], ""]


def _matrix_sheets(snapshot: dict) -> Iterator[tuple[str, list, Iterator[list]]]:
    """One sheet per period: an activity a row, a national body a column (the PDF's Annex
    B and the dashboard's matrix): its % progress; "·" concerned without an approved
    figure; empty when the activity does not concern it."""

    def value(cell: list) -> object:
        progress, _status_code, concerned = cell
        if not concerned:
            return None
        return "·" if progress is None else progress

    for year in snapshot["years"]:
        if not year.get("poa"):
            continue
        for matrix in year.get("matrices") or []:
            title = _("B %(year)s %(semester)s") % {
                "year": year["year"],
                "semester": "I" if matrix["semester"] == 1 else "II",
            }
            headers = [_("Activity"), _("Planned")]
            headers += [f"{b['iso']} {b['acronym']}" for b in matrix["bodies"]]
            headers.append(_("Regional"))
            rows = (
                [row["code"], row["planned"], *map(value, row["cells"]), value(row["regional"])]
                for row in matrix["rows"]
            )
            yield title, headers, rows


def annex_workbook(snapshot: dict, *, language: str) -> bytes:
    """The XLSX annex of an accountability report's snapshot, in `language`."""
    with translation.override(language):
        sheets: list[tuple[str, Sequence[object], Iterable[Sequence[object]]]] = [
            (
                _("Results by activity"),
                [
                    _("POA"),
                    _("End of semester"),
                    _("Level"),
                    _("Code"),
                    _("Objective / activity"),
                    _("Weight (%)"),
                    _("Planned (%)"),
                    _("Achieved (%)"),
                    _("Carried from semester I"),
                    _("Reports counted"),
                    _("Reports expected"),
                    _("Compliance (%)"),
                    _("Status"),
                ],
                _results_rows(snapshot),
            ),
            (
                _("POA matrices"),
                [_("POA"), *POA_MATRIX_COLUMNS],
                _poa_rows(snapshot),
            ),
            (
                _("Delayed activities"),
                [
                    _("POA"),
                    _("Code"),
                    _("Activity"),
                    _("Planned (%)"),
                    _("Achieved (%)"),
                    _("Justification"),
                    _("Reports"),
                    _("National bodies furthest behind (% progress)"),
                ],
                _delayed_rows(snapshot),
            ),
            *_matrix_sheets(snapshot),
        ]
        return workbook_bytes(sheets)
