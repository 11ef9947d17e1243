"""Celery tasks of the events (issue 21)."""

from __future__ import annotations

from celery import shared_task

from events import notices


@shared_task(name="events.notify_participant_confirmed")
def notify_participant_confirmed(participant_id: int) -> int:
    """Queued on commit by participant_confirm: the participant gets its confirmation, with
    its check-in code and the event's calendar file."""
    return notices.participant_confirmed_notify(participant_id=participant_id)


@shared_task(name="events.notify_event_convened")
def notify_event_convened(event_id: int) -> int:
    """Queued on commit by event_convene: the invited countries' focal points get the
    invitation with the pre-reading dossier's links."""
    return notices.event_convened_notify(event_id=event_id)
