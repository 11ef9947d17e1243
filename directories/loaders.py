"""Source data of the directories app: the dimensions of the comparative legislation matrix
(002 e.A; directories/data/legislation_dimensions.yaml) and the member institutions of the
national bodies that 003 §III names (directories/data/national_body_members.yaml).
Idempotent: a second run changes nothing (members.loaders.upsert)."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.db import transaction

from members.loaders import upsert

DATA = Path(__file__).resolve().parent / "data"
DIMENSIONS_FILE = DATA / "legislation_dimensions.yaml"
BODY_MEMBERS_FILE = DATA / "national_body_members.yaml"


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


@transaction.atomic
def load_body_members(path: Path = BODY_MEMBERS_FILE) -> dict[str, int]:
    """The member institutions 003 §III names (Mexico, Dominican Republic, Panama), seated
    on their country's principal body; returns how many were created or changed."""
    from directories.models import Institution, Level
    from members.models import NationalBody

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = 0
    for block in data["bodies"]:
        body = NationalBody.objects.principal().get(country__iso_code=block["country"])
        for row in block["institutions"]:
            institution, did_change = upsert(
                Institution,
                {"country": body.country, "name": row["name"]},
                {
                    "sector": row["sector"],
                    "level": Level.POLITICAL,
                    "source": block["source"][:200],
                },
            )
            assert isinstance(institution, Institution)
            if not institution.national_bodies.filter(pk=body.pk).exists():
                institution.national_bodies.add(body)
                did_change = True
            changed += did_change
    return {"national body members": changed}
