"""Optimistic concurrency for the records several people edit through a form (a committee,
an office's term, an agenda item, the minutes' narrative): the form carries the `version`
it was read at, and a save from a stale form is refused instead of overwriting someone
else's change — the check monitoring.services.locks makes for progress reports. The model
only needs a `version` integer field; the services call claim_version."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

STALE_VERSION = _(
    "Someone saved this record after you opened it (it is now at version %(current)s; you "
    "started from version %(expected)s). Nothing of yours was saved: reload the page, look at "
    "their change in the history and make yours again."
)


def claim_version(obj: Model, expected: int | None) -> None:
    """One conditional UPDATE moves `obj`'s version forward only if it is still `expected`;
    concurrent saves serialise on the row, so the second is refused (code stale_version,
    params current and expected). Called inside the service's transaction, so a save
    refused later (a broken rule) gives the version back. `expected` None claims without a
    check (a caller that holds the row lock). On success `obj.version` is the new one."""
    manager = type(obj)._default_manager
    rows = manager.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if not rows.update(version=F("version") + 1):
        current = manager.values_list("version", flat=True).get(pk=obj.pk)
        raise ValidationError(
            STALE_VERSION,
            code="stale_version",
            params={"current": current, "expected": expected},
        )
    obj.version = manager.values_list("version", flat=True).get(pk=obj.pk)


# --- What a page shows of the refusal ------------------------------------------------


def with_history_link(save: Callable[[], Any], record: Model) -> Callable[[], Any]:
    """`save` (a service call) whose refusal of a stale form (code stale_version,
    common.versions) comes back with a link to the record's history, where the editor sees
    the change that came first. Any other refusal passes through unchanged."""

    def call():
        try:
            return save()
        except ValidationError as error:
            linked = history_linked(error, record)
            if linked is error:
                raise
            raise linked from error

    return call


def history_linked(error: ValidationError, record: Model) -> ValidationError:
    """A stale_version refusal with a link to the record's history, where the editor sees
    the change that came first; any other refusal as it is."""
    if getattr(error, "code", None) == "stale_version":
        return stale_version_refusal(error, record)
    return error


def stale_version_refusal(error: ValidationError, record: Model) -> ValidationError:
    """The stale_version refusal, its message followed by a link to the record's history."""
    meta = record._meta
    url = reverse("history-detail", args=[meta.app_label, meta.model_name, record.pk])
    message = format_html(
        '{} <a href="{}">{}</a>', " ".join(error.messages), url, _("See the record's history.")
    )
    return ValidationError(message, code="stale_version")
