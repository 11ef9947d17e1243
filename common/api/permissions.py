"""Who may call /api/v1/ (SPEC §1, §7; issue #8).

- Every call needs an active account: a token (partners, national systems) or the browser's
  session. Anonymous calls get 401.
- Reads: every role. Writes: only focal points and the Technical Secretariat; partner tokens
  are read-only. Which report a focal point may write is the services' decision
  (monitoring.permissions.ensure_can_edit_report: their own body's only), so the API cannot
  grant what the web forms refuse.
- Each app adds its own object rules through its services and permissions; this module
  knows no app (docs/architecture.md)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

READ_ONLY_TOKEN = _("This account can only read the API (partner agencies are read-only).")


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
