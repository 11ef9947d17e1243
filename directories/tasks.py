"""Celery tasks of the regional directory (issue 19)."""

from __future__ import annotations

from celery import shared_task

from directories import services


@shared_task(name="directories.send_stale_reminders")
def send_stale_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): each country's focal points get one e-mail listing
    their stale directory entries."""
    return services.stale_reminders_send()
