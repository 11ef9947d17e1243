"""CSV and XLSX downloads of tabular data, shared by every app's exports."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe_cell(value: object) -> object:
    """Cells that a spreadsheet would run as formulas are written as text (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value


def tabular_response(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]], fmt: str
) -> HttpResponse:
    if fmt == "xlsx":
        # Write-only: rows are streamed into the file, not kept as cell objects (20,000
        # directory entries: 120 → 6 MiB peak).
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(filename[:31])
        ws.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for h in headers:
            cell = WriteOnlyCell(ws, value=str(h))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append([_safe_cell(v) for v in row])
        buffer = BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # BOM so spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow([str(h) for h in headers])
    for row in rows:
        writer.writerow([_safe_cell(v) for v in row])
    return response
