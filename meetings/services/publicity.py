"""Agreements made public (001 Coordinación 6; 003 §VIII ST 2): the Plenary decides which
agreements the coalition publishes; ST records that decision — the date and where it was
taken — and the agreement appears on the public page /agreements/public/. Who may, and
which agreements may, is meetings.selectors.publicity (the page's buttons read the same
refusals)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from meetings.models import Agreement
from meetings.selectors.publicity import make_public_refusal, withdraw_public_refusal
from members.models import User

REFERENCE_REQUIRED = _("Say where the Plenary decided to make it public (meeting or minutes).")


@transaction.atomic
def agreement_make_public(
    *,
    by: User,
    agreement: Agreement,
    decided_on: dt.date,
    reference: str,
    expected_version: int | None = None,
) -> Agreement:
    """Record the Plenary's decision to make `agreement` public. Refused for anyone but ST
    (PermissionDenied), for an agreement taken on a restricted item (agreement_restricted:
    never, whatever the decision says), a cancelled or not adopted one
    (agreement_not_adopted), one already public (already_public), without the decision's
    reference (reference_required), or from a stale form (stale_version)."""
    agreement = Agreement.objects.select_related("motion__agenda_item").get(pk=agreement.pk)
    if refusal := make_public_refusal(user=by, agreement=agreement):
        raise refusal
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError(
            {"reference": ValidationError(REFERENCE_REQUIRED, code="reference_required")}
        )
    claim_version(agreement, expected_version)
    agreement.made_public_on = decided_on
    agreement.public_reference = reference
    agreement.full_clean()
    agreement.save(update_fields=["made_public_on", "public_reference"])
    return agreement


@transaction.atomic
def agreement_withdraw_public(
    *, by: User, agreement: Agreement, expected_version: int | None = None
) -> Agreement:
    """Take an agreement off the public pages (ST, e.g. a later Plenary decision)."""
    agreement = Agreement.objects.get(pk=agreement.pk)
    if refusal := withdraw_public_refusal(user=by, agreement=agreement):
        raise refusal
    claim_version(agreement, expected_version)
    agreement.made_public_on = None
    agreement.public_reference = ""
    agreement.save(update_fields=["made_public_on", "public_reference"])
    return agreement
