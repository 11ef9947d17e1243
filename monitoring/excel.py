"""The progress report as a spreadsheet (SPEC §5): a focal point downloads their report as
a pre-filled .xlsx laid out like the §IX form, fills it offline and uploads it back.

The file is a contract: sheet "Informe", the form's header (date, country, national body),
the table header on row 7 and one row per activity from row 8, with the activity id in the
hidden column A; a hidden sheet "_meta" carries the report id and the version the file was
made from (the optimistic-concurrency token). Reading never evaluates or stores a formula:
a cell holding one is refused. The rules themselves are not here: the rows read are checked
by monitoring.services.validate_row, the same function the web form uses."""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from common.validators import FILE_TOO_LARGE
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.services import (
    GOAL_STATUS_INVALID,
    RowErrors,
    RowInput,
    plain_text,
)

SHEET = "Informe"
MAX_ROWS = 1000  # a report has one row per activity of one POA: tens, not thousands
META_SHEET = "_meta"
HEADER_ROW = 7
FIRST_ROW = 8

# Column of each field (letters as a spreadsheet user sees them).
COLUMNS = {
    "activity": "A",
    "operational_objective": "B",
    "description": "C",
    "goal": "D",
    "indicator": "E",
    "planned": "F",
    "previous": "G",
    "progress": "H",
    "goal_status": "I",
    "justification": "J",
    "status_override_reason": "K",
    "decrease_reason": "L",
    "links": "M",
    "evidence": "N",
}
EDITABLE = (
    "progress",
    "goal_status",
    "justification",
    "status_override_reason",
    "decrease_reason",
    "links",
)

FILE_UNREADABLE = _("The file is not an Excel workbook (.xlsx) that can be read.")
SHEET_MISSING = _(
    "The workbook has no sheet named “%(sheet)s”: upload the file downloaded from this report."
)
FILE_OF_ANOTHER_REPORT = _(
    "This file belongs to another report: download this report's file and fill that one."
)
LAYOUT_CHANGED = _(
    "The table must start on row %(row)s with the column “id” in column A; do not move rows or columns."
)
ACTIVITY_ID_INVALID = _("The hidden activity id is missing or changed.")
ROW_DUPLICATED = _("This activity appears twice in the file (also on row %(other)s).")
FORMULA_NOT_ALLOWED = _("Formulas are not accepted; type the value itself.")
PROGRESS_NOT_A_NUMBER = _(
    "“%(value)s” is not a number: write the %% progress as a whole number from 0 to 100."
)
PROGRESS_NOT_WHOLE = _("Write the %% progress as a whole number (%(value)s is not).")
CELL_ERROR = _("Row %(row)s, column %(column)s: %(message)s")
TOO_MANY_ROWS = _("The sheet has more than %(max)s rows; upload the report's own file.")
FILE_UNPACKS_TOO_LARGE = _(
    "The workbook unpacks to more than %(max)s MB; upload the report's own file."
)
# A report's workbook unpacks to well under 1 MB; an .xlsx is a zip, so a small upload may
# unpack to gigabytes (a zip bomb). The sizes the archive declares are checked before any
# sheet is parsed (zipfile never inflates a member beyond its declared size).
MAX_UNPACKED_MB = 50


def cell_error(row: int | None, column: str, error: ValidationError) -> ValidationError:
    message = " ".join(error.messages)
    if row is None:
        return ValidationError(error.message, code=error.code, params=error.params)
    return ValidationError(
        CELL_ERROR, code=error.code, params={"row": row, "column": column, "message": message}
    )


class ImportRejected(ValidationError):
    """Every problem of a file at once, each naming its row and column."""

    def __init__(self, errors: list[ValidationError]):
        super().__init__(errors)

    def cells(self) -> list[tuple[int | None, str | None, str]]:
        return [
            ((e.params or {}).get("row"), (e.params or {}).get("column"), e.code)
            for e in self.error_list
        ]


# --- Writing ------------------------------------------------------------------------------


def _status_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ProgressEntry.GoalStatus.choices}


def report_workbook(report: ProgressReport) -> bytes:
    """The report pre-filled, in the requesting user's language. `report` comes from
    monitoring.selectors.report_detail (rows with previous, planned, status_reading and evidence)."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    body = report.national_body
    ws["A1"] = gettext("MONITORING REPORT OF THE ANNUAL OPERATING PLAN")
    ws["A1"].font = Font(bold=True, size=13)
    header = [
        (gettext("Date"), (report.report_date or timezone.localdate()).isoformat()),
        (
            gettext("Country"),
            body.country.name if body else gettext("Regional Coalition (regional report)"),
        ),
        (
            gettext("Coalition, committee, commission and/or national council"),
            body.name if body else "—",
        ),
        (gettext("Reporting period"), str(report.period)),
    ]
    for i, (label, value) in enumerate(header, start=2):
        ws.cell(i, 2, label).font = Font(bold=True)
        ws.cell(i, 3, value)
    ws.cell(
        6,
        2,
        gettext(
            "Fill in the yellow columns. Goal status empty: the one the figures suggest. "
            "Do not move rows or columns; do not type formulas."
        ),
    )
    titles = {
        "activity": "id",
        "operational_objective": gettext("Operational objective"),
        "description": gettext("Activity"),
        "goal": gettext("Goal"),
        "indicator": gettext("Indicator"),
        "planned": gettext("Planned % (end of semester)"),
        "previous": gettext("Previous period (%)"),
        "progress": gettext("% progress"),
        "goal_status": gettext("Goal status"),
        "justification": gettext("Justification"),
        "status_override_reason": gettext("Reason for the goal status"),
        "decrease_reason": gettext("Reason for the decrease"),
        "links": gettext("New evidence links (one per line)"),
        "evidence": gettext("Evidence already attached"),
    }
    editable_fill = PatternFill("solid", fgColor="FFF6CC")
    for name, letter in COLUMNS.items():
        cell = ws[f"{letter}{HEADER_ROW}"]
        cell.value = titles[name]
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    labels = _status_labels()
    for offset, entry in enumerate(report.rows):
        n = FIRST_ROW + offset
        values = {
            "activity": entry.activity_id,
            "operational_objective": f"{entry.activity.operational_objective.code} {entry.activity.operational_objective.text}",
            "description": f"{entry.activity.code} {entry.activity.description}",
            "goal": entry.activity.goal,
            "indicator": entry.activity.indicator,
            "planned": entry.planned,
            "previous": entry.previous,
            "progress": entry.progress,
            "goal_status": labels[entry.status_reading.chosen]
            if entry.status_reading.chosen
            else None,
            "justification": entry.justification,
            "status_override_reason": entry.status_override_reason,
            "decrease_reason": entry.decrease_reason,
            "links": None,
            "evidence": "\n".join(e.url or e.file.name for e in entry.evidence.all()),
        }
        for name, letter in COLUMNS.items():
            value = values[name]
            if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                value = "'" + value  # never let a spreadsheet run stored text as a formula
            cell = ws[f"{letter}{n}"]
            cell.value = value if value != "" else None
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if name in EDITABLE:
                cell.fill = editable_fill
    last = FIRST_ROW + max(len(report.rows), 1) - 1
    choices = DataValidation(
        type="list", formula1='"' + ",".join(labels.values()) + '"', allow_blank=True
    )
    choices.add(f"{COLUMNS['goal_status']}{FIRST_ROW}:{COLUMNS['goal_status']}{last}")
    ws.add_data_validation(choices)
    ws.column_dimensions["A"].hidden = True
    for letter, width in zip(
        "BCDEFGHIJKLMN", (30, 40, 30, 30, 12, 12, 12, 16, 40, 30, 30, 35, 35), strict=True
    ):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"B{FIRST_ROW}"
    meta = wb.create_sheet(META_SHEET)
    meta["A1"], meta["B1"] = "report", report.pk
    meta["A2"], meta["B2"] = "version", report.version
    meta.sheet_state = "hidden"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- Reading ------------------------------------------------------------------------------


@dataclass
class ParsedWorkbook:
    version: int | None = None
    rows: list[RowInput] = field(default_factory=list)
    row_numbers: dict[int, int] = field(default_factory=dict)  # activity id → sheet row
    errors: list[ValidationError] = field(default_factory=list)


def _status_lookup() -> dict[str, str]:
    """A status may be written as its code or its label in either language."""
    lookup = {}
    for value, label in ProgressEntry.GoalStatus.choices:
        lookup[plain_text(value)] = value
        for language in ("es", "en"):
            with translation.override(language):
                lookup[plain_text(str(label))] = value
    return lookup


def _is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


def _text(value) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def _progress(cell) -> int | None:
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(
            PROGRESS_NOT_A_NUMBER, code="progress_not_a_number", params={"value": value}
        )
    if isinstance(value, int | float):
        number = float(value) * (100 if "%" in (cell.number_format or "") else 1)
    else:
        text = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValidationError(
                PROGRESS_NOT_A_NUMBER, code="progress_not_a_number", params={"value": value}
            ) from None
    if not math.isfinite(number):  # "inf", "NaN", "1e999": not a figure a person means
        raise ValidationError(
            PROGRESS_NOT_A_NUMBER, code="progress_not_a_number", params={"value": value}
        )
    if abs(number - round(number)) > 1e-9:
        raise ValidationError(
            PROGRESS_NOT_WHOLE, code="progress_not_whole", params={"value": value}
        )
    return int(round(number))


def read_report_workbook(upload, *, report: ProgressReport) -> ParsedWorkbook:
    """Read the rows of an uploaded workbook into RowInputs, collecting every problem of
    form (not of rules) with its row and column. A wrong file (not .xlsx, no "Informe"
    sheet, another report's file) stops at once: its rows mean nothing."""
    parsed = ParsedWorkbook()
    max_mb = settings.UPLOAD_MAX_MB
    if upload.size > max_mb * 1024 * 1024:
        raise ImportRejected(
            [ValidationError(FILE_TOO_LARGE, code="file_too_large", params={"max": max_mb})]
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        upload.seek(0)
        if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
            raise ImportRejected(
                [
                    ValidationError(
                        FILE_UNPACKS_TOO_LARGE,
                        code="file_unpacks_too_large",
                        params={"max": MAX_UNPACKED_MB},
                    )
                ]
            )
        wb = load_workbook(upload, data_only=False, read_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ImportRejected([ValidationError(FILE_UNREADABLE, code="file_unreadable")]) from None
    if SHEET not in wb.sheetnames:
        raise ImportRejected(
            [ValidationError(SHEET_MISSING, code="sheet_missing", params={"sheet": SHEET})]
        )
    meta = wb[META_SHEET] if META_SHEET in wb.sheetnames else None
    report_id = meta["B1"].value if meta is not None else None
    if str(report_id) != str(report.pk):
        raise ImportRejected(
            [ValidationError(FILE_OF_ANOTHER_REPORT, code="file_of_another_report")]
        )
    version = meta["B2"].value
    parsed.version = int(version) if isinstance(version, int | float) else -1
    ws = wb[SHEET]
    if _text(ws[f"A{HEADER_ROW}"].value).lower() != "id":
        raise ImportRejected(
            [ValidationError(LAYOUT_CHANGED, code="layout_changed", params={"row": HEADER_ROW})]
        )
    if ws.max_row - FIRST_ROW + 1 > MAX_ROWS:
        raise ImportRejected(
            [ValidationError(TOO_MANY_ROWS, code="too_many_rows", params={"max": MAX_ROWS})]
        )
    statuses = _status_lookup()
    seen: dict[int, int] = {}
    for n in range(FIRST_ROW, ws.max_row + 1):
        cells = {name: ws[f"{letter}{n}"] for name, letter in COLUMNS.items()}
        if all(cells[name].value in (None, "") for name in ("activity", *EDITABLE)):
            continue
        row_errors: list[ValidationError] = []

        def bad(name: str, error: ValidationError, n=n, row_errors=row_errors) -> None:
            row_errors.append(cell_error(n, COLUMNS[name], error))

        formulas = {name for name in ("activity", *EDITABLE) if _is_formula(cells[name])}
        for name in sorted(formulas, key=lambda f: COLUMNS[f]):
            bad(name, ValidationError(FORMULA_NOT_ALLOWED, code="formula_not_allowed"))
        if "activity" in formulas:
            parsed.errors += row_errors
            continue
        raw_id = cells["activity"].value
        try:
            activity_id = int(raw_id)
        except (TypeError, ValueError):
            bad("activity", ValidationError(ACTIVITY_ID_INVALID, code="activity_id_invalid"))
            parsed.errors += row_errors
            continue
        if activity_id in seen:
            bad(
                "activity",
                ValidationError(
                    ROW_DUPLICATED, code="row_duplicated", params={"other": seen[activity_id]}
                ),
            )
        seen.setdefault(activity_id, n)
        progress = None
        try:
            if "progress" not in formulas:
                progress = _progress(cells["progress"])
        except ValidationError as error:
            bad("progress", error)
        status_text = "" if "goal_status" in formulas else _text(cells["goal_status"].value)
        goal_status = statuses.get(plain_text(status_text), "") if status_text else ""
        if status_text and not goal_status:
            bad(
                "goal_status",
                ValidationError(
                    GOAL_STATUS_INVALID, code="goal_status_invalid", params={"value": status_text}
                ),
            )
        if row_errors:
            parsed.errors += row_errors
            continue
        parsed.rows.append(
            RowInput(
                activity_id=activity_id,
                progress=progress,
                goal_status=goal_status,
                justification=_text(cells["justification"].value),
                status_override_reason=_text(cells["status_override_reason"].value),
                decrease_reason=_text(cells["decrease_reason"].value),
                links=[link for link in re.split(r"\s+", _text(cells["links"].value)) if link],
            )
        )
        parsed.row_numbers[activity_id] = n
    return parsed


def cell_errors(
    rule_errors: dict[int, RowErrors], row_numbers: dict[int, int]
) -> list[ValidationError]:
    """The rule errors of validate_rows, named by sheet row and column."""
    result = []
    for activity_id, fields in rule_errors.items():
        n = row_numbers.get(activity_id)
        for name, errors in fields.items():
            for error in errors:
                result.append(cell_error(n, COLUMNS.get(name, "A"), error))
    result.sort(
        key=lambda e: ((e.params or {}).get("row") or 0, (e.params or {}).get("column") or "")
    )
    return result
