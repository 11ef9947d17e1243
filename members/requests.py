"""The request of a page behind login: its user is a platform account (members.User), never
AnonymousUser. Views that require login annotate `request: AuthenticatedRequest` so that
what they pass to services type-checks as the account it is."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from members.models import User


class AuthenticatedRequest(HttpRequest):
    user: User  # narrowed: login_required lets only accounts in
    htmx: HtmxDetails  # django_htmx's middleware sets it on every request
