"""What meetings put in the archive (issue 18; 003 §VIII ST 12: the ST is "depositaria de
los archivos y de las actas"): each meeting document when it is uploaded, and the minutes
when they are approved (their PDF when a report job builds it, reports.services.jobs).
One archive entry per source (communications.services.archive.document_register); the
services call these inside their own transaction, and `backfill` registers what existed
before (`manage.py archive_backfill`).

Access: a document the meeting page hides from observers (meetings.selectors.access: its
own flag or its item's) is RESTRICTED in the archive, the others MEMBERS. The minutes'
archived PDF is the participants' version (restricted items left out, as circulated), so
the minutes are MEMBERS; the restricted parts are read on the minutes page itself.

A meeting document is never deleted by a service; if its row goes (a meeting deleted in
the admin), the archive entry stays as the depositary's record."""

from __future__ import annotations

import mimetypes
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db.models.fields.files import FieldFile

from communications.models import AccessLevel, Document
from communications.services.archive import document_register
from meetings.models import AgendaItem, Meeting, MeetingDocument, Minutes
from meetings.selectors.access import can_see_document
from members.models import Committee, User

__all__ = [
    "archive_item_documents",
    "archive_meeting_document",
    "archive_minutes",
    "backfill",
    "meeting_organ",
    "stored_file",
]


def meeting_organ(meeting: Meeting) -> str:
    """The organ whose meeting it was: the Plenary (ordinary, extraordinary), the Petit
    Comité or a working committee; a technical session has none of its own (blank)."""
    if meeting.kind in Meeting.PLENARY_KINDS:
        return Document.Organ.PLENARY
    if meeting.kind == Meeting.Kind.COMMITTEE and meeting.committee_id:
        if meeting.committee.kind == Committee.Kind.PETIT:
            return Document.Organ.PETIT_COMITE
        return Document.Organ.COMMITTEE
    return ""


@contextmanager
def stored_file(field: FieldFile):
    """The file already in storage, opened for reading from its start, with the type its
    name gives (the register stores a copy: the archive keeps its own versions)."""
    handle = field.storage.open(field.name, "rb")
    try:
        wrapped = File(handle, name=field.name)
        wrapped.content_type = (  # type: ignore[attr-defined]
            mimetypes.guess_type(field.name)[0] or "application/octet-stream"
        )
        yield wrapped
    finally:
        handle.close()


def _document_values(document: MeetingDocument) -> dict:
    meeting = document.meeting
    description = meeting.title
    if document.agenda_item_id:
        item = document.agenda_item
        description = f"{meeting.title} · {item.order}. {item.title}"
    restricted = not can_see_document(None, document)  # hidden from any non-member
    return {
        "title": document.title[:300],
        "kind": Document.Kind.MEETING_DOCUMENT,
        "access": AccessLevel.RESTRICTED if restricted else AccessLevel.MEMBERS,
        "date": meeting.date,
        "language": Document.Language.ES,
        "description": description,
        "organ": meeting_organ(meeting),
        "country": None,
    }


def _minutes_values(minutes: Minutes) -> dict:
    meeting = minutes.meeting
    return {
        "title": f"Acta · {meeting.title}"[:300],
        "kind": Document.Kind.MINUTES,
        "access": AccessLevel.MEMBERS,
        "date": meeting.date,
        "language": Document.Language.ES,  # the narrative and records are written in Spanish
        "description": minutes.narrative,
        "organ": meeting_organ(meeting),
        "country": None,
    }


def _entry(source) -> Document | None:
    return Document.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk
    ).first()


def _same(entry: Document | None, values: dict) -> bool:
    return entry is not None and all(getattr(entry, k) == v for k, v in values.items())


def archive_meeting_document(
    *, document: MeetingDocument, by: User | None, with_file: bool = True
) -> Document:
    """Register (or update) a meeting document's archive entry; with its file (a copy, as
    the archive's version 1) unless `with_file` is False (a change of access only)."""
    values = _document_values(document)
    if not with_file or not document.file:
        return document_register(source=document, by=by, **values)
    with stored_file(document.file) as file:
        return document_register(source=document, by=by, file=file, **values)


def archive_item_documents(*, item: AgendaItem, by: User | None) -> int:
    """An item's restriction changed: its documents' entries follow (no new version)."""
    documents = item.documents.select_related("meeting__committee", "agenda_item")
    for document in documents:
        archive_meeting_document(document=document, by=by, with_file=False)
    return len(documents)


def archive_minutes(*, minutes: Minutes, by: User | None, pdf: FieldFile | None = None) -> Document:
    """Register approved minutes; with `pdf` (a report job's file) as a new version."""
    values = _minutes_values(minutes)
    if pdf is None:
        return document_register(source=minutes, by=by, **values)
    with stored_file(pdf) as file:
        return document_register(source=minutes, by=by, file=file, **values)


def backfill() -> dict[str, int]:
    """Register the meeting documents and approved minutes that existed before the archive.
    Idempotent: an entry whose values are unchanged is not written again, and a file is
    copied only into an entry that has no version yet. The minutes' PDFs are added by the
    reports app's backfill (the report jobs live there)."""
    counts = {"meeting_documents": 0, "minutes": 0}
    documents = MeetingDocument.objects.select_related(
        "meeting__committee", "agenda_item", "uploaded_by"
    ).order_by("pk")
    for document in documents:
        entry = _entry(document)
        has_file = entry is not None and entry.versions.exists()
        if has_file and _same(entry, _document_values(document)):
            continue
        archive_meeting_document(document=document, by=document.uploaded_by, with_file=not has_file)
        counts["meeting_documents"] += 1
    approved = Minutes.objects.filter(state=Minutes.State.APPROVED).select_related(
        "meeting__committee", "approved_by"
    )
    for minutes in approved.order_by("pk"):
        if _same(_entry(minutes), _minutes_values(minutes)):
            continue
        archive_minutes(minutes=minutes, by=minutes.approved_by)
        counts["minutes"] += 1
    return counts
