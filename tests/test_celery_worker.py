"""A task goes through the real broker to a real worker process and back (CI's PostgreSQL
and Redis pass). In the embedded default there is no broker, so it runs in-process."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from coalicion.celery_app import ping


def test_ping_runs_in_process_without_a_broker():
    if settings.CELERY_BROKER_URL:
        pytest.skip("a broker is configured; the worker test covers this pass")
    result = ping.delay("hola")
    assert result.get(timeout=5)["value"] == "hola"
    assert result.get()["pid"] == os.getpid()


@pytest.mark.worker
def test_ping_round_trip_through_the_real_worker(celery_worker_process):
    result = ping.delay("hola")
    reply = result.get(timeout=30)
    assert reply["value"] == "hola"
    assert reply["pid"] != os.getpid()


def test_each_pytest_worker_publishes_to_a_queue_of_its_own():
    """Under pytest-xdist each process's tasks go to its own queue, which only its own
    Celery worker consumes (coalicion/settings/test.py): another process's worker would
    look for their rows in another test database."""
    from coalicion.celery_app import app

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        pytest.skip("not under pytest-xdist")
    assert (
        f"{os.environ.get('CELERY_QUEUE', 'coalicion')}-{worker}"
        == settings.CELERY_TASK_DEFAULT_QUEUE
    )
    assert app.conf.task_default_queue == settings.CELERY_TASK_DEFAULT_QUEUE
