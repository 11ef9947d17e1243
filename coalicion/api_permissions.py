"""Who may call /api/v1/ (SPEC §1, §7; issue #8).

- Every call needs an active account: a token (partners, national systems) or the browser's
  session. Anonymous calls get 401.
- Reads: every role. Writes: only focal points and the Technical Secretariat; partner tokens
  are read-only. Which report a focal point may write is the services' decision
  (monitoring.permissions.ensure_can_edit_report: their own body's only), so the API cannot
  grant what the web forms refuse.
- The monitoring endpoints that show reports themselves (not the published aggregates) are
  for the coalition's members, as in the web (monitoring.permissions.can_use_monitoring)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from members.models import User

READ_ONLY_TOKEN = _("This account can only read the API (partner agencies are read-only).")
MEMBERS_ONLY = _("Progress reports are for the coalition's members; partners read the aggregates.")


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class ApiAccess(BasePermission):
    message = READ_ONLY_TOKEN

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not _active(user):
            return False
        if request.method in SAFE_METHODS:
            return True
        return user.is_focal_point or user.is_secretariat


class CoalitionMembersOnly(BasePermission):
    """Partners read the published aggregates, not the reports (SPEC §7)."""

    message = MEMBERS_ONLY

    def has_permission(self, request, view) -> bool:
        user = request.user
        return _active(user) and user.role != User.Role.PARTNER
