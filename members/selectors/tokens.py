"""The API tokens ST issued (issue #8)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from members.models import API_ACCOUNT_PREFIX, User


class TokenState:
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"
    LABELS = {ACTIVE: _("Active"), EXPIRED: _("Expired"), REVOKED: _("Revoked")}


def api_token_list() -> QuerySet[User]:
    """The token accounts, newest first, each with `tokens` (0 or 1 knox token) — two
    queries whatever their number. `token_state(account)` says active, expired or revoked."""
    return (
        User.objects.filter(username__startswith=API_ACCOUNT_PREFIX)
        .select_related("national_body__country", "observer_organisation")
        .prefetch_related(
            Prefetch(
                "auth_token_set", queryset=AuthToken.objects.order_by("-created"), to_attr="tokens"
            )
        )
        .order_by("-date_joined")
    )


def token_state(account: User, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if not account.is_active:
        return TokenState.REVOKED
    live = [t for t in account.tokens if t.expiry is None or t.expiry > now]
    return TokenState.ACTIVE if live else TokenState.EXPIRED
