"""The archive (issue 18): upload checks by content (each refusal by its code), text
extraction, versions, metadata edit, search ("victimas" finds "víctimas", titles first),
pages (escaping, ST only for writes) and the query guard of the list page and API list."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.testing import refused
from common.validators import validate_archive_upload
from communications.models import AccessLevel, Document, DocumentVersion
from communications.selectors.archive import ArchiveFilters, document_list
from communications.services.archive import (
    document_register,
    document_update,
    document_upload,
    document_version_add,
)
from communications.tests.factories import (
    PNG_1PX,
    DocumentFactory,
    odf_bytes,
    ooxml_bytes,
    pdf_bytes,
    upload,
    zip_entry,
)
from tests.conftest import issue, token_client

pytestmark = pytest.mark.django_db


def _zip(entries: dict, method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            zip_entry(archive, name, data)
    return buffer.getvalue()


# --- what is accepted --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("informe.pdf", pdf_bytes("Informe"), "pdf"),
        ("foto.png", PNG_1PX, "png"),
        ("foto.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 100, "jpeg"),
        ("matriz.docx", ooxml_bytes("docx"), "docx"),
        ("matriz.xlsx", ooxml_bytes("xlsx"), "xlsx"),
        ("taller.pptx", ooxml_bytes("pptx"), "pptx"),
        ("acta.odt", odf_bytes("odt"), "odt"),
        ("datos.ods", odf_bytes("ods"), "ods"),
        (
            "grafico.docx",
            ooxml_bytes("docx", extra={"word/embeddings/Hoja.xlsx": ooxml_bytes("xlsx")}),
            "docx",
        ),
    ],
)
def test_accepted_formats(name, content, kind):
    assert validate_archive_upload(upload(name, content)) == kind


def test_test_files_have_the_same_bytes_whenever_they_are_made():
    """The files above are test ids; pytest-xdist's workers each collect them, at different
    times, and refuse to run if the ids differ."""
    import time_machine

    made = []
    for when in ("2026-01-01 10:00:00", "2031-07-15 23:59:58"):
        with time_machine.travel(when, tick=False):
            made.append((ooxml_bytes("docx", extra={"x.bin": b"y"}), odf_bytes("ods")))
    assert made[0] == made[1]


# --- what is refused, each with its code -------------------------------------------------

BOMB = _zip({"word/document.xml": b"\0" * (20 * 1024 * 1024)})


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("programa.pdf", b"MZ\x90\x00" + b"\0" * 100, "file_wrong_type"),
        ("nota.txt", b"just text", "file_wrong_type"),
        ("vacio.pdf", b"", "file_empty"),
        ("informe.pdf", ooxml_bytes("docx"), "file_name_mismatch"),  # a .pdf that is a zip
        ("informe.docx", pdf_bytes(), "file_name_mismatch"),
        ("macro.docm", ooxml_bytes("docm"), "file_macros"),
        ("macro.docx", ooxml_bytes("docm"), "file_macros"),  # renamed: the content says so
        ("macro.xlsx", ooxml_bytes("xlsm"), "file_macros"),
        ("macro.xlsm", ooxml_bytes("xlsx"), "file_macros"),
        ("vba.docx", ooxml_bytes("docx", extra={"word/vbaProject.bin": b"x"}), "file_macros"),
        ("basic.odt", odf_bytes("odt", extra={"Basic/Standard/Module1.xml": "x"}), "file_macros"),
        ("fotos.docx", _zip({"a.jpg": b"x", "b.jpg": b"y"}), "file_disguised_archive"),
        (
            "anidado.docx",
            ooxml_bytes("docx", extra={"word/media/cosas.bin": _zip({"a": b"x"})}),
            "file_nested_archive",
        ),
        (
            "anidado.xlsx",
            ooxml_bytes("xlsx", extra={"xl/otros.zip": b"PK"}),
            "file_nested_archive",
        ),
        (
            "programa.docx",
            ooxml_bytes("docx", extra={"word/run.exe": b"MZ"}),
            "file_nested_archive",
        ),
        (
            "extra.docx",
            ooxml_bytes("docx", extra={"otra/cosa.xml": b"<x/>"}),
            "file_disguised_archive",
        ),
        ("bomba.docx", ooxml_bytes("docx", extra={"word/b.xml": b"\0" * 2_000_000}), "file_bomb"),
        ("roto.docx", b"PK\x03\x04" + b"\0" * 50, "file_corrupt"),
        ("pasaporte G1234567.pdf", pdf_bytes(), "identity_number"),
    ],
)
def test_refusals(name, content, code):
    with refused(code):
        validate_archive_upload(upload(name, content))


def test_zip_bomb_by_total_size(settings):
    from common import validators

    content = ooxml_bytes("docx", extra={f"word/b{i}.xml": b"a" * 600_000 for i in range(3)})
    before = validators.ARCHIVE_UNZIPPED_MAX_MB
    validators.ARCHIVE_UNZIPPED_MAX_MB = 1
    try:
        with refused("file_bomb"):
            validate_archive_upload(upload("grande.docx", content))
    finally:
        validators.ARCHIVE_UNZIPPED_MAX_MB = before


def test_file_too_large(settings):
    settings.ARCHIVE_UPLOAD_MAX_MB = 1
    content = pdf_bytes() + b"\0" * (1024 * 1024)
    with refused("file_too_large"):
        validate_archive_upload(upload("grande.pdf", content))
    settings.ARCHIVE_UPLOAD_MAX_MB = 2
    assert validate_archive_upload(upload("grande.pdf", content)) == "pdf"


def test_existing_document_check_unchanged(settings):
    """validate_document_upload (PDF and images) still refuses an office file."""
    from common.validators import validate_document_upload

    with refused("file_wrong_type"):
        validate_document_upload(upload("matriz.docx", ooxml_bytes("docx")))


# --- services ----------------------------------------------------------------------------


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT / "archive"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_upload_extracts_text_and_refusal_stores_nothing(st_user, settings):
    document = document_upload(
        by=st_user,
        file=upload("matriz.xlsx", ooxml_bytes("xlsx", text="Matriz de trabajo de víctimas")),
        title="Matriz del taller",
        kind=Document.Kind.HISTORICAL,
    )
    version = document.versions.get()
    assert "Matriz de trabajo de víctimas" in version.extracted_text
    assert version.mime_type.endswith("spreadsheetml.sheet")
    assert "matriz de trabajo de victimas" in Document.objects.get(pk=document.pk).search_text
    n_docs, n_files = Document.objects.count(), len(_stored_files(settings))
    with refused("file_macros", field="file"):
        document_upload(
            by=st_user,
            file=upload("macro.xlsm", ooxml_bytes("xlsm")),
            title="Con macros",
            kind=Document.Kind.HISTORICAL,
        )
    assert Document.objects.count() == n_docs
    assert len(_stored_files(settings)) == n_files


@pytest.mark.parametrize("kind", ["docx", "pptx", "odt", "ods"])
def test_text_of_office_files(st_user, kind):
    maker = odf_bytes if kind in ("odt", "ods") else ooxml_bytes
    document = document_upload(
        by=st_user,
        file=upload(f"f.{kind}", maker(kind, text="Protección de niñez migrante")),
        title="Texto",
        kind=Document.Kind.HISTORICAL,
    )
    assert "Protección de niñez migrante" in document.versions.get().extracted_text


def test_pdf_text(st_user):
    document = document_upload(
        by=st_user,
        file=upload("a.pdf", pdf_bytes("Trata de personas")),
        title="PDF",
        kind=Document.Kind.HISTORICAL,
    )
    assert "Trata de personas" in document.versions.get().extracted_text


def test_only_st_uploads(delegate, presidency_user):
    with pytest.raises(PermissionDenied):
        document_upload(
            by=delegate, file=upload("a.pdf", pdf_bytes()), title="x", kind="historical"
        )
    with pytest.raises(PermissionDenied):
        document_upload(
            by=presidency_user, file=upload("a.pdf", pdf_bytes()), title="x", kind="historical"
        )
    # the Presidency drafts comunicados: their attachments
    document_upload(
        by=presidency_user,
        file=upload("a.pdf", pdf_bytes()),
        title="Anexo",
        kind=Document.Kind.COMMUNIQUE_ATTACHMENT,
    )


def test_versions_and_stale_edit(st_user, delegate):
    document = document_upload(
        by=st_user, file=upload("v1.pdf", pdf_bytes("uno")), title="Acta", kind="minutes"
    )
    v2 = document_version_add(
        by=st_user, document=document, file=upload("v2.docx", ooxml_bytes(text="dos")), note="x"
    )
    assert v2.number == 2
    assert "dos" in Document.objects.get(pk=document.pk).search_text
    with pytest.raises(PermissionDenied):
        document_version_add(by=delegate, document=document, file=upload("v.pdf", pdf_bytes()))
    version = document.version
    document_update(by=st_user, document=document, expected_version=version, title="Acta final")
    assert Document.objects.get(pk=document.pk).search_text.startswith("acta final\n")
    with refused("stale_version"):
        document_update(by=st_user, document=document, expected_version=version, title="Otra")
    with pytest.raises(PermissionDenied):
        document_update(
            by=delegate, document=document, expected_version=document.version, title="x"
        )


def test_register_once_per_source(st_user, coalition):
    body = coalition["HN"]
    first = document_register(
        source=body, title="Informe HN", kind="report", access="members",
        file=upload("i.pdf", pdf_bytes("uno")),
    )  # fmt: skip
    again = document_register(
        source=body, title="Informe HN 2", kind="report", access="members",
        file=upload("i.pdf", pdf_bytes("uno")),
    )  # fmt: skip
    assert first.pk == again.pk
    assert again.versions.count() == 1  # the same file: no new version
    document_register(
        source=body, title="Informe HN 2", kind="report", access="members",
        file=upload("i.pdf", pdf_bytes("dos")),
    )  # fmt: skip
    assert again.versions.count() == 2


# --- search ------------------------------------------------------------------------------


def test_victimas_finds_victimas_and_titles_first(st_user):
    in_text = DocumentFactory(title="Informe anual", text="Atención a víctimas de trata")
    in_title = DocumentFactory(title="Protocolo de atención a Víctimas")
    DocumentFactory(title="Presupuesto", text="Nada que ver")
    found = list(document_list(user=st_user, filters=ArchiveFilters(q="victimas")))
    assert found == [in_title, in_text]
    found = list(document_list(user=st_user, filters=ArchiveFilters(q="VÍCTIMAS atención")))
    assert found == [in_title, in_text]


def test_search_respects_filters_and_access(observer):
    public = DocumentFactory(title="Víctimas: guía pública", access=AccessLevel.PUBLIC)
    DocumentFactory(title="Víctimas: nota reservada", access=AccessLevel.RESTRICTED)
    DocumentFactory(title="Víctimas 2019", access=AccessLevel.PUBLIC, year=2019)
    found = list(document_list(user=observer, filters=ArchiveFilters(q="victimas", year=None)))
    assert public in found and all(d.access != AccessLevel.RESTRICTED for d in found)
    assert [d.year for d in document_list(user=None, filters=ArchiveFilters(year=2019))] == [2019]


# --- pages -------------------------------------------------------------------------------


def test_titles_are_escaped(client, st_user):
    document = DocumentFactory(
        title='<script>alert("x")</script>',
        description="<img src=x onerror=alert(1)>",
        access=AccessLevel.PUBLIC,
    )
    for url in ("/archive/", f"/archive/{document.pk}/"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;" in body


def test_st_upload_page(client, st_user, delegate):
    client.force_login(st_user)
    response = client.post(
        "/archive/new/",
        {
            "title": "Memoria 2012",
            "kind": "historical",
            "language": "es",
            "access": "members",
            "file": upload("memoria.docx", ooxml_bytes(text="Memoria")),
        },
    )
    document = Document.objects.get(title="Memoria 2012")
    assert response.status_code == 302 and document.versions.count() == 1
    response = client.post(
        "/archive/new/",
        {
            "title": "Disfrazado",
            "kind": "historical",
            "language": "es",
            "access": "members",
            "file": upload("fotos.docx", _zip({"a.jpg": b"x"})),
        },
    )
    assert response.context["form"].has_error("file", "file_disguised_archive")
    assert not Document.objects.filter(title="Disfrazado").exists()
    client.force_login(delegate)
    assert client.get("/archive/new/").status_code == 403
    assert client.get(f"/archive/{document.pk}/edit/").status_code == 403
    assert client.get(f"/archive/{document.pk}/versions/new/").status_code == 403


def test_edit_and_version_pages(client, st_user):
    document = DocumentFactory(title="Acta", access=AccessLevel.MEMBERS)
    client.force_login(st_user)
    data = {"title": "Acta corregida", "kind": "minutes", "language": "es", "access": "members"}
    response = client.post(f"/archive/{document.pk}/edit/", {**data, "version": 1})
    assert response.status_code == 302
    response = client.post(f"/archive/{document.pk}/edit/", {**data, "version": 1})
    assert response.context["form"].has_error("__all__", "stale_version")
    response = client.post(
        f"/archive/{document.pk}/versions/new/",
        {"note": "corrección", "file": upload("acta.odt", odf_bytes(text="Corregida"))},
    )
    assert response.status_code == 302
    assert DocumentVersion.objects.filter(document=document).count() == 2


# --- the query guard: the same number of queries at 1x and 10x ---------------------------


def _count(client, path) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("q", ["", "?q=victimas"])
def test_list_page_and_api_list_queries_constant(client, st_user, q):
    client.force_login(st_user)
    api = token_client(issue(st_user, label="guard", scope="partner", agency="OIM"))

    def grow(n):
        for _ in range(n):
            document = DocumentFactory(title="Víctimas", access=AccessLevel.MEMBERS)
            DocumentVersion.objects.create(
                document=document, number=2, file=document.versions.get().file.name,
                original_name="b.pdf", mime_type="application/pdf", size=1, sha256="0",
            )  # fmt: skip

    grow(2)
    page_small = _count(client, f"/archive/{q}")
    api_small = _count(api, f"/api/v1/archive-documents/{q}{'&' if q else '?'}page_size=200")
    grow(18)
    page_large = _count(client, f"/archive/{q}")
    api_large = _count(api, f"/api/v1/archive-documents/{q}{'&' if q else '?'}page_size=200")
    assert (page_small, api_small) == (page_large, api_large)
