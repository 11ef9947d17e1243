"""Writes of the archive (issue 18; 003 §VIII ST 12: the ST is "depositaria de los archivos y
de las actas").

- `document_upload`: a person uploads a file (ST's historical documents; ST or the Presidency
  for a comunicado's attachment): checked by content (common.validators.
  validate_archive_upload: type, size, macros, archives in disguise, zip bombs), stored as
  version 1, its text extracted for search.
- `document_register`: another app registers what it produced (a meeting document, minutes,
  a report PDF...) — one archive entry per source, updated when called again; a file given
  becomes a new version when it differs from the current one.
- `document_version_add` (ST): a new version of a document; `document_update` (ST): its
  metadata, with the version check of shared records (common.versions.claim_version).

Nothing is stored half-way: every check runs before the file is written, the writes run in
one transaction and a file already written is deleted again when a later step fails."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from common.validators import archive_mime_type, validate_archive_upload
from common.versions import claim_version
from communications.models import AccessLevel, Document, DocumentVersion
from communications.search import search_text_of
from communications.selectors.archive import can_manage_archive
from communications.text_extraction import extract_text
from members.models import Country, User

ARCHIVE_ST_ONLY = _("Only the Technical Secretariat keeps the archive.")
EDITABLE_FIELDS = (
    "title",
    "description",
    "kind",
    "date",
    "organ",
    "country",
    "language",
    "access",
    "reference",
)


def ensure_can_upload(user: User | None, kind: str) -> None:
    """ST uploads to the archive; the Presidency too for a comunicado's attachment (it
    drafts comunicados: 001 Coordinación 7)."""
    if can_manage_archive(user):
        return
    if (
        kind == Document.Kind.COMMUNIQUE_ATTACHMENT
        and user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_presidency
    ):
        return
    raise PermissionDenied(ARCHIVE_ST_ONLY)


def ensure_can_manage(user: User | None) -> None:
    if not can_manage_archive(user):
        raise PermissionDenied(ARCHIVE_ST_ONLY)


def _checked(file, *, check_name: bool = True) -> str:
    try:
        return validate_archive_upload(file, check_name=check_name)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error


def _refresh_search_text(document: Document, text: str | None = None) -> None:
    if text is None:
        current = document.versions.order_by("-number").only("extracted_text").first()
        text = current.extracted_text if current else ""
    document.search_text = search_text_of(
        title=document.title, description=document.description, text=text
    )
    Document.objects.filter(pk=document.pk).update(search_text=document.search_text)


def _add_version(
    *, document: Document, file, by: User | None, kind: str, note: str = ""
) -> DocumentVersion:
    """Store `file` (already checked: its type label is `kind`) as the next version."""
    Document.objects.select_for_update().filter(pk=document.pk).first()  # one number at a time
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    for chunk in file.chunks() if hasattr(file, "chunks") else iter(lambda: file.read(65536), b""):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    text = extract_text(file, kind)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=(file.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:255],
        mime_type=archive_mime_type(kind),
        size=size,
        sha256=digest.hexdigest(),
        extracted_text=text,
        uploaded_by=by,
        note=note,
    )
    version.full_clean(exclude=["file"])
    version.file.save(version.original_name, file, save=False)
    try:
        version.save()
        _refresh_search_text(document, text)
    except BaseException:
        version.file.storage.delete(version.file.name)  # nothing stored half-way
        raise
    return version


@transaction.atomic
def document_upload(
    *,
    by: User,
    file: UploadedFile,
    title: str,
    kind: str,
    access: str = AccessLevel.MEMBERS,
    language: str = Document.Language.ES,
    date: dt.date | None = None,
    description: str = "",
    organ: str = "",
    country: Country | None = None,
    source: models.Model | None = None,
    reference: str = "",
) -> Document:
    """A file uploaded by a person becomes a document (version 1). Checks first, writes
    after: a refused file leaves nothing behind."""
    ensure_can_upload(by, kind)
    file_kind = _checked(file)
    document = Document(
        title=title,
        description=description,
        kind=kind,
        access=access,
        language=language,
        date=date,
        year=date.year if date else None,
        organ=organ,
        country=country,
        source=source,
        reference=reference,
        created_by=by,
    )
    document.full_clean()
    document.save()
    _add_version(document=document, file=file, by=by, kind=file_kind)
    return document


@transaction.atomic
def document_register(
    *,
    source: models.Model,
    title: str,
    kind: str,
    access: str,
    file=None,
    date: dt.date | None = None,
    language: str = Document.Language.ES,
    description: str = "",
    organ: str = "",
    country: Country | None = None,
    by: User | None = None,
) -> Document:
    """What another app produced, registered once per source (updated when registered
    again). A file given is checked by content (its name is the platform's own) and becomes
    a new version unless it is the current one already."""
    file_kind = _checked(file, check_name=False) if file is not None else None
    fields = {
        "title": title[:300],
        "kind": kind,
        "access": access,
        "date": date,
        "year": date.year if date else None,
        "language": language,
        "description": description,
        "organ": organ,
        "country": country,
    }
    source_type = ContentType.objects.get_for_model(source)
    document = (
        Document.objects.select_for_update()
        .filter(source_type=source_type, source_id=source.pk)
        .first()
    )
    if document is None:
        document = Document(source_type=source_type, source_id=source.pk, created_by=by)
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean(validate_constraints=False)
    document.save()
    if file is not None:
        digest = hashlib.sha256()
        file.seek(0)
        for chunk in iter(lambda: file.read(65536), b""):
            digest.update(chunk)
        file.seek(0)
        current = document.versions.order_by("-number").first()
        if current is None or current.sha256 != digest.hexdigest():
            _add_version(document=document, file=file, by=by, kind=file_kind)
            return document
    _refresh_search_text(document)
    return document


@transaction.atomic
def document_version_add(
    *, by: User, document: Document, file: UploadedFile, note: str = ""
) -> DocumentVersion:
    """ST adds a new version of a document (the earlier ones stay readable)."""
    ensure_can_manage(by)
    file_kind = _checked(file)
    return _add_version(document=document, file=file, by=by, kind=file_kind, note=note)


@transaction.atomic
def document_update(
    *, by: User, document: Document, expected_version: int | None, **fields
) -> Document:
    """ST edits a document's metadata; a save from a stale form is refused
    (stale_version)."""
    ensure_can_manage(by)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    claim_version(document, expected_version)
    for name, value in fields.items():
        setattr(document, name, value)
    if "date" in fields:
        document.year = document.date.year if document.date else None
    document.full_clean()
    document.save()
    _refresh_search_text(document)
    return document
