"""The agenda of a meeting and its documents (003 §VIII Presidency 9: the Presidency drafts
the agenda and submits it for approval at the meeting; once approved it is locked)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from common.validators import validate_document_upload
from meetings import rules
from meetings.models import AgendaItem, Meeting, MeetingDocument
from members.models import User


@transaction.atomic
def agenda_item_create(
    *,
    user: User,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.DISCUSSION,
    presenter: str = "",
    duration_minutes: int | None = None,
    description: str = "",
    minutes_of: Meeting | None = None,
) -> AgendaItem:
    rules.refuse(rules.agenda_change_refusal(user=user, meeting=meeting))
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(
        meeting=meeting,
        order=last + 1,
        title=title,
        kind=kind,
        presenter=presenter,
        duration_minutes=duration_minutes,
        description=description,
        minutes_of=minutes_of,
        standard=AgendaItem.Standard.MINUTES if minutes_of else "",
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_approve(*, user: User, meeting: Meeting) -> Meeting:
    """003 §VIII Presidency 9: the agenda is submitted for approval at the meeting."""
    rules.refuse(rules.agenda_approval_refusal(user=user, meeting=meeting))
    meeting.agenda_approved_at = timezone.now()
    meeting.save(update_fields=["agenda_approved_at"])
    return meeting


@transaction.atomic
def document_upload(
    *,
    user: User,
    meeting: Meeting,
    title: str,
    file: UploadedFile,
    agenda_item: AgendaItem | None = None,
) -> MeetingDocument:
    rules.refuse(rules.document_upload_refusal(user=user, meeting=meeting))
    validate_document_upload(file)
    document = MeetingDocument(
        meeting=meeting, agenda_item=agenda_item, title=title, uploaded_by=user
    )
    document.file = file  # written to storage by save(), after the checks: no orphan file
    document.full_clean()
    document.save()
    return document
