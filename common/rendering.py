"""Helpers for template tags that write many rows at once (issue 24)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from django import template

T = TypeVar("T")


def once_per_render(context: template.Context, key: str, build: Callable[[], T]) -> T:
    """`build()` once per template render, shared by every call of a tag in that render —
    e.g. the words of a table's rows, translated once a page instead of once a row."""
    value = context.render_context.get(key)
    if value is None:
        value = context.render_context[key] = build()
    return value


def escape_text(value: object) -> str:
    """The text of conditional_escape(value) — a value with `__html__` (already safe) as it
    is, anything else escaped as django.utils.html.escape does — without the lazy-string
    check and the SafeString each call of those makes: a row-writing tag escapes thousands
    of values a page. The tag marks what it assembles safe once."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
