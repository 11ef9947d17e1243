"""Tests: the database comes from DATABASE_URL (SQLite by default, PostgreSQL in CI's second
pass); Celery is eager unless CELERY_BROKER_URL points at a real broker."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, CELERY_TASK_DEFAULT_QUEUE, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".test-media")
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LANGUAGE_CODE = "es"

# pytest-xdist runs the suite in several processes, each with its own test database and, in
# CI's PostgreSQL/Redis pass, its own Celery worker: each pair has a queue of its own, or one
# process's worker would take the other's tasks and look for their rows in the wrong database.
# The worker processes inherit the environment (and CELERY_QUEUE, where a drill sets it).
_XDIST = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST and not CELERY_TASK_DEFAULT_QUEUE.endswith(f"-{_XDIST}"):
    CELERY_TASK_DEFAULT_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}-{_XDIST}"
