"""Publishing a period's results (issue 17; SPEC §1: anonymous visitors see "the plan and
its published progress"; §9: official figures come only from approved POAs and approved
reports). ST publishes the official figures of a closed (locked) period of an approved
POA; from then on the public results page and /api/v1/published-results/ show them. ST
may withdraw them, giving a reason. Both are recorded in the period's history (who, when,
and the reason of a withdrawal as the change reason).

The rules are stated once in monitoring.selectors.publication (`publish_refusal`,
`unpublish_refusal`), so the period page offers a button exactly when the service would
accept it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from members.models import User
from monitoring.models import ProgressReport, ReportingPeriod
from monitoring.selectors.publication import publish_refusal, unpublish_refusal

PUBLISHED_REASON = "Results published"


def _lock(period: ReportingPeriod) -> ReportingPeriod:
    """The period row, locked until the end of the transaction: two ST members pressing
    the button at once publish once, and the second is told it is already published."""
    return (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .select_related("poa")
        .get(pk=period.pk)
    )


def _refuse(refusal) -> None:
    if refusal is not None:
        raise refusal


@transaction.atomic
def results_publish(*, user: User, period: ReportingPeriod) -> ReportingPeriod:
    """ST publishes the official results of `period`. Refused (ValidationError code):
    `poa_not_approved` (a draft POA), `period_not_closed` (still open for reporting),
    `already_published`, `no_official_figures` (no approved report); PermissionDenied for
    anyone but ST."""
    period = _lock(period)
    n_approved = period.reports.filter(status=ProgressReport.Status.APPROVED).count()
    _refuse(publish_refusal(user=user, period=period, n_approved=n_approved))
    period.published_at = timezone.now()
    period.published_by = user
    period.full_clean()
    period._history_user = user
    period._change_reason = PUBLISHED_REASON
    period.save(update_fields=["published_at", "published_by"])
    return period


@transaction.atomic
def results_unpublish(*, user: User, period: ReportingPeriod, reason: str) -> ReportingPeriod:
    """ST withdraws the published results of `period`, giving `reason` (kept as the
    history's change reason). Refused: `not_published`, `reason_required` (on the field
    `reason`); PermissionDenied for anyone but ST. The period may be published again."""
    period = _lock(period)
    _refuse(unpublish_refusal(user=user, period=period, reason=reason or ""))
    period.published_at = None
    period.published_by = None
    period.full_clean()
    period._history_user = user
    period._change_reason = reason.strip()
    period.save(update_fields=["published_at", "published_by"])
    return period
