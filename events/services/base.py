"""What the events' services share: saving with history, refusing with a code."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Event
from members.services.base import clean_and_save


def save(obj, user) -> None:
    """Validate and save, the history recording who did it."""
    clean_and_save(obj, user)


def attribute_to(obj, user) -> None:
    """simple_history records `user` as who changed or deleted `obj`."""
    obj._history_user = user  # type: ignore[attr-defined]


def refuse(message, code: str, **params) -> NoReturn:
    raise ValidationError(message, code=code, params=params or None)


def locked(event: Event) -> Event:
    """The event's row, locked until the transaction ends: registrations against one quota
    and the event's moves are taken one at a time."""
    return Event.objects.select_for_update().get(pk=event.pk)


def event_today(event: Event):
    """Today where the event is held (its venue's zone, SPEC §9)."""
    return timezone.localtime(timezone.now(), event.zone).date()
