"""Helpers for template tags that write many rows at once (issue 24)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote

from django import template
from django.urls import reverse

T = TypeVar("T")


def once_per_render(context: template.Context, key: str, build: Callable[[], T]) -> T:
    """`build()` once per template render, shared by every call of a tag in that render —
    e.g. the words of a table's rows, translated once a page instead of once a row."""
    value = context.render_context.get(key)
    if value is None:
        value = context.render_context[key] = build()
    return value


# The row's value in a URL reversed once a render: digits, so that `int` and `str` path
# converters both accept it, and the largest value an `int` column holds.
ROW = 2_147_483_647
_ROW = str(ROW)
# As Django's reverse() quotes a path argument (django.urls.resolvers._reverse_with_prefix).
_PATH_SAFE = "!$&'()*+,;=/~:@"


def row_url(context: template.Context, viewname: str, args: tuple, value: object) -> str:
    """The URL of `viewname` with `args`, where the argument ROW stands for `value`, escaped
    for an attribute: reversed once per render with ROW, then each row's value put in its
    place, quoted as reverse() quotes it — a row-writing tag links thousands of rows a page."""
    pattern = once_per_render(
        context, f"row_url {viewname} {args!r}", lambda: reverse(viewname, args=args)
    )
    return escape_text(pattern.replace(_ROW, quote(str(value), safe=_PATH_SAFE)))


def escape_text(value: object) -> str:
    """The text of conditional_escape(value) — a value with `__html__` (already safe) as it
    is, anything else escaped as django.utils.html.escape does — without the lazy-string
    check and the SafeString each call of those makes: a row-writing tag escapes thousands
    of values a page. The tag marks what it assembles safe once."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
