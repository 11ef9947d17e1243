"""Reads of the report jobs (issue #7): the archive, one job, the last parameters used and
what changed since a job froze its figures."""

from __future__ import annotations

from dataclasses import dataclass

from members.models import User
from reports import snapshot
from reports.models import ReportJob
from reports.permissions import can_use_reports

# --- Report jobs (issue #7) ---------------------------------------------------------------


def report_job_list(*, user: User, kind: str | None = None, state: str | None = None):
    """The archive of report jobs, newest first, for whoever may read it (ST and the
    Presidency, reports.permissions); nobody else sees any. One query; the
    snapshot (large) is not loaded."""

    if not can_use_reports(user):
        return ReportJob.objects.none()
    qs = ReportJob.objects.select_related("requested_by").defer("snapshot")
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-queued_at", "-pk")


def report_job_detail(*, pk: int, with_snapshot: bool = False):

    qs = ReportJob.objects.select_related("requested_by")
    if not with_snapshot:
        qs = qs.defer("snapshot")
    return qs.get(pk=pk)


def report_job_latest_params(*, kind: str) -> dict:
    """Parameters of the latest job of a kind (the narratives ST typed last time), so the
    request form starts from them. One query."""

    params = (
        ReportJob.objects.filter(kind=kind)
        .order_by("-queued_at", "-pk")
        .values_list("params", flat=True)
        .first()
    )
    return params or {}


@dataclass
class SnapshotDifference:
    what: str
    frozen: object
    today: object


def report_job_differences(*, job) -> list[SnapshotDifference]:
    """What changed between the figures a report was issued with and today's (issue #7:
    "compared with today's numbers"): the same gathering run again, figure by figure. The
    report itself never changes."""

    if not job.snapshot:
        return []

    def shown(value):
        return round(value, 2) if isinstance(value, float) else value

    today = snapshot.snapshot_for(job.kind, job.params)
    return [
        SnapshotDifference(" · ".join(str(p) for p in key), shown(old), shown(new))
        for key, old, new in snapshot.differences(job.snapshot, today)
    ]
