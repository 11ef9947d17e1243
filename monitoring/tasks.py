"""Celery tasks of the monitoring app: they load ids and call services (STYLE.md)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from monitoring import services
from monitoring.models import ProgressReport, ReportingPeriod


@shared_task(name="monitoring.notify_period_opened")
def notify_period_opened(period_id: int) -> int:
    """Queued on commit by reporting_period_open."""
    period = ReportingPeriod.objects.select_related("poa").get(pk=period_id)
    return services.period_opened_notify(period=period)


@shared_task(name="monitoring.notify_report_reviewed")
def notify_report_reviewed(report_id: int) -> int:
    """Queued on commit when ST returns, approves or reopens a report."""
    report = ProgressReport.objects.select_related("period__poa", "national_body").get(pk=report_id)
    return services.report_reviewed_notify(report=report)


@shared_task(name="monitoring.send_due_reminders")
def send_due_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): reminders settings.MONITORING_REMINDER_DAYS days
    before each open period's due date."""
    return services.due_reminders_send(days=settings.MONITORING_REMINDER_DAYS)
