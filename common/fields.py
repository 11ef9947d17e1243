"""Model field factories shared by the apps."""

from __future__ import annotations

from django.conf import settings
from django.db import models


def account_field(
    verbose_name: str, *, optional: bool = False, on_delete=models.PROTECT
) -> models.ForeignKey:
    """The account that did something to a row (opened, submitted, registered, validated
    it...). The user's side does not list them (related_name "+")."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=on_delete,
        null=optional,
        blank=optional,
        related_name="+",
        verbose_name=verbose_name,
    )
