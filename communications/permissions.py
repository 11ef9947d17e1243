"""Who may do what with comunicados (001 Coordinación 7; 003 §VIII ST 4), written once.

Each `*_refusal` answers "may `user` do this now?" with the refusal itself — a
PermissionDenied or a ValidationError with its code — or None. The services raise it
(`refuse(...)`) before writing; the pages' flags (communications.selectors.communique_page)
are "no refusal", so a button is shown exactly when its service would accept. Pure
functions on loaded rows: no queries."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from communications.models import AccessLevel, Communique, Delivery
from communications.selectors.access import is_member_side
from members.models import User

Refusal = PermissionDenied | ValidationError | None

PRESIDENCY_OR_SECRETARIAT_ONLY = _(
    "Only the Technical Secretariat or the Presidency can draft and send comunicados."
)
ALREADY_SENT = _("This comunicado has been sent: it can no longer change.")
NOT_SENT = _("This comunicado has not been sent yet.")
ALREADY_ACKNOWLEDGED = _("You have already acknowledged receipt of this comunicado.")
NOT_A_RECIPIENT = _("This comunicado was not sent to you.")


def refuse(refusal: Refusal) -> None:
    """Raise the refusal, if any (services call this before writing)."""
    if refusal is not None:
        raise refusal


def can_draft(user: User) -> bool:
    """003 §VIII ST 4 (the ST runs the "sistema de comunicación"), Presidency 1 (it
    represents the coalition): the two offices draft and send comunicados."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_secretariat or user.is_presidency)
    )


def reads_restricted(user: User) -> bool:
    """Restricted records are for the members' side only (SPEC §9): never observers,
    partner agencies or anonymous readers (communications.selectors.access)."""
    return is_member_side(user)


def draft_refusal(*, user: User) -> Refusal:
    if not can_draft(user):
        return PermissionDenied(PRESIDENCY_OR_SECRETARIAT_ONLY)
    return None


def edit_refusal(*, user: User, communique: Communique) -> Refusal:
    """A draft changes until it is sent; a sent comunicado is what its recipients got."""
    if refusal := draft_refusal(user=user):
        return refusal
    if communique.status != Communique.Status.DRAFT:
        return ValidationError(ALREADY_SENT, code="already_sent")
    return None


def send_refusal(*, user: User, communique: Communique) -> Refusal:
    """Sending cannot be undone; whether anyone would receive it is checked by the service
    (no_recipients), as it depends on the registry on the day."""
    return edit_refusal(user=user, communique=communique)


def remind_refusal(*, user: User, communique: Communique) -> Refusal:
    if refusal := draft_refusal(user=user):
        return refusal
    if communique.status != Communique.Status.SENT:
        return ValidationError(NOT_SENT, code="not_sent")
    return None


def acknowledge_refusal(*, user: User, delivery: Delivery | None) -> Refusal:
    """A recipient acknowledges their own copy, once."""
    if delivery is None or not (
        (delivery.user_id and delivery.user_id == user.pk)
        or (delivery.person_id and delivery.person_id == user.person_id)
    ):
        return PermissionDenied(NOT_A_RECIPIENT)
    if delivery.acknowledged_at is not None:
        return ValidationError(ALREADY_ACKNOWLEDGED, code="already_acknowledged")
    return None


def can_read(*, user: User, communique: Communique, delivery: Delivery | None) -> bool:
    """ST and the Presidency read every comunicado (drafts included); a recipient reads a
    sent one addressed to them — a restricted one only from the members' side, even if it
    reached them (someone who became an observer after it was sent)."""
    if can_draft(user):
        return True
    if communique.status != Communique.Status.SENT or delivery is None:
        return False
    if communique.confidentiality == AccessLevel.RESTRICTED and not reads_restricted(user):
        return False
    return bool(user.is_authenticated and user.is_active)
