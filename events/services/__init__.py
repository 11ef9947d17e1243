"""Writes of the events (issue 21): every change to an event, its agenda, its participants and
their attendance goes through these functions, which check the rules and keep history."""

from events.services.events import (
    agenda_slot_delete,
    agenda_slot_save,
    event_actor_remove,
    event_actor_save,
    event_cancel,
    event_close,
    event_convene,
    event_create,
    event_update,
)
from events.services.participants import (
    day_sign_in,
    day_sign_out,
    participant_confirm,
    participant_decline,
    participant_register,
    participant_update,
    participant_withdraw,
    self_check_in,
)

# --- working groups, documents, outputs (groups.py) ---
# --- plan and budget (budget.py) ---

__all__ = [
    "agenda_slot_delete",
    "agenda_slot_save",
    "day_sign_in",
    "day_sign_out",
    "event_actor_remove",
    "event_actor_save",
    "event_cancel",
    "event_close",
    "event_convene",
    "event_create",
    "event_update",
    "participant_confirm",
    "participant_decline",
    "participant_register",
    "participant_update",
    "participant_withdraw",
    "self_check_in",
]
