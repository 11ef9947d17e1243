"""Labels for the codes stored in the minutes' snapshot, in the reader's language."""

from __future__ import annotations

from django import template

from meetings.models import AgendaItem, Agreement, Attendance, Meeting, Motion, Vote

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
