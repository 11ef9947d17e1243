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


def send_notice(task, *args) -> bool:
    """Queue an e-mail notice after the commit that caused it. The change it announces is
    saved already: a broker that cannot be reached (bounded by CELERY_TASK_PUBLISH_RETRY_POLICY)
    must not turn the user's request into an error, so the notice is logged as not sent
    instead. Nobody reads a notice's result: none is stored."""
    import logging

    from kombu.exceptions import OperationalError as BrokerUnreachable

    try:
        task.apply_async(args=args, ignore_result=True)
    except BrokerUnreachable as exc:
        logging.getLogger(__name__).warning(
            "notice %s%s not sent: the broker is unreachable (%s)", task.name, args, exc
        )
        return False
    return True
