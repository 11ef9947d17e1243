"""The offline round trip (issue #4): a focal point downloads the pre-filled workbook, fills
it and uploads it back; every row goes through the same rules, errors name their row and
cell, and nothing is saved unless the whole file is valid."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from common.tabular import XLSX_TYPE
from common.testing import refused
from monitoring import excel, services
from monitoring.models import ProgressReport
from monitoring.selectors import report_detail
from monitoring.tests.factories import fill, open_period, report_of, submit
from plans.models import ActivityResponsible
from plans.tests.factories import ActivityFactory, ActivityResponsibleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(poa, coalition, st_user):
    """The small POA plus 1.1.3, an activity of Guatemala's body only."""
    op = poa.operational_objectives.get(code="1.1")
    gt_only = ActivityFactory(operational_objective=op, code="1.1.3", position=3)
    ActivityResponsibleFactory(
        activity=gt_only, kind=ActivityResponsible.Kind.NATIONAL_BODY, national_body=coalition["GT"]
    )
    op.activities.update(weight=None)  # three siblings: equal shares
    return open_period(st_user, poa)


def _download(client, report) -> BytesIO:
    response = client.get(reverse("monitoring:report-export", args=[report.pk]))
    assert response.status_code == 200
    return BytesIO(response.content)


def _rows(ws) -> dict[str, int]:
    """Sheet row of each activity code (column C starts with the code)."""
    return {
        str(ws[f"C{n}"].value).split()[0]: n
        for n in range(excel.FIRST_ROW, ws.max_row + 1)
        if ws[f"C{n}"].value
    }


def _downloaded(client, report, user):
    """The report's workbook as `user` downloads it, its sheet and each activity's row."""
    client.force_login(user)
    wb = load_workbook(_download(client, report))
    ws = wb[excel.SHEET]
    return wb, ws, _rows(ws)


def _upload(workbook, name: str = "informe.xlsx") -> SimpleUploadedFile:
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), XLSX_TYPE)


def _import(report, user, upload, reason: str = ""):
    report.refresh_from_db()
    return services.progress_report_import(
        user=user, report=report, upload=upload, change_reason=reason
    )


def _cells(exc) -> set[tuple]:
    return set(exc.value.cells())


def test_the_workbook_is_the_ix_form_prefilled(client, period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    fill(report, focal_point_hn, {"1.1.1": 30})
    wb, ws, rows = _downloaded(client, report, focal_point_hn)
    assert wb.sheetnames == [excel.SHEET, excel.META_SHEET]
    assert ws["C3"].value == coalition["HN"].country.name and ws["C4"].value == coalition["HN"].name
    assert ws.column_dimensions["A"].hidden
    assert set(rows) == {"1.1.1", "1.1.2"}  # not Guatemala's 1.1.3, not the regional 2.1.1
    assert ws[f"H{rows['1.1.1']}"].value == 30 and ws[f"F{rows['1.1.1']}"].value == 50
    assert ws[f"J{rows['1.1.1']}"].value == "Retraso por falta de fondos"
    assert wb[excel.META_SHEET]["B2"].value == 2  # the version after the save


def test_round_trip_export_edit_import(client, period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    wb, ws, rows = _downloaded(client, report, focal_point_hn)
    ws[f"H{rows['1.1.1']}"] = 60
    ws[f"H{rows['1.1.2']}"] = "40 %"
    ws[f"J{rows['1.1.2']}"] = "Falta de presupuesto"
    ws[f"M{rows['1.1.1']}"] = "https://example.org/acta.pdf"
    response = client.post(
        reverse("monitoring:report-import", args=[report.pk]), {"file": _upload(wb)}
    )
    assert response.status_code == 302
    entries = {e.activity.code: e for e in report.entries.select_related("activity")}
    assert entries["1.1.1"].progress == 60 and entries["1.1.1"].goal_status == "in_progress"
    assert (
        entries["1.1.2"].progress == 40 and entries["1.1.2"].justification == "Falta de presupuesto"
    )
    # 40 of 50 planned: 80 % compliance, short of plan (justified) but not delayed.
    assert entries["1.1.2"].goal_status == "in_progress"
    assert entries["1.1.1"].evidence.get().url == "https://example.org/acta.pdf"
    # The new file carries the new version and imports again unchanged.
    again = load_workbook(_download(client, report))
    _import(report, focal_point_hn, _upload(again))


def test_status_by_label_and_percent_formatted_cells(client, period, coalition, focal_point_hn):
    report = report_of(period, coalition["HN"])
    wb, ws, rows = _downloaded(client, report, focal_point_hn)
    ws[f"H{rows['1.1.1']}"] = 0.75
    ws[f"H{rows['1.1.1']}"].number_format = "0%"
    ws[f"H{rows['1.1.2']}"] = 55
    ws[f"I{rows['1.1.2']}"] = "Cancelled"
    ws[f"K{rows['1.1.2']}"] = "Acuerdo del Pleno"
    _import(report, focal_point_hn, _upload(wb))
    entries = dict(report.entries.values_list("activity__code", "progress"))
    assert entries["1.1.1"] == 75
    assert report.entries.get(activity__code="1.1.2").goal_status == "cancelled"


def test_a_broken_file_saves_nothing_and_names_each_bad_cell(
    client, period, coalition, focal_point_hn, focal_point_gt
):
    hn = report_of(period, coalition["HN"])
    gt_only = report_of(period, coalition["GT"]).entries.get(activity__code="1.1.3").activity_id
    wb, ws, rows = _downloaded(client, hn, focal_point_hn)
    r1, r2 = rows["1.1.1"], rows["1.1.2"]
    ws[f"H{r1}"] = "sesenta"  # text in a % cell
    ws[f"H{r2}"] = 30  # below the plan of 50, no justification
    ws[f"J{r2}"] = None
    extra = ws.max_row + 1  # a row for Guatemala's own activity
    ws[f"A{extra}"] = gt_only
    ws[f"C{extra}"] = "1.1.3 Actividad de Guatemala"
    ws[f"H{extra}"] = 80
    ws[f"K{r1}"] = '=HYPERLINK("http://x")'  # a formula
    with pytest.raises(excel.ImportRejected) as exc:
        _import(hn, focal_point_hn, _upload(wb))
    assert _cells(exc) == {
        (r1, "H", "progress_not_a_number"),
        (r2, "J", "justification_required"),
        (extra, "A", "row_not_in_report"),
        (r1, "K", "formula_not_allowed"),
    }
    first = next(e for e in exc.value.error_list if e.code == "progress_not_a_number")
    assert first.params["row"] == r1 and first.params["column"] == "H"
    assert "sesenta" in first.params["message"]
    assert not hn.entries.filter(progress__isnull=False).exists()
    hn.refresh_from_db()
    assert hn.version == 1
    # Through the page: the problems are listed and nothing is saved either.
    response = client.post(reverse("monitoring:report-import", args=[hn.pk]), {"file": _upload(wb)})
    assert response.status_code == 200 and len(response.context["problems"]) == 4
    assert not hn.entries.filter(progress__isnull=False).exists()


def test_a_workbook_without_the_report_sheet_is_refused(
    period, coalition, focal_point_hn, settings
):
    from openpyxl import Workbook

    hn = report_of(period, coalition["HN"])
    wb = Workbook()
    wb.active.title = "Hoja1"
    wb.active["H8"] = 50
    with pytest.raises(excel.ImportRejected) as exc:
        _import(hn, focal_point_hn, _upload(wb))
    assert [e.code for e in exc.value.error_list] == ["sheet_missing"]
    with pytest.raises(excel.ImportRejected) as exc:
        _import(hn, focal_point_hn, SimpleUploadedFile("informe.xlsx", b"not a zip file"))
    assert [e.code for e in exc.value.error_list] == ["file_unreadable"]
    settings.UPLOAD_MAX_MB = 0
    with pytest.raises(excel.ImportRejected) as exc:
        _import(hn, focal_point_hn, _upload(wb))
    assert [e.code for e in exc.value.error_list] == ["file_too_large"]


def test_another_reports_file_is_refused(client, period, coalition, focal_point_hn, focal_point_gt):
    gt = report_of(period, coalition["GT"])
    client.force_login(focal_point_gt)
    wb = load_workbook(_download(client, gt))
    with pytest.raises(excel.ImportRejected) as exc:
        _import(report_of(period, coalition["HN"]), focal_point_hn, _upload(wb))
    assert [e.code for e in exc.value.error_list] == ["file_of_another_report"]
    with pytest.raises(Exception) as exc:  # and Honduras may not upload into Guatemala's report
        _import(gt, focal_point_hn, _upload(wb))
    assert exc.type.__name__ == "PermissionDenied"


def test_a_file_older_than_the_last_save_is_refused(client, period, coalition, focal_point_hn):
    hn = report_of(period, coalition["HN"])
    old, ws, rows = _downloaded(client, hn, focal_point_hn)
    fill(hn, focal_point_hn, {"1.1.1": 70})
    ws[f"H{rows['1.1.1']}"] = 10
    with refused("stale_version"):
        _import(hn, focal_point_hn, _upload(old))
    assert hn.entries.get(activity__code="1.1.1").progress == 70


def test_import_after_submission_needs_a_reason_and_a_locked_report_refuses(
    client, period, coalition, st_user, focal_point_hn
):
    hn = report_of(period, coalition["HN"])
    fill(hn, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    submit(hn, focal_point_hn)
    wb, ws, rows = _downloaded(client, hn, focal_point_hn)
    ws[f"H{rows['1.1.1']}"] = 80
    with refused("change_reason_required"):
        _import(hn, focal_point_hn, _upload(wb))
    _import(hn, focal_point_hn, _upload(wb), reason="Dato del taller nacional")
    assert hn.entries.get(activity__code="1.1.1").history.first().history_change_reason == (
        "Dato del taller nacional"
    )
    hn.refresh_from_db()
    services.progress_report_approve(user=st_user, report=hn, expected_version=hn.version)
    with refused("report_approved"):
        _import(hn, focal_point_hn, _upload(wb), reason="otra")
    assert ProgressReport.objects.get(pk=hn.pk).status == "approved"


def test_report_workbook_builds_from_the_selector(period, coalition):
    content = excel.report_workbook(report_detail(pk=report_of(period, None).pk))
    ws = load_workbook(BytesIO(content))[excel.SHEET]
    assert set(_rows(ws)) == {"2.1.1"}
    assert ws["C4"].value == "—"  # regional report: the coalition instead of a country
