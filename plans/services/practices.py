"""Good practices (003 §IV.2) and their replications in other member countries (indicator
of result 3.1)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from members.models import Country, User
from plans.models import Axis, GoodPractice, Replication
from plans.permissions import ensure_can_register_for
from plans.services.base import assign_fields, save_checked
from plans.services.records import (
    attach_evidence,
    attach_new_evidence,
    ensure_not_future,
    lock_for_change,
    require_evidence,
    save_change,
)

REPLICATION_IN_ORIGIN_COUNTRY = _(
    "A replication is the adoption of the practice by another country than the one it comes from."
)
REPLICATION_EXISTS = _("This country's adoption of the practice is already recorded.")

PRACTICE_FIELDS = ("title", "country", "institution", "axis", "description", "evidence_url")
REPLICATION_FIELDS = ("country", "institution", "date", "description", "evidence_url")


@transaction.atomic
def good_practice_create(
    *,
    user: User,
    title: str,
    country: Country,
    institution: str,
    axis: Axis,
    description: str,
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> GoodPractice:
    """003 §IV.2: a practice implemented with positive results, with its evidence."""
    ensure_can_register_for(user, country)
    practice = GoodPractice(
        title=title.strip(),
        country=country,
        institution=institution.strip(),
        axis=axis,
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    attach_evidence(practice, evidence_file)
    require_evidence(practice)
    save_checked(practice, user)
    return practice


@transaction.atomic
def good_practice_update(
    *,
    user: User,
    practice: GoodPractice,
    evidence_file: UploadedFile | None = None,
    expected_version: int | None = None,
    **fields,
) -> GoodPractice:
    practice, changed = lock_for_change(practice, user, fields, PRACTICE_FIELDS, expected_version)
    attach_new_evidence(practice, evidence_file, changed)
    require_evidence(practice)
    if practice.replications.filter(country_id=practice.country_id).exists():
        raise ValidationError(REPLICATION_IN_ORIGIN_COUNTRY, code="replication_in_origin_country")
    save_change(practice, user, changed)
    return practice


def _check_replication(row: Replication) -> None:
    if row.country_id == row.practice.country_id:
        raise ValidationError(
            {
                "country": ValidationError(
                    REPLICATION_IN_ORIGIN_COUNTRY, code="replication_in_origin_country"
                )
            }
        )
    if (
        Replication.objects.filter(practice_id=row.practice_id, country_id=row.country_id)
        .exclude(pk=row.pk)
        .exists()
    ):
        raise ValidationError(
            {"country": ValidationError(REPLICATION_EXISTS, code="replication_exists")}
        )


@transaction.atomic
def replication_create(
    *,
    user: User,
    practice: GoodPractice,
    country: Country,
    date: dt.date,
    institution: str = "",
    description: str = "",
    evidence_file: UploadedFile | None = None,
    evidence_url: str = "",
) -> Replication:
    """The adopting country's focal point (or ST) records that it replicated a practice of
    another member country."""
    ensure_can_register_for(user, country)
    ensure_not_future(date)
    row = Replication(
        practice=practice,
        country=country,
        date=date,
        institution=institution.strip(),
        description=description.strip(),
        evidence_url=evidence_url or "",
        registered_by=user,
    )
    _check_replication(row)
    attach_evidence(row, evidence_file)
    require_evidence(row)
    save_checked(row, user)
    return row


@transaction.atomic
def replication_update(
    *,
    user: User,
    replication: Replication,
    evidence_file: UploadedFile | None = None,
    expected_version: int | None = None,
    **fields,
) -> Replication:
    row = (
        Replication.objects.select_for_update(of=("self",))
        .select_related("practice")
        .get(pk=replication.pk)
    )
    ensure_can_register_for(user, row.country_id)
    claim_version(row, expected_version)
    changed = assign_fields(row, fields, REPLICATION_FIELDS)
    ensure_can_register_for(user, row.country_id)
    ensure_not_future(row.date)
    _check_replication(row)
    attach_new_evidence(row, evidence_file, changed)
    require_evidence(row)
    save_change(row, user, changed)
    return row
