"""API tokens issued by the Technical Secretariat (SPEC §7, issue #8)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from members.models import (
    API_ACCOUNT_PREFIX,
    NationalBody,
    ObserverOrganisation,
    User,
)
from members.permissions import ensure_secretariat

# --- API tokens --------------------------------------------------------------------------
# API tokens issued by the Technical Secretariat (SPEC §7, issue #8).
#
# Every token is a django-rest-knox token — only its SHA-512 digest is stored, it expires on
# the date ST chose, and the raw token is shown once, at creation — held by an account of its
# own (a *service account*, username "api-…"), created with it:
#
# - the account's role is the token's scope: `partner` (read-only) or `focal_point` (writes
#   its national body's progress reports, through the same services as the web forms);
# - the agency is the account's national body (focal point) or observer organisation
#   (partner; OIM, UNODC...), or, for an agency that is not an observer, its name;
# - the label is the account's display name (first_name), the agency's name its last_name.
#
# One account per token keeps the throttle, the history of changes (who changed what) and the
# revocation per token, with no new table. Revoking deletes the token and deactivates the
# account, which stays for the history. The accounts have no usable password: they cannot
# sign in to the web.

MAX_DAYS = 366
SCOPES = (User.Role.PARTNER, User.Role.FOCAL_POINT)

LABEL_REQUIRED = _("Give the token a label (what it is for).")
SCOPE_INVALID = _("A token is either a partner's (read-only) or a focal point's.")
BODY_REQUIRED = _("A focal point's token writes one national body's reports: choose the body.")
AGENCY_REQUIRED = _("Name the partner agency: choose an observer organisation or type its name.")
EXPIRY_IN_PAST = _("The expiry date must be after today.")
EXPIRY_TOO_FAR = _("A token lasts at most %(days)s days.")
NOT_A_TOKEN_ACCOUNT = _("This account is not an API token.")


@dataclass(frozen=True)
class IssuedToken:
    account: User
    token: str  # shown once, never stored
    expiry: dt.datetime


def _end_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


@transaction.atomic
def api_token_create(
    *,
    user: User,
    label: str,
    scope: str,
    expires_on: dt.date,
    national_body: NationalBody | None = None,
    observer_organisation: ObserverOrganisation | None = None,
    agency: str = "",
) -> IssuedToken:
    """ST issues a token (SPEC §7: "token authentication for partners"), valid until the
    end of `expires_on` (local time), at most a year from today."""
    ensure_secretariat(user)
    label, agency = label.strip(), agency.strip()
    errors: dict[str, list[ValidationError]] = {}
    if not label:
        errors["label"] = [ValidationError(LABEL_REQUIRED, code="label_required")]
    if scope not in SCOPES:
        errors["scope"] = [ValidationError(SCOPE_INVALID, code="scope_invalid")]
    if scope == User.Role.FOCAL_POINT and national_body is None:
        errors["national_body"] = [ValidationError(BODY_REQUIRED, code="body_required")]
    if scope == User.Role.PARTNER and observer_organisation is None and not agency:
        errors["agency"] = [ValidationError(AGENCY_REQUIRED, code="agency_required")]
    today = timezone.localdate()
    if expires_on <= today:
        errors["expires_on"] = [ValidationError(EXPIRY_IN_PAST, code="expiry_in_past")]
    elif expires_on > today + dt.timedelta(days=MAX_DAYS):
        errors["expires_on"] = [
            ValidationError(EXPIRY_TOO_FAR, code="expiry_too_far", params={"days": MAX_DAYS})
        ]
    if errors:
        raise ValidationError(errors)
    if scope == User.Role.FOCAL_POINT:
        observer_organisation = None
        agency = agency or national_body.acronym
    else:
        national_body = None
        agency = agency or observer_organisation.acronym
    account = User(
        username=f"{API_ACCOUNT_PREFIX}{slugify(label)[:40] or 'token'}-{secrets.token_hex(3)}",
        role=scope,
        first_name=label[:150],
        last_name=agency[:150],
        national_body=national_body,
        observer_organisation=observer_organisation,
    )
    account.set_unusable_password()
    account.full_clean()
    account._history_user = user
    account.save()
    instance, raw = AuthToken.objects.create(
        user=account, expiry=_end_of_day(expires_on) - timezone.now()
    )
    return IssuedToken(account=account, token=raw, expiry=instance.expiry)


@transaction.atomic
def api_token_revoke(*, user: User, account: User) -> User:
    """Revoked at once: the token is deleted (the next call gets 401) and its account
    deactivated; the account stays so the history still says who did what."""
    ensure_secretariat(user)
    if not account.username.startswith(API_ACCOUNT_PREFIX):
        raise ValidationError(NOT_A_TOKEN_ACCOUNT, code="not_a_token_account")
    AuthToken.objects.filter(user=account).delete()
    account.is_active = False
    account._history_user = user
    account.save(update_fields=["is_active"])
    return account
