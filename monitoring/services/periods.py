"""Reporting periods (SPEC §5): ST opens a POA semester, may move its due date, and closes
it; a closed period is locked."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from common.publish import publish
from members.models import NationalBody, User
from members.permissions import ensure_secretariat
from members.selectors import member_countries_on
from monitoring.models import ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.services.messages import (
    DUE_BEFORE_OPENING,
    PERIOD_ALREADY_CLOSED,
    PERIOD_EXISTS,
    PERIOD_HAS_PENDING_REVIEWS,
    POA_NOT_APPROVED,
)
from plans.models import POA
from plans.selectors import activities_for_body, regional_activities

Status = ProgressReport.Status


@transaction.atomic
def reporting_period_open(
    *, user: User, poa: POA, semester: int, opens_on: dt.date, due_on: dt.date
) -> ReportingPeriod:
    """ST opens a POA semester for reporting (SPEC §5, 003 §VIII ST). One draft report is
    created for each national body of a member country in force on the opening date that
    has activities to report, and one regional report for the regional organs' activities;
    each with one row per activity that concerns it. The focal points are told by e-mail
    after commit."""
    from monitoring.tasks import notify_period_opened

    ensure_secretariat(user)
    if not poa.is_approved:
        raise ValidationError(POA_NOT_APPROVED, code="poa_not_approved")
    if ReportingPeriod.objects.filter(poa=poa, semester=semester).exists():
        raise ValidationError(
            PERIOD_EXISTS, code="period_exists", params={"year": poa.year, "semester": semester}
        )
    if due_on < opens_on:
        raise ValidationError(DUE_BEFORE_OPENING, code="due_before_opening")
    period = ReportingPeriod(
        poa=poa, semester=semester, opens_on=opens_on, due_on=due_on, opened_by=user
    )
    period.full_clean()
    period._history_user = user
    period.save()

    plan: list[tuple[ProgressReport, list[int]]] = []
    bodies = NationalBody.objects.filter(country__in=member_countries_on(opens_on))
    for body in bodies.order_by("pk"):
        ids = list(activities_for_body(poa=poa, body=body).values_list("pk", flat=True))
        if ids:
            plan.append((ProgressReport(period=period, national_body=body), ids))
    regional = list(regional_activities(poa=poa).values_list("pk", flat=True))
    if regional:
        plan.append((ProgressReport(period=period, is_regional=True), regional))
    reports = bulk_create_with_history([r for r, _ids in plan], ProgressReport, default_user=user)
    entries = [
        ProgressEntry(report=report, activity_id=activity_id)
        for report, (_r, ids) in zip(reports, plan, strict=True)
        for activity_id in ids
    ]
    bulk_create_with_history(entries, ProgressEntry, default_user=user)
    transaction.on_commit(lambda: publish(notify_period_opened, period.pk))
    return period


@transaction.atomic
def reporting_period_set_due(
    *, user: User, period: ReportingPeriod, due_on: dt.date
) -> ReportingPeriod:
    """ST may move the due date of an open period (e.g. extended by the Plenary)."""
    ensure_secretariat(user)
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(PERIOD_ALREADY_CLOSED, code="period_already_closed")
    if due_on < period.opens_on:
        raise ValidationError(DUE_BEFORE_OPENING, code="due_before_opening")
    period.due_on = due_on
    period.full_clean()
    period._history_user = user
    period.save(update_fields=["due_on"])
    return period


@transaction.atomic
def reporting_period_close(*, user: User, period: ReportingPeriod) -> ReportingPeriod:
    """ST closes a period; from then on it is locked (SPEC §5). Reports still awaiting
    review must be decided first, so no submission is left in limbo behind the lock."""
    ensure_secretariat(user)
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(PERIOD_ALREADY_CLOSED, code="period_already_closed")
    pending = period.reports.filter(status=Status.SUBMITTED).count()
    if pending:
        raise ValidationError(
            PERIOD_HAS_PENDING_REVIEWS, code="period_has_pending_reviews", params={"n": pending}
        )
    period.status = ReportingPeriod.Status.CLOSED
    period.closed_at = timezone.now()
    period.closed_by = user
    period.full_clean()
    period._history_user = user
    period.save(update_fields=["status", "closed_at", "closed_by"])
    # A report reopened while the period was open loses its exception with the close.
    period.reports.filter(reopened=True).update(reopened=False)
    # The POA's weights and targets are now those of official results (issue 17).
    from plans.services import poa_lock

    poa_lock(user=user, poa=period.poa)
    return period
