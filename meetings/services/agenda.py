"""The agenda of a meeting and its documents (003 §VIII Presidency 9: the Presidency drafts
the agenda and submits it for approval at the meeting; once approved it is locked).

Every plenary, ordinary or extraordinary, opens with the verification of the quorum and
the approval of the agenda; an ordinary one also with the reading of the previous minutes
(003 §VIII Presidency 9–11; 001 §4.A.7 asks quorum of "ordinarias o extraordinarias").
These opening items keep their place at the top and are not removed; the other items are
edited, removed and reordered until the agenda is approved."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.validators import validate_document_upload
from common.versions import claim_version
from meetings import rules, selectors
from meetings.models import AgendaItem, Meeting, MeetingDocument
from meetings.services.archiving import archive_item_documents, archive_meeting_document
from members.models import User

# 003 §VIII Presidency 9–11: the opening items. The titles are stored as the sources name
# them (data, in Spanish); pages show the translated `standard` label.
STANDARD_ITEMS = [
    (AgendaItem.Standard.QUORUM, "Verificación del quórum", AgendaItem.Kind.INFORMATION),
    (AgendaItem.Standard.AGENDA, "Aprobación de la agenda", AgendaItem.Kind.DECISION),
    (
        AgendaItem.Standard.MINUTES,
        "Lectura y aprobación del acta anterior",
        AgendaItem.Kind.DECISION,
    ),
]
ITEM_FIELDS = ("title", "kind", "presenter", "duration_minutes", "description", "restricted")


def _lock(meeting: Meeting) -> Meeting:
    """Agenda changes of one meeting run one after the other (orders stay unique)."""
    return Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)


def agenda_opening_items_create(*, meeting: Meeting) -> list[AgendaItem]:
    """The opening items of a new plenary: quorum verification and agenda approval for
    every plenary; for an ordinary one, the reading of the previous plenary's minutes when
    there is one. Called by meeting_create inside its transaction."""
    if not meeting.is_plenary:
        return []
    previous = None
    if meeting.kind == Meeting.Kind.ORDINARY:
        previous = selectors.previous_plenary(before=meeting.starts_at, exclude=meeting.pk)
    items = []
    for code, title, kind in STANDARD_ITEMS:
        if code == AgendaItem.Standard.MINUTES and previous is None:
            continue
        item = AgendaItem(
            meeting=meeting,
            order=len(items) + 1,
            title=title,
            kind=kind,
            standard=code,
            presenter=_("Presidency"),
            minutes_of=previous if code == AgendaItem.Standard.MINUTES else None,
        )
        item.full_clean()
        item.save()
        items.append(item)
    return items


def tell_apps_plenary_changed(meeting: Meeting) -> None:
    """A plenary was created, closed or cancelled: the apps that put items on plenary
    agendas (presidency: the representation reports still to present, the reorientation
    proposals put to the Plenary) place them again — on this new agenda, or on the next one
    when this meeting ended without them. They sit above meetings, so they are asked
    through their AppConfig (`plenary_changed`)."""
    if not meeting.is_plenary:
        return
    for config in apps.get_app_configs():
        contribute = getattr(config, "plenary_changed", None)
        if contribute is not None:
            contribute(meeting)


def agenda_accepts_items(meeting: Meeting) -> bool:
    """A plenary whose agenda still takes items: not approved, meeting not closed nor
    cancelled (the rule of agenda_change_refusal, without the user's part)."""
    return (
        meeting.is_plenary
        and meeting.status in rules.RECORDS_OPEN
        and not meeting.agenda_approved_at
    )


@transaction.atomic
def agenda_item_attach(
    *,
    meeting: Meeting,
    title: str,
    kind: str = AgendaItem.Kind.INFORMATION,
    presenter: str = "",
    description: str = "",
) -> AgendaItem | None:
    """An item another app puts on a plenary's agenda on its own records' behalf (not a
    user's edit: the user's rights were checked by that app's service). At the end of the
    agenda; None when the agenda no longer takes items (agenda_accepts_items)."""
    meeting = _lock(meeting)
    if not agenda_accepts_items(meeting):
        return None
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(
        meeting=meeting,
        order=last + 1,
        title=title[:300],
        kind=kind,
        presenter=presenter[:200],
        description=description,
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_detach(*, item: AgendaItem) -> bool:
    """Takes back an item agenda_item_attach put there (its record was withdrawn or is no
    longer due), while the agenda still takes changes and the item has no motions; the
    items after it move up. False when it stays (agenda approved, meeting over, motions)."""
    try:
        meeting, item, items = _load_item(item)
    except AgendaItem.DoesNotExist:
        return False
    if not agenda_accepts_items(meeting) or item.is_opening or item.motions.exists():
        return False
    documents = list(item.documents.all())
    item.delete()
    for document in documents:
        document.agenda_item = None
        document.save(update_fields=["agenda_item"])
    for row in items:
        if row.order > item.order:
            row.order -= 1
            row.save(update_fields=["order"])
    return True


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
    restricted: bool = False,
) -> AgendaItem:
    """A new item goes at the end of the agenda."""
    meeting = _lock(meeting)
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
        restricted=restricted,
    )
    item.full_clean()
    item.save()
    return item


def _load_item(item: AgendaItem) -> tuple[Meeting, AgendaItem, list[AgendaItem]]:
    """The meeting locked, the stored item and the agenda in order."""
    meeting = _lock(item.meeting)
    items = list(meeting.agenda_items.order_by("order"))
    for row in items:
        row.meeting = meeting
    stored = next((row for row in items if row.pk == item.pk), None)
    if stored is None:
        raise AgendaItem.DoesNotExist
    return meeting, stored, items


@transaction.atomic
def agenda_item_update(
    *, user: User, item: AgendaItem, version: int | None = None, **fields
) -> AgendaItem:
    """Edits an item until the agenda is approved. An opening item keeps its title and
    kind (they are what the sources name); `version` is the one the form was read at."""
    _meeting, item, _items = _load_item(item)
    rules.refuse(rules.agenda_item_edit_refusal(user=user, item=item))
    changes = {name: value for name, value in fields.items() if name in ITEM_FIELDS}
    if item.is_opening and any(
        changes.get(name, getattr(item, name)) != getattr(item, name) for name in ("title", "kind")
    ):
        raise ValidationError(rules.OPENING_ITEM, code="opening_item")
    claim_version(item, version)
    was_restricted = item.restricted
    for name, value in changes.items():
        setattr(item, name, value)
    item.full_clean()
    item._history_user = user
    item.save()
    if item.restricted != was_restricted:  # its documents' access in the archive follows
        archive_item_documents(item=item, by=user)
    return item


@transaction.atomic
def agenda_item_remove(*, user: User, item: AgendaItem) -> None:
    """Removes an item until the agenda is approved (never an opening item nor one with
    motions); the items after it move up one place, so the numbering has no gap. Its
    documents stay with the meeting as general documents."""
    _meeting, item, items = _load_item(item)
    rules.refuse(
        rules.agenda_item_remove_refusal(user=user, item=item, has_motions=item.motions.exists())
    )
    documents = list(item.documents.all())
    item._history_user = user
    item.delete()
    for document in documents:  # now general documents: their archive access follows
        document.agenda_item = None
        archive_meeting_document(document=document, by=user, with_file=False)
    for row in items:  # ascending: each moves into the place just freed
        if row.order > item.order:
            row.order -= 1
            row._history_user = user
            row.save(update_fields=["order"])


@transaction.atomic
def agenda_item_move(*, user: User, item: AgendaItem, direction: str) -> AgendaItem:
    """Swaps an item with the one above ("up") or below ("down"), atomically; the opening
    items keep their place at the top."""
    if direction not in ("up", "down"):
        raise ValidationError(rules.CANNOT_MOVE, code="cannot_move")
    _meeting, item, items = _load_item(item)
    index = items.index(item) + (-1 if direction == "up" else 1)
    neighbour = items[index] if 0 <= index < len(items) else None
    rules.refuse(rules.agenda_item_move_refusal(user=user, item=item, neighbour=neighbour))
    mine, theirs = item.order, neighbour.order
    item.order = max(row.order for row in items) + 1  # a free place: orders are unique
    item.save(update_fields=["order"])
    neighbour.order, item.order = mine, theirs
    for row in (neighbour, item):
        row._history_user = user
        row.save(update_fields=["order"])
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
    restricted: bool = False,
) -> MeetingDocument:
    """A document of the meeting, general or of an item; a document of a restricted item is
    restricted too (observers never see the item)."""
    rules.refuse(rules.document_upload_refusal(user=user, meeting=meeting))
    validate_document_upload(file)
    document = MeetingDocument(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        uploaded_by=user,
        restricted=restricted or bool(agenda_item and agenda_item.restricted),
    )
    document.file = file  # written to storage by save(), after the checks: no orphan file
    document.full_clean()
    document.save()
    archive_meeting_document(document=document, by=user)  # 003 §VIII ST 12: the archive
    return document
