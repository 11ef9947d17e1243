"""/health/ for compose and any orchestrator (django-health-check): the database, the cache,
media storage, free disk where media is kept, and — where Celery has a broker — a worker
answering a ping. 200 when all pass, 500 otherwise; `?format=json` or
`Accept: application/json` for machines. Anonymous: it says nothing but "OK" or the failing
service's class."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from health_check.views import HealthCheckView

from coalicion.celery_app import app as celery_app


def _existing(path: Path) -> Path:
    """Media's folder is made at the first upload: until then, the disk it will be on."""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def checks() -> list:
    found: list = [
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",
        ("health_check.contrib.psutil.Disk", {"path": str(_existing(settings.MEDIA_ROOT))}),
    ]
    if not celery_app.conf.task_always_eager:  # tasks go through a broker to a worker
        found.append(("health_check.contrib.celery.Ping", {"timeout": dt.timedelta(seconds=2)}))
    return found


@transaction.non_atomic_requests
async def health(request: HttpRequest) -> HttpResponse:
    """The checks are read at each call: settings (media folder, broker) decide them."""
    return await HealthCheckView.as_view(checks=checks())(request)
