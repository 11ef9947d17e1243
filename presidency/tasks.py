"""Celery tasks of the Presidency's work (issue 22): they load ids and call services."""

from __future__ import annotations

from celery import shared_task

from presidency.services import cooperation_notices


@shared_task(name="presidency.remind_reporting_duties")
def remind_reporting_duties() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): the reports owed to cooperation partners, reminded
    before they fall due and once overdue; returns how many e-mails left."""
    return cooperation_notices.duties_remind()
