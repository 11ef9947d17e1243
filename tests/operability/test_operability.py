"""Issue 23: what an operator and a partner's program meet when something is wrong — the
health endpoint, the error pages in both languages, JSON errors under /api/, an API that
keeps answering without its cache, and log lines that say when (UTC), what and which request."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from common.logging import UTCFormatter, UTCJSONFormatter
from members.models import User
from members.tests.factories import UserFactory

DOWN_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


def test_health_answers_json_for_machines_and_needs_no_login(db):
    response = Client().get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    checks = response.json()
    assert set(checks.values()) == {"OK"}
    names = " ".join(checks)
    for check in ("Database", "Cache", "Storage", "Disk"):
        assert check in names
    # Celery runs in-process here: no worker to ping, so no broker check.
    assert "Ping" not in names


def test_health_fails_when_the_cache_is_down(db):
    with override_settings(CACHES=DOWN_REDIS):
        response = Client().get("/health/?format=json")
    assert response.status_code == 500
    failing = [name for name, state in response.json().items() if state != "OK"]
    assert len(failing) == 1 and failing[0].startswith("Cache")


@pytest.mark.parametrize(
    ("language", "title"), [("es", "Página no encontrada"), ("en", "Page not found")]
)
def test_404_is_the_sites_own_page_in_the_readers_language(db, language, title):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert title in html
    assert 'href="/"' in html  # a way back


@pytest.mark.parametrize(
    ("language", "title"), [("es", "Acceso denegado"), ("en", "Access denied")]
)
def test_403_is_the_sites_own_page(client, partner, language, title):
    """Partner agencies read officials' contacts only through the API's public fields."""
    client.force_login(partner)
    response = client.get("/members/people/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    assert title in response.content.decode()


@override_settings(ROOT_URLCONF="tests.operability.urls")
@pytest.mark.parametrize(
    ("language", "title"), [("es", "Error del servidor"), ("en", "Server error")]
)
def test_500_is_the_sites_own_page(db, language, title):
    client = Client(raise_request_exception=False)
    response = client.get("/crash/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 500
    assert title in response.content.decode()


@override_settings(ROOT_URLCONF="tests.operability.urls")
def test_api_crash_answers_the_json_error_shape(db):
    response = Client(raise_request_exception=False).get("/api/v1/crash/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error"
    assert set(response.json()) == {"detail", "code", "fields"}


def test_unknown_api_path_answers_the_json_error_shape(db):
    response = Client().get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {
        "detail": response.json()["detail"],
        "code": "not_found",
        "fields": {},
    }


def test_api_keeps_answering_when_the_cache_is_down(partner_api):
    with override_settings(CACHES=DOWN_REDIS):
        response = partner_api.get("/api/v1/countries/")
    assert response.status_code == 200
    assert response.json()["count"] >= 9


def test_cached_pages_keep_rendering_when_the_cache_is_down(client, st_user, period):
    """The dashboard is kept rendered in the cache (common.cache): without it, it renders."""
    client.force_login(st_user)
    with override_settings(CACHES=DOWN_REDIS):
        response = client.get(f"/monitoring/?poa={period.poa_id}")
    assert response.status_code == 200
    assert str(period.poa.year) in response.content.decode()


def test_every_response_carries_a_request_id_and_reuses_a_proxys(db):
    response = Client().get("/health/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    assert len(Client().get("/health/")["X-Request-ID"]) >= 16


def _record(msg: str = "hello") -> logging.LogRecord:
    record = logging.LogRecord("coalicion.test", logging.WARNING, __file__, 1, msg, None, None)
    record.created = 1_796_000_000.0  # 2026-11-30 00:53:20 UTC
    record.correlation_id = "req-1"
    return record


def test_plain_log_lines_are_in_utc_with_level_logger_and_request_id():
    line = UTCFormatter().format(_record())
    assert line == "2026-11-30T00:53:20Z WARNING coalicion.test [req-1] hello"


def test_json_log_lines_parse_with_the_same_fields():
    data = json.loads(UTCJSONFormatter().format(_record()))
    assert data == {
        "time": "2026-11-30T00:53:20Z",
        "level": "WARNING",
        "name": "coalicion.test",
        "correlation_id": "req-1",
        "message": "hello",
    }


# --- django-axes behind a reverse proxy --------------------------------------------------------
PROXY = "10.0.0.1"


def _login(address: str, username: str, password: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    client = Client(REMOTE_ADDR=address, **headers)
    return client.post(reverse("login"), {"username": username, "password": password})


def test_behind_a_trusted_proxy_the_lockout_keys_on_the_clients_address(settings, db):
    """Every request arrives from the proxy: keyed on REMOTE_ADDR, an attacker anywhere would
    lock Ana out. With the proxy declared, the client's own address counts."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    UserFactory(username="ana", role=User.Role.SECRETARIAT)
    attacker, office = "203.0.113.7", "198.51.100.20"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(PROXY, "ana", "wrong", forwarded=f"{attacker}, {PROXY}")
    assert (
        _login(PROXY, "ana", "secret-pass-123", forwarded=f"{attacker}, {PROXY}").status_code == 429
    )
    assert (
        _login(PROXY, "ana", "secret-pass-123", forwarded=f"{office}, {PROXY}").status_code == 302
    )


def test_without_a_declared_proxy_a_forged_forwarded_header_does_not_escape_the_lockout(
    settings, db
):
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ["REMOTE_ADDR"]
    UserFactory(username="ana", role=User.Role.SECRETARIAT)
    attacker = "203.0.113.7"
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "ana", "wrong", forwarded=f"192.0.2.{n}")
    assert _login(attacker, "ana", "secret-pass-123", forwarded="192.0.2.99").status_code == 429
