"""Fixtures of the API contract tests (tests/test_api_*.py): one client per role — anonymous,
a partner token, focal-point tokens of Honduras and Guatemala, ST in the browser (session) —
and a small POA with an open reporting period, made through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from members.models import User
from members.services import api_token_create
from monitoring.tests.conftest import period, poa  # noqa: F401  (the small POA, its period)


def token_client(token: str, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def issue(st: User, **fields) -> str:
    fields.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=30))
    return api_token_create(user=st, **fields).token


@pytest.fixture
def anon_api() -> APIClient:
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def partner_token(st_user) -> str:
    return issue(st_user, label="OIM data portal", scope=User.Role.PARTNER, agency="OIM")


@pytest.fixture
def partner_api(partner_token) -> APIClient:
    return token_client(partner_token)


@pytest.fixture
def fp_hn_token(st_user, coalition) -> str:
    return issue(
        st_user,
        label="Sistema nacional HN",
        scope=User.Role.FOCAL_POINT,
        national_body=coalition["HN"],
    )


@pytest.fixture
def fp_hn_api(fp_hn_token) -> APIClient:
    return token_client(fp_hn_token)


@pytest.fixture
def fp_gt_api(st_user, coalition) -> APIClient:
    token = issue(
        st_user,
        label="Sistema nacional GT",
        scope=User.Role.FOCAL_POINT,
        national_body=coalition["GT"],
    )
    return token_client(token)


@pytest.fixture
def st_api(st_user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(st_user)
    return client
