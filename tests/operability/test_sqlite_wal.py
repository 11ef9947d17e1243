"""The embedded default (SQLite) under a burst of writes: WAL and a busy timeout make writers
wait their turn instead of failing with "database is locked" (issue 23)."""

from __future__ import annotations

import threading

import environ
import pytest
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from coalicion.settings.base import SQLITE_OPTIONS


def _wrapper(path) -> DatabaseWrapper:
    """A connection configured as settings configure the embedded default."""
    settings_dict = environ.Env.db_url_config(f"sqlite:///{path}")
    settings_dict.update(
        {
            "OPTIONS": dict(SQLITE_OPTIONS),
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "TEST": {},
        }
    )
    return DatabaseWrapper(settings_dict, alias=f"burst-{threading.get_ident()}")


@pytest.fixture(autouse=True)
def _own_files(django_db_blocker):
    """These connections are to throwaway files, not the test database."""
    with django_db_blocker.unblock():
        yield


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    connection = _wrapper(tmp_path / "db.sqlite3")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == SQLITE_OPTIONS["timeout"] * 1000
    connection.close()


@pytest.mark.parametrize("writers", [12])
def test_a_burst_of_writers_all_commit(tmp_path, writers):
    path = tmp_path / "db.sqlite3"
    setup = _wrapper(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE saves (writer INTEGER, n INTEGER)")
    setup.close()
    errors: list[Exception] = []
    start = threading.Barrier(writers)

    def write(writer: int) -> None:
        connection = _wrapper(path)
        connections[connection.alias] = connection
        try:
            start.wait()
            for n in range(20):
                # One transaction per save, as ATOMIC_REQUESTS gives each request: a read,
                # then a write. A deferred transaction would fail at once ("database is
                # locked") when it tries to upgrade while another writes.
                with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM saves")
                    cursor.execute("INSERT INTO saves VALUES (%s, %s)", [writer, n])
        except Exception as exc:  # collected: the assertion below names them
            errors.append(exc)
        finally:
            connection.close()
            del connections[connection.alias]

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = _wrapper(path)
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM saves")
        assert cursor.fetchone()[0] == writers * 20
    check.close()
