"""Celery application. Without CELERY_BROKER_URL (the embedded default) tasks run eagerly,
in-process; with a broker they go to `celery -A coalicion worker` and `celery -A coalicion beat`."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coalicion.settings.local")

app = Celery("coalicion")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="coalicion.ping")
def ping(value: str = "pong") -> dict:
    """Round trip check of the broker and the worker (used by CI and health checks)."""
    return {"value": value, "pid": os.getpid()}


def publish(task, *args, task_id: str | None = None) -> bool:
    """Queue a task after the commit that caused it (e-mail notices, report builds). The
    change it follows is saved already: a broker that cannot be reached (bounded by
    CELERY_TASK_PUBLISH_RETRY_POLICY) must not turn the user's request into an error, so
    the task is logged as not queued and False returned (a report build is queued again by
    monitoring.republish_report_jobs). Nobody reads these tasks' results: none is stored."""
    import logging

    from kombu.exceptions import OperationalError as BrokerUnreachable

    try:
        task.apply_async(args=args, task_id=task_id, ignore_result=True)
    except BrokerUnreachable as exc:
        logging.getLogger(__name__).warning(
            "task %s%s not queued: the broker is unreachable (%s)", task.name, args, exc
        )
        return False
    return True
