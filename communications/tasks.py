"""Celery tasks of communications: they load ids and call services (STYLE.md)."""

from __future__ import annotations

from celery import shared_task

from communications.models import Communique
from communications.services import communiques as services


@shared_task(name="communications.send_communique")
def send_communique(communique_id: int, kind: str = "communique") -> int:
    """Queued on commit by communique_send and the reminders: splits the queued
    deliveries of `kind` into chunks, one task each; returns how many are queued."""
    communique = Communique.objects.get(pk=communique_id)
    return services.communique_send_queue(communique=communique, kind=kind)


@shared_task(name="communications.send_communique_chunk")
def send_communique_chunk(communique_id: int, delivery_ids: list[int]) -> int:
    """Sends the e-mails of one chunk of deliveries; returns how many left."""
    communique = Communique.objects.get(pk=communique_id)
    return services.communique_chunk_send(communique=communique, delivery_ids=delivery_ids)


@shared_task(name="communications.remind_overdue_communiques")
def remind_overdue_communiques() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): reminds, once, the recipients who have not
    acknowledged a comunicado whose acknowledge-by date has passed."""
    return services.communique_remind_overdue()
