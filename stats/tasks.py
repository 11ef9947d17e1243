"""Celery tasks of the regional statistics (issue 20)."""

from __future__ import annotations

from celery import shared_task

from stats.models import StatisticsReturn
from stats.services import notices


def _return_record(history_id: int):
    """The history record of the return's change that queued the notice."""
    return StatisticsReturn.history.select_related("country", "history_user").get(
        history_id=history_id
    )


@shared_task(name="stats.notify_return_submitted")
def notify_return_submitted(history_id: int) -> int:
    """Queued on commit by return_submit: the Technical Secretariat is told."""
    return notices.return_submitted_notify(record=_return_record(history_id))


@shared_task(name="stats.notify_return_sent_back")
def notify_return_sent_back(history_id: int) -> int:
    """Queued on commit by return_send_back: the country's focal points are told."""
    return notices.return_sent_back_notify(record=_return_record(history_id))


@shared_task(name="stats.compute_publication")
def compute_publication(year: int) -> int:
    """Queued on commit by return_publish: the year's disclosure patterns, one per measure,
    computed now and kept in the cache (stats.selectors.publication), so the first reader of
    the statistics pages after a publication does not wait for them (seconds at 10×, bench/
    RESULTS.md). Returns the number of measures computed."""
    from stats.selectors.outputs import measures
    from stats.selectors.publication import publication

    computed = 0
    for measure in measures():
        publication(measure=measure, year=year)
        computed += 1
    return computed
