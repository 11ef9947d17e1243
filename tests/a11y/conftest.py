"""Helpers of the accessibility tests (issue 25): pages requested in a chosen language, and
the ids an HTML page defines and refers to."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English activates it for the thread: it must not leak into the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(params=["es", "en"])
def language(request, client) -> str:
    """Each test using it runs once per language of the site, through the language cookie."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    return request.param


def ids_of(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def described_by(html: str) -> list[str]:
    return [i for value in re.findall(r'aria-describedby="([^"]*)"', html) for i in value.split()]


def error_summary(html: str) -> str:
    """The HTML of the page's error summary ("" when there is none)."""
    match = re.search(r"<div[^>]*data-error-summary[^>]*>.*?</div>", html, re.S)
    return match.group(0) if match else ""


def title_of(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    return match.group(1).strip() if match else ""
