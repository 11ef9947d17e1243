"""Celery tasks of the meetings app: they load ids and call services (STYLE.md)."""

from __future__ import annotations

from celery import shared_task

from meetings import services
from meetings.models import Meeting


@shared_task(name="meetings.send_convocation")
def send_convocation(meeting_id: int) -> int:
    """Queued on commit by meeting_convene; returns how many e-mails were sent."""
    meeting = Meeting.objects.select_related("host_country").get(pk=meeting_id)
    return services.convocation_send(meeting=meeting)


@shared_task(name="meetings.agreements_mark_overdue")
def agreements_mark_overdue() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): agreements past their due date become overdue."""
    return services.agreements_mark_overdue()
