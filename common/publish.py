"""Queue a Celery task after the commit that caused it (Zulip: side effects on commit)."""

from __future__ import annotations

import logging

from kombu.exceptions import OperationalError as BrokerUnreachable

logger = logging.getLogger(__name__)


def publish(task, *args, task_id: str | None = None) -> bool:
    """Queue `task` now (callers run it from `transaction.on_commit`). The change it follows
    is saved already: a broker that cannot be reached (bounded by
    CELERY_TASK_PUBLISH_RETRY_POLICY) must not turn the user's request into an error, so
    the task is logged as not queued and False returned (a report build is queued again by
    reports.republish_report_jobs). Nobody reads these tasks' results: none is stored."""
    try:
        task.apply_async(args=args, task_id=task_id, ignore_result=True)
    except BrokerUnreachable as exc:
        logger.warning("task %s%s not queued: the broker is unreachable (%s)", task.name, args, exc)
        return False
    return True
