"""Who may request and download the PDFs of monitoring/reports (issue #7)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.models import User

REPORTS_ST_OR_PRESIDENCY = _(
    "Only the Technical Secretariat and the Presidency can request and download these reports."
)


def can_use_reports(user: User) -> bool:
    """The accountability report is rendered by the Technical Secretariat and the Presidency
    at the end of their term (003 §VIII Presidency 12, ST 13; §IX); both request it and keep
    the archive of issued reports. Nobody else reads the archive before it is published."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_secretariat or user.is_presidency)
    )


def ensure_can_use_reports(user: User) -> None:
    if not can_use_reports(user):
        raise PermissionDenied(REPORTS_ST_OR_PRESIDENCY)
