"""Labels for the codes stored in the minutes' snapshot, in the reader's language, and the
label and badge of the status an agreement reads as (overdue derived:
meetings.selectors.agreements)."""

from __future__ import annotations

from django import template

from meetings.models import AgendaItem, Agreement, Attendance, Meeting, Motion, Vote
from meetings.selectors.agreements import STATUS_BADGE, status_label

register = template.Library()

CHOICES = {
    "capacity": Attendance.Capacity,
    "choice": Vote.Choice,
    "method": Motion.Method,
    "rule": Motion.MajorityRule,
    "outcome": Motion.Outcome,
    "state": Motion.State,
    "meeting_kind": Meeting.Kind,
    "modality": Meeting.Modality,
    "item_kind": AgendaItem.Kind,
    "organ": Agreement.Organ,
    "agreement_status": Agreement.Status,
}


@register.filter
def choice_label(value: str, kind: str) -> str:
    choices = CHOICES.get(kind)
    if choices is None or not value:
        return value
    return str(dict(choices.choices).get(value, value))


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key) if mapping else None


@register.filter
def agreement_status(status: str) -> str:
    """The label of an agreement's `current_status`."""
    return status_label(status)


@register.filter
def agreement_badge(status: str) -> str:
    """The Bootstrap colour of an agreement's `current_status` badge."""
    return STATUS_BADGE.get(status, "secondary")
