"""E-mails of the monitoring workflow, sent by Celery tasks (monitoring.tasks): period opened,
report reviewed, reminders before the due date. The messages are written by
monitoring.notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from members.models import User
from monitoring import notices
from monitoring.models import ProgressReport, ReportingPeriod

Status = ProgressReport.Status


def _recipients_for(report: ProgressReport) -> list[User]:
    users = User.objects.filter(is_active=True).exclude(email="")
    if report.is_regional:
        return list(users.filter(role=User.Role.SECRETARIAT))
    return list(users.filter(role=User.Role.FOCAL_POINT, national_body_id=report.national_body_id))


def period_opened_notify(*, period: ReportingPeriod) -> int:
    """E-mail every focal point with a report in the new period; returns how many left."""
    sent = 0
    reports = period.reports.filter(is_regional=False).values_list("national_body_id", flat=True)
    users = User.objects.filter(
        is_active=True, role=User.Role.FOCAL_POINT, national_body_id__in=reports
    ).exclude(email="")
    for user in users:
        notices.period_opened_message(period=period, user=user).send()
        sent += 1
    return sent


def report_reviewed_notify(*, report: ProgressReport) -> int:
    """E-mail the report's authors that it was returned (with the comments) or approved."""
    sent = 0
    for user in _recipients_for(report):
        notices.report_reviewed_message(report=report, user=user).send()
        sent += 1
    return sent


def due_reminders_send(*, today: dt.date | None = None, days: Iterable[int] = (7,)) -> int:
    """Daily (Celery beat): remind the focal points whose report of an open period is not
    submitted yet, `days` days before the due date. Returns how many e-mails were sent."""
    today = today or timezone.localdate()
    due_dates = [today + dt.timedelta(days=n) for n in days]
    reports = ProgressReport.objects.filter(
        is_regional=False,
        period__status=ReportingPeriod.Status.OPEN,
        period__due_on__in=due_dates,
        status__in=[Status.DRAFT, Status.RETURNED],
    ).select_related("period__poa", "national_body")
    by_body = {r.national_body_id: r for r in reports}
    users = User.objects.filter(
        is_active=True, role=User.Role.FOCAL_POINT, national_body_id__in=by_body
    ).exclude(email="")
    sent = 0
    for user in users:
        report = by_body[user.national_body_id]
        notices.due_reminder_message(report=report, user=user, today=today).send()
        sent += 1
    return sent
