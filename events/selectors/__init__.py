"""Reads of the events (issue 21), by sub-domain: the events and their participants
(events.py), working groups, documents and outputs (groups.py), plan and budget and the
reports (budget.py). Callers write `from events import selectors`."""

from events.selectors.events import (
    FINISHED,
    EventFlags,
    GridRow,
    ParticipantFlags,
    ParticipantRow,
    Places,
    attendance_grid,
    days_attended,
    earns_certificate,
    event_flags,
    event_for,
    event_list,
    participant_flags,
    participant_rows,
    participants_for,
    places,
)

__all__ = [
    "EventFlags",
    "FINISHED",
    "GridRow",
    "ParticipantFlags",
    "ParticipantRow",
    "Places",
    "attendance_grid",
    "days_attended",
    "earns_certificate",
    "event_flags",
    "event_for",
    "event_list",
    "participant_flags",
    "participant_rows",
    "participants_for",
    "places",
    # groups.py and budget.py add theirs below
]
