"""common.rendering.row_url: the row-writing tags' links (issue 24), reversed once a render
with a placeholder and then filled with each row's value, are the links reverse() writes."""

from __future__ import annotations

import pytest
from django.template import Context
from django.urls import reverse
from django.utils.html import escape

from common.rendering import ROW, row_url

# A path converter's value has no "/"; the rest is quoted as reverse() quotes it.
CODES = ["1.1.1", "2.3", "A b", "ñ?#&<\"'", "2147483647", "%41", "~:@!$()*+,;="]


@pytest.mark.parametrize("code", CODES, ids=repr)
def test_a_text_value_is_put_in_as_reverse_quotes_it(code):
    context = Context()
    for year in (2018, 2019):  # each pattern is its own: the year is part of it
        written = row_url(context, "plans:activity-detail", (year, ROW), code)
        assert written == escape(reverse("plans:activity-detail", args=[year, code]))


def test_each_view_and_arguments_keep_their_own_pattern_in_one_render():
    context = Context()
    for pk in (1, 7, 2_147_483_647, 42):
        assert row_url(context, "plans:item-edit", ("opobjective", ROW), pk) == reverse(
            "plans:item-edit", args=["opobjective", pk]
        )
        assert row_url(context, "plans:weights-edit", ("opobjective", ROW), pk) == reverse(
            "plans:weights-edit", args=["opobjective", pk]
        )
        assert row_url(context, "plans:item-edit", ("activity", ROW), pk) == reverse(
            "plans:item-edit", args=["activity", pk]
        )
        assert row_url(context, "monitoring:evidence-add", (ROW,), pk) == reverse(
            "monitoring:evidence-add", args=[pk]
        )


def test_the_pattern_is_reversed_once_a_render():
    context = Context()
    before = len(context.render_context.flatten())
    row_url(context, "monitoring:evidence-add", (ROW,), 5)
    row_url(context, "monitoring:evidence-add", (ROW,), 6)
    kept = context.render_context.flatten()
    assert len(kept) == before + 1
    assert kept[f"row_url monitoring:evidence-add {(ROW,)!r}"] == reverse(
        "monitoring:evidence-add", args=[ROW]
    )
