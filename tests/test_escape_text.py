"""common.rendering.escape_text: the row-writing tags' escaping (issue 24) writes what
Django's conditional_escape writes, for every kind of value a row holds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy, override

from common.rendering import escape_text

VALUES = [
    "",
    "Campaña «Alto»",
    "<b>\"Trata\" & 'tráfico'</b>",
    "a\nb",
    0,
    55,
    Decimal("14.29"),
    None,
    mark_safe("<em>ya segura</em>"),
    format_html("<span>{}</span>", "<x>"),
    gettext_lazy("Axis"),
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_it_writes_what_conditional_escape_writes(value):
    with override("es"):
        written = escape_text(value)
        assert written == str(conditional_escape(value))
        # Already safe stays safe; anything else comes back as plain text, which the tag
        # marks safe once with the row it writes.
        assert isinstance(written, SafeString) == hasattr(value, "__html__")


def test_a_safe_value_is_not_escaped_twice_and_a_plain_one_is():
    assert escape_text(mark_safe("<br>")) == "<br>"
    assert escape_text("<br>") == "&lt;br&gt;"
