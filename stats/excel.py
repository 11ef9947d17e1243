"""A statistics return as an Excel template (issue 20): generated per country and year (or
semester), filled offline by the country's focal point and uploaded back.

The file is a contract: one sheet per measure (named by its code), its title and the
country and period on rows 1–2, the table header on row 4 and one row per cell from row 5 —
column A (hidden) the cell's code, B the breakdown, C the category, D the count. A breakdown
by country has blank rows whose code ends in "=?": the country's ISO code (or English name)
goes in column C. A hidden sheet "_meta" carries the country, year, semester and the version
the file was made from (the optimistic-concurrency token).

Reading is all or nothing: a file of another country or period is refused at once; every
other problem is collected and named by sheet, row and cell, and nothing is saved unless the
whole file is right (stats.services.return_import). Formulas are never evaluated or stored.
The rules of a value are the services' (check_figure)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from common.validators import FILE_TOO_LARGE
from stats.cells import TOTAL, cell_code, parse_cell
from stats.models import StatisticsReturn
from stats.selectors.returns import (
    TOTAL_KEY,
    cube_layout,
    figure_key,
    figure_tables,
    return_figures,
)

META_SHEET = "_meta"
HEADER_ROW = 4
FIRST_ROW = 5
CODE, BREAKDOWN, CATEGORY, VALUE = "A", "B", "C", "D"
BLANK_COUNTRY_ROWS = 30  # rows to add countries of citizenship in a breakdown by country
NEW_COUNTRY = "?"  # the value part of a blank country row's code ("citizenship=?")
MAX_ROWS = 2000
MAX_UNPACKED_MB = 20

FILE_UNREADABLE = _("The file is not an Excel workbook (.xlsx) that can be read.")
FILE_UNPACKS_TOO_LARGE = _("The workbook unpacks to more than %(max)s MB; upload the template.")
NOT_A_TEMPLATE = _("This workbook is not a statistics template: download this return's template.")
FILE_OF_ANOTHER_COUNTRY = _(
    "This file is %(file)s's template, not %(country)s's: download this return's template."
)
FILE_OF_ANOTHER_PERIOD = _(
    "This file is the template of %(file)s, not of %(period)s: download this return's template."
)
SHEET_MISSING = _("The sheet “%(sheet)s” is missing: do not delete or rename sheets.")
TOO_MANY_ROWS = _("The sheet “%(sheet)s” has more than %(max)s rows.")
CODE_CHANGED = _("The hidden code of this row is missing or changed (%(value)s).")
ROW_DUPLICATED = _("This cell appears twice (also on row %(other)s).")
FORMULA_NOT_ALLOWED = _("Formulas are not accepted; type the count itself.")
NOT_A_NUMBER = _("“%(value)s” is not a number: write a whole count, 0 if there were none.")
COUNTRY_UNKNOWN = _("“%(value)s” is not a country: write its ISO code (HN, GT…).")
COUNTRY_MISSING = _("Write the country of this count in column C.")
LOCATED = _("Sheet “%(sheet)s”, row %(row)s, cell %(cell)s: %(message)s")


def located_error(sheet: str, row: int, column: str, error: ValidationError) -> ValidationError:
    """`error` named by where it is in the file; its code and params are kept."""
    params = {**(error.params or {})}
    message = error.message % params if error.params else error.message
    return ValidationError(
        LOCATED,
        code=error.code,
        params={
            **params,
            "sheet": sheet,
            "row": row,
            "cell": f"{column}{row}",
            "message": message,
        },
    )


class ImportRejected(ValidationError):
    """Every problem of a file at once, each naming its sheet, row and cell."""

    def __init__(self, errors: list[ValidationError]):
        super().__init__(errors)

    def cells(self) -> list[tuple[str | None, str | None, str | None]]:
        return [
            ((e.params or {}).get("sheet"), (e.params or {}).get("cell"), e.code)
            for e in self.error_list
        ]


def _period(statistics_return: StatisticsReturn) -> str:
    if statistics_return.semester is None:
        return str(statistics_return.year)
    return f"{statistics_return.year}-S{statistics_return.semester}"


def filename(statistics_return: StatisticsReturn) -> str:
    return f"estadisticas-{statistics_return.country.iso_code}-{_period(statistics_return)}.xlsx"


def _sheet_name(measure: str) -> str:
    return measure[:31]


# --- Writing ------------------------------------------------------------------------------


def return_workbook(statistics_return: StatisticsReturn) -> bytes:
    """The template of `statistics_return`, pre-filled with the figures saved so far, in the
    requesting user's language."""
    layout = cube_layout()
    tables = figure_tables(layout, return_figures(statistics_return))
    wb = Workbook()
    wb.remove(wb.active)
    fill = PatternFill("solid", fgColor="FFF6CC")
    heading = f"{statistics_return.country.name} · {_period(statistics_return)}"
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.measure.code))
        ws["A1"] = table.measure.name
        ws["A1"].font = Font(bold=True, size=13)
        ws["B2"] = heading
        ws["B3"] = gettext(
            "Fill in column D with whole counts (0 if none); what is not known goes in "
            "“unknown”. Do not move rows, rename sheets or type formulas."
        )
        for letter, title in (
            (CODE, "code"),
            (BREAKDOWN, gettext("Breakdown")),
            (CATEGORY, gettext("Category")),
            (VALUE, gettext("Count")),
        ):
            ws[f"{letter}{HEADER_ROW}"] = title
            ws[f"{letter}{HEADER_ROW}"].font = Font(bold=True)
        rows = [(table.total, gettext("Total"))]
        for breakdown in table.breakdowns:
            rows += [(cell, breakdown.title) for cell in breakdown.cells]
        n = FIRST_ROW
        for cell, title in rows:
            ws[f"{CODE}{n}"] = cell.cell or TOTAL_KEY
            ws[f"{BREAKDOWN}{n}"] = title
            ws[f"{CATEGORY}{n}"] = ("    " if cell.level else "") + (
                cell.label if cell.cell else ""
            )
            ws[f"{VALUE}{n}"] = cell.value
            ws[f"{VALUE}{n}"].fill = fill
            n += 1
        for breakdown in table.breakdowns:
            if not breakdown.country_dimension:
                continue
            for _i in range(BLANK_COUNTRY_ROWS):
                ws[f"{CODE}{n}"] = f"{breakdown.country_dimension}={NEW_COUNTRY}"
                ws[f"{BREAKDOWN}{n}"] = breakdown.title
                ws[f"{CATEGORY}{n}"].fill = fill
                ws[f"{VALUE}{n}"].fill = fill
                n += 1
        ws.column_dimensions[CODE].hidden = True
        ws.column_dimensions[BREAKDOWN].width = 32
        ws.column_dimensions[CATEGORY].width = 40
        ws.column_dimensions[VALUE].width = 12
        ws.freeze_panes = f"B{FIRST_ROW}"
    meta = wb.create_sheet(META_SHEET)
    for i, (name, value) in enumerate(
        (
            ("country", statistics_return.country.iso_code),
            ("year", statistics_return.year),
            ("semester", statistics_return.semester or ""),
            ("return", statistics_return.pk),
            ("version", statistics_return.version),
        ),
        start=1,
    ):
        meta[f"A{i}"], meta[f"B{i}"] = name, value
    meta.sheet_state = "hidden"
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- Reading ------------------------------------------------------------------------------


@dataclass
class ParsedWorkbook:
    version: int | None = None
    figures: dict[tuple[str, str], int | float | None] = field(default_factory=dict)
    where: dict[str, tuple[str, int]] = field(default_factory=dict)  # figure key → sheet, row
    errors: list[ValidationError] = field(default_factory=list)

    def located(self, error_dict: dict[str, list[ValidationError]]) -> list[ValidationError]:
        """The services' errors (keyed by figure key) named by sheet, row and cell."""
        result = []
        for key, errors in error_dict.items():
            sheet, row = self.where.get(key, ("?", 0))
            result += [located_error(sheet, row, VALUE, e) for e in errors]
        return result


def _refuse(message, code: str, **params) -> ValidationError:
    """A wrong file: one refusal, nothing of it read further."""
    return ValidationError(message, code=code, params=params)


def _open(upload):
    max_mb = settings.UPLOAD_MAX_MB
    if upload.size > max_mb * 1024 * 1024:
        raise _refuse(FILE_TOO_LARGE, "file_too_large", max=max_mb)
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        upload.seek(0)
        if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
            raise _refuse(FILE_UNPACKS_TOO_LARGE, "file_unpacks_too_large", max=MAX_UNPACKED_MB)
        return load_workbook(upload, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _refuse(FILE_UNREADABLE, "file_unreadable") from None


def _check_meta(wb, statistics_return: StatisticsReturn) -> int:
    """The file's country and period must be the return's; gives the file's version."""
    if META_SHEET not in wb.sheetnames:
        raise _refuse(NOT_A_TEMPLATE, "not_a_template")
    meta = {str(wb[META_SHEET][f"A{i}"].value): wb[META_SHEET][f"B{i}"].value for i in range(1, 6)}
    country = statistics_return.country
    if str(meta.get("country") or "") != country.iso_code:
        raise _refuse(
            FILE_OF_ANOTHER_COUNTRY,
            "file_of_another_country",
            file=meta.get("country") or "?",
            country=country.iso_code,
        )
    semester = meta.get("semester") or None
    if str(meta.get("year")) != str(statistics_return.year) or (
        str(semester) if semester is not None else None
    ) != (str(statistics_return.semester) if statistics_return.semester else None):
        period = f"{meta.get('year')}" + (f"-S{semester}" if semester else "")
        raise _refuse(
            FILE_OF_ANOTHER_PERIOD,
            "file_of_another_period",
            file=period,
            period=_period(statistics_return),
        )
    version = meta.get("version")
    return (
        int(version) if isinstance(version, int | float) and not isinstance(version, bool) else -1
    )


def _number(cell):
    """The count as typed: an int or a float (whole or not: the services judge), None when
    empty; text is read as a number if it is one."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValidationError(NOT_A_NUMBER, code="not_a_number", params={"value": value})
    if isinstance(value, int | float):
        return value
    text = str(value).strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValidationError(NOT_A_NUMBER, code="not_a_number", params={"value": value}) from None
    return int(number) if number.is_integer() else number


def _is_formula(cell) -> bool:
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


def _country(text: str) -> str:
    text = text.strip()
    code = countries.alpha2(text) if len(text) == 2 else ""
    return code or str(countries.by_name(text) or "")


def read_workbook(upload, *, statistics_return: StatisticsReturn) -> ParsedWorkbook:
    """The figures of an uploaded template, with every problem of form named by sheet, row
    and cell. A wrong file (not .xlsx, not a template, another country's or period's) stops at
    once: its figures mean nothing."""
    from stats.services.returns import check_figure

    wb = _open(upload)
    parsed = ParsedWorkbook(version=_check_meta(wb, statistics_return))
    layout = cube_layout()
    for measure in layout.measures:
        sheet = _sheet_name(measure)
        if sheet not in wb.sheetnames:
            parsed.errors.append(
                ValidationError(SHEET_MISSING, code="sheet_missing", params={"sheet": sheet})
            )
            continue
        ws = wb[sheet]
        if ws.max_row - FIRST_ROW + 1 > MAX_ROWS:
            parsed.errors.append(
                ValidationError(
                    TOO_MANY_ROWS, code="too_many_rows", params={"sheet": sheet, "max": MAX_ROWS}
                )
            )
            continue
        seen: dict[str, int] = {}
        for n in range(FIRST_ROW, ws.max_row + 1):
            code_cell, category, value_cell = (
                ws[f"{CODE}{n}"],
                ws[f"{CATEGORY}{n}"],
                ws[f"{VALUE}{n}"],
            )

            def bad(column: str, error: ValidationError, n=n, sheet=sheet) -> None:
                parsed.errors.append(located_error(sheet, n, column, error))

            raw = str(code_cell.value or "").strip()
            if not raw and value_cell.value in (None, ""):
                continue
            if _is_formula(value_cell):
                bad(VALUE, ValidationError(FORMULA_NOT_ALLOWED, code="formula_not_allowed"))
                continue
            try:
                value = _number(value_cell)
            except ValidationError as error:
                bad(VALUE, error)
                continue
            try:
                cell = TOTAL if raw == TOTAL_KEY else raw
                parts = parse_cell(cell)
            except ValueError:
                bad(CODE, ValidationError(CODE_CHANGED, code="code_changed", params={"value": raw}))
                continue
            if len(parts) == 1 and next(iter(parts.values())) == NEW_COUNTRY:
                (dimension,) = parts
                text = str(category.value or "").strip()
                if not text:
                    if value is not None:
                        bad(CATEGORY, ValidationError(COUNTRY_MISSING, code="country_missing"))
                    continue
                code = _country(text)
                if not code:
                    bad(
                        CATEGORY,
                        ValidationError(
                            COUNTRY_UNKNOWN, code="country_unknown", params={"value": text}
                        ),
                    )
                    continue
                cell = cell_code({dimension: code})
            if not raw:
                bad(CODE, ValidationError(CODE_CHANGED, code="code_changed", params={"value": ""}))
                continue
            key = figure_key(measure, cell)
            if key in seen:
                bad(
                    VALUE,
                    ValidationError(
                        ROW_DUPLICATED, code="row_duplicated", params={"other": seen[key]}
                    ),
                )
                continue
            seen[key] = n
            _, refusal = check_figure(layout, measure, cell, value)
            if refusal is not None:
                bad(CODE if refusal.code == "unknown_cell" else VALUE, refusal)
                continue
            parsed.figures[measure, cell] = value
            parsed.where[key] = (sheet, n)
    return parsed
