"""The Excel template of a return (issue 20): generated per country and year, filled and
uploaded back; all or nothing, errors named by sheet, row and cell; another country's or
period's file refused; another country's focal point refused."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from common.testing import refused
from members.models import Country
from stats import excel, services
from stats.cells import TOTAL
from stats.loaders import load_cube
from stats.models import Figure
from stats.selectors.returns import cube_layout, return_figures
from stats.tests.factories import StatisticsReturnFactory, complete_figures

V = "victims_identified"


@pytest.fixture(autouse=True)
def cube(db):
    load_cube()


@pytest.fixture
def hn_return(focal_point_hn):
    return StatisticsReturnFactory(country=Country.objects.get(iso_code="HN"))


def _rows(ws) -> dict[str, int]:
    return {
        str(ws[f"A{n}"].value): n
        for n in range(excel.FIRST_ROW, ws.max_row + 1)
        if ws[f"A{n}"].value
    }


def _filled(statistics_return, figures) -> BytesIO:
    wb = load_workbook(BytesIO(excel.return_workbook(statistics_return)))
    for measure in cube_layout().measures:
        ws = wb[measure]
        rows = _rows(ws)
        blanks = [
            n
            for n in range(excel.FIRST_ROW, ws.max_row + 1)
            if ws[f"A{n}"].value == "citizenship=?"
        ]
        for (m, cell), value in figures.items():
            if m != measure:
                continue
            if (cell or "total") in rows:
                ws[f"D{rows[cell or 'total']}"] = value
            else:  # a country not entered yet: in a blank row, by its ISO code
                n = blanks.pop(0)
                ws[f"C{n}"], ws[f"D{n}"] = cell.split("=")[1], value
    return _save(wb)


def _save(wb) -> SimpleUploadedFile:
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("t.xlsx", buffer.getvalue())


def _import(user, r, upload):
    r.refresh_from_db()
    return services.return_import(user=user, statistics_return=r, upload=upload)


def test_the_template_has_a_sheet_per_measure_and_names_its_return(hn_return):
    wb = load_workbook(BytesIO(excel.return_workbook(hn_return)))
    assert wb.sheetnames[:-1] == list(cube_layout().measures)
    meta = wb[excel.META_SHEET]
    assert meta.sheet_state == "hidden"
    assert [meta[f"B{i}"].value for i in (1, 2, 5)] == ["HN", 2024, hn_return.version]
    ws = wb[V]
    assert ws.column_dimensions["A"].hidden
    rows = _rows(ws)
    assert {"total", "sex=female", "age=0-17;sex=female", "citizenship=unknown"} <= set(rows)
    assert ws[f"C{rows['sex=female']}"].value == "Mujeres"


def test_a_filled_template_is_imported_with_history(focal_point_hn, hn_return):
    figures = complete_figures(cube_layout())
    wb = load_workbook(_filled(hn_return, figures))
    ws = wb[V]
    blank = next(
        n
        for n in range(excel.FIRST_ROW, ws.max_row + 1)
        if ws[f"A{n}"].value == "citizenship=?" and ws[f"C{n}"].value is None
    )
    ws[f"C{blank}"], ws[f"D{blank}"] = "Venezuela", 0
    _import(focal_point_hn, hn_return, _save(wb))
    saved = return_figures(hn_return)
    assert saved == {**figures, (V, "citizenship=VE"): 0}
    assert Figure.history.filter(history_user=focal_point_hn).count() == len(saved)
    # and the template of the saved return carries them back
    again = load_workbook(BytesIO(excel.return_workbook(hn_return)))
    assert again[V][f"D{_rows(again[V])['citizenship=VE']}"].value == 0


def test_a_broken_file_saves_nothing_and_names_sheet_row_and_cell(focal_point_hn, hn_return):
    services.figures_save(
        user=focal_point_hn,
        statistics_return=hn_return,
        figures={(V, TOTAL): 7},
        expected_version=1,
    )
    hn_return.refresh_from_db()
    wb = load_workbook(_filled(hn_return, {(V, TOTAL): 8, (V, "sex=male"): 3}))
    ws = wb[V]
    rows = _rows(ws)
    ws[f"D{rows['sex=female']}"] = -2
    ws[f"D{rows['sex=unknown']}"] = 1.5
    ws[f"D{rows['age=0-17']}"] = "many"
    ws[f"D{rows['age=18+']}"] = "=1+1"
    blank = rows["citizenship=?"]
    ws[f"C{blank}"], ws[f"D{blank}"] = "Atlantis", 3
    with pytest.raises(excel.ImportRejected) as exc:
        _import(focal_point_hn, hn_return, _save(wb))
    assert sorted(exc.value.cells()) == sorted(
        [
            (V, f"D{rows['sex=female']}", "negative"),
            (V, f"D{rows['sex=unknown']}", "not_whole"),
            (V, f"D{rows['age=0-17']}", "not_a_number"),
            (V, f"D{rows['age=18+']}", "formula_not_allowed"),
            (V, f"C{blank}", "country_unknown"),
        ]
    )
    message = exc.value.messages[0]
    # Named for the reader in either language: the sheet, and the cell with its row.
    assert V in message and f"D{rows['sex=female']}" in message
    assert return_figures(hn_return) == {(V, TOTAL): 7}


def test_a_file_of_another_country_is_refused(focal_point_hn, hn_return):
    gt = StatisticsReturnFactory(country=Country.objects.get(iso_code="GT"))
    with refused("file_of_another_country"):
        _import(focal_point_hn, hn_return, _filled(gt, {(V, TOTAL): 1}))
    assert not Figure.objects.exists()


def test_a_file_of_another_year_is_refused(focal_point_hn, hn_return):
    other = StatisticsReturnFactory(country=hn_return.country, year=2023)
    with refused("file_of_another_period"):
        _import(focal_point_hn, hn_return, _filled(other, {(V, TOTAL): 1}))


def test_a_focal_point_cannot_import_into_another_countrys_return(focal_point_gt, hn_return):
    with refused("not_your_country"):
        _import(focal_point_gt, hn_return, _filled(hn_return, {(V, TOTAL): 1}))
    assert not Figure.objects.exists()


def test_a_file_made_before_another_save_is_stale(focal_point_hn, hn_return):
    upload = _filled(hn_return, {(V, TOTAL): 1})
    services.figures_save(
        user=focal_point_hn,
        statistics_return=hn_return,
        figures={(V, TOTAL): 2},
        expected_version=1,
    )
    with refused("stale_version"):
        _import(focal_point_hn, hn_return, upload)
    assert return_figures(hn_return) == {(V, TOTAL): 2}


def test_not_a_workbook_is_refused(focal_point_hn, hn_return):
    with refused("file_unreadable"):
        _import(focal_point_hn, hn_return, SimpleUploadedFile("t.xlsx", b"not a zip"))


def test_a_deleted_sheet_is_named(focal_point_hn, hn_return):
    wb = load_workbook(_filled(hn_return, {}))
    del wb["convictions"]
    with pytest.raises(excel.ImportRejected) as exc:
        _import(focal_point_hn, hn_return, _save(wb))
    assert [e.code for e in exc.value.error_list] == ["sheet_missing"]


def test_the_upload_page_lists_the_problems(client, focal_point_hn, hn_return):
    wb = load_workbook(_filled(hn_return, {(V, TOTAL): -1}))
    client.force_login(focal_point_hn)
    url = reverse("stats:return-import", args=[hn_return.pk])
    response = client.post(url, {"file": _save(wb)})
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode() or response.content.count(b"<li>") >= 1
    assert f"D{excel.FIRST_ROW}".encode() in response.content
    ok = client.post(url, {"file": _filled(hn_return, {(V, TOTAL): 4})})
    assert ok.status_code == 302
    assert return_figures(hn_return) == {(V, TOTAL): 4}


def test_the_template_downloads(client, focal_point_hn, hn_return):
    client.force_login(focal_point_hn)
    response = client.get(reverse("stats:return-template", args=[hn_return.pk]))
    assert response.status_code == 200
    assert "estadisticas-HN-2024.xlsx" in response["Content-Disposition"]
    load_workbook(BytesIO(response.content))
