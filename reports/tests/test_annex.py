"""The accountability report's annex workbook (issue 24): built with the PDF from the same
snapshot, downloaded by whoever downloads the PDF, read back with openpyxl as its reader
would; and the limit beyond which the PDF stops at the operational objectives and sends the
reader to the workbook."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from monitoring import selectors
from monitoring.models import ProgressReport
from monitoring.tests.factories import report_of
from reports import services as report_services
from reports.annex import activity_count, annex_workbook, prints_activities
from reports.models import ReportJob
from reports.render import render_snapshot
from reports.tasks import build_report
from reports.tests.scenario import flat, pdf_text
from reports.tests.test_reports import DELAY, job_snapshot, request_and_build, term  # noqa: F401

pytestmark = pytest.mark.django_db

RESULTS_HEADER = [
    "POA",
    "Fin del semestre",
    "Nivel",
    "Código",
    "Objetivo / actividad",
    "Peso (%)",
    "Programado (%)",
    "Cumplido (%)",
    "Arrastrado del semestre I",
    "Informes contabilizados",
    "Informes esperados",
    "Cumplimiento (%)",
    "Estado",
]


def workbook_of(data: bytes):
    return load_workbook(io.BytesIO(data), read_only=True)


def rows_of(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def built(term, st_user):  # noqa: F811
    job = request_and_build(st_user, first_year=2018)
    assert job.state == ReportJob.State.READY, job.error
    with job.annex.open("rb") as fh:
        data = fh.read()
    return job, data


def test_the_workbook_has_every_activity_figure_the_dashboard_shows(built, term, coalition):  # noqa: F811
    job, data = built
    assert job.annex_filename == "rendicion-de-cuentas-2018-2019-es-anexos.xlsx"
    assert "annex" in job.timings
    book = workbook_of(data)
    assert book.sheetnames == [
        "Resultados por actividad",
        "Matrices de los POA",
        "Actividades con retraso",
        "B 2018 I",
    ]

    results = rows_of(book["Resultados por actividad"])
    assert results[0] == RESULTS_HEADER
    official = selectors.poa_results(poa=term["poa"], period=term["period"])
    activities = [n for n in official.root.walk() if n.level == "activity"]
    by_code = {r[3]: r for r in results[1:] if r[2] == "Actividad"}
    # Every activity once (one semester opened), with the dashboard's figures.
    assert (
        len(by_code)
        == len(activities)
        == len(results[1:]) - sum(1 for r in results[1:] if r[2] != "Actividad")
    )
    for a in activities:
        row = by_code[a.code]
        assert row[0] == 2018 and row[1] == "I semestre"
        assert row[7] == pytest.approx(float(a.achieved), abs=0.05)
        assert row[6] == pytest.approx(float(a.planned), abs=0.05)
        assert (row[9], row[10]) == (a.reported, a.expected)
        if a.has_data:
            if a.compliance is None:  # nothing planned yet
                assert row[11] is None
            else:
                assert row[11] == pytest.approx(float(a.compliance), abs=0.05)
            with translation.override("es"):
                assert row[12] == str(selectors.ResultStatus.LABELS[a.status])
        else:
            assert (row[11], row[12]) == (None, "Sin datos aprobados")
    axes = [r for r in results[1:] if r[2] == "Eje"]
    assert [r[3] for r in axes] == [a.code for a in official.axes]

    poa_rows = rows_of(book["Matrices de los POA"])
    assert len(poa_rows) == 1 + len(activities)
    described = {r[4]: r for r in poa_rows[1:]}
    for a in activities:
        assert described[a.code][5] == a.obj.description

    # The delayed activities: Guatemala's justification, with its report at 20 %, as the
    # PDF's table gives it.
    delayed = rows_of(book["Actividades con retraso"])
    codes = [d["code"] for d in job_snapshot(job)["years"][0]["delayed"]]
    assert codes and {r[1] for r in delayed[1:]} == set(codes)
    guatemala = [r for r in delayed[1:] if r[5] == DELAY]
    assert guatemala and all(r[6] == 1 and r[7].endswith(" 20 %") for r in guatemala)

    # The country × activity matrix: Honduras at 80 everywhere it is concerned; El
    # Salvador's report is submitted, not approved: "·"; the regional report at 50.
    matrix = rows_of(book["B 2018 I"])
    header = matrix[0]
    hn = next(i for i, h in enumerate(header) if h and h.startswith("HN "))
    sv = next(i for i, h in enumerate(header) if h and h.startswith("SV "))
    assert header[-1] == "Regional"
    assert {r[hn] for r in matrix[1:]} <= {80, None} and 80 in {r[hn] for r in matrix[1:]}
    assert {r[sv] for r in matrix[1:]} <= {"·", None} and "·" in {r[sv] for r in matrix[1:]}
    assert 50 in {r[-1] for r in matrix[1:]}
    assert ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED).count() == 1


def test_the_real_poa_prints_its_activities_in_the_pdf(built, term):  # noqa: F811
    job, _data = built
    with job.file.open("rb") as fh:
        text = pdf_text(fh.read())
    snapshot = job_snapshot(job)
    year = snapshot["years"][0]
    assert prints_activities(year)
    codes = [
        a["code"] for g in year["poa_matrix"] for op in g["operational"] for a in op["activities"]
    ]
    assert len(codes) == activity_count(year)
    assert all(code in text for code in codes)
    assert "demasiadasparaimprimir" not in text and "anexos.xlsx" not in text


def test_beyond_the_limit_the_pdf_stops_at_the_operational_objectives(built, settings):
    job, _data = built
    snapshot = job_snapshot(job)
    year = snapshot["years"][0]
    n = activity_count(year)
    settings.REPORT_PDF_ACTIVITIES_MAX = n
    assert prints_activities(year)
    settings.REPORT_PDF_ACTIVITIES_MAX = n - 1
    assert not prints_activities(year)

    text = pdf_text(render_snapshot("accountability", snapshot, language="es").pdf)
    name = "rendicion-de-cuentas-2018-2019-es-anexos.xlsx"
    assert flat(f"Este POA tiene {n} actividades, demasiadas para imprimir") in text
    assert flat(f"Con {n} actividades esta matriz es demasiado grande para imprimirla") in text
    assert text.count(name) == 3
    # The delayed activities: their count and codes, their justifications in the workbook.
    delayed = [d["code"] for d in year["delayed"]]
    assert flat(f"{len(delayed)} actividades están por debajo del umbral de retraso") in text
    assert flat(", ".join(delayed)) in text
    assert flat(DELAY) not in text
    activity = year["poa_matrix"][0]["operational"][0]["activities"][0]
    operational = year["poa_matrix"][0]["operational"][0]
    assert flat(operational["text"]) in text
    assert flat(activity["description"]) not in text

    english = pdf_text(render_snapshot("accountability", snapshot, language="en").pdf)
    assert flat(f"This POA has {n} activities, too many to print") in english
    assert "rendicion-de-cuentas-2018-2019-en-anexos.xlsx" in english


def test_the_workbook_in_english_and_without_any_period(coalition, st_user):
    job = request_and_build(st_user, first_year=2030)  # no POA in either year
    assert job.annex_filename.endswith("-es-anexos.xlsx")
    snapshot = job_snapshot(job)
    book = workbook_of(annex_workbook(snapshot, language="en"))
    assert book.sheetnames == ["Results by activity", "POA matrices", "Delayed activities"]
    assert rows_of(book["Results by activity"])[0][:4] == [
        "POA",
        "End of semester",
        "Level",
        "Code",
    ]
    assert len(rows_of(book["Results by activity"])) == 1  # the header: nothing to report
    assert len(rows_of(book["POA matrices"])) == 1


def test_a_year_without_an_opened_period_lists_the_plan_not_started(term, st_user):  # noqa: F811
    job = request_and_build(st_user, first_year=2018)
    snapshot = job_snapshot(job)
    year = snapshot["years"][0]
    year["semesters"] = []
    for node in _walk(year["axes"]):
        node["semesters"] = []
        node["started"] = False
        node["status"] = "not_started"
    rows = rows_of(workbook_of(annex_workbook(snapshot, language="es"))["Resultados por actividad"])
    assert {(r[1], r[12]) for r in rows[1:]} == {(None, "No iniciado")}


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def test_formula_like_texts_are_written_as_text(built):
    _job, data = built
    snapshot = job_snapshot(_job)
    snapshot["years"][0]["poa_matrix"][0]["operational"][0]["activities"][0]["goal"] = "=1+1"
    book = workbook_of(annex_workbook(snapshot, language="es"))
    assert rows_of(book["Matrices de los POA"])[1][6] == "'=1+1"


def test_st_downloads_the_workbook_from_the_report_page(client, built, st_user):
    job, data = built
    client.force_login(st_user)
    page = client.get(reverse("reports:job-detail", args=[job.pk])).content.decode()
    url = reverse("reports:job-annex", args=[job.pk])
    assert url in page and job.annex_filename in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert job.annex_filename in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == data


def test_a_report_without_a_workbook_offers_none(client, term, coalition, st_user):  # noqa: F811
    report = report_of(term["period"], coalition["HN"])
    job, _ = report_services.report_job_request_progress_report(user=st_user, report=report)
    build_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.is_ready and not job.annex and not job.has_annex
    client.force_login(st_user)
    page = client.get(reverse("reports:job-detail", args=[job.pk])).content.decode()
    assert reverse("reports:job-annex", args=[job.pk]) not in page
    assert client.get(reverse("reports:job-annex", args=[job.pk])).status_code == 404


def test_a_workbook_gone_from_the_storage_is_a_404(client, built, st_user):
    job, _data = built
    job.annex.storage.delete(job.annex.name)
    client.force_login(st_user)
    assert client.get(reverse("reports:job-annex", args=[job.pk])).status_code == 404


def test_a_figure_without_approved_data_says_so(built):
    job, _data = built
    snapshot = job_snapshot(job)
    activity = next(n for n in _walk(snapshot["years"][0]["axes"]) if n["level"] == "activity")
    for f in activity["semesters"]:
        f.update(has_data=False, compliance=None)
    rows = rows_of(workbook_of(annex_workbook(snapshot, language="es"))["Resultados por actividad"])
    (row,) = [r for r in rows[1:] if r[2] == "Actividad" and r[3] == activity["code"]]
    assert (row[11], row[12]) == (None, "Sin datos aprobados")
    assert all(r[12] != "Sin datos aprobados" for r in rows[1:] if r is not row)
