"""Throttling of /api/v1/ (issue #8): per token for token calls (each token is its own
account, members.services), per account for browser sessions, per IP for anonymous
calls. Rates come from settings (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], read from the
environment) and are read at each call, so a deployment or a test can change them.

The counters live in Django's default cache: per process with the embedded default
(LocMemCache); a deployment with several workers shares them by configuring a Redis cache.
When that cache cannot be reached the API keeps answering: throttling degrades (the request
is let through and a warning logged), it does not fail."""

from __future__ import annotations

import logging

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # the cache backend's own errors (redis, memcached) vary
            logger.warning("API throttling skipped: the cache cannot be reached", exc_info=True)
            return True


class TokenRateThrottle(_SettingsRate):
    scope = "token"

    def get_cache_key(self, request, view) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        token_key = getattr(request.auth, "token_key", None)
        ident = f"token-{token_key}" if token_key else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonIPThrottle(_SettingsRate):
    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
