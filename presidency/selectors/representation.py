"""The representation log, read side (003 §VIII Presidency 5; §VIII Pleno): the list and one
entry, the plenary an entry is reported at, the page's flags, and one refusal function per
action — the services raise it, the page's flags are "no refusal", so a button and its
service agree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting
from meetings.rules import RECORDS_OPEN
from meetings.timezones import zoned
from members.models import Country
from presidency import permissions
from presidency.models import RepresentationDocument, RepresentationEntry

Refusal = ValidationError | None

# Where a plenary reports are presented at: it met (in session now, or closed).
HELD = (Meeting.Status.IN_SESSION, Meeting.Status.CLOSED)

CANNOT_RECORD_REPRESENTATION = _(
    "Only the Presidency, or the Technical Secretariat on its behalf, records a representation "
    "of the Coalition."
)
CANNOT_RECORD_PROMOTION = _(
    "Only the representatives before the Coalition, the Presidency and the Technical "
    "Secretariat record the promotion of the Coalition's work."
)
ENTRY_REPORTED = _(
    "This entry was reported to the plenary: it is part of that meeting's record and no longer "
    "changes."
)
CANNOT_EDIT_ENTRY = _("Only the Presidency, ST or whoever recorded this entry may change it.")
CANNOT_MARK_REPORTED = _(
    "Only the Presidency, or the Technical Secretariat on its behalf, marks an entry reported."
)
ALREADY_REPORTED = _("This entry was already reported to the plenary.")
NOT_A_PLENARY = _("Reports are presented to an ordinary or extraordinary plenary.")
MEETING_NOT_HELD = _("That plenary has not met: it must be in session or closed.")
MEETING_BEFORE_ENTRY = _("That plenary met before this activity began.")
CANNOT_ADD_DOCUMENT = _("Only the Presidency, ST or whoever recorded this entry adds documents.")
CANNOT_REMOVE_DOCUMENT = _(
    "Only the Presidency, ST or whoever recorded this entry removes its documents, while it is "
    "still to report."
)


def _error(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


# --- Refusals (one per action) --------------------------------------------------------------


def record_refusal(*, user, kind: str) -> Refusal:
    """Representation: the Presidency or ST (003 §VIII Presidency 5); promotion: any
    representative too (003 §VIII Pleno)."""
    if kind == RepresentationEntry.Kind.REPRESENTATION:
        if not permissions.can_record_representation(user):
            return _error(CANNOT_RECORD_REPRESENTATION, "cannot_record_representation")
        return None
    if not permissions.can_record_promotion(user):
        return _error(CANNOT_RECORD_PROMOTION, "cannot_record_promotion")
    return None


def edit_refusal(*, user, entry: RepresentationEntry) -> Refusal:
    """Editing, deleting and removing documents: open entries only, by the Presidency, ST or
    the representative who recorded it (presidency.permissions.can_edit_entry)."""
    if entry.status != RepresentationEntry.Status.OPEN:
        return _error(ENTRY_REPORTED, "entry_reported")
    if not permissions.can_edit_entry(user, entry):
        return _error(CANNOT_EDIT_ENTRY, "cannot_edit_entry")
    return None


def document_add_refusal(*, user, entry: RepresentationEntry) -> Refusal:
    """Who may edit the entry adds documents; the Presidency and ST also once it was
    reported (the report presented, the statement read)."""
    if permissions.can_manage(user):
        return None
    if entry.status != RepresentationEntry.Status.OPEN:
        return _error(ENTRY_REPORTED, "entry_reported")
    if not permissions.can_edit_entry(user, entry):
        return _error(CANNOT_ADD_DOCUMENT, "cannot_add_document")
    return None


def document_remove_refusal(*, user, entry: RepresentationEntry) -> Refusal:
    if entry.status != RepresentationEntry.Status.OPEN:
        return _error(ENTRY_REPORTED, "entry_reported")
    if not permissions.can_edit_entry(user, entry):
        return _error(CANNOT_REMOVE_DOCUMENT, "cannot_remove_document")
    return None


def meeting_local_date(meeting: Meeting) -> dt.date:
    """The day a meeting starts, on its venue's clock (meetings.timezones)."""
    return zoned(meeting.starts_at, meeting.time_zone).value.date()


def mark_reported_refusal(*, user, entry: RepresentationEntry, meeting: Meeting | None) -> Refusal:
    """The Presidency or ST marks an open entry reported at an ordinary or extraordinary
    plenary that met (in session or closed) on or after the activity's first day; without
    `meeting`, only the parts that do not depend on it (the page's button)."""
    if not permissions.can_mark_reported(user):
        return _error(CANNOT_MARK_REPORTED, "cannot_mark_reported")
    if entry.status != RepresentationEntry.Status.OPEN:
        return _error(ALREADY_REPORTED, "already_reported")
    if meeting is None:
        return None
    if not meeting.is_plenary:
        return _error(NOT_A_PLENARY, "not_a_plenary")
    if meeting.status not in HELD:
        return _error(MEETING_NOT_HELD, "meeting_not_held")
    if meeting_local_date(meeting) < entry.start_date:
        return _error(MEETING_BEFORE_ENTRY, "meeting_before_entry")
    return None


# --- Reads ----------------------------------------------------------------------------------


def _entries() -> QuerySet[RepresentationEntry]:
    return RepresentationEntry.objects.select_related(
        "person", "country", "agenda_item__meeting", "reported_at", "event", "created_by"
    )


def entry_list(
    user,
    *,
    status: str = "",
    kind: str = "",
    year: int | None = None,
    country: Country | int | None = None,
) -> QuerySet[RepresentationEntry]:
    """The entries a user reads (every signed-in account but partner agencies), newest
    first; filtered by status, kind, the year it began and the country represented."""
    if not permissions.can_read(user):
        return RepresentationEntry.objects.none()
    rows = _entries()
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(start_date__year=year)
    if country:
        rows = rows.filter(country=country)
    return rows


def entry_for(user, pk: int) -> RepresentationEntry:
    """One entry with what its page shows; not found when the user may not read it."""
    if not permissions.can_read(user):
        raise Http404
    try:
        return _entries().get(pk=pk)
    except RepresentationEntry.DoesNotExist as exc:
        raise Http404 from exc


def document_for(user, pk: int) -> RepresentationDocument:
    """A document of an entry the user reads, else not found."""
    if not permissions.can_read(user):
        raise Http404
    try:
        return RepresentationDocument.objects.select_related("entry").get(pk=pk)
    except RepresentationDocument.DoesNotExist as exc:
        raise Http404 from exc


def plenaries_to_report_at(entry: RepresentationEntry) -> QuerySet[Meeting]:
    """The plenaries an entry may be marked reported at (mark_reported_refusal): ordinary or
    extraordinary, in session or closed, starting on or after a day before the activity's
    first (the venue's day is checked by the refusal), latest first."""
    since = dt.datetime.combine(entry.start_date - dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    return Meeting.objects.filter(
        kind__in=Meeting.PLENARY_KINDS, status__in=HELD, starts_at__gte=since
    ).order_by("-starts_at", "-pk")


def report_meeting(entry: RepresentationEntry) -> Meeting | None:
    """Where the entry was reported, or the plenary whose agenda holds its report (None
    while no plenary is scheduled that takes it)."""
    if entry.status == RepresentationEntry.Status.REPORTED:
        return entry.reported_at
    item = entry.agenda_item
    if item is None or item.meeting.status not in RECORDS_OPEN:
        return None
    return item.meeting


@dataclass(frozen=True)
class EntryPage:
    """What the entry's page shows and offers."""

    entry: RepresentationEntry
    can_edit: bool
    can_delete: bool
    can_mark_reported: bool
    can_add_document: bool
    can_remove_document: bool
    is_reported: bool
    # The plenary it was reported at, or whose agenda holds its report.
    meeting: Meeting | None
    # Open, and no plenary scheduled yet takes its report.
    waits_for_plenary: bool


def entry_page(user, entry: RepresentationEntry) -> EntryPage:
    editable = edit_refusal(user=user, entry=entry) is None
    meeting = report_meeting(entry)
    is_reported = entry.status == RepresentationEntry.Status.REPORTED
    return EntryPage(
        entry=entry,
        can_edit=editable,
        can_delete=editable,
        can_mark_reported=mark_reported_refusal(user=user, entry=entry, meeting=None) is None
        and plenaries_to_report_at(entry).exists(),
        can_add_document=document_add_refusal(user=user, entry=entry) is None,
        can_remove_document=document_remove_refusal(user=user, entry=entry) is None,
        is_reported=is_reported,
        meeting=meeting,
        waits_for_plenary=not is_reported and meeting is None,
    )


def can_record(user) -> bool:
    """The list's "record" button: whoever records something (promotion at least)."""
    return permissions.can_record_promotion(user)


def records_representation(user) -> bool:
    """The full form (kind, represented by, country) rather than a representative's own."""
    return permissions.can_record_representation(user)
