"""Every PDF the platform makes is a tagged, accessible PDF (issue 17): PDF/UA-1 through
WeasyPrint (common.pdf). For each kind — the biennial accountability report, the progress
report (003 §IX form) and the minutes — in Spanish and in English, read back with pikepdf:
a structure tree, /MarkInfo /Marked, /Lang of the document's language, the title in the
document information and the XMP metadata (shown as the window title), /TH table headers,
and a /Figure with its /Alt text for every chart. The English report names the coalition
in English; the progress report lists the evidence of its rows."""

from __future__ import annotations

import io
import logging
import re

import pikepdf
import pytest
from django.conf import settings
from pypdf import PdfReader

from reports import charts
from reports.render import render_snapshot
from reports.snapshot import (
    accountability_snapshot,
    minutes_snapshot,
    progress_report_snapshot,
)
from tests.pdf.conftest import EVIDENCE_FILE, EVIDENCE_LINK, EVIDENCE_LINK_TITLE

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "en")
SPANISH_NAME = settings.SITE_NAME  # "Coalición Regional contra la Trata de Personas y …"
ENGLISH_NAME = "Regional Coalition against Trafficking in Persons and Smuggling of Migrants"
TITLES = {
    "accountability": {"es": "Informe de rendición de cuentas", "en": "Accountability report"},
    "progress_report": {
        "es": "Informe de seguimiento al Plan Operativo Anual",
        "en": "Progress report on the Annual Operating Plan",
    },
    "minutes": {"es": "Acta de la reunión", "en": "Minutes of the meeting"},
}


# --- Helpers ------------------------------------------------------------------------------


def snapshot_of(kind: str, pdf_term) -> dict:
    if kind == "accountability":
        return accountability_snapshot(years=[2018])
    if kind == "progress_report":
        return progress_report_snapshot(report=pdf_term["gt_report"])
    return minutes_snapshot(minutes=pdf_term["meeting"].minutes)


class WeasyErrors(logging.Handler):
    """What WeasyPrint reports as an accessibility error while tagging (an image without
    alt, a document without lang) goes to its logger: collected here."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def build(kind: str, snapshot: dict, language: str) -> bytes:
    logger = logging.getLogger("weasyprint")
    handler = WeasyErrors()
    logger.addHandler(handler)
    try:
        pdf = render_snapshot(kind, snapshot, language=language).pdf
    finally:
        logger.removeHandler(handler)
    assert not handler.messages, handler.messages
    return pdf


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element under /StructTreeRoot, in document order."""
    out, seen = [], set()
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Dictionary):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if node.get("/Type") == "/StructElem" or "/S" in node:
                out.append(node)
            kids = node.get("/K")
            if kids is None:
                continue
            if isinstance(kids, pikepdf.Array):
                stack.extend(reversed(list(kids)))
            else:
                stack.append(kids)
    return out


def by_role(elements) -> dict[str, list]:
    roles: dict[str, list] = {}
    for element in elements:
        roles.setdefault(str(element.get("/S")), []).append(element)
    return roles


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


TOP_MARGIN_PT = 2.3 / 2.54 * 72  # print.css @page margin-top: the running header's band


def running_header(page) -> str:
    """The text pypdf finds in the page's top margin (the running header)."""
    height = float(page.mediabox.height)
    parts: list[str] = []

    def visit(text, cm, tm, font_dict, font_size):
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and height - y < TOP_MARGIN_PT:
            parts.append(text)

    page.extract_text(visitor_text=visit)
    return " ".join(parts)


def flat(value: str) -> str:
    """Without whitespace: pypdf breaks lines and kerned pairs where the layout does."""
    return "".join(value.split())


def check_tagged(data: bytes, *, kind: str, language: str) -> tuple[dict[str, int], list[str]]:
    """The PDF/UA-1 basics every PDF must have; returns how many structure elements of each
    role the tree has, and the /Alt of its figures."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang) == language
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        title = str(pdf.docinfo.Title)
        assert title.startswith(TITLES[kind][language]), title
        meta = pdf.open_metadata()
        assert meta["dc:title"] == title
        assert meta["pdfuaid:part"] == "1"
        author = str(pdf.docinfo.Author)
        assert author == (SPANISH_NAME if language == "es" else ENGLISH_NAME)
        roles = by_role(struct_elements(pdf))
        assert roles.get("/Document"), "no Document element"
        # Figures: every one has a text alternative (WeasyPrint takes it from <img alt>).
        alts = [str(figure.get("/Alt", "")).strip() for figure in roles.get("/Figure", [])]
        assert all(alts), "a Figure without /Alt"
        return {role: len(elements) for role, elements in roles.items()}, alts


# --- Each kind, each language --------------------------------------------------------------


def test_accountability_report_is_tagged_with_charts_described(pdf_term):
    snapshot = snapshot_of("accountability", pdf_term)
    for language in LANGUAGES:
        roles, alts = check_tagged(
            build("accountability", snapshot, language), kind="accountability", language=language
        )
        assert roles.get("/TH") and roles.get("/Table") and roles.get("/H1")
        # Three charts: by axis, by country, plenary participation.
        assert len(alts) >= 3, alts
        axis = "Eje" if language == "es" else "Axis"
        planned = "Programado" if language == "es" else "Planned"
        assert any(a.count(f"{axis} ") >= 2 and planned in a for a in alts), alts
        assert any("Honduras" in a for a in alts), alts  # participation: countries by name


def test_progress_report_is_tagged_with_table_headers(pdf_term):
    snapshot = snapshot_of("progress_report", pdf_term)
    for language in LANGUAGES:
        roles, _alts = check_tagged(
            build("progress_report", snapshot, language), kind="progress_report", language=language
        )
        assert roles.get("/Table") and roles.get("/TH")
        assert "/Figure" not in roles  # no chart here


def test_minutes_are_tagged_with_table_headers(pdf_term):
    snapshot = snapshot_of("minutes", pdf_term)
    for language in LANGUAGES:
        roles, _alts = check_tagged(
            build("minutes", snapshot, language), kind="minutes", language=language
        )
        assert roles.get("/Table") and roles.get("/TH")


# --- Language of the coalition's name ------------------------------------------------------


def test_english_accountability_report_names_the_coalition_in_english(pdf_term):
    snapshot = accountability_snapshot(years=[2018])
    english = build("accountability", snapshot, "en")
    spanish = build("accountability", snapshot, "es")
    with pikepdf.open(io.BytesIO(english)) as pdf:
        meta = pdf.open_metadata()
        metadata = " ".join(
            [str(pdf.docinfo.Title), str(pdf.docinfo.Author), meta["dc:title"], *meta["dc:creator"]]
        )
    assert "coalición" not in metadata.lower() and ENGLISH_NAME in metadata
    reader = PdfReader(io.BytesIO(english))
    # The plan's own wording (Spanish source text, shown as entered) may name the coalition
    # in Spanish; the report's furniture may not: the cover and every running header.
    cover = reader.pages[0].extract_text()
    assert "coalición" not in cover.lower() and flat(ENGLISH_NAME).lower() in flat(cover).lower()
    headers = [running_header(page) for page in reader.pages[1:]]
    assert all(flat(ENGLISH_NAME) in flat(h) for h in headers), headers
    assert not any("coalición" in h.lower() for h in headers)
    # The Spanish report keeps the Spanish name (its own language).
    assert flat(SPANISH_NAME).lower() in flat(pdf_text(spanish)).lower()


# --- The progress report's evidence --------------------------------------------------------


def test_progress_report_lists_the_evidence_of_its_rows(pdf_term):
    snapshot = snapshot_of("progress_report", pdf_term)
    coded = [r for r in snapshot["rows"] if r["evidence_items"]]
    assert [len(r["evidence_items"]) for r in coded] == [1, 1]
    for language in LANGUAGES:
        text = flat(pdf_text(build("progress_report", snapshot, language)))
        assert flat(EVIDENCE_FILE) in text
        assert flat(EVIDENCE_LINK_TITLE) in text and flat(EVIDENCE_LINK) in text


def test_a_progress_report_frozen_before_the_evidence_list_counts_it(pdf_term):
    snapshot = snapshot_of("progress_report", pdf_term)
    for row in snapshot["rows"]:
        del row["evidence_items"]
    text = flat(pdf_text(build("progress_report", snapshot, "en")))
    assert flat(EVIDENCE_FILE) not in text
    assert flat("2 items of evidence are attached to the rows") in text


# --- Chart alternatives (no database) ------------------------------------------------------


@pytest.mark.django_db(False)
def test_a_chart_alternative_gives_every_figure_in_reading_order():
    names = {"planned": "Planned", "achieved": "Achieved", "decimal": ",", "missing": "no data"}
    chart = charts.by_country(
        ["Honduras", "Guatemala"], [50, 50], [80, None], names=names, title="By country"
    )
    assert chart.src.startswith("data:image/svg+xml;base64,")
    assert chart.alt == (
        "By country. Honduras: Planned 50,0 %, Achieved 80,0 %. "
        "Guatemala: Planned 50,0 %, Achieved no data."
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_results_tables_headers_and_codes_are_read_whole(pdf_term, language):
    """The POA results tables and Annex B (narrow columns, 7.5 pt): "Programado" / "Planned"
    is never cut without a hyphen ("Program" / "ado", "Programad" / "o"), and the code
    column is wide enough that neither its header nor a code runs into the objective's text
    ("CódigoObjetivo", "2.1.1.1Sesiones")."""
    data = build("accountability", accountability_snapshot(years=[2018]), language)
    pages = PdfReader(io.BytesIO(data)).pages
    text = "\n".join(page.extract_text(extraction_mode="layout") for page in pages)
    code, objective, planned = (
        ("Código", "Objetivo", "Programado")
        if language == "es"
        else ("Code", "Objective", "Planned")
    )
    assert f"{code} " in text
    assert f"{code}{objective}" not in text
    # No piece of the word stands alone (a hyphenated piece ends with its hyphen).
    pieces = {planned[:n] for n in range(5, len(planned))} - {"Programa"}  # a word of its own
    for line in text.splitlines():
        for word in line.split():
            assert word not in pieces, f"{word!r} cut from {planned!r}: {line!r}"
    # Every activity code of POA 2018 stands apart from the text after it.
    codes = re.findall(r"\b\d\.\d\.\d\.\d\S*", text)
    assert codes, "no activity code in the results tables"
    assert all(re.fullmatch(r"\d\.\d\.\d\.\d", c) for c in codes), sorted(set(codes))
