"""How a figure names its cell: `breakdown` is the dimension codes sorted and joined by "+"
("" for the measure's total), `cell` the "dimension=value" pairs in the same order joined by
";" ("age=0-17;sex=female"). One place builds and reads them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

TOTAL = ""


def breakdown_code(dimensions: Iterable[str]) -> str:
    return "+".join(sorted(dimensions))


def breakdown_dimensions(breakdown: str) -> list[str]:
    return breakdown.split("+") if breakdown else []


def cell_code(values: Mapping[str, str]) -> str:
    """{"sex": "female", "age": "0-17"} → "age=0-17;sex=female"; {} → "" (the total)."""
    for dimension, value in values.items():
        # "+" joins dimension codes in a breakdown; a value may hold it ("18+", "60+").
        bad = any(c in dimension for c in "=;+") or any(c in value for c in "=;")
        if not dimension or not value or bad:
            raise ValueError(f"not a cell: {dimension!r}={value!r}")
    return ";".join(f"{d}={values[d]}" for d in sorted(values))


def parse_cell(cell: str) -> dict[str, str]:
    """The inverse of cell_code."""
    if not cell:
        return {}
    pairs = [part.split("=", 1) for part in cell.split(";")]
    if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
        raise ValueError(f"not a cell: {cell!r}")
    return {d: v for d, v in pairs}


def breakdown_of(cell: str) -> str:
    return breakdown_code(parse_cell(cell))
