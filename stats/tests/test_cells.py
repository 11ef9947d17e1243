from __future__ import annotations

import pytest

from stats.cells import breakdown_code, breakdown_of, cell_code, parse_cell


def test_cells_round_trip_in_one_order():
    cell = cell_code({"sex": "female", "age": "0-17"})
    assert cell == "age=0-17;sex=female"
    assert parse_cell(cell) == {"age": "0-17", "sex": "female"}
    assert breakdown_of(cell) == breakdown_code(["sex", "age"]) == "age+sex"
    assert cell_code({}) == "" and parse_cell("") == {}


def test_a_value_may_hold_a_plus():
    assert parse_cell(cell_code({"age": "18+", "sex": "male"})) == {"age": "18+", "sex": "male"}


@pytest.mark.parametrize(
    "bad", [{"sex": ""}, {"": "x"}, {"sex": "a=b"}, {"sex": "a;b"}, {"a+b": "x"}]
)
def test_a_malformed_cell_is_refused(bad):
    with pytest.raises(ValueError):
        cell_code(bad)


@pytest.mark.parametrize("bad", ["sex", "sex=", "=x", "sex=a;age"])
def test_a_malformed_cell_is_not_read(bad):
    with pytest.raises(ValueError):
        parse_cell(bad)
