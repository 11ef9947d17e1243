"""People and their designations as representatives of a national body (SPEC §2;
001 §4.A.1): who may register whom, the 2 + 2 limit, one designation of a body per person
at a time, revocation."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from common.versions import claim_version
from members.models import (
    MAX_IN_FORCE_PER_ROLE,
    Country,
    Designation,
    NationalBody,
    Person,
    User,
    designation_in_force_q,
    overlaps_q,
)
from members.permissions import ensure_can_manage_body, ensure_can_manage_person
from members.services.base import short_date

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
PERSON_ALREADY_DESIGNATED = _(
    "%(person)s already holds a designation of %(body)s (%(role)s, from %(start)s) over these "
    "dates. A person holds at most one designation of a body at a time: end or revoke it "
    "first."
)

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


def person_default_language(country: Country | None) -> str:
    """The language a person of `country` is written to when nobody chose one: the
    country's (Country.language: English for Belize), else Spanish (observer organisations'
    representatives too)."""
    return country.language if country is not None else Person.Language.ES


@transaction.atomic
def person_create(*, user: User, **fields) -> Person:
    """A person of the registry. Without a `language`, the one of their country
    (person_default_language: English for Belize)."""
    person = Person(**{k: v for k, v in fields.items() if k in PERSON_FIELDS})
    if person.country_id is None and user.is_focal_point and user.national_body:
        person.country_id = user.national_body.country_id
    if not fields.get("language"):
        person.language = person_default_language(person.country)
    ensure_can_manage_person(user, person)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_update(
    *, user: User, person: Person, expected_version: int | None = None, **fields
) -> Person:
    """Edit a person; a form read before someone else's save is refused (stale_version)
    rather than overwriting it. `expected_version` None (no check) is for internal callers
    only: the pages always send the version their form was read at."""
    ensure_can_manage_person(user, person)
    claim_version(person, expected_version)  # its UPDATE holds the row until commit
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
                    "day": short_date(day),
                    "limit": MAX_IN_FORCE_PER_ROLE,
                },
            )


def designation_check_person(
    *, body: NationalBody, person: Person, start: dt.date, end: dt.date | None
) -> None:
    """One person holds at most one designation of a body at a time, titular or alternate
    (never both): refused when another of their designations of the body is in force on
    any day of [start, end] — its dates and revocation read as designation_in_force_q does
    (a designation revoked on its start day was never in force). The database backs this
    up for two open-ended designations (one_open_designation_per_person_and_body)."""
    # In force on some day of [start, end]: it has begun by `end`, not ended before `start`,
    # and its revocation comes after both `start` and its own start.
    other = (
        Designation.objects.filter(national_body=body, person=person)
        .filter(
            overlaps_q(start, end),
            Q(revoked_on__isnull=True)
            | (Q(revoked_on__gt=start) & Q(revoked_on__gt=F("start_date"))),
        )
        .order_by("start_date")
        .first()
    )
    if other is not None:
        raise ValidationError(
            PERSON_ALREADY_DESIGNATED,
            code="person_already_designated",
            params={
                "person": person,
                "body": body.acronym,
                "role": other.get_role_display(),
                "start": short_date(other.start_date),
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
    designation_check_person(body=body, person=person, start=start_date, end=end_date)
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
    *,
    user: User,
    designation: Designation,
    revoked_on: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> Designation:
    """Revocation ends the designation from `revoked_on`; the row stays as history. It may
    fall on the start day itself — the way to withdraw a designation recorded by mistake,
    which then was never in force — but not before it."""
    ensure_can_manage_body(user, designation.national_body)
    designation = Designation.objects.select_for_update(of=("self",)).get(pk=designation.pk)
    claim_version(designation, expected_version)
    if designation.revoked_on is not None:
        raise ValidationError(ALREADY_REVOKED, code="already_revoked")
    if revoked_on < designation.start_date:
        raise ValidationError(REVOCATION_BEFORE_START, code="revocation_before_start")
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    designation.revoked_on = revoked_on
    designation.revocation_reason = reason.strip()
    designation.save(update_fields=["revoked_on", "revocation_reason", "version"])
    return designation


@transaction.atomic
def designation_upload_letter(
    *,
    user: User,
    designation: Designation,
    letter: UploadedFile,
    expected_version: int | None = None,
) -> Designation:
    ensure_can_manage_body(user, designation.national_body)
    validate_document_upload(letter)
    claim_version(designation, expected_version)  # its UPDATE holds the row until commit
    designation.accreditation_letter = letter  # written by save()
    designation.save(update_fields=["accreditation_letter", "version"])
    return designation
