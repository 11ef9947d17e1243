"""Evidence of a row (SPEC §5): files (checked by content) or links; a document goal marked
achieved keeps at least one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from common.validators import validate_document_upload
from members.models import User
from monitoring.models import Evidence, ProgressEntry
from monitoring.services.locks import _load_for_edit
from monitoring.services.messages import (
    CHANGE_REASON_REQUIRED,
    EVIDENCE_FILE_OR_LINK,
    EVIDENCE_STILL_NEEDED,
)
from monitoring.services.rows import is_document_goal

GoalStatus = ProgressEntry.GoalStatus


@transaction.atomic
def evidence_add(
    *,
    user: User,
    entry: ProgressEntry,
    file: UploadedFile | None = None,
    url: str = "",
    description: str = "",
    change_reason: str = "",
) -> Evidence:
    """Attach a file (PDF or image, checked by content) or a link to a row. After submission
    this is a change like any other and needs a reason."""
    report = _load_for_edit(user, entry.report)
    url = (url or "").strip()
    if bool(file) == bool(url):
        raise ValidationError(EVIDENCE_FILE_OR_LINK, code="evidence_file_or_link")
    if report.was_submitted and not change_reason.strip():
        raise ValidationError(CHANGE_REASON_REQUIRED, code="change_reason_required")
    if file:
        validate_document_upload(file)
    evidence = Evidence(entry=entry, url=url, description=description.strip(), uploaded_by=user)
    if file:
        evidence.file.save(file.name, file, save=False)
    try:
        evidence.full_clean()
        evidence._history_user = user
        evidence._change_reason = change_reason.strip() or None
        evidence.save()
    except BaseException:
        # The file is already in storage, which the rollback does not undo: no orphan.
        if evidence.file:
            evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, user: User, evidence: Evidence, change_reason: str = "") -> None:
    entry = ProgressEntry.objects.select_related("activity", "report").get(pk=evidence.entry_id)
    report = _load_for_edit(user, entry.report)
    if report.was_submitted and not change_reason.strip():
        raise ValidationError(CHANGE_REASON_REQUIRED, code="change_reason_required")
    if (
        entry.goal_status == GoalStatus.ACHIEVED
        and is_document_goal(entry.activity)
        and entry.evidence.count() == 1
    ):
        raise ValidationError(EVIDENCE_STILL_NEEDED, code="evidence_still_needed")
    evidence._history_user = user
    evidence._change_reason = change_reason.strip() or None
    evidence.delete()
