"""E-mails of the monitoring workflow, sent by Celery tasks (monitoring.tasks): period opened,
report reviewed, reminders before the due date. The messages are written by
monitoring.notices; each leaves through communications (`notify`), which logs a Delivery per
recipient — about the period (opened, reminders) or the report (reviewed) — so ST can tell
who was told. A recipient without an address is logged as such, not skipped silently; an
SMTP failure is logged (failed) and raised, as before, so the task fails."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from communications.models import Delivery
from communications.services import RECIPIENT_RELATED, Recipient, notify
from members.models import User
from monitoring import notices
from monitoring.models import ProgressReport, ReportingPeriod

Status = ProgressReport.Status


def _users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).select_related(*RECIPIENT_RELATED).order_by("pk")


def _recipients_for(report: ProgressReport) -> list[User]:
    users = _users()
    if report.is_regional:
        return list(users.filter(role=User.Role.SECRETARIAT))
    return list(users.filter(role=User.Role.FOCAL_POINT, national_body_id=report.national_body_id))


def _sent(message, *, kind: str, user: User, link: str, about) -> int:
    """Send one message through communications; 1 when the e-mail left, else 0."""
    delivery = notify(message, kind=kind, recipient=Recipient.of_user(user), link=link, about=about)
    return int(delivery.state == Delivery.State.SENT)


def period_opened_notify(*, period: ReportingPeriod) -> int:
    """E-mail every focal point with a report in the new period; returns how many left."""
    reports = {r.national_body_id: r for r in period.reports.filter(is_regional=False)}
    users = _users().filter(role=User.Role.FOCAL_POINT, national_body_id__in=reports)
    sent = 0
    for user in users:
        report = reports[user.national_body_id]
        sent += _sent(
            notices.period_opened_message(period=period, user=user, report=report),
            kind=Delivery.Kind.PERIOD_OPENED,
            user=user,
            link=notices.report_edit_link(report),
            about=period,
        )
    return sent


def report_reviewed_notify(*, report: ProgressReport) -> int:
    """E-mail the report's authors that it was returned (with the comments) or approved."""
    sent = 0
    for user in _recipients_for(report):
        sent += _sent(
            notices.report_reviewed_message(report=report, user=user),
            kind=Delivery.Kind.REPORT_REVIEWED,
            user=user,
            link=notices.report_detail_link(report),
            about=report,
        )
    return sent


def due_reminders_send(*, today: dt.date | None = None, days: Iterable[int] = (7,)) -> int:
    """Daily (Celery beat): remind the focal points whose report of an open period is not
    submitted yet, `days` days before the due date. Returns how many e-mails were sent; each
    is logged about the report's period."""
    today = today or timezone.localdate()
    due_dates = [today + dt.timedelta(days=n) for n in days]
    reports = ProgressReport.objects.filter(
        is_regional=False,
        period__status=ReportingPeriod.Status.OPEN,
        period__due_on__in=due_dates,
        status__in=[Status.DRAFT, Status.RETURNED],
    ).select_related("period__poa", "national_body")
    by_body = {r.national_body_id: r for r in reports}
    users = _users().filter(role=User.Role.FOCAL_POINT, national_body_id__in=by_body)
    sent = 0
    for user in users:
        report = by_body[user.national_body_id]
        sent += _sent(
            notices.due_reminder_message(report=report, user=user, today=today),
            kind=Delivery.Kind.DUE_REMINDER,
            user=user,
            link=notices.report_edit_link(report),
            about=report.period,
        )
    return sent
