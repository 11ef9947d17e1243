"""The specific guidelines of the Lineamientos de Actuación (001 §5 A–F), from
presidency/data/guidelines.yaml. Idempotent: rows are matched on (area, number) and only
saved when a value differs, so a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from members.loaders import upsert
from presidency.models import Guideline

GUIDELINES_FILE = Path(__file__).parent / "data" / "guidelines.yaml"


@transaction.atomic
def load_guidelines(path: Path = GUIDELINES_FILE) -> dict[str, int]:
    """Returns how many guidelines were created or changed (zero on a re-run)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = 0
    for row in data["guidelines"]:
        _, did = upsert(
            Guideline,
            {"area": row["area"], "number": row["number"]},
            {
                "text": row["text"],
                "summary_en": row.get("summary_en") or "",
                "source": row["source"],
                "note": row.get("note") or "",
            },
        )
        changed += did
    return {"guidelines": changed}
