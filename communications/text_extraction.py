"""The text of an archived file, for search (issue 18): PDF through pypdf, office files
(DOCX, XLSX, PPTX, ODT, ODS) by reading their XML parts from the zip with defusedxml (no
entities, no DTDs), images none. Bounded: at most MAX_PAGES pages and MAX_CHARS characters;
a file whose text cannot be read gives "" (it was already accepted by
common.validators.validate_archive_upload; search then finds it by title and description)."""

from __future__ import annotations

import logging
import re
import unicodedata
import zipfile

from defusedxml import ElementTree

logger = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_CHARS = 200_000

# OOXML text runs (w:t, a:t, spreadsheet t) and the elements that end a line.
_OOXML_TEXT = {"t"}
_OOXML_BREAKS = {"p", "si", "br", "tab", "row"}
# ODF: every element's text counts; paragraphs, headings and cells end a line.
_ODF_BREAKS = {"p", "h", "table-cell", "line-break", "tab", "s"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Buffer:
    def __init__(self, limit: int):
        self.parts: list[str] = []
        self.left = limit

    def add(self, text: str | None) -> None:
        if text and self.left > 0:
            text = text[: self.left]
            self.parts.append(text)
            self.left -= len(text)

    @property
    def full(self) -> bool:
        return self.left <= 0

    def text(self) -> str:
        return re.sub(r"[ \t]*\n\s*", "\n", "".join(self.parts)).strip()


def _xml_text(stream, buffer: _Buffer, *, odf: bool) -> None:
    for _event, element in ElementTree.iterparse(stream, events=("end",)):
        name = _local(element.tag)
        if odf:
            buffer.add(element.text)
            if name in _ODF_BREAKS:
                buffer.add("\n" if name in ("p", "h", "table-cell") else " ")
            buffer.add(element.tail)
        else:
            if name in _OOXML_TEXT:
                buffer.add(element.text)
            elif name in _OOXML_BREAKS:
                buffer.add("\n")
        element.clear()
        if buffer.full:
            break


def _numbered(names: list[str], prefix: str) -> list[str]:
    found = [n for n in names if n.startswith(prefix) and n.endswith(".xml")]
    return sorted(found, key=lambda n: int(re.sub(r"\D", "", n.rsplit("/", 1)[-1]) or 0))


def _office_parts(kind: str, names: list[str]) -> list[str]:
    if kind == "docx":
        return [
            n
            for n in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
            if n in names
        ]
    if kind == "xlsx":
        return [n for n in ("xl/sharedStrings.xml",) if n in names] + _numbered(
            names, "xl/worksheets/sheet"
        )
    if kind == "pptx":
        return _numbered(names, "ppt/slides/slide") + _numbered(names, "ppt/notesSlides/notes")
    if kind in ("odt", "ods"):
        return ["content.xml"] if "content.xml" in names else []
    return []


def _office_text(file, kind: str) -> str:
    buffer = _Buffer(MAX_CHARS)
    with zipfile.ZipFile(file) as archive:
        for part in _office_parts(kind, archive.namelist()):
            with archive.open(part) as stream:
                _xml_text(stream, buffer, odf=kind in ("odt", "ods"))
            buffer.add("\n")
            if buffer.full:
                break
    return buffer.text()


def _pdf_text(file) -> str:
    from pypdf import PdfReader

    reader = PdfReader(file)
    if reader.is_encrypted and not reader.decrypt(""):
        return ""
    buffer = _Buffer(MAX_CHARS)
    for index, page in enumerate(reader.pages):
        if index >= MAX_PAGES or buffer.full:
            break
        buffer.add(page.extract_text() or "")
        buffer.add("\n")
    return buffer.text()


def extract_text(file, kind: str) -> str:
    """The searchable text of `file` (an open file object), whose type label is `kind`
    (common.validators.ARCHIVE_TYPES). Never raises for an unreadable file: "" then."""
    try:
        file.seek(0)
        if kind == "pdf":
            text = _pdf_text(file)
        elif kind in ("docx", "xlsx", "pptx", "odt", "ods"):
            text = _office_text(file, kind)
        else:
            text = ""
    except Exception:  # a damaged part: the document stays findable by its metadata
        logger.warning("archive: no text extracted from a %s file", kind, exc_info=True)
        text = ""
    finally:
        file.seek(0)
    return text.replace("\x00", "")[:MAX_CHARS]


def normalise(text: str) -> str:
    """Lower case, accents stripped (víctimas → victimas, niñez → ninez), one space between
    words: the form of Document.search_text and of the words searched for on SQLite."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
