"""Agreements the Plenary made public (001 Coordinación 6; 003 §VIII ST 2: ST keeps the
coalition's web pages and publishes what the Plenary decided to make public).

Which agreements may be made public is one rule, read here and raised by
meetings.services.publicity: an adopted agreement (not cancelled; from an adopted motion
when it has one) that an anonymous reader could see — an agreement taken on a restricted
agenda item never can (meetings.selectors.access). `public_agreements` is the one list the
public pages read; it applies the access rule again, so a restricted agreement never reaches
an anonymous reader even if a row was changed behind the services' back."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from meetings.models import Agreement, Motion
from meetings.selectors.access import visible_to
from members.models import User
from members.permissions import ensure_secretariat

NOT_ADOPTED = _("Only an adopted agreement can be made public.")
RESTRICTED_AGREEMENT = _(
    "This agreement was taken on a restricted agenda item: it can never be made public."
)
ALREADY_PUBLIC = _("This agreement is already public.")
NOT_PUBLIC = _("This agreement is not public.")

Refusal = PermissionDenied | ValidationError | None


def _denied(user: User) -> PermissionDenied | None:
    try:
        ensure_secretariat(user)
    except PermissionDenied as error:
        return error
    return None


def is_adopted(agreement: Agreement) -> bool:
    """Every agreement comes from an adopted decision; a cancelled one is no longer in force."""
    if agreement.status == Agreement.Status.CANCELLED:
        return False
    motion = agreement.motion if agreement.motion_id else None
    return motion is None or motion.outcome == Motion.Outcome.ADOPTED


def is_restricted(agreement: Agreement) -> bool:
    """Taken on a restricted item: an anonymous reader may not see it (selectors.access)."""
    return not visible_to(None, Agreement.objects.filter(pk=agreement.pk)).exists()


def make_public_refusal(*, user: User, agreement: Agreement) -> Refusal:
    if denied := _denied(user):
        return denied
    if agreement.made_public_on:
        return ValidationError(ALREADY_PUBLIC, code="already_public")
    if is_restricted(agreement):
        return ValidationError(RESTRICTED_AGREEMENT, code="agreement_restricted")
    if not is_adopted(agreement):
        return ValidationError(NOT_ADOPTED, code="agreement_not_adopted")
    return None


def withdraw_public_refusal(*, user: User, agreement: Agreement) -> Refusal:
    if denied := _denied(user):
        return denied
    if not agreement.made_public_on:
        return ValidationError(NOT_PUBLIC, code="not_public")
    return None


@dataclass(frozen=True)
class PublicityFlags:
    """What the agreement page offers ST: the buttons are shown exactly when the service
    would accept."""

    is_public: bool
    can_make_public: bool
    can_withdraw: bool
    never_public: bool  # restricted item: say why there is no button


def agreement_publicity_flags(*, user: User, agreement: Agreement) -> PublicityFlags:
    if not (user.is_authenticated and user.is_secretariat):
        return PublicityFlags(bool(agreement.made_public_on), False, False, False)
    return PublicityFlags(
        is_public=bool(agreement.made_public_on),
        can_make_public=make_public_refusal(user=user, agreement=agreement) is None,
        can_withdraw=withdraw_public_refusal(user=user, agreement=agreement) is None,
        never_public=is_restricted(agreement),
    )


def public_agreements() -> QuerySet[Agreement]:
    """The agreements the Plenary made public, newest decision first, for anybody."""
    qs = (
        Agreement.objects.filter(made_public_on__isnull=False)
        .exclude(status=Agreement.Status.CANCELLED)
        .select_related("meeting")
    )
    return visible_to(None, qs).order_by("-made_public_on", "-year", "-sequence")
