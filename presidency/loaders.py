"""The specific guidelines of the Lineamientos de Actuación (001 §5 A–F), from
presidency/data/guidelines.yaml."""

from __future__ import annotations


def load_guidelines() -> dict[str, int]:
    return {"guidelines": 0}
