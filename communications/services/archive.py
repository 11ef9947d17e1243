"""Writes of the archive (issue 18). STUB written by the lead so other modules can call the
two entry points while the archive is built; the archive's owner replaces the internals and
keeps the signatures:

- `document_upload`: a person uploads a file (ST's historical documents, a comunicado's
  attachment): checked (type by content, size, macros...), stored as version 1.
- `document_register`: another app registers what it produced (a meeting document, minutes,
  a report PDF...) — one archive entry per source, updated when called again.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction

from communications.models import AccessLevel, Document, DocumentVersion
from members.models import Country, User


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
) -> Document:
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
        created_by=by,
    )
    document.full_clean()
    document.save()
    _add_version(document=document, file=file, by=by)
    return document


def _add_version(*, document: Document, file, by: User | None, note: str = "") -> DocumentVersion:
    content = file.read()
    file.seek(0)
    version = DocumentVersion(
        document=document,
        number=document.versions.count() + 1,
        original_name=file.name.rsplit("/", 1)[-1][:255],
        mime_type=getattr(file, "content_type", "") or "application/octet-stream",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=by,
        note=note,
    )
    version.file.save(version.original_name, file, save=False)
    version.save()
    return version


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
    from django.contrib.contenttypes.models import ContentType

    document, _ = Document.objects.update_or_create(
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        defaults={
            "title": title[:300],
            "kind": kind,
            "access": access,
            "date": date,
            "year": date.year if date else None,
            "language": language,
            "description": description,
            "organ": organ,
            "country": country,
        },
    )
    if file is not None:
        _add_version(document=document, file=file, by=by)
    return document
