"""Factories of communications' records (each helper module adds its own below)."""

# --- the archive (issue 18) ----------------------------------------------------------------
import io
import zipfile

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from communications.models import AccessLevel, Document, DocumentVersion
from communications.search import search_text_of

PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_bytes(text: str = "Documento") -> bytes:
    """A one-page PDF whose text layer says `text` (Latin-1 letters)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


OOXML = {
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "word/document.xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
    ),
    "docm": (
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "word/document.xml",
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "xl/workbook.xml",
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    ),
    "xlsm": (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        "xl/workbook.xml",
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "ppt/presentation.xml",
        '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>',
    ),
}


ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the first date a zip holds


def zip_entry(archive: zipfile.ZipFile, name: str, data: str | bytes, compress_type=None) -> None:
    """`archive.writestr(name, data)` dated ZIP_DATE instead of now: a file made here has the
    same bytes every time, so tests parametrized with it have the same ids in every process
    (pytest-xdist's workers each collect the suite and must agree)."""
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = archive.compression if compress_type is None else compress_type
    info.external_attr = 0o600 << 16  # as writestr gives a file named by a string
    archive.writestr(info, data)


def ooxml_bytes(kind: str = "docx", text: str = "Documento", extra: dict | None = None) -> bytes:
    """A minimal Office Open XML package of `kind` (docx, docm, xlsx, xlsm, pptx) saying
    `text`; `extra` adds entries {name: bytes}."""
    content_type, main, body = OOXML[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        zip_entry(
            archive,
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main}" ContentType="{content_type}"/></Types>',
        )
        zip_entry(archive, "_rels/.rels", "<Relationships/>")
        zip_entry(archive, main, body.format(text=text))
        if kind.startswith("xls"):
            zip_entry(
                archive,
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f"<si><t>{text}</t></si></sst>",
            )
        if kind.startswith("ppt"):
            zip_entry(
                archive,
                "ppt/slides/slide1.xml",
                '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
                f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:sld>",
            )
        for name, data in (extra or {}).items():
            zip_entry(archive, name, data)
    return buffer.getvalue()


def odf_bytes(kind: str = "odt", text: str = "Documento", extra: dict | None = None) -> bytes:
    mimetype = {
        "odt": "application/vnd.oasis.opendocument.text",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
    }[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        zip_entry(archive, "mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        zip_entry(
            archive,
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
            f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
        zip_entry(archive, "META-INF/manifest.xml", "<manifest/>")
        for name, data in (extra or {}).items():
            zip_entry(archive, name, data)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class DocumentFactory(DjangoModelFactory):
    """A document with one version (a small PDF saying its title and `text`)."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Documento {n}")
    kind = Document.Kind.HISTORICAL
    access = AccessLevel.MEMBERS
    language = Document.Language.ES

    @factory.post_generation
    def text(self, create, extracted, **kwargs):
        if not create:
            return
        body = extracted or ""
        version = DocumentVersion(
            document=self,
            number=1,
            original_name="documento.pdf",
            mime_type="application/pdf",
            size=0,
            sha256="0" * 64,
            extracted_text=body,
        )
        data = pdf_bytes(self.title.encode("latin-1", "replace").decode("latin-1"))
        version.size = len(data)
        version.file.save("documento.pdf", ContentFile(data), save=False)
        version.save()
        self.search_text = search_text_of(title=self.title, description=self.description, text=body)
        Document.objects.filter(pk=self.pk).update(search_text=self.search_text)


# --- comunicados (issue 18) ------------------------------------------------------------------
from communications.models import Communique  # noqa: E402
from members.models import User as _User  # noqa: E402
from members.tests.factories import UserFactory as _UserFactory  # noqa: E402


class CommuniqueFactory(DjangoModelFactory):
    """A draft comunicado by an ST account (send it with communications.services)."""

    class Meta:
        model = Communique
        skip_postgeneration_save = True

    subject = factory.Sequence(lambda n: f"Comunicado de prueba {n}")
    body = "Texto del comunicado."
    confidentiality = AccessLevel.MEMBERS
    audiences = factory.LazyFunction(list)
    drafted_by = factory.SubFactory(
        _UserFactory, username="st-drafter", role=_User.Role.SECRETARIAT
    )

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if create and extracted:
            self.people.set(extracted)
