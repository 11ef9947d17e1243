"""Token authentication of /api/v1/: django-rest-knox (hashed, expiring tokens), minus one
query per call. Knox sweeps the user's *other* expired tokens at every call; here each
token has an account of its own (members.services), so there are none to sweep. The
token itself is still refused — and deleted — once expired."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox import auth
from knox.signals import token_expired


class TokenAuthentication(auth.TokenAuthentication):
    def _cleanup_token(self, auth_token) -> bool:
        if auth_token.expiry is not None and auth_token.expiry < timezone.now():
            username = auth_token.user.get_username()
            auth_token.delete()
            token_expired.send(sender=self.__class__, username=username, source="auth_token")
            return True
        return False


class TokenScheme(KnoxTokenScheme):
    """OpenAPI: `Authorization: Token <token>`."""

    target_class = "common.api.auth.TokenAuthentication"
