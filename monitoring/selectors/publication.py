"""Published results (issue 17; SPEC §1 anonymous visitor "the plan and its published
progress", §9 "official figures come only from approved POAs and approved reports"):
which periods' results are public, their figures, and whether ST may publish or unpublish
a period now.

- A period's results are public when ST published them, the period is closed (locked)
  and its POA approved: `published_q()`, the one statement every public path reads (the
  portal page, /api/v1/published-results/). Unpublishing hides them at once.
- The figures are the official ones of monitoring.selectors.poa_results (approved reports
  only, never those awaiting review), computed when read, so they are the same numbers as
  the dashboard's official figures for that period.
- `publish_refusal` / `unpublish_refusal` state each rule once: the services raise the
  refusal, the period page shows a button only when there is none."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import User
from members.permissions import ensure_secretariat
from monitoring.models import ProgressReport, ReportingPeriod
from monitoring.selectors.results import PoaResults, PoaTree, Result, poa_results, poa_tree
from plans.models import POA

Refusal = PermissionDenied | ValidationError | None

PERIOD_NOT_CLOSED = _(
    "Only the results of a closed (locked) reporting period can be published: close the "
    "period first."
)
POA_NOT_APPROVED = _("Only the results of an approved POA can be published, not of a draft.")
ALREADY_PUBLISHED = _("The results of this period are already published.")
NO_OFFICIAL_FIGURES = _(
    "No report of this period is approved: there are no official figures to publish."
)
NOT_PUBLISHED = _("The results of this period are not published.")
REASON_REQUIRED = _("Give the reason for withdrawing the published results.")


def published_q(prefix: str = "") -> Q:
    """A period whose results anyone may read: published by ST, closed, of an approved POA."""
    return Q(
        **{
            f"{prefix}published_at__isnull": False,
            f"{prefix}status": ReportingPeriod.Status.CLOSED,
            f"{prefix}poa__status": POA.Status.APPROVED,
        }
    )


def published_periods() -> QuerySet[ReportingPeriod]:
    """The published periods, newest first (one query)."""
    return (
        ReportingPeriod.objects.filter(published_q())
        .select_related("poa")
        .order_by("-poa__year", "-semester")
    )


def is_published(period: ReportingPeriod) -> bool:
    return (
        period.published_at is not None
        and period.status == ReportingPeriod.Status.CLOSED
        and period.poa.status == POA.Status.APPROVED
    )


# --- The rules of publishing -------------------------------------------------------------


def _not_secretariat(user: User) -> PermissionDenied | None:
    try:
        ensure_secretariat(user)
    except PermissionDenied as exc:
        return exc
    return None


def publish_refusal(*, user: User, period: ReportingPeriod, n_approved: int) -> Refusal:
    """ST publishes the official results of a closed period of an approved POA, once, and
    only when some approved report gives figures (`n_approved`). No query."""
    if denied := _not_secretariat(user):
        return denied
    if period.poa.status != POA.Status.APPROVED:
        return ValidationError(POA_NOT_APPROVED, code="poa_not_approved")
    if period.status != ReportingPeriod.Status.CLOSED:
        return ValidationError(PERIOD_NOT_CLOSED, code="period_not_closed")
    if period.published_at is not None:
        return ValidationError(ALREADY_PUBLISHED, code="already_published")
    if not n_approved:
        return ValidationError(NO_OFFICIAL_FIGURES, code="no_official_figures")
    return None


def unpublish_refusal(*, user: User, period: ReportingPeriod, reason: str | None = None) -> Refusal:
    """ST withdraws published results, giving a reason (kept in the period's history).
    `reason` None: the page's flag, before anyone typed one."""
    if denied := _not_secretariat(user):
        return denied
    if period.published_at is None:
        return ValidationError(NOT_PUBLISHED, code="not_published")
    if reason is not None and not reason.strip():
        return ValidationError({"reason": ValidationError(REASON_REQUIRED, code="reason_required")})
    return None


@dataclass
class PublicationEvent:
    """A publication or a withdrawal, read from the period's history."""

    at: object
    by: User | None
    published: bool
    reason: str


def publication_history(*, period: ReportingPeriod) -> list[PublicationEvent]:
    """Every publication and withdrawal of the period's results, oldest first (the
    period's history records where `published_at` changed; one query)."""
    events = []
    was_published = False
    records = period.history.select_related("history_user").order_by("history_date", "history_id")
    for record in records:
        if (record.published_at is not None) != was_published:
            events.append(
                PublicationEvent(
                    at=record.history_date,
                    by=record.history_user,
                    published=record.published_at is not None,
                    reason=record.history_change_reason or "",
                )
            )
        was_published = record.published_at is not None
    return events


@dataclass
class PublicationState:
    """What the period page shows about publication, and which button it offers."""

    period: ReportingPeriod
    published: bool
    can_publish: bool
    can_unpublish: bool
    publish_blocked: str = ""  # why ST cannot publish yet (closed? approved reports?)
    events: list[PublicationEvent] = field(default_factory=list)


def publication_state(
    *, period: ReportingPeriod, user: User, reports: list[ProgressReport] | None = None
) -> PublicationState:
    """For ST, one query (the publication history) when the caller passes the period's
    `reports` already loaded (the period page), two otherwise; none for anyone else."""
    n_approved, events = 0, []
    if user.is_authenticated and user.is_secretariat:
        if reports is None:
            n_approved = period.reports.filter(status=ProgressReport.Status.APPROVED).count()
        else:
            n_approved = sum(1 for r in reports if r.status == ProgressReport.Status.APPROVED)
        events = publication_history(period=period)
    refusal = publish_refusal(user=user, period=period, n_approved=n_approved)
    blocked = ""
    if isinstance(refusal, ValidationError) and refusal.code != "already_published":
        blocked = " ".join(refusal.messages)
    return PublicationState(
        period=period,
        published=period.published_at is not None,
        can_publish=refusal is None,
        can_unpublish=unpublish_refusal(user=user, period=period) is None,
        publish_blocked=blocked if user.is_authenticated and user.is_secretariat else "",
        events=events,
    )


# --- The published figures ---------------------------------------------------------------


@dataclass
class PublishedResults:
    """The official results of one published period. How many reports each figure rests
    on is the results' own coverage (Result.reported / expected / partial / carried)."""

    period: ReportingPeriod
    results: PoaResults

    @property
    def root(self) -> Result:
        return self.results.root

    @property
    def axes(self) -> list[Result]:
        return self.results.axes


def published_results(*, periods: list[ReportingPeriod]) -> list[PublishedResults]:
    """The official figures of each published period given (rows of published_periods):
    the POA tree loaded once per POA and shared by its periods (poa_results), then one
    aggregate per period. Periods not published are skipped, whatever the caller passed."""
    trees: dict[int, PoaTree] = {}
    out = []
    for period in periods:
        if not is_published(period):
            continue
        tree = trees.get(period.poa_id)
        if tree is None:
            tree = trees[period.poa_id] = poa_tree(poa=period.poa)
        results = poa_results(poa=period.poa, period=period, include_pending=False, tree=tree)
        out.append(PublishedResults(period, results))
    return out


def published_period_results(*, pk: int) -> PublishedResults:
    """One published period's results; ReportingPeriod.DoesNotExist when it is not (or no
    longer) published."""
    period = published_periods().get(pk=pk)
    return published_results(periods=[period])[0]
