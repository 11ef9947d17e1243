"""What the Presidency's services share: saving with history, refusing with a code."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import ValidationError

from members.services.base import clean_and_save


def save(obj, user, *, reason: str = "") -> None:
    """Validate and save, the history recording who did it (and why, if given)."""
    clean_and_save(obj, user, reason=reason)


def attribute_to(obj, user) -> None:
    """simple_history records `user` as who changed or deleted `obj`."""
    obj._history_user = user  # type: ignore[attr-defined]


def refuse(message, code: str, **params) -> NoReturn:
    raise ValidationError(message, code=code, params=params or None)
