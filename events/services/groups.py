"""Writes of what an event produces (issue 21; 004): its working groups (members,
facilitator, rapporteur), the matrix each works on (an uploaded file, or a table of columns
and rows kept here), their presentation in plenary; the event's documents (the pre-reading
dossier sent with the invitation) and its outputs, approved at the close and then kept in
the archive (communications.services.archive.document_register).

Rules (each refusal a ValidationError with its code):
- only the Presidency or ST write these (not_organiser); a closed or cancelled event's
  groups, matrices and documents are not changed any more (event_finished); outputs are
  uploaded and approved at the close, so only a cancelled event refuses them
  (event_finished);
- members, facilitator and rapporteur are confirmed participants of this event
  (not_a_participant); the rapporteur is one of the members (rapporteur_not_member); a
  participant may sit in several groups; a group's name is unique in its event
  (group_name_taken, the model's constraint); a group with outputs is not deleted
  (group_has_outputs);
- a matrix is a file or a table, not both (matrix_is_a_file, matrix_is_a_table); a column
  has a heading (column_blank); fewer columns may not drop a written cell (columns_in_use);
  a row has one cell per column (no_columns, cells_mismatch); each row is edited, moved or
  deleted with the version it was read at (stale_version); a row moves within its matrix
  (cannot_move);
- the presentation is recorded at a moment of one of the event's days in its zone
  (presented_outside_event);
- every file is checked by content (common.validators.validate_archive_upload: PDF, images,
  Word, Excel, PowerPoint, OpenDocument; no macros...), its refusal on the `file` field;
- an output's group is one of the event's (group_of_another_event); an output is approved
  once the event is convened and on or after its last day in its zone, or closed
  (not_at_close); an approved output is final (approved_output_final), and goes to the
  archive in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_archive_upload
from common.versions import claim_version
from communications.models import AccessLevel, Document
from communications.services.archive import document_register
from events.models import (
    Event,
    EventDocument,
    EventOutput,
    Participant,
    WorkingGroup,
    WorkingGroupRow,
)
from events.services.base import attribute_to, event_today, locked, refuse, save
from events.services.events import ensure_can_organise, ensure_open
from meetings.services.archiving import stored_file
from members.models import User

EVENT_FINISHED = _("This event is %(status)s: it can no longer be changed.")
NOT_A_PARTICIPANT = _("%(name)s is not a confirmed participant of this event.")
RAPPORTEUR_NOT_MEMBER = _("The rapporteur is one of the group's members.")
GROUP_HAS_OUTPUTS = _("This group has outputs: remove them before removing the group.")
MATRIX_IS_A_FILE = _("This group's matrix is a file: remove the file to keep it as a table.")
MATRIX_IS_A_TABLE = _(
    "This group's matrix is a table with rows: remove them before uploading a file instead."
)
COLUMN_BLANK = _("Each column of the matrix has a heading.")
COLUMNS_IN_USE = _("Column %(number)s has text in its rows: empty it before removing it.")
NO_COLUMNS = _("Give the matrix its columns before adding rows.")
CELLS_MISMATCH = _("A row has one cell per column (%(columns)s); this one has %(cells)s.")
CANNOT_MOVE = _("This row is already the %(end)s one.")
PRESENTED_OUTSIDE_EVENT = _("%(day)s is not a day of the event (%(first)s to %(last)s).")
GROUP_OF_ANOTHER_EVENT = _("This working group belongs to another event.")
NOT_AT_CLOSE = _(
    "Outputs are approved at the close: once the event is convened and on or after its last "
    "day (%(last)s), or once it is closed."
)
APPROVED_OUTPUT_FINAL = _("This output is approved and in the archive: it is not changed.")

# The archive's organ of an event's organiser (the others have none of their own).
ORGAN_OF: dict[str, str] = {
    Event.Organiser.PRESIDENCY: Document.Organ.PRESIDENCY,
    Event.Organiser.SECRETARIAT: Document.Organ.SECRETARIAT,
}
ARCHIVE_KIND_OF: dict[str, str] = {
    EventOutput.Kind.REPORT: Document.Kind.REPORT,
    EventOutput.Kind.SESSION_MINUTES: Document.Kind.REPORT,
    EventOutput.Kind.CONSOLIDATED: Document.Kind.OTHER,
}


def _checked_file(file) -> None:
    """The file's content is one the archive keeps; the refusal on the `file` field."""
    try:
        validate_archive_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error


def _organised_open(user: User, event: Event) -> Event:
    """The event's row locked, for an organiser, while it is neither closed nor cancelled."""
    ensure_can_organise(user)
    event = locked(event)
    ensure_open(event)
    return event


# --- Working groups -------------------------------------------------------------------------


def _ensure_participants(event: Event, people: Iterable[Participant | None]) -> None:
    """Each one (None skipped) is a confirmed participant of `event`."""
    wanted = {p.pk: p for p in people if p is not None}
    confirmed = set(
        Participant.objects.filter(
            event=event, pk__in=wanted, state=Participant.State.CONFIRMED
        ).values_list("pk", flat=True)
    )
    for pk, person in sorted(wanted.items()):
        if pk not in confirmed:
            refuse(NOT_A_PARTICIPANT, "not_a_participant", name=person.full_name)


@transaction.atomic
def group_save(
    *,
    user: User,
    event: Event,
    name: str,
    topic: str = "",
    members: Iterable[Participant] = (),
    facilitator: Participant | None = None,
    rapporteur: Participant | None = None,
    group: WorkingGroup | None = None,
    expected_version: int | None = None,
) -> WorkingGroup:
    """Create a working group of `event`, or change `group`."""
    event = _organised_open(user, event)
    members = list(members)
    _ensure_participants(event, [*members, facilitator, rapporteur])
    if rapporteur is not None and rapporteur.pk not in {m.pk for m in members}:
        refuse(RAPPORTEUR_NOT_MEMBER, "rapporteur_not_member")
    if group is None:
        position = WorkingGroup.objects.filter(event=event).count()
        group = WorkingGroup(event=event, position=position)
    else:
        claim_version(group, expected_version)
    group.name, group.topic = name.strip(), topic.strip()
    group.facilitator, group.rapporteur = facilitator, rapporteur
    save(group, user)
    attribute_to(group, user)
    group.members.set([m.pk for m in members])
    return group


@transaction.atomic
def group_delete(*, user: User, group: WorkingGroup) -> None:
    _organised_open(user, group.event)
    if group.outputs.exists():
        refuse(GROUP_HAS_OUTPUTS, "group_has_outputs")
    attribute_to(group, user)
    group.delete()


# --- The matrix -----------------------------------------------------------------------------


def _locked_group(user: User, group: WorkingGroup) -> WorkingGroup:
    _organised_open(user, group.event)
    return WorkingGroup.objects.select_for_update().get(pk=group.pk)


@transaction.atomic
def matrix_columns_set(
    *, user: User, group: WorkingGroup, columns: list[str], expected_version: int | None
) -> WorkingGroup:
    """The matrix's headings, in order. More columns give the rows empty cells; fewer drop
    only empty ones."""
    group = _locked_group(user, group)
    if group.matrix_file:
        refuse(MATRIX_IS_A_FILE, "matrix_is_a_file")
    columns = [str(c).strip() for c in columns]
    if any(not c for c in columns):
        refuse(COLUMN_BLANK, "column_blank")
    claim_version(group, expected_version)
    rows = list(group.rows.all())
    width = len(columns)
    for row in rows:
        dropped = [i for i, cell in enumerate(row.cells) if i >= width and str(cell).strip()]
        if dropped:
            refuse(COLUMNS_IN_USE, "columns_in_use", number=dropped[0] + 1)
    group.columns = columns
    save(group, user)
    for row in rows:
        cells = [*row.cells[:width], *[""] * (width - len(row.cells))]
        if cells != row.cells:
            row.cells = cells
            save(row, user)
    return group


def _ensure_cells(group: WorkingGroup, cells: list[str]) -> list[str]:
    if not group.columns:
        refuse(NO_COLUMNS, "no_columns")
    if len(cells) != len(group.columns):
        refuse(CELLS_MISMATCH, "cells_mismatch", columns=len(group.columns), cells=len(cells))
    return [str(cell).strip() for cell in cells]


@transaction.atomic
def matrix_row_add(*, user: User, group: WorkingGroup, cells: list[str]) -> WorkingGroupRow:
    """A row at the end of the matrix."""
    group = _locked_group(user, group)
    if group.matrix_file:
        refuse(MATRIX_IS_A_FILE, "matrix_is_a_file")
    cells = _ensure_cells(group, cells)
    last = group.rows.order_by("-position").values_list("position", flat=True).first()
    row = WorkingGroupRow(group=group, cells=cells, position=0 if last is None else last + 1)
    save(row, user)
    return row


def _locked_row(user: User, row: WorkingGroupRow, expected_version: int | None):
    group = _locked_group(user, row.group)
    row = WorkingGroupRow.objects.get(pk=row.pk)
    claim_version(row, expected_version)
    return group, row


@transaction.atomic
def matrix_row_update(
    *, user: User, row: WorkingGroupRow, cells: list[str], expected_version: int | None
) -> WorkingGroupRow:
    group, row = _locked_row(user, row, expected_version)
    row.cells = _ensure_cells(group, cells)
    save(row, user)
    return row


@transaction.atomic
def matrix_row_delete(*, user: User, row: WorkingGroupRow, expected_version: int | None) -> None:
    _group, row = _locked_row(user, row, expected_version)
    attribute_to(row, user)
    row.delete()


@transaction.atomic
def matrix_row_move(
    *, user: User, row: WorkingGroupRow, up: bool, expected_version: int | None
) -> WorkingGroupRow:
    """The row changes places with the one above (`up`) or below it; the positions of the
    matrix are renumbered 0, 1, 2... in the new order."""
    group, row = _locked_row(user, row, expected_version)
    rows = list(group.rows.order_by("position", "pk"))
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(rows):
        refuse(CANNOT_MOVE, "cannot_move", end=_("first") if up else _("last"))
    rows[index], rows[other] = rows[other], rows[index]
    for position, each in enumerate(rows):
        if each.position != position:
            if each.pk != row.pk:
                claim_version(each, None)
            each.position = position
            save(each, user)
    return next(r for r in rows if r.pk == row.pk)


@transaction.atomic
def matrix_file_upload(
    *, user: User, group: WorkingGroup, file, expected_version: int | None
) -> WorkingGroup:
    """The matrix as a file (a Word or Excel matrix, a PDF...), replacing an earlier one."""
    group = _locked_group(user, group)
    if group.rows.exists():
        refuse(MATRIX_IS_A_TABLE, "matrix_is_a_table")
    _checked_file(file)
    claim_version(group, expected_version)
    group.matrix_file = file
    save(group, user)
    return group


@transaction.atomic
def group_presentation_record(
    *,
    user: User,
    group: WorkingGroup,
    presented_at: dt.datetime,
    file=None,
    expected_version: int | None,
) -> WorkingGroup:
    """When the group presented its matrix in plenary, and its slides if any."""
    group = _locked_group(user, group)
    event = group.event
    day = timezone.localtime(presented_at, event.zone).date()
    if not event.starts_on <= day <= event.ends_on:
        refuse(
            PRESENTED_OUTSIDE_EVENT,
            "presented_outside_event",
            day=day,
            first=event.starts_on,
            last=event.ends_on,
        )
    if file is not None:
        _checked_file(file)
    claim_version(group, expected_version)
    group.presented_at = presented_at
    if file is not None:
        group.presentation_file = file
    save(group, user)
    return group


# --- Documents ------------------------------------------------------------------------------


@transaction.atomic
def event_document_upload(
    *, user: User, event: Event, title: str, file, pre_reading: bool = False
) -> EventDocument:
    """A document of the event; `pre_reading`: part of the dossier sent with the
    invitation."""
    event = _organised_open(user, event)
    _checked_file(file)
    document = EventDocument(
        event=event, title=title.strip(), file=file, pre_reading=pre_reading, uploaded_by=user
    )
    save(document, user)
    return document


@transaction.atomic
def event_document_delete(*, user: User, document: EventDocument) -> None:
    _organised_open(user, document.event)
    attribute_to(document, user)
    document.delete()


# --- Outputs --------------------------------------------------------------------------------


def at_close(event: Event) -> bool:
    """Outputs are approved at the close: a convened event on or after its last day in its
    zone, or a closed one."""
    if event.status == Event.Status.CLOSED:
        return True
    return event.status == Event.Status.CONVENED and event_today(event) >= event.ends_on


def _organised_not_cancelled(user: User, event: Event) -> Event:
    ensure_can_organise(user)
    event = locked(event)
    if event.status == Event.Status.CANCELLED:
        refuse(EVENT_FINISHED, "event_finished", status=event.get_status_display())
    return event


def _ensure_draft(output: EventOutput) -> None:
    if output.approved_at is not None:
        refuse(APPROVED_OUTPUT_FINAL, "approved_output_final")


@transaction.atomic
def output_upload(
    *,
    user: User,
    event: Event,
    kind: str,
    title: str,
    file,
    group: WorkingGroup | None = None,
) -> EventOutput:
    """An output of the event (of one of its groups, or of the whole event), as a draft."""
    event = _organised_not_cancelled(user, event)
    if group is not None and group.event_id != event.pk:
        refuse(GROUP_OF_ANOTHER_EVENT, "group_of_another_event")
    _checked_file(file)
    output = EventOutput(
        event=event, group=group, kind=kind, title=title.strip(), file=file, uploaded_by=user
    )
    save(output, user)
    return output


@transaction.atomic
def output_replace(
    *, user: User, output: EventOutput, file, title: str = "", expected_version: int | None
) -> EventOutput:
    """A new file (and title) for a draft output."""
    _organised_not_cancelled(user, output.event)
    output = EventOutput.objects.select_for_update().get(pk=output.pk)
    _ensure_draft(output)
    _checked_file(file)
    claim_version(output, expected_version)
    output.file = file
    if title.strip():
        output.title = title.strip()
    save(output, user)
    return output


@transaction.atomic
def output_delete(*, user: User, output: EventOutput) -> None:
    _organised_not_cancelled(user, output.event)
    output = EventOutput.objects.select_for_update().get(pk=output.pk)
    _ensure_draft(output)
    attribute_to(output, user)
    output.delete()


def _archive_values(output: EventOutput) -> dict:
    event = output.event
    description = f"{event.title} · {output.group.name}" if output.group else event.title
    return {
        "title": output.title,
        "kind": ARCHIVE_KIND_OF.get(output.kind, Document.Kind.OTHER),
        "access": AccessLevel.MEMBERS,
        "date": event.ends_on,
        "language": Document.Language.ES,
        "description": description,
        "organ": ORGAN_OF.get(event.organised_by, ""),
        "country": None,
    }


@transaction.atomic
def output_approve(*, user: User, output: EventOutput, expected_version: int | None) -> Document:
    """The organisers approve an output at the close: it is final, and registered in the
    archive with its file (one entry per output). Returns the archive's entry."""
    event = _organised_not_cancelled(user, output.event)
    output = (
        EventOutput.objects.select_for_update(of=("self",))
        .select_related("group")
        .get(pk=output.pk)
    )
    output.event = event
    _ensure_draft(output)
    if not at_close(event):
        refuse(NOT_AT_CLOSE, "not_at_close", last=event.ends_on)
    claim_version(output, expected_version)
    output.approved_at, output.approved_by = timezone.now(), user
    save(output, user)
    with stored_file(output.file) as file:
        return document_register(source=output, by=user, file=file, **_archive_values(output))
