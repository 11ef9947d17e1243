"""Checks on what users send: uploaded documents (accreditation letters, evidence: the content,
not the file name, must be a PDF or an image, the file must not exceed settings.UPLOAD_MAX_MB,
and its name must carry no identity number) and free text (no identity-document or passport
number of anybody: refuse_identity_numbers, attached to every user-typed model field by
install_identity_number_guard)."""

from __future__ import annotations

import io
import os
import re
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

DOCUMENT_MIME_TYPES = {"application/pdf", "image/png", "image/jpeg"}
FILE_TOO_LARGE = _("The file is larger than %(max)s MB.")
FILE_WRONG_TYPE = _("The file must be a PDF, PNG or JPEG document; this one is not.")


def validate_document_upload(upload: UploadedFile) -> None:
    refuse_identity_numbers(upload)
    max_mb = settings.UPLOAD_MAX_MB
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(FILE_TOO_LARGE, code="file_too_large", params={"max": max_mb})
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_MIME_TYPES:
        raise ValidationError(FILE_WRONG_TYPE, code="file_wrong_type")


# ---------------------------------------------------------------------------------------------
# The archive (issue 18): besides PDF and images, the office formats the coalition works in
# (the workshops' "matrices de trabajo" are spreadsheets). The type is read from the content;
# the name's extension must say the same. Office files are zip archives: they are opened
# (never extracted) and refused when macro-enabled, when they are a plain archive in disguise
# or carry archives or programs inside, or when they would inflate beyond reason (zip bombs).
# The size limit is settings.ARCHIVE_UPLOAD_MAX_MB (default 50).

ARCHIVE_UPLOAD_MAX_MB_DEFAULT = 50
# A zip's entries, inflated, may sum at most this (MB); an entry may inflate at most RATIO
# times (entries below RATIO_FLOOR bytes are not judged: tiny XML compresses well).
ARCHIVE_UNZIPPED_MAX_MB = 300
ARCHIVE_MAX_RATIO = 200
ARCHIVE_RATIO_FLOOR = 1024 * 1024
ARCHIVE_MAX_ENTRIES = 5000

ARCHIVE_TYPES = {
    # label: (mime type, extensions the name may carry)
    "pdf": ("application/pdf", (".pdf",)),
    "png": ("image/png", (".png",)),
    "jpeg": ("image/jpeg", (".jpg", ".jpeg")),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (".pptx",),
    ),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (".ods",)),
}
# OOXML: the content type of the main part says what the package is.
OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        "word/",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ("xlsx", "xl/"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "pptx",
        "ppt/",
    ),
}
OOXML_SHARED = ("[Content_Types].xml", "_rels/", "docProps/", "customXml/")
ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
ODF_ENTRIES = (
    "mimetype",
    "content.xml",
    "styles.xml",
    "meta.xml",
    "settings.xml",
    "manifest.rdf",
    "layout-cache",
    "META-INF/",
    "Thumbnails/",
    "Pictures/",
    "Configurations2/",
    "ObjectReplacements/",
    "Object ",
)
MACRO_EXTENSIONS = (".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm")
ARCHIVE_EXTENSIONS = (".zip", ".jar", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".cab")
PROGRAM_EXTENSIONS = (
    ".exe", ".dll", ".com", ".scr", ".msi", ".bat", ".cmd", ".ps1", ".vbs", ".vbe", ".js",
    ".jse", ".wsf", ".hta", ".sh", ".py", ".jar", ".lnk", ".class", ".apk",
)  # fmt: skip

ARCHIVE_FILE_TOO_LARGE = _("The file is larger than %(max)s MB.")
ARCHIVE_FILE_EMPTY = _("The file is empty.")
ARCHIVE_WRONG_TYPE = _(
    "The archive accepts PDF, PNG, JPEG, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), "
    "OpenDocument text (ODT) and spreadsheet (ODS) files; this one is none of them."
)
ARCHIVE_NAME_MISMATCH = _(
    "The file's name (%(name)s) does not match its content, which is a %(kind)s file. Save it "
    "with the right extension (%(extensions)s) and upload it again."
)
ARCHIVE_MACROS = _(
    "Files with macros are not accepted (%(detail)s). Save the document without macros (as "
    "DOCX, XLSX or PPTX; in LibreOffice, remove the Basic modules) and upload it again."
)
ARCHIVE_DISGUISED = _(
    "This file is a compressed archive, not an office document (%(detail)s). Upload the "
    "documents themselves, one by one."
)
ARCHIVE_BOMB = _(
    "This file would expand to an unreasonable size once opened (%(detail)s): it is refused."
)
ARCHIVE_CORRUPT = _("This office file is damaged and cannot be read (%(detail)s).")


def _refuse(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _entry_name_ok(name: str) -> bool:
    return not (name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name)


def _check_zip_sizes(archive, *, what: str = "") -> None:
    """Zip bombs: the declared sizes (ZipExtFile never inflates an entry beyond its declared
    size, so reading later is bounded by what is checked here)."""
    infos = archive.infolist()
    if len(infos) > ARCHIVE_MAX_ENTRIES:
        raise _refuse(ARCHIVE_BOMB, "file_bomb", detail=f"{len(infos)} entries{what}")
    total = sum(info.file_size for info in infos)
    if total > ARCHIVE_UNZIPPED_MAX_MB * 1024 * 1024:
        raise _refuse(
            ARCHIVE_BOMB, "file_bomb", detail=f"{total // (1024 * 1024)} MB inflated{what}"
        )
    for info in infos:
        if info.file_size > ARCHIVE_RATIO_FLOOR and info.file_size > ARCHIVE_MAX_RATIO * max(
            info.compress_size, 1
        ):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(ARCHIVE_BOMB, "file_bomb", detail=f"{info.filename}: {ratio}×")


def _check_entries(archive, allowed_prefixes: tuple[str, ...], *, depth: int = 0) -> None:
    """No archive or program inside, no entry outside the format's own folders, no macros.
    Office embeddings (a chart's workbook inside a DOCX) are checked the same way, once."""
    for info in archive.infolist():
        name = info.filename
        lower = name.lower()
        if not _entry_name_ok(name) or not name.startswith(allowed_prefixes):
            raise _refuse(ARCHIVE_DISGUISED, "file_disguised_archive", detail=name[:80])
        if lower.endswith("vbaproject.bin") or lower.endswith("vbadata.xml"):
            raise _refuse(ARCHIVE_MACROS, "file_macros", detail=name[:80])
        if lower.endswith(PROGRAM_EXTENSIONS) or lower.endswith(ARCHIVE_EXTENSIONS):
            raise _refuse(ARCHIVE_DISGUISED, "file_nested_archive", detail=name[:80])
        if info.is_dir() or info.file_size < 4:
            continue
        with archive.open(info) as entry:
            head = entry.read(4)
        if head != b"PK\x03\x04":
            continue
        # A zip inside: only an office embedding, itself clean and holding no further zip.
        embedded = "/embeddings/" in name and lower.endswith((".xlsx", ".docx", ".pptx"))
        if not embedded or depth > 0:
            raise _refuse(ARCHIVE_DISGUISED, "file_nested_archive", detail=name[:80])
        with archive.open(info) as entry:
            inner = zipfile.ZipFile(io.BytesIO(entry.read()))
        _check_zip_sizes(inner, what=f" in {name[:60]}")
        _ooxml_kind(inner, depth=depth + 1)


def _ooxml_kind(archive, *, depth: int = 0) -> str:
    from defusedxml import ElementTree

    with archive.open("[Content_Types].xml") as entry:
        root = ElementTree.fromstring(entry.read(1024 * 1024))
    types = [
        (el.get("PartName") or el.get("Extension") or "", el.get("ContentType") or "")
        for el in root
    ]
    for _part, content_type in types:
        lowered = content_type.lower()
        if "macroenabled" in lowered or "vbaproject" in lowered:
            raise _refuse(ARCHIVE_MACROS, "file_macros", detail=content_type[:80])
    mains = [(part, OOXML_MAIN[ct]) for part, ct in types if ct in OOXML_MAIN]
    if len(mains) != 1:
        raise _refuse(ARCHIVE_DISGUISED, "file_disguised_archive", detail="no office document part")
    part, (kind, folder) = mains[0]
    if part.lstrip("/") not in archive.namelist():
        raise _refuse(ARCHIVE_CORRUPT, "file_corrupt", detail=f"{part} missing")
    _check_entries(archive, (*OOXML_SHARED, folder), depth=depth)
    return kind


def _odf_kind(archive) -> str:
    mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    kind = ODF_MIMETYPES.get(mimetype)
    if kind is None:
        raise _refuse(ARCHIVE_WRONG_TYPE, "file_wrong_type")
    names = archive.namelist()
    if "content.xml" not in names or "META-INF/manifest.xml" not in names:
        raise _refuse(ARCHIVE_CORRUPT, "file_corrupt", detail="content.xml or manifest missing")
    for name in names:
        if name.startswith(("Basic/", "Scripts/")) or "/Basic/" in name or "/Scripts/" in name:
            raise _refuse(ARCHIVE_MACROS, "file_macros", detail=name[:80])
    _check_entries(archive, ODF_ENTRIES)
    return kind


def _zip_kind(upload) -> str:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refuse(ARCHIVE_CORRUPT, "file_corrupt", detail=str(error)[:80]) from error
    try:
        _check_zip_sizes(archive)
        names = archive.namelist()
        if "[Content_Types].xml" in names:
            return _ooxml_kind(archive)
        if names and names[0] == "mimetype":
            return _odf_kind(archive)
        raise _refuse(ARCHIVE_DISGUISED, "file_disguised_archive", detail="a plain zip archive")
    except (zipfile.BadZipFile, KeyError, EOFError, RuntimeError) as error:
        # RuntimeError: an encrypted entry; ParseError below: broken XML
        raise _refuse(ARCHIVE_CORRUPT, "file_corrupt", detail=str(error)[:80]) from error
    except ValidationError:
        raise
    except Exception as error:  # defusedxml's refusals (entities, DTDs) and XML errors
        raise _refuse(ARCHIVE_CORRUPT, "file_corrupt", detail=type(error).__name__) from error
    finally:
        archive.close()


def detect_archive_type(upload) -> str:
    """The label (ARCHIVE_TYPES) of what `upload` is, read from its content, or a refusal."""
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
    finally:
        upload.seek(0)
    raise _refuse(ARCHIVE_WRONG_TYPE, "file_wrong_type")


def validate_archive_upload(upload: UploadedFile, *, check_name: bool = True) -> str:
    """Refuse what the archive must not keep (codes: identity_number, file_too_large,
    file_empty, file_wrong_type, file_name_mismatch, file_macros, file_disguised_archive,
    file_nested_archive, file_bomb, file_corrupt); return the file's type label
    (ARCHIVE_TYPES: its mime type and extensions)."""
    refuse_identity_numbers(upload)
    max_mb = getattr(settings, "ARCHIVE_UPLOAD_MAX_MB", ARCHIVE_UPLOAD_MAX_MB_DEFAULT)
    size = upload.size or 0
    if size > max_mb * 1024 * 1024:
        raise _refuse(ARCHIVE_FILE_TOO_LARGE, "file_too_large", max=max_mb)
    if size == 0:
        raise _refuse(ARCHIVE_FILE_EMPTY, "file_empty")
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    if check_name and extension in MACRO_EXTENSIONS:
        raise _refuse(ARCHIVE_MACROS, "file_macros", detail=extension)
    kind = detect_archive_type(upload)
    extensions = ARCHIVE_TYPES[kind][1]
    if check_name and extension not in extensions:
        raise _refuse(
            ARCHIVE_NAME_MISMATCH,
            "file_name_mismatch",
            name=name[:80],
            kind=kind.upper(),
            extensions=", ".join(extensions),
        )
    return kind


def archive_mime_type(kind: str) -> str:
    return ARCHIVE_TYPES[kind][0]


# ---------------------------------------------------------------------------------------------
# Identity-document numbers (issue 23, data protection). The platform holds institutional data
# and aggregates only: never the identity of a victim or a smuggled migrant. Every text users
# type and every uploaded file's name is refused when it carries an identity-document or
# passport number. Detection is deliberately narrow so the platform's ordinary content passes:
# agreement codes (CR-2018-01), years and ranges, dates, percentages, POA codes (1.1.2), ISO
# codes, URLs and phone numbers written with their +country code.

IDENTITY_NUMBER_REFUSED = _(
    "This text seems to contain an identity document or passport number (%(found)s). The "
    "platform must not hold identity documents or any other personal data of victims or "
    "migrants: remove the number and refer to the case only by aggregated figures or by the "
    "case reference your institution keeps in its own files."
)

_KEYWORD = (
    r"(?:pasaportes?|passports?|dpi|dni|dui|c[ée]dulas?|curp|"
    r"n(?:o|º|°|ro|úm|um)\.?\s*de\s*identi(?:dad|ficaci[óo]n)|identificaci[óo]n|"
    r"identity\s+(?:card|document|number)|id\s+(?:card|number))"
)
# Words allowed between the keyword and the number ("cédula de identidad No. 1-1234-5678").
_FILLER = (
    r"(?:n(?:o|º|°|ro|úm|um|umber)\.?|n[úu]mero|number|de|del|of|the|is|es|identidad|"
    r"identificaci[óo]n|personal|[úu]nic[ao]|ciudadan[ao]|vecindad|electoral|nacional|"
    r"migratori[ao]|card|document|documento|#|:)"
)
_KEYWORD_LED = re.compile(
    rf"\b{_KEYWORD}\b[\s:.,#-]*(?:{_FILLER}[\s:.,#-]*){{0,4}}"
    r"(?P<num>[A-Z]{0,3}[ -]?\d(?:[\d -]*\d)?[A-Z]?)(?![\w])",
    re.IGNORECASE,
)
_FORMATTED = [
    # Guatemala DPI / CUI 4-5-4 (with spaces or dashes)
    r"\d{4}[ -]\d{5}[ -]\d{4}",
    # Honduras DNI 4-4-5
    r"\d{4}[ -]\d{4}[ -]\d{5}",
    # El Salvador DUI 8-1
    r"\d{8}-\d",
    # Costa Rica cédula 1-4-4 and Panama cédula (province, optional letters, tomo, asiento)
    r"(?:\d{1,2}(?:AV|PI)?|PE|E|N)-\d{3,4}-\d{3,6}",
    # Dominican Republic cédula 3-7-1
    r"\d{3}-\d{7}-\d",
    # Nicaragua cédula 3-6-4 + letter
    r"\d{3}[ -]?\d{6}[ -]?\d{4}[A-Z]",
]
_FORMATTED_ID = re.compile(
    r"(?<![\w+/.-])(?:" + "|".join(_FORMATTED) + r")(?![\w/]|[.-]\d)", re.IGNORECASE
)
# Mexico CURP (upper case as written on the document)
_CURP = re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b")
# A bare 13-digit number (a Guatemalan DPI/CUI or Honduran DNI written without spaces).
_THIRTEEN_DIGITS = re.compile(r"(?<![\d+])\d{13}(?!\d)")
# What is removed before looking: addresses and phone numbers with their +country code.
_NOT_IDENTITY = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+\d{1,3}[\s().-]*\d(?:[\d\s().-]*\d)?",
    re.IGNORECASE,
)
# Years, year ranges and dates are never identity numbers, whatever precedes them.
_YEAR_OR_DATE = re.compile(
    r"(?:19|20)\d{2}(?:\s*[-–/]\s*(?:19|20)?\d{2})?"
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def find_identity_number(text: str) -> str | None:
    """The first identity-document or passport number in `text`, or None."""
    if not text or _digits(text) < 5:
        return None
    # "pasaporte_G1234567": an underscore separates words too (file names, pasted keys)
    cleaned = _NOT_IDENTITY.sub(" ", text).replace("_", " ")
    for match in _KEYWORD_LED.finditer(cleaned):
        number = match.group("num").strip(" -")
        if _digits(number) >= 5 and not _YEAR_OR_DATE.fullmatch(number):
            return match.group(0).strip()
    for pattern in (_FORMATTED_ID, _CURP, _THIRTEEN_DIGITS):
        found = pattern.search(cleaned)
        if found:
            return found.group(0)
    return None


def _masked(found: str) -> str:
    """What the message shows of the number: enough to find it, not a copy of it."""
    return found if len(found) <= 6 else f"{found[:4]}…"


def refuse_identity_numbers(value: object) -> None:
    """Refuse a text (or the strings of a JSON value, or a file's name) that carries an
    identity-document or passport number (code identity_number)."""
    for text in _strings(value):
        found = find_identity_number(text)
        if found:
            raise ValidationError(
                IDENTITY_NUMBER_REFUSED, code="identity_number", params={"found": _masked(found)}
            )


def _strings(value: object):
    if value is None:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, File) and value.name:  # an upload or a stored file: its name
        yield os.path.basename(value.name)


# Where refuse_identity_numbers runs: on every text field users type in the project's models.
# Attached once at start-up (common.apps) as a validator of those fields, so every write that
# goes through full_clean() refuses it, per field: each service's save (the project's rule is
# "full_clean() before save()"), every ModelForm (its _post_clean), the admin and every DRF
# ModelSerializer (which copies the model field's validators). The field's own `validators`
# argument is left alone, so no migration sees a change.
GUARDED_APPS = (
    "common",
    "members",
    "communications",
    "plans",
    "directories",
    "stats",
    "meetings",
    "monitoring",
    "reports",
    "portal",
)
# Text written by the platform itself, never typed by a user (a job's error trace, keys...).
UNGUARDED_MODELS = {"reports.reportjob"}
# A digest the platform computes (its hex digits can look like a document number).
UNGUARDED_FIELDS = {"password", "username", "sha256"}


def _typed_by_users(field) -> bool:
    from django.db import models

    if not field.editable or field.choices or field.name in UNGUARDED_FIELDS:
        return False
    if isinstance(field, models.EmailField | models.URLField | models.SlugField):
        return False
    typed = models.CharField | models.TextField | models.JSONField | models.FileField
    return isinstance(field, typed)


def guarded_fields() -> list:
    """The model fields refuse_identity_numbers guards (for the tests and the report)."""
    from django.apps import apps

    fields = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in GUARDED_APPS or meta.label_lower in UNGUARDED_MODELS:
            continue
        if hasattr(model, "instance_type"):  # a simple-history row: a copy of a guarded one
            continue
        fields += [field for field in meta.concrete_fields if _typed_by_users(field)]
    return fields


def install_identity_number_guard() -> None:
    """Attach refuse_identity_numbers to every guarded field, and refuse a change reason
    that would keep such a number forever in a history row (simple-history signal)."""
    from simple_history.signals import pre_create_historical_record

    for field in guarded_fields():
        # Field.validators is computed once and already holds what the field added at
        # __init__ (CharField's MaxLengthValidator): append to it, never recompute it. The
        # field's own `validators` argument (what migrations see) stays untouched.
        if refuse_identity_numbers not in field.validators:
            field.validators.append(refuse_identity_numbers)
    pre_create_historical_record.connect(
        _refuse_identity_number_in_change_reason, dispatch_uid="identity_number_change_reason"
    )


def _refuse_identity_number_in_change_reason(sender, history_instance, **kwargs) -> None:
    if history_instance._meta.app_label in GUARDED_APPS:
        refuse_identity_numbers(getattr(history_instance, "history_change_reason", None))
