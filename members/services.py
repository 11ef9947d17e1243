"""Writes to the members registry. Every rule of SPEC §2 is enforced here, so web forms,
the admin and the API obey the same rules."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from common.validators import validate_document_upload
from members.models import (
    API_ACCOUNT_PREFIX,
    MAX_IN_FORCE_PER_ROLE,
    Designation,
    NationalBody,
    ObserverOrganisation,
    Person,
    User,
    designation_in_force_q,
)
from members.permissions import (
    ensure_can_manage_body,
    ensure_can_manage_person,
    ensure_secretariat,
)

# The messages say "2": MAX_IN_FORCE_PER_ROLE (members.models, 001 §4.A.1); the error's
# params carry it as `limit` (test_designations pins both, so neither moves alone).
TOO_MANY_TITULARS = _(
    "%(body)s already has 2 titular representatives in force on %(day)s. "
    "End or revoke one before designating another."
)
TOO_MANY_ALTERNATES = _(
    "%(body)s already has 2 alternate representatives in force on %(day)s. "
    "End or revoke one before designating another."
)
PERSON_OF_ANOTHER_COUNTRY = _("The person belongs to another country than the national body.")
ALREADY_REVOKED = _("This designation has already been revoked.")
REVOCATION_BEFORE_START = _("A designation cannot be revoked before it starts.")
REASON_REQUIRED = _("Give the reason for the revocation.")

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "institution",
    "position",
    "email",
    "phone",
    "language",
    "country",
    "observer_organisation",
)


# --- People -------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, user: User, **fields) -> Person:
    person = Person(**{k: v for k, v in fields.items() if k in PERSON_FIELDS})
    if person.country_id is None and user.is_focal_point and user.national_body:
        person.country_id = user.national_body.country_id
    ensure_can_manage_person(user, person)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(*, user: User, person: Person, **fields) -> Person:
    ensure_can_manage_person(user, person)
    for name, value in fields.items():
        if name in PERSON_FIELDS:
            setattr(person, name, value)
    # Checked again after the change: a focal point may not move a person to another country.
    ensure_can_manage_person(user, person)
    # Nor may anyone move a person away from the country of a body that designated them: the
    # rule designation_create checks would break behind its back.
    if person.designations.exclude(national_body__country_id=person.country_id).exists():
        raise ValidationError(PERSON_OF_ANOTHER_COUNTRY, code="person_of_another_country")
    person.full_clean()
    person.save()
    return person


# --- Designations -------------------------------------------------------------------------


def designation_check_limit(
    *, body: NationalBody, role: str, start: dt.date, end: dt.date | None
) -> None:
    """001 §4.A.1 allows at most 2 titular and 2 alternate representatives per body on any
    day. A count only rises on a day a designation starts, so the busiest day of the new
    interval is its start or another designation's start inside it; each of those days is
    counted with the rule every page uses (designation_in_force_q), in one query."""
    others = Designation.objects.filter(national_body=body, role=role)
    starts_inside = others.filter(start_date__gt=start)
    if end is not None:
        starts_inside = starts_inside.filter(start_date__lte=end)
    days = sorted({start, *starts_inside.values_list("start_date", flat=True)})
    counts = others.aggregate(
        **{f"n{i}": Count("pk", filter=designation_in_force_q(day)) for i, day in enumerate(days)}
    )
    for i, day in enumerate(days):
        if counts[f"n{i}"] >= MAX_IN_FORCE_PER_ROLE:
            message = TOO_MANY_TITULARS if role == Designation.Role.TITULAR else TOO_MANY_ALTERNATES
            raise ValidationError(
                message,
                code="too_many_in_force",
                params={
                    "body": body.acronym,
                    "day": date_format(day, "SHORT_DATE_FORMAT"),
                    "limit": MAX_IN_FORCE_PER_ROLE,
                },
            )


@transaction.atomic
def designation_create(
    *,
    user: User,
    national_body: NationalBody,
    person: Person,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    accreditation_letter: UploadedFile | None = None,
) -> Designation:
    ensure_can_manage_body(user, national_body)
    # Lock the body row so two concurrent designations cannot both pass the 2+2 check.
    body = NationalBody.objects.select_for_update(of=("self",)).get(pk=national_body.pk)
    if person.country_id != body.country_id:
        raise ValidationError(PERSON_OF_ANOTHER_COUNTRY, code="person_of_another_country")
    if accreditation_letter is not None:
        validate_document_upload(accreditation_letter)
    designation = Designation(
        national_body=body, person=person, role=role, start_date=start_date, end_date=end_date
    )
    designation.full_clean(exclude=["accreditation_letter"])
    designation_check_limit(body=body, role=role, start=start_date, end=end_date)
    if accreditation_letter is not None:
        designation.accreditation_letter.save(
            accreditation_letter.name, accreditation_letter, save=False
        )
    designation.save()
    return designation


@transaction.atomic
def designation_revoke(
    *, user: User, designation: Designation, revoked_on: dt.date, reason: str
) -> Designation:
    """Revocation ends the designation from `revoked_on`; the row stays as history. It may
    fall on the start day itself — the way to withdraw a designation recorded by mistake,
    which then was never in force — but not before it."""
    ensure_can_manage_body(user, designation.national_body)
    designation = Designation.objects.select_for_update(of=("self",)).get(pk=designation.pk)
    if designation.revoked_on is not None:
        raise ValidationError(ALREADY_REVOKED, code="already_revoked")
    if revoked_on < designation.start_date:
        raise ValidationError(REVOCATION_BEFORE_START, code="revocation_before_start")
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    designation.revoked_on = revoked_on
    designation.revocation_reason = reason.strip()
    designation.save(update_fields=["revoked_on", "revocation_reason"])
    return designation


@transaction.atomic
def designation_upload_letter(
    *, user: User, designation: Designation, letter: UploadedFile
) -> Designation:
    ensure_can_manage_body(user, designation.national_body)
    validate_document_upload(letter)
    designation.accreditation_letter = letter  # written by save()
    designation.save(update_fields=["accreditation_letter"])
    return designation


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
