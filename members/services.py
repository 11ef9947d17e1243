"""Writes to the members registry. Every rule of SPEC §2 is enforced here, so web forms,
the admin and the API obey the same rules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.models import Designation, NationalBody, Person, User
from members.permissions import ensure_can_manage_body, ensure_can_manage_person
from members.validators import validate_document_upload

MAX_IN_FORCE_PER_ROLE = 2  # 001 §4.A.1: two titular and two alternate representatives
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
    person.full_clean()
    person.save()
    return person


# --- Designations -------------------------------------------------------------------------


def _effective_interval(d: Designation) -> tuple[dt.date, dt.date]:
    return d.start_date, d.effective_end or dt.date.max


def designation_check_limit(
    *, body: NationalBody, role: str, start: dt.date, end: dt.date | None, exclude: int | None
) -> None:
    """001 §4.A.1 allows at most 2 titular and 2 alternate representatives per body at
    any date. Counts only change when a designation starts, so checking the new interval's
    start and each start inside it finds the busiest day."""
    end = end or dt.date.max
    others = [
        d
        for d in Designation.objects.filter(national_body=body, role=role).exclude(pk=exclude)
        if _effective_interval(d)[0] <= end and _effective_interval(d)[1] >= start
    ]
    checkpoints = {start} | {d.start_date for d in others if start < d.start_date <= end}
    for day in sorted(checkpoints):
        in_force = sum(
            1 for d in others if _effective_interval(d)[0] <= day <= _effective_interval(d)[1]
        )
        if in_force >= MAX_IN_FORCE_PER_ROLE:
            message = TOO_MANY_TITULARS if role == Designation.Role.TITULAR else TOO_MANY_ALTERNATES
            raise ValidationError(
                message,
                code="too_many_in_force",
                params={"body": body.acronym, "day": date_format(day, "SHORT_DATE_FORMAT")},
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
    designation_check_limit(body=body, role=role, start=start_date, end=end_date, exclude=None)
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
    """Revocation ends the designation from `revoked_on`; the row stays as history."""
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
