"""Source data of the directories app: the dimensions of the comparative legislation matrix
(002 e.A; directories/data/legislation_dimensions.yaml). Idempotent: a second run changes
nothing (members.loaders.upsert)."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from members.loaders import upsert

DIMENSIONS_FILE = Path(__file__).resolve().parent / "data" / "legislation_dimensions.yaml"


@transaction.atomic
def load_legislation_dimensions(path: Path = DIMENSIONS_FILE) -> dict[str, int]:
    """The matrix's rows, by code, in the file's order; returns how many were created or
    changed. The sources give no cell values: cells are the countries' (focal points)."""
    from directories.models import LegislationDimension

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = 0
    for position, row in enumerate(data["dimensions"], start=1):
        _, did_change = upsert(
            LegislationDimension,
            {"code": row["code"]},
            {
                "name_es": row["name_es"],
                "name_en": row["name_en"],
                "description_es": row.get("description_es", ""),
                "description_en": row.get("description_en", ""),
                "source": row.get("source", ""),
                "position": position,
            },
        )
        changed += did_change
    return {"legislation dimensions": changed}
