"""What a history page shows for a stored value (issue 25): the label a user chose from, not
its code ("Submitted", not "submitted"), Yes/No for a boolean, a date in the page's language,
"—" for nothing; and the words for created/changed/deleted in the site's languages
(django-simple-history ships no Spanish).

`display_value(model, field_name, value)` and `field_label(model, field_name)` work on any
model (or its historical model); call them while the request's language is active.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

EMPTY = "—"

HISTORY_TYPES = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}


def history_type_label(code: str) -> str:
    """ "+", "~", "-" of a historical record as words of the page's language."""
    return str(HISTORY_TYPES.get(code, code))


def _field(model: Any, field_name: str) -> models.Field | None:
    try:
        return model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None


def field_label(model: Any, field_name: str) -> str:
    """The field's verbose name, capitalised (the name itself when the model has no such field)."""
    field = _field(model, field_name)
    name = getattr(field, "verbose_name", None) or field_name
    return str(capfirst(name))


def format_value(value: Any) -> str:
    """A value without its field: booleans, dates, numbers localized; None/"" as "—"."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dt.time):
        return formats.time_format(value, "TIME_FORMAT")
    if isinstance(value, Decimal | float):
        return formats.number_format(value)
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item) for item in value) or EMPTY
    return str(value)


def display_value(model: Any, field_name: str, value: Any) -> str:
    """The stored `value` of `model.field_name` as users read it: a choice's label (in the
    page's language), Yes/No for a boolean, a localized date or number, "—" for nothing."""
    field = _field(model, field_name)
    if field is not None and value is not None and value != "":
        choices = dict(field.flatchoices) if field.choices else {}
        if choices:
            if isinstance(value, list | tuple):
                return ", ".join(str(choices.get(v, v)) for v in value) or EMPTY
            label = choices.get(value)
            if label is None and isinstance(value, str | int):
                # A stored code of another type than the choices' keys (e.g. "1" for 1).
                label = {str(k): v for k, v in choices.items()}.get(str(value))
            if label is not None:
                return str(label)
        if isinstance(field, models.BooleanField) and not isinstance(value, bool):
            return format_value(bool(value))
    return format_value(value)


def displayed_changes(model: Any, changes: Any) -> list[tuple[str, str, str]]:
    """simple-history's `diff_against(...).changes` as (label, old, new) rows to show."""
    return [
        (
            field_label(model, change.field),
            display_value(model, change.field, change.old),
            display_value(model, change.field, change.new),
        )
        for change in changes
    ]
