"""Writes of the events (issue 21): every change to an event, its agenda, its participants and
their attendance goes through these functions, which check the rules and keep history."""

# --- plan and budget (budget.py) ---
from events.services.budget import (
    budget_line_delete,
    budget_line_save,
    commitment_save,
    commitment_set_status,
    expense_delete,
    expense_save,
)
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

# --- working groups, documents, outputs (groups.py) ---
from events.services.groups import (
    event_document_delete,
    event_document_upload,
    group_delete,
    group_presentation_record,
    group_save,
    matrix_columns_set,
    matrix_file_upload,
    matrix_row_add,
    matrix_row_delete,
    matrix_row_move,
    matrix_row_update,
    output_approve,
    output_delete,
    output_replace,
    output_upload,
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
    # plan and budget (budget.py)
    "budget_line_delete",
    "budget_line_save",
    "commitment_save",
    "commitment_set_status",
    "expense_delete",
    "expense_save",
    # working groups, documents, outputs (groups.py)
    "event_document_delete",
    "event_document_upload",
    "group_delete",
    "group_presentation_record",
    "group_save",
    "matrix_columns_set",
    "matrix_file_upload",
    "matrix_row_add",
    "matrix_row_delete",
    "matrix_row_move",
    "matrix_row_update",
    "output_approve",
    "output_delete",
    "output_replace",
    "output_upload",
]
