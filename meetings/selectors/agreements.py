"""The agreements register (SPEC §3) and the status each agreement reads as.

"Overdue" is never stored: an agreement reads as overdue when its due date has passed and
it is still open (pending or in progress) — fulfilled and cancelled ones never do. It is
derived when read, as the annotation `current_status`, by every list, detail, export, API
response, filter and home task, so it is right the day after the due date without a
scheduled job. The stored `status` keeps what people set."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Prefetch, QuerySet, Value, When
from django.utils import timezone

from meetings.models import Agreement, AgreementFollowUp
from meetings.selectors.access import visible_to
from members.models import User

Status = Agreement.Status

# The colour of each status's badge on the pages.
STATUS_BADGE = {
    Status.PENDING: "secondary",
    Status.IN_PROGRESS: "primary",
    Status.FULFILLED: "success",
    Status.OVERDUE: "danger",
    Status.CANCELLED: "light",
}


def current_status(today: dt.date | None = None) -> Case:
    """The status an agreement reads as on `today` (default: the coalition's today)."""
    today = today or timezone.localdate()
    return Case(
        When(status__in=Agreement.OPEN_STATUSES, due_date__lt=today, then=Value(Status.OVERDUE)),
        default=F("status"),
        output_field=CharField(),
    )


def with_current_status(
    queryset: QuerySet[Agreement], today: dt.date | None = None
) -> QuerySet[Agreement]:
    return queryset.annotate(current_status=current_status(today))


def agreement_list(
    *,
    status: str | None = None,
    body: int | None = None,
    organ: str | None = None,
    meeting: int | None = None,
    year: int | None = None,
    user: User | None = None,
    today: dt.date | None = None,
) -> QuerySet[Agreement]:
    """The agreements register (SPEC §3), filtered, each with its `current_status`;
    responsible bodies prefetched. With a `user`, without the agreements taken on a
    restricted item they may not see (selectors.access); without one (reports), all."""
    qs = with_current_status(
        Agreement.objects.select_related("meeting").prefetch_related("responsible_bodies"), today
    )
    if user is not None:
        qs = visible_to(user, qs)
    if status:
        qs = qs.filter(current_status=status)
    if body:
        qs = qs.filter(responsible_bodies=body)
    if organ:
        # JSON containment is not available on SQLite: match the quoted choice instead.
        qs = qs.filter(responsible_organs__icontains=f'"{organ}"')
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-sequence")


def agreement_detail(*, pk: int, user: User | None = None) -> Agreement:
    qs = with_current_status(
        Agreement.objects.select_related("meeting", "motion").prefetch_related(
            "responsible_bodies__country",
            "activities__operational_objective__poa",
            Prefetch("follow_ups", queryset=AgreementFollowUp.objects.select_related("author")),
        )
    )
    if user is not None:
        qs = visible_to(user, qs)
    return qs.get(pk=pk)


def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def overdue_agreements(
    *, today: dt.date, body_id: int | None = None, user: User | None = None
) -> QuerySet[Agreement]:
    """Agreements overdue on `today`, optionally those a national body is responsible for."""
    qs = agreement_list(status=Status.OVERDUE, user=user, today=today)
    if body_id:
        qs = qs.filter(responsible_bodies=body_id)
    return qs
