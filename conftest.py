"""Role fixtures shared by every app's tests (docs/architecture.md). The coalition as the sources define
it (members/data/coalition.yaml) is loaded once per test session, committed, so every test
that touches the database sees it: a test's own changes are rolled back with its
transaction; a transactional test (live server, real worker) flushes the database, and the
next test that touches the database loads the coalition again before it starts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from members.loaders import load_coalition
from members.models import NationalBody, ObserverOrganisation, User
from members.tests.factories import ObserverOrganisationFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_use_migrations(request) -> bool:
    """pytest-django's choice, narrowed: the test database is built by the migrations on
    PostgreSQL, where communications 0003 adds what no model says (the archive's search
    trigger, its text search configuration and index), and from the models on SQLite, where
    the migrations add nothing more and take ~90 s to plan (Django renders the project's
    state once per operation). CI migrates SQLite from scratch in its backup drill and
    checks that the models and the migrations agree (`makemigrations --check`)."""
    from django.db import connection

    return connection.vendor == "postgresql" and not request.config.getvalue("nomigrations")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and rendered pages live in the cache: each test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language (Spanish) and leaves it so: a test that
    activates English without restoring it must not change what the next one reads."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _celery_in_process_unless_worker(request):
    """Tasks run in-process in every test but those marked `worker`, which exercise the real
    broker and worker (CI's PostgreSQL/Redis pass); so mail.outbox and the DB see the effects."""
    from coalicion.celery_app import app

    if request.node.get_closest_marker("worker") is not None:
        yield
        return
    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _coalition_loaded(request, django_db_blocker):
    """Before any test that touches the database: the coalition is there, committed (loaded
    outside the test's transaction, so loaded once and not once per test)."""
    uses_db = request.node.get_closest_marker("django_db") is not None or bool(
        DB_FIXTURES & set(request.fixturenames)
    )
    if uses_db:
        with django_db_blocker.unblock():
            if not NationalBody.objects.exists():
                load_coalition()
    yield


@pytest.fixture
def coalition(db) -> dict[str, NationalBody]:
    """The 9 member countries and their (principal) bodies, as loaded from the source data."""
    return {
        b.country.iso_code: b for b in NationalBody.objects.principal().select_related("country")
    }


@pytest.fixture
def st_user(db) -> User:
    return UserFactory(username="st", role=User.Role.SECRETARIAT)


@pytest.fixture
def presidency_user(db) -> User:
    return UserFactory(username="presidencia", role=User.Role.PRESIDENCY)


@pytest.fixture
def focal_point_hn(coalition) -> User:
    return UserFactory(username="fp-hn", role=User.Role.FOCAL_POINT, national_body=coalition["HN"])


@pytest.fixture
def focal_point_gt(coalition) -> User:
    return UserFactory(username="fp-gt", role=User.Role.FOCAL_POINT, national_body=coalition["GT"])


@pytest.fixture
def delegate(coalition) -> User:
    return UserFactory(username="delegado", role=User.Role.DELEGATE, national_body=coalition["HN"])


@pytest.fixture
def observer(db) -> User:
    """An account of an observer organisation (role observer). The source data has none
    (the OIM is a supporter…): the test's own, as if admitted by the Plenary."""
    org = ObserverOrganisationFactory(
        acronym="OBS-TEST",
        name="Organización observadora de prueba",
        role=ObserverOrganisation.Role.OBSERVER,
    )
    return UserFactory(username="observador", role=User.Role.OBSERVER, observer_organisation=org)


@pytest.fixture
def partner(db) -> User:
    return UserFactory(username="socio", role=User.Role.PARTNER)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process on the configured broker, using the test database.

    Only for the PostgreSQL/Redis pass: without a broker (embedded default) the tests that
    need it are skipped; with a broker, failing to start the worker fails them.
    Tests that let the worker read rows must use `transactional_db` so the rows are committed.
    """
    import os
    import subprocess
    import sys
    import time
    import uuid

    from django.conf import settings

    from coalicion.celery_app import app

    if not settings.CELERY_BROKER_URL:
        pytest.skip("no CELERY_BROKER_URL: tasks run in-process in this pass")
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "coalicion.settings.test"
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        )
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    prefix = f"ci-{uuid.uuid4().hex[:8]}"
    name = f"{prefix}@%h"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "coalicion",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-n",
            name,
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"celery worker exited with {proc.returncode}")
        replies = app.control.ping(timeout=1.0) or []
        answered = [node for r in replies for node in r if node.startswith(f"{prefix}@")]
        if answered:
            # Its node name, for remote control commands meant for it alone: other pytest
            # workers' Celery workers answer broadcasts on the same broker.
            proc.nodename = answered[0]  # type: ignore[attr-defined]
            break
    else:
        proc.kill()
        pytest.fail("celery worker did not answer within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
