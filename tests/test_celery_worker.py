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
