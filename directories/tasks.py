"""Celery tasks of the regional directory (issue 19)."""

from __future__ import annotations

from celery import shared_task

from directories import services
from directories.models import LegislationCell
from directories.services import legislation as legislation_services


@shared_task(name="directories.send_stale_reminders")
def send_stale_reminders() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): each country's focal points get one e-mail listing
    their stale directory entries."""
    return services.stale_reminders_send()


def _cell_record(history_id: int):
    """The history record of the cell's change that queued the notice."""
    return LegislationCell.history.select_related("country", "dimension", "proposed_by").get(
        history_id=history_id
    )


@shared_task(name="directories.notify_cell_proposed")
def notify_cell_proposed(history_id: int) -> int:
    """Queued on commit by cell_propose: the Technical Secretariat is told."""
    return legislation_services.cell_proposed_notify(record=_cell_record(history_id))


@shared_task(name="directories.notify_cell_reviewed")
def notify_cell_reviewed(history_id: int) -> int:
    """Queued on commit by cell_validate and cell_return: the proposer is told."""
    return legislation_services.cell_reviewed_notify(record=_cell_record(history_id))
