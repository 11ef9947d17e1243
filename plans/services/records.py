"""Plan evidence records (issue #6): what every record shares, and the ST's validation.

Focal points register their own country's records, ST anything; only ST validates, and only
validated records count in the indicators (plans.indicators). A focal point's change to a
validated record withdraws its validation, so nothing counts that ST has not seen. The
records themselves are written by plans.services.instruments, .practices and .actors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from common.versions import claim_version
from members.models import User
from plans.models import (
    Alliance,
    GoodPractice,
    InstrumentStage,
    JointAction,
    PlanInstrument,
    RegisteredRecord,
    Replication,
    WithEvidence,
)
from plans.permissions import ensure_can_register_for, ensure_can_validate
from plans.services.base import assign_fields, save_checked

EVIDENCE_REQUIRED = _("Give the evidence: upload a document or give a link.")
DATE_IN_FUTURE = _("The date %(date)s is in the future; record it once it has happened.")
ALREADY_VALIDATED = _("This record is already validated.")
NOT_VALIDATED = _("This record is not validated.")
NOT_A_RECORD = _("This kind of record is not validated.")


def ensure_not_future(day: dt.date, field: str = "date") -> None:
    """Stages, adoptions and joint actions are facts: a future date would count early."""
    if day and day > timezone.localdate():
        raise ValidationError(
            {field: ValidationError(DATE_IN_FUTURE, code="date_in_future", params={"date": day})}
        )


def attach_evidence(record: WithEvidence, evidence_file: UploadedFile | None) -> None:
    if evidence_file is not None:
        validate_document_upload(evidence_file)
        # Assigned, not saved: Django writes the file when the row is saved, after every
        # check passed, so a refused record leaves no file behind.
        record.evidence_file = evidence_file


def require_evidence(record: WithEvidence) -> None:
    if not record.has_evidence:
        raise ValidationError(EVIDENCE_REQUIRED, code="evidence_required")


def lock_for_change(
    record: RegisteredRecord,
    user: User,
    fields: dict,
    allowed: tuple[str, ...],
    expected_version: int | None = None,
) -> tuple[RegisteredRecord, list[str]]:
    """Lock the record's row and set the changed `fields` (only the `allowed` ones). Whoever
    changes it must answer for its country before and after: a focal point cannot move a
    record to another country (SPEC §1). A form read before someone else's save is refused
    (stale_version, common.versions); `expected_version` None is for internal callers."""
    ensure_can_register_for(user, record.country_id)
    record = type(record).objects.select_for_update(of=("self",)).get(pk=record.pk)
    claim_version(record, expected_version)
    changed = assign_fields(record, fields, allowed)
    ensure_can_register_for(user, record.country_id)
    return record, changed


def attach_new_evidence(
    record: WithEvidence, evidence_file: UploadedFile | None, changed: list[str]
) -> None:
    """An edit that uploads a file replaces the evidence: that is a change."""
    if evidence_file is not None:
        attach_evidence(record, evidence_file)
        changed.append("evidence_file")


def save_change(record: RegisteredRecord, user: User, changed: list[str]) -> None:
    """Save an edited record if anything `changed`. A focal point's change must be seen again
    by ST before it counts: it withdraws the validation."""
    if not changed:
        return
    if not user.is_secretariat:
        record.validated_at = None
        record.validated_by = None
    save_checked(record, user)


VALIDATED_RECORDS = (
    PlanInstrument,
    InstrumentStage,
    GoodPractice,
    Replication,
    Alliance,
    JointAction,
)
EVIDENCE_BEFORE_VALIDATION = (InstrumentStage, GoodPractice, Replication, JointAction)


def _locked_record(user: User, record: RegisteredRecord) -> RegisteredRecord:
    """Only ST validates, only the kinds of record that count once validated."""
    ensure_can_validate(user)
    model = type(record)
    if model not in VALIDATED_RECORDS:
        raise ValidationError(NOT_A_RECORD, code="not_a_record")
    return model.objects.select_for_update(of=("self",)).get(pk=record.pk)


@transaction.atomic
def record_validate(*, user: User, record: RegisteredRecord) -> RegisteredRecord:
    """ST validates a record; from then on it counts in the indicators (issue #6)."""
    record = _locked_record(user, record)
    if record.is_validated:
        raise ValidationError(ALREADY_VALIDATED, code="already_validated")
    if type(record) in EVIDENCE_BEFORE_VALIDATION:
        require_evidence(record)
    record.validated_at = timezone.now()
    record.validated_by = user
    save_checked(record, user, update_fields=["validated_at", "validated_by"])
    return record


@transaction.atomic
def record_validation_withdraw(*, user: User, record: RegisteredRecord) -> RegisteredRecord:
    """ST withdraws a validation (a record found wrong); it stops counting, and the
    history keeps who validated and who withdrew."""
    record = _locked_record(user, record)
    if not record.is_validated:
        raise ValidationError(NOT_VALIDATED, code="not_validated")
    record.validated_at = None
    record.validated_by = None
    save_checked(record, user, update_fields=["validated_at", "validated_by"])
    return record
