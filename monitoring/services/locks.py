"""Locks and versions of the progress reports (SPEC §1, §5): who may change a report, when it
is locked, and optimistic concurrency. Every write service goes through these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from members.models import User
from monitoring.models import ProgressReport
from monitoring.permissions import ensure_can_edit_report
from monitoring.rollup import rollup_refresh
from monitoring.services.messages import PERIOD_LOCKED, REPORT_APPROVED, STALE_VERSION

Status = ProgressReport.Status


def _load(report: ProgressReport) -> ProgressReport:
    """The stored report (never the caller's possibly stale copy)."""
    return ProgressReport.objects.select_related("period__poa", "national_body__country").get(
        pk=report.pk
    )


def is_locked(report: ProgressReport) -> bool:
    """SPEC §1: an approved report, or any report of a closed period that ST has not
    reopened, is locked."""
    return report.status == Status.APPROVED or (report.period.is_closed and not report.reopened)


def ensure_not_locked(report: ProgressReport) -> None:
    """SPEC §1: nobody changes a locked period or an approved report, except through an
    explicit, audited reopening by ST (which sets `reopened`)."""
    if report.status == Status.APPROVED:
        raise ValidationError(REPORT_APPROVED, code="report_approved")
    if report.period.is_closed and not report.reopened:
        raise ValidationError(PERIOD_LOCKED, code="period_locked")


def _load_for_edit(user: User, report: ProgressReport) -> ProgressReport:
    report = _load(report)
    ensure_can_edit_report(user, report)
    ensure_not_locked(report)
    return report


def _claim_version(report: ProgressReport, expected_version: int | None) -> None:
    """Optimistic concurrency: one conditional UPDATE moves the version forward only if it
    is still the one the person started from. Concurrent saves serialise on that row lock,
    so the second finds a newer version and is refused — never a silent overwrite. The whole
    service is atomic, so a save refused later (a broken rule) gives the version back."""
    if expected_version is None:
        updated = ProgressReport.objects.filter(pk=report.pk).update(version=F("version") + 1)
    else:
        updated = ProgressReport.objects.filter(pk=report.pk, version=expected_version).update(
            version=F("version") + 1
        )
    if not updated:
        current = ProgressReport.objects.values_list("version", flat=True).get(pk=report.pk)
        raise ValidationError(
            STALE_VERSION,
            code="stale_version",
            params={"current": current, "expected": expected_version},
        )
    report.version = ProgressReport.objects.values_list("version", flat=True).get(pk=report.pk)


def _save_report(report: ProgressReport, user: User, fields: list[str], reason: str = "") -> None:
    report.full_clean()
    report._history_user = user
    if reason:
        report._change_reason = reason
    report.save(update_fields=[*fields, "updated_at"])
    refresh_results_on_commit(report)


class _RollupRefresh:
    """The on-commit callback of refresh_results_on_commit, named by its POA."""

    def __init__(self, poa_id: int) -> None:
        self.poa_id = poa_id

    def __call__(self) -> None:
        rollup_refresh(poa_id=self.poa_id)


def refresh_results_on_commit(report: ProgressReport) -> None:
    """Once the change commits, the POA's kept results roll-up is recomputed
    (monitoring.rollup), so the first reader of the dashboard after a review does not
    re-read every progress row. Once per POA and transaction, however many reports it
    reviews (a queued refresh of the same POA is looked for among the connection's
    callbacks). A failure there is logged, never the reviewer's error: the next reader
    recomputes it anyway."""
    poa_id = report.period.poa_id
    queued = transaction.get_connection().run_on_commit  # [(savepoints, callback, robust)]
    if any(getattr(entry[1], "poa_id", None) == poa_id for entry in queued):
        return
    transaction.on_commit(_RollupRefresh(poa_id), robust=True)
