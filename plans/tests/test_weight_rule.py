"""The weight rule itself (SPEC §4), stated once in plans.selectors.weights_check: siblings'
weights are all empty (equal shares) or all given, each in (0, 100], adding up to 100.
weights_set, weights_valid and poa_copy all answer with it."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from common.testing import refused
from plans import selectors


@pytest.mark.parametrize(
    "weights",
    [
        [],
        [None],
        [None, None, None],
        [D(100)],
        [D(70), D(30)],
        [D("33.33"), D("33.33"), D("33.34")],
    ],
)
def test_weights_that_keep_the_rule(weights):
    selectors.weights_check(weights)
    assert selectors.weights_valid([SimpleNamespace(weight=w) for w in weights])


@pytest.mark.parametrize(
    ("weights", "code"),
    [
        ([D(100), None], "weights_all_or_none"),
        ([None, D(50), D(50)], "weights_all_or_none"),
        ([D(60), D(30)], "weights_must_sum_100"),
        ([D(60), D(50)], "weights_must_sum_100"),
        ([D(0), D(100)], "weight_out_of_range"),
        ([D(-10), D(110)], "weight_out_of_range"),
    ],
)
def test_weights_that_break_the_rule(weights, code):
    with refused(code):
        selectors.weights_check(weights, parent="Eje 1")
    assert not selectors.weights_valid([SimpleNamespace(weight=w) for w in weights])


def test_the_message_names_the_parent_and_the_total():
    with pytest.raises(ValidationError) as exc:
        selectors.weights_check([D("60.50"), D(30)], parent="Eje 1")
    assert exc.value.params == {"parent": "Eje 1", "total": D("90.5")}
    assert "Eje 1" in exc.value.messages[0] and "90.5" in exc.value.messages[0]
