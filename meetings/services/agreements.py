"""Agreements (acuerdos): every adopted decision becomes a numbered agreement that ST keeps
in the register with its responsible bodies or organs, due date, status and follow-up
(SPEC §3). The status stored is the one people set; "overdue" is read, never written
(meetings.selectors.agreements), so no scheduled job has to keep it right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.validators import validate_document_upload
from common.versions import claim_version
from meetings.models import Agreement, AgreementFollowUp, Motion
from members.models import User
from members.permissions import ensure_secretariat

BAD_ORGAN = _("Unknown responsible organ: %(organ)s.")
AGREEMENT_CLOSED = _("A cancelled agreement cannot change.")
NOT_RESPONSIBLE = _("Only the Technical Secretariat or a responsible body can add follow-up.")


def agreement_create_from_motion(*, motion: Motion) -> Agreement:
    """Numbers the agreement CR-<year>-<nn>, sequential within the meeting's year. Called
    inside the decision's transaction; the year's rows are locked so two decisions taken at
    the same time cannot get the same number (the unique constraint backs this up)."""
    meeting = motion.agenda_item.meeting
    year = meeting.date.year
    last = (
        Agreement.objects.select_for_update(of=("self",))
        .filter(year=year)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    sequence = (last or 0) + 1
    agreement = Agreement(
        number=f"CR-{year}-{sequence:02d}",
        year=year,
        sequence=sequence,
        meeting=meeting,
        motion=motion,
        text=motion.text,
    )
    agreement.full_clean()
    agreement.save()
    return agreement


def _check_organs(organs: Iterable[str]) -> list[str]:
    valid = set(Agreement.Organ.values)
    organs = list(dict.fromkeys(organs))
    for organ in organs:
        if organ not in valid:
            raise ValidationError(BAD_ORGAN, code="bad_organ", params={"organ": organ})
    return organs


def _set_status_fields(agreement: Agreement, status: str, day: dt.date) -> None:
    agreement.status = status
    if status == Agreement.Status.FULFILLED:
        agreement.fulfilled_on = agreement.fulfilled_on or day
    else:
        agreement.fulfilled_on = None


@transaction.atomic
def agreement_update(
    *,
    user: User,
    agreement: Agreement,
    text: str | None = None,
    responsible_bodies=None,
    responsible_organs: Iterable[str] | None = None,
    due_date: dt.date | None = None,
    status: str | None = None,
    activities=None,
    expected_version: int | None = None,
) -> Agreement:
    """ST keeps the register: responsible bodies or organs, due date, status, and the POA
    activities the agreement advances. A form read before someone else's change (an edit,
    a follow-up that moved the status) is refused (stale_version); `expected_version` None
    is for internal callers only."""
    ensure_secretariat(user)
    claim_version(agreement, expected_version)  # its UPDATE holds the row until commit
    if agreement.status == Agreement.Status.CANCELLED:
        raise ValidationError(AGREEMENT_CLOSED, code="agreement_cancelled")
    if text is not None:
        agreement.text = text
    if responsible_organs is not None:
        agreement.responsible_organs = _check_organs(responsible_organs)
    agreement.due_date = due_date
    if status:
        _set_status_fields(agreement, status, timezone.localdate())
    agreement.full_clean()
    agreement.save()
    if responsible_bodies is not None:
        agreement.responsible_bodies.set(responsible_bodies)
    if activities is not None:
        agreement.activities.set(activities)
    return agreement


@transaction.atomic
def agreement_follow_up_add(
    *,
    user: User,
    agreement: Agreement,
    note: str,
    evidence: UploadedFile | None = None,
    new_status: str = "",
    date: dt.date | None = None,
) -> AgreementFollowUp:
    """Follow-up with evidence by ST or by a focal point of a responsible body; it may move
    the status (in progress, fulfilled...)."""
    allowed = user.is_secretariat or (
        user.is_focal_point
        and agreement.responsible_bodies.filter(pk=user.national_body_id).exists()
    )
    if not allowed:
        raise PermissionDenied(NOT_RESPONSIBLE)
    if agreement.status == Agreement.Status.CANCELLED:
        raise ValidationError(AGREEMENT_CLOSED, code="agreement_cancelled")
    if new_status == Agreement.Status.CANCELLED and not user.is_secretariat:
        raise PermissionDenied(NOT_RESPONSIBLE)
    entry = AgreementFollowUp(
        agreement=agreement,
        note=note,
        new_status=new_status,
        author=user,
        date=date or timezone.localdate(),
    )
    if evidence is not None:
        validate_document_upload(evidence)
        entry.evidence = evidence  # written by save(), after the checks
    entry.full_clean(exclude=["evidence"])
    entry.save()
    if new_status and new_status != agreement.status:
        # The status moves: an edit form read before this follow-up is now stale.
        claim_version(agreement, None)
        _set_status_fields(agreement, new_status, entry.date)
        agreement.save(update_fields=["status", "fulfilled_on"])
    return entry
