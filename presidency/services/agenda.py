"""The representation reports on the plenaries' agendas (003 §VIII Presidency 5: the
Presidency "deberá rendir informe al respecto, en la siguiente reunión de la Coalición
Regional").

Each open representation entry is an item "Informe de representación" on the agenda of the
next plenary: the first ordinary or extraordinary plenary starting after the entry's last
day whose agenda still takes items (meetings.services.agenda_accepts_items). The item is
placed when the entry is recorded (or the plenary created), moved when the entry's dates
change, and placed again on the following plenary when the meeting ended (closed or
cancelled) without the entry being marked reported. A reported or deleted entry leaves the
agendas that still take changes."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from meetings import services as meeting_services
from meetings.models import Meeting
from presidency.models import RepresentationEntry
from presidency.selectors.agenda import next_plenary_for

# The title of the item on the agenda (data on a plenary's agenda, in the Coalition's
# working language, like the opening items the sources name).
ITEM_TITLE = "Informe de representación: %(event)s"


def _item_text(entry: RepresentationEntry) -> tuple[str, str, str]:
    with override("es"):
        when = date_format(entry.start_date, "SHORT_DATE_FORMAT")
        if entry.end_date != entry.start_date:
            when += " – " + date_format(entry.end_date, "SHORT_DATE_FORMAT")
        description = "\n".join(
            part
            for part in (
                f"{entry.get_kind_display()} · {entry.place} · {when}",
                f"{entry.get_represented_by_display()}: {entry.who}",
                entry.outcomes,
            )
            if part
        )
        presenter = _("Presidency") if entry.represented_by != "representative" else entry.who
    return ITEM_TITLE % {"event": entry.event_name}, description, str(presenter)


def _meeting_ended(meeting: Meeting) -> bool:
    return meeting.status in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED)


def entry_agenda_sync(entry: RepresentationEntry) -> None:
    """Puts the entry where it belongs: on the next plenary while open, off the agendas
    that still take changes once reported."""
    item = entry.agenda_item
    if entry.status != RepresentationEntry.Status.OPEN:
        if (
            item is not None
            and item.meeting_id != entry.reported_at_id
            and meeting_services.agenda_item_detach(item=item)
        ):
            _set_item(entry, None)
        return
    if item is not None:
        meeting = item.meeting
        if not _meeting_ended(meeting) and not meeting_services.agenda_accepts_items(meeting):
            return  # on an agenda approved for a meeting not over yet: presented there
        if meeting.status == Meeting.Status.IN_SESSION:
            # In session, its agenda not approved yet (it is approved at the meeting): the
            # report is presented there, though the meeting began before now and so is no
            # longer "the next plenary".
            _refresh_item(entry)
            return
        target = next_plenary_for(entry)
        if not _meeting_ended(meeting):
            if target is not None and target.pk == meeting.pk:
                _refresh_item(entry)
                return
            if not meeting_services.agenda_item_detach(item=item):
                return  # it has motions: it stays where it was discussed
            _set_item(entry, None)
    else:
        target = next_plenary_for(entry)
    if target is None:  # no plenary scheduled yet: placed when one is created
        return
    title, description, presenter = _item_text(entry)
    new = meeting_services.agenda_item_attach(
        meeting=target, title=title, description=description, presenter=presenter
    )
    if new is not None:
        _set_item(entry, new)


def entry_agenda_remove(entry: RepresentationEntry) -> None:
    """Before an entry is deleted: its item leaves an agenda that still takes changes."""
    if entry.agenda_item is not None:
        meeting_services.agenda_item_detach(item=entry.agenda_item)


def _refresh_item(entry: RepresentationEntry) -> None:
    """The item's text follows the entry's while the agenda takes changes."""
    item = entry.agenda_item
    if item is None:
        return
    title, description, presenter = _item_text(entry)
    if (item.title, item.description, item.presenter) != (
        title[:300],
        description,
        presenter[:200],
    ):
        item.title, item.description, item.presenter = title[:300], description, presenter[:200]
        item.save(update_fields=["title", "description", "presenter"])


def _set_item(entry: RepresentationEntry, item) -> None:
    if entry.agenda_item_id == (item.pk if item else None):
        return
    entry.agenda_item = item
    entry.save(update_fields=["agenda_item"])


def plenary_changed(*, meeting: Meeting) -> None:
    """A plenary was created, closed or cancelled: every open entry finds its place again
    (meetings.services.agenda.tell_apps_plenary_changed)."""
    entries = RepresentationEntry.objects.filter(
        status=RepresentationEntry.Status.OPEN
    ).select_related("agenda_item__meeting", "person")
    for entry in entries:
        entry_agenda_sync(entry)
