"""Celery tasks of the meetings app: they load ids and call services (STYLE.md)."""

from __future__ import annotations

from celery import shared_task

from meetings import services
from meetings.models import Meeting, Minutes


@shared_task(name="meetings.send_convocation")
def send_convocation(meeting_id: int) -> int:
    """Queued on commit by meeting_convene, meeting_update (a reschedule) and
    meeting_cancel: sends each invitee the convocation, update or cancellation their
    calendar lacks; returns how many e-mails were sent."""
    meeting = Meeting.objects.select_related("host_country").get(pk=meeting_id)
    return services.meeting_notices_send(meeting=meeting)


@shared_task(name="meetings.send_reminders")
def send_reminders(meeting_id: int, invitation_ids: list[int]) -> int:
    """Queued on commit by meeting_remind; returns how many e-mails were sent."""
    meeting = Meeting.objects.select_related("host_country").get(pk=meeting_id)
    return services.reminders_send(meeting=meeting, invitation_ids=invitation_ids)


@shared_task(name="meetings.send_minutes_circulation")
def send_minutes_circulation(minutes_id: int) -> int:
    """Queued on commit by minutes_circulate; returns how many e-mails were sent."""
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes_id)
    return services.minutes_circulation_send(minutes=minutes)
