"""Journey 1 (a semester report from the period's opening to the dashboard's new figure) and
journey 4 (the Excel round trip with one bad cell), each in a real browser from login on."""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from members.loaders import load_coalition
from members.models import NationalBody, User
from members.tests.factories import UserFactory
from monitoring import selectors
from monitoring.models import ProgressReport
from plans.loaders import load_plan
from plans.models import POA

pytestmark = pytest.mark.django_db(transaction=True)

# The smallest valid PDF header is enough for the upload check (magic bytes).
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(transactional_db) -> dict[str, User]:
    load_coalition()
    load_plan()
    hn = NationalBody.objects.get(country__iso_code="HN")
    return {
        "st": UserFactory(username="st", role=User.Role.SECRETARIAT),
        "fp": UserFactory(username="fp-hn", role=User.Role.FOCAL_POINT, national_body=hn),
    }


def figure(text: str) -> Decimal:
    """85,3 % (es) or 85.3 % (en) → Decimal("85.3")."""
    return Decimal(re.sub(r"[^\d,.]", "", text).replace(",", "."))


def as_user(page, login, username: str) -> None:
    page.context.clear_cookies()
    login(username)


def row(page, code: str):
    """The fieldset of one activity in the §IX form."""
    strong = page.locator("legend strong", has_text=re.compile(rf"^{re.escape(code)}$"))
    return page.locator("fieldset.card").filter(has=strong)


def open_period(page, live_server) -> None:
    page.goto(f"{live_server.url}/monitoring/periods/")
    page.select_option("#id_poa", label=str(POA.objects.get(year=2018)))
    page.select_option("#id_semester", "1")
    today = dt.date.today()
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_due_on", (today + dt.timedelta(days=30)).isoformat())
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def hn_report() -> ProgressReport:
    return ProgressReport.objects.get(
        period__poa__year=2018, period__semester=1, national_body__country__iso_code="HN"
    )


def review(page, live_server, report: ProgressReport, decision: str, comment: str = "") -> None:
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/")
    page.check(f"input[name=decision][value={decision}]")
    if comment:
        page.fill("textarea[name=comment]", comment)
    page.locator("form[action$='/review/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_journey1_focal_point_reports_st_returns_then_approves(
    page, live_server, login, people, shot
):
    started = time.monotonic()
    as_user(page, login, "st")
    open_period(page, live_server)
    report = hn_report()
    assert report.status == "draft"
    shot("journey1-01-period-opened")

    # Honduras' focal point finds the report from the home page and fills it.
    as_user(page, login, "fp-hn")
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/edit/")
    values = {"2.1.3.2": "60", "2.1.3.3": "50", "2.2.1.1": "50", "3.2.1.1": "50", "4.1.1.2": "30"}
    for code, value in values.items():
        row(page, code).locator("input[name$='-progress']").fill(value)
    row(page, "2.1.3.2").locator("textarea[name$='-justification']").fill(
        "El diagnóstico está en revisión."
    )
    page.locator("button[name=save]").click()
    page.wait_for_load_state("networkidle")
    # 4.1.1.2 is below the plan (50 %) without a justification: the message is at its field.
    justification = row(page, "4.1.1.2").locator("textarea[name$='-justification']")
    assert justification.get_attribute("aria-invalid") == "true"
    error_id = justification.get_attribute("aria-describedby")
    assert page.locator(f"#{error_id}").is_visible()
    assert "50" in page.locator(f"#{error_id}").inner_text()
    shot("journey1-02-justification-missing")
    row(page, "4.1.1.2").locator("input[name$='-progress']").fill("30")
    justification.fill("Se reprogramó la capacitación al segundo semestre.")
    page.locator("button[name=save]").click()
    page.wait_for_load_state("networkidle")
    assert hn_report().entries.filter(progress__isnull=False).count() == 5

    # Evidence for the document goal 2.1.3.1, then it can be marked 100 %.
    row(page, "2.1.3.1").get_by_role("link").last.click()
    page.set_input_files(
        "#id_file", {"name": "diagnostico.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.fill("#id_description", "Diagnóstico nacional")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert hn_report().entries.get(activity__code="2.1.3.1").evidence.count() == 1
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/edit/")
    row(page, "2.1.3.1").locator("input[name$='-progress']").fill("100")
    page.locator("button[name=submit]").click()
    page.wait_for_load_state("networkidle")
    assert hn_report().status == "submitted"
    shot("journey1-03-submitted")

    # ST returns it with a comment.
    as_user(page, login, "st")
    page.goto(f"{live_server.url}/monitoring/inbox/")
    assert page.locator(f"a[href='/monitoring/reports/{report.pk}/']").first.is_visible()
    review(page, live_server, report, "return", "3.2.1.1: el acta muestra 60 %.")
    assert hn_report().status == "returned"
    shot("journey1-04-returned")

    # The focal point reads the comment, corrects and resubmits.
    as_user(page, login, "fp-hn")
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/")
    assert page.get_by_text("3.2.1.1: el acta muestra 60 %.").first.is_visible()
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/edit/")
    row(page, "3.2.1.1").locator("input[name$='-progress']").fill("60")
    change_reason = page.locator("main form [name=change_reason]")
    if change_reason.count():
        change_reason.fill("Corrección pedida por la ST")
    page.locator("button[name=submit]").click()
    page.wait_for_load_state("networkidle")
    assert hn_report().status == "submitted"

    # ST approves; the dashboard shows the new weighted figure.
    as_user(page, login, "st")
    page.goto(f"{live_server.url}/monitoring/")
    before = page.locator("#headline-title ~ .row .fs-3").first.inner_text()
    review(page, live_server, report, "approve")
    assert hn_report().status == "approved"
    page.goto(f"{live_server.url}/monitoring/")
    after = page.locator("#headline-title ~ .row .fs-3").first.inner_text()
    board = selectors.poa_dashboard(
        poa=POA.objects.get(year=2018), semester=1, include_pending=False, body=None
    )
    expected = round(Decimal(board.official.root.achieved), 1)
    assert figure(after) == expected
    assert figure(before) < expected
    shot("journey1-05-dashboard")
    print(f"journey 1: {time.monotonic() - started:.1f} s")


def test_journey4_focal_point_round_trips_the_report_through_excel(
    page, live_server, login, people, shot, tmp_path
):
    from monitoring import services

    started = time.monotonic()
    today = dt.date.today()
    services.reporting_period_open(
        user=people["st"],
        poa=POA.objects.get(year=2018),
        semester=1,
        opens_on=today,
        due_on=today + dt.timedelta(days=30),
    )
    report = hn_report()
    as_user(page, login, "fp-hn")
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/edit/")
    with page.expect_download() as download:
        page.locator(f"a[href='/monitoring/reports/{report.pk}/export/']").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")
    downloaded = tmp_path / download.value.suggested_filename
    download.value.save_as(downloaded)
    workbook = load_workbook(downloaded)
    sheet = workbook.worksheets[0]
    codes = {e.activity_id: e.activity.code for e in report.entries.select_related("activity")}
    rows = {
        codes[cell.value]: cell.row
        for cell in sheet["A"][7:]
        if isinstance(cell.value, int) and cell.value in codes
    }
    assert len(rows) == len(codes)
    sheet[f"H{rows['2.1.3.3']}"] = 50
    sheet[f"H{rows['4.1.1.2']}"] = 30  # below the plan of 50 %, no justification: one bad cell
    bad = tmp_path / "informe-malo.xlsx"
    workbook.save(bad)

    page.locator(f"a[href='/monitoring/reports/{report.pk}/import/']").first.click()
    page.set_input_files("#id_file", str(bad))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    problem = page.locator("main .alert-danger[role=alert]")
    assert problem.is_visible()
    # The message names the cell: row and column J (justification).
    assert re.search(rf"\b{rows['4.1.1.2']}\b.*\bJ\b", problem.inner_text())
    assert not report.entries.filter(progress__isnull=False).exists()  # nothing saved
    shot("journey4-01-bad-cell")

    sheet[f"J{rows['4.1.1.2']}"] = "Se reprogramó la capacitación."
    good = tmp_path / "informe.xlsx"
    workbook.save(good)
    page.set_input_files("#id_file", str(good))
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/monitoring/reports/{report.pk}/edit/")
    entries = {e.activity.code: e for e in report.entries.select_related("activity")}
    assert entries["2.1.3.3"].progress == 50 and entries["4.1.1.2"].progress == 30
    assert row(page, "4.1.1.2").locator("input[name$='-progress']").input_value() == "30"
    shot("journey4-02-imported")
    print(f"journey 4: {time.monotonic() - started:.1f} s")
