"""Who may do what with the Presidency's records (issue 22). The Presidency manages them,
with the Technical Secretariat that supports it (003 §VIII Presidency 3–5, ST); every
representative before the Coalition records the promotion activities they took part in (003
§VIII Pleno); each member country's focal point keeps that country's checklist of the
Lineamientos and ST reviews it. Observers read what the members' side reads except the
cooperation's amounts; partner agencies read none of it (SPEC §1)."""

from __future__ import annotations

from members.models import User
from members.permissions import focal_point_country_id


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def own_checklist_iso(user) -> str:
    """The ISO code of the country whose checklist a focal point keeps ("" for others)."""
    if focal_point_country_id(user) is None:
        return ""
    return user.national_body.country.iso_code


def can_manage(user) -> bool:
    """The Presidency and ST: representation, cooperation, admissions, proposals."""
    return _active(user) and (user.is_presidency or user.is_secretariat)


def can_read(user) -> bool:
    """The pages of the Presidency's work: every signed-in account but partner agencies."""
    return _active(user) and user.role != User.Role.PARTNER


def is_representative(user) -> bool:
    """A representative before the Coalition (a focal point or a delegate of a body)."""
    return _active(user) and (user.is_focal_point or user.role == User.Role.DELEGATE)


# --- Representation -------------------------------------------------------------------------


def can_record_representation(user) -> bool:
    """Representation of the Coalition: the Presidency (or ST for it) records it."""
    return can_manage(user)


def can_record_promotion(user) -> bool:
    """Promotion of the Coalition's work: any representative, the Presidency and ST."""
    return can_manage(user) or is_representative(user)


def can_edit_entry(user, entry) -> bool:
    """The Presidency and ST edit any open entry; a representative the open entries they
    recorded. A reported entry is part of a plenary's record: nobody edits it."""
    if entry.status != entry.Status.OPEN:
        return False
    return can_manage(user) or (is_representative(user) and entry.created_by_id == user.pk)


def can_mark_reported(user) -> bool:
    return can_manage(user)


# --- Cooperation ----------------------------------------------------------------------------


def can_manage_cooperation(user) -> bool:
    return can_manage(user)


def can_read_cooperation(user) -> bool:
    """Amounts and partners' commitments: the members' side (ST, the Presidency, focal
    points, delegates), not observers nor partner agencies."""
    return _active(user) and (can_manage(user) or is_representative(user))


# --- Admission ------------------------------------------------------------------------------


def can_manage_admissions(user) -> bool:
    return can_manage(user)


# --- Lineamientos ---------------------------------------------------------------------------


def can_update_checklist(user, country_id: int | None) -> bool:
    """Only that country's focal points update its checklist (not ST, which reviews it)."""
    own = focal_point_country_id(user)
    return own is not None and own == country_id


def can_read_checklist(user, country_id: int | None) -> bool:
    """A country's checklist: ST, the Presidency, and that country's own focal points and
    delegates. Another country's focal point is refused (404)."""
    if can_manage(user):
        return True
    if not is_representative(user):
        return False
    body = user.national_body
    return body is not None and body.country_id == country_id


def can_review_checklist(user) -> bool:
    return _active(user) and user.is_secretariat


def can_read_regional_view(user) -> bool:
    """The regional view by guideline (countries' statuses side by side): the members'
    side (ST, the Presidency, focal points, delegates)."""
    return can_manage(user) or is_representative(user)


def can_propose_reorientation(user) -> bool:
    return can_manage(user)
