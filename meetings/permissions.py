"""Who may do what with meetings (SPEC §1, 003 §VIII). Services call these before writing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.models import User

PRESIDENCY_OR_SECRETARIAT_ONLY = _("Only the Presidency or the Technical Secretariat can do this.")


def can_steer(user: User) -> bool:
    """003 §VIII Presidency 7, 9–11: the Presidency convenes, drafts the agenda and verifies
    the quorum; ST acts on its behalf (ST 5, 9)."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_presidency or user.is_secretariat)
    )


def ensure_can_steer(user: User) -> None:
    if not can_steer(user):
        raise PermissionDenied(PRESIDENCY_OR_SECRETARIAT_ONLY)


def can_see_meetings(user: User) -> bool:
    """Members, observers and the coalition's offices see meetings; partners see public
    records through the API only (SPEC §1)."""
    return bool(user.is_authenticated and user.is_active and user.role != User.Role.PARTNER)
