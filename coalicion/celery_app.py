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
