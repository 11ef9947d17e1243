"""Pages of the events app (issue 21), by sub-domain: the events (list, form, page, status,
agenda, actors), their participants (registration, confirmation, withdrawal, registration
desk) and attendance (the public self check-in, the certificate of participation).
Views translate HTTP to service and selector calls; the rules live in events.services,
events.selectors and events.permissions. Every view is re-exported here for events.urls."""

from events.views.attendance import certificate, check_in
from events.views.events import (
    actor_add,
    actor_edit,
    actor_remove,
    agenda_slot_create,
    agenda_slot_delete,
    agenda_slot_edit,
    event_cancel,
    event_close,
    event_convene,
    event_create,
    event_detail,
    event_edit,
    event_list,
)
from events.views.participants import (
    desk,
    desk_sign_in,
    desk_sign_out,
    participant_action,
    participant_edit,
    participant_register,
)

__all__ = [
    "actor_add",
    "actor_edit",
    "actor_remove",
    "agenda_slot_create",
    "agenda_slot_delete",
    "agenda_slot_edit",
    "certificate",
    "check_in",
    "desk",
    "desk_sign_in",
    "desk_sign_out",
    "event_cancel",
    "event_close",
    "event_convene",
    "event_create",
    "event_detail",
    "event_edit",
    "event_list",
    "participant_action",
    "participant_edit",
    "participant_register",
]
