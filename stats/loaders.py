"""Source data of the stats app: the cube's dimensions, values and measures
(stats/data/cube.yaml). Idempotent: a second run changes nothing (members.loaders.upsert)."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from members.loaders import upsert

CUBE_FILE = Path(__file__).resolve().parent / "data" / "cube.yaml"


@transaction.atomic
def load_cube(path: Path = CUBE_FILE) -> dict[str, int]:
    from stats.models import Dimension, DimensionValue, Measure

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = {"dimensions": 0, "dimension values": 0, "measures": 0}
    for d_pos, row in enumerate(data["dimensions"], start=1):
        dimension, did = upsert(
            Dimension,
            {"code": row["code"]},
            {
                "name_es": row["name_es"],
                "name_en": row["name_en"],
                "kind": row.get("kind", Dimension.Kind.CATEGORY),
                "source": row.get("source", "")[:300],
                "position": d_pos,
            },
        )
        changed["dimensions"] += did
        codes: dict[str, object] = {}
        for v_pos, value in enumerate(row.get("values", []), start=1):
            obj, did = upsert(
                DimensionValue,
                {"dimension": dimension, "code": str(value["code"])},
                {
                    "name_es": value["name_es"],
                    "name_en": value["name_en"],
                    "is_unknown": bool(value.get("is_unknown", False)),
                    "parent": codes.get(str(value["parent"])) if value.get("parent") else None,
                    "position": v_pos,
                    "source": row.get("source", "")[:300],
                },
            )
            codes[str(value["code"])] = obj
            changed["dimension values"] += did
    for m_pos, row in enumerate(data["measures"], start=1):
        _, did = upsert(
            Measure,
            {"code": row["code"]},
            {
                "name_es": row["name_es"],
                "name_en": row["name_en"],
                "breakdowns": [sorted(b) for b in row.get("breakdowns", [])],
                "sdg_16_2_2": bool(row.get("sdg_16_2_2", False)),
                "source": row.get("source", "")[:300],
                "position": m_pos,
            },
        )
        changed["measures"] += did
    return changed
