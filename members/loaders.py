"""Loads the registry the sources define from members/data/coalition.yaml (transcribed
from seeds 000, 003 §I–III and 004: countries, bodies, observers, offices, committees).
Idempotent: rows are matched on natural keys and only updated when a value differs, so a
second run changes nothing (and writes no history)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from django.db import transaction

from members.models import (
    Committee,
    CommitteeCountry,
    Country,
    LegalInstrument,
    Membership,
    NationalBody,
    NationalLaw,
    ObserverOrganisation,
    Office,
    Ratification,
)

DATA_FILE = Path(__file__).parent / "data" / "coalition.yaml"
LEGAL_FILE = Path(__file__).parent / "data" / "legal_framework.yaml"


def _date(value) -> dt.date | None:
    """ISO date; a bare year ("2008") is not a date and gives None (kept in `year`)."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    return dt.date.fromisoformat(text) if len(text) == 10 else None


def _year(value) -> int | None:
    if value in (None, ""):
        return None
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])


def upsert(model, lookup: dict, values: dict) -> tuple[object, bool]:
    """get_or_create that saves only when something changed; returns (obj, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.full_clean()
        obj.save(update_fields=changed)
    return obj, bool(changed)


@transaction.atomic
def load_coalition(path: Path = DATA_FILE) -> dict[str, int]:
    """Returns how many rows were created or changed per model (all zero on a re-run)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changes = {
        "countries": 0,
        "memberships": 0,
        "bodies": 0,
        "observers": 0,
        "offices": 0,
        "committees": 0,
    }
    countries: dict[str, Country] = {}
    for row in data["countries"]:
        country, changed = upsert(
            Country,
            {"iso_code": row["iso"]},
            {"name_es": row["name_es"], "name_en": row["name_en"]},
        )
        countries[row["iso"]] = country
        changes["countries"] += changed
        _, changed = upsert(
            Membership,
            {"country": country, "start_date": _date(row["member_since"])},
            {
                "status": Membership.Status.MEMBER,
                "end_date": None,
                "note": (row.get("member_since_note") or "")[:300],
            },
        )
        changes["memberships"] += changed
        body = row["national_body"]
        composition = body.get("composition") or {}
        # The file describes each country's principal body (the rector for trafficking).
        principal = NationalBody.objects.principal().filter(country=country).first()
        _, changed = upsert(
            NationalBody,
            {"pk": principal.pk} if principal else {"country": country},
            {
                "name": body["name"],
                "acronym": body["acronym"],
                "kind": body["kind"],
                "legal_basis": (body.get("legal_basis") or "")[:300],
                "lead_institution": (body.get("lead_institution") or "")[:250],
                "crimes": body["crimes"],
                "source": (body.get("source") or "")[:200],
                "stated_state": composition.get("state"),
                "stated_international": composition.get("international"),
                "stated_civil_society": composition.get("civil_society"),
                "stated_total": composition.get("total"),
                "composition_quote": composition.get("quote") or "",
            },
        )
        changes["bodies"] += changed
    observer = ObserverOrganisation.Role.OBSERVER
    for row in data.get("observer_organisations", []):
        acronym = row.get("acronym") or row["name"][:30]
        # what the sources say the organisation is: only `observer` makes it one. An
        # organisation the Plenary admitted (presidency.Admission) stays an observer: the
        # sources never make one, an admission did, and a reload must not undo it.
        role = row.get("role") or ObserverOrganisation.Role.MENTIONED
        if ObserverOrganisation.objects.filter(acronym=acronym, role=observer).exists():
            role = observer
        _, changed = upsert(
            ObserverOrganisation,
            {"acronym": acronym},
            {
                "name": row["name"],
                "name_en": row.get("name_en") or "",
                "kind": row["kind"],
                "role": role,
                "role_note": row.get("role_note") or "",
                "source": (row.get("source") or "")[:200],
            },
        )
        changes["observers"] += changed
    for row in data.get("offices", []):
        _, changed = upsert(
            Office,
            {
                "kind": row["office"],
                "country": countries[row["country"]],
                "start_date": _date(row["start"]),
            },
            {
                "end_date": _date(row.get("end")),
                "end_is_latest": bool(row.get("end_is_latest")),
                "electing_agreement": (row.get("electing_agreement") or "")[:250],
                "note": row.get("note") or "",
                "source": (row.get("source") or "")[:200],
            },
        )
        changes["offices"] += changed
    for row in data.get("committees", []):
        changes["committees"] += _load_committee(row, countries)
    return changes


def _load_committee(row: dict, countries: dict[str, Country]) -> int:
    """A committee the sources define, with its member countries (003 §I names the Petit
    Comité's). What the Technical Secretariat keeps on the committee's page — its work
    agenda, people, a seat it ended, a dissolution — is not the loader's and stays."""
    committee, changed = upsert(
        Committee,
        {"name": row["name"]},
        {
            "code": row["code"],
            "kind": row["kind"],
            "mandate": row.get("mandate") or "",
            "created_on": _date(row.get("created_on")),
            "created_by": (row.get("created_by") or "")[:250],
            "source": (row.get("source") or "")[:200],
        },
    )
    n = int(changed)
    for iso in row.get("countries", []):
        # No dates in the sources: the seat is "since the committee began" (start empty).
        _, changed = upsert(
            CommitteeCountry,
            {"committee": committee, "country": countries[iso], "start_date": None},
            {"source": (row.get("source") or "")[:200]},
        )
        n += changed
    return n


@transaction.atomic
def load_legal_framework(path: Path = LEGAL_FILE) -> dict[str, int]:
    """003 §IV tables (instruments with each country's ratification/adhesion) and §III's
    national laws. A blank cell in the source stays without a Ratification row."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    countries = {c.iso_code: c for c in Country.objects.all()}
    changes = {"instruments": 0, "ratifications": 0, "laws": 0}
    for position, row in enumerate(data["instruments"], start=1):
        instrument, changed = upsert(
            LegalInstrument,
            {"code": row["code"]},
            {
                "name": row["name"],
                "year": row.get("year"),
                "scope": row["scope"],
                "position": position,
                "source": (row.get("source") or "")[:200],
                "notes": row.get("notes") or "",
            },
        )
        changes["instruments"] += changed
        adhesion = set(row.get("adhesion") or [])
        cells = row.get("source_cells") or {}
        deposits = row.get("deposits") or {}
        for iso, value in (row.get("ratifications") or {}).items():
            if value in (None, "") or iso not in countries:
                continue
            _, changed = upsert(
                Ratification,
                {"instrument": instrument, "country": countries[iso]},
                {
                    "date": _date(value),
                    "year": _year(value),
                    "adhesion": iso in adhesion,
                    "deposit_date": _date(deposits.get(iso)),
                    "source_text": (cells.get(iso) or "")[:100],
                },
            )
            changes["ratifications"] += changed
    for row in data.get("national_laws", []):
        if row["country"] not in countries:
            continue
        _, changed = upsert(
            NationalLaw,
            {"country": countries[row["country"]], "name": row["name"]},
            {
                "kind": (row.get("instrument_kind") or "")[:60],
                "year": row.get("year"),
                "date": _date(row.get("date")),
                "crimes": row.get("crimes") or NationalBody.Crimes.TRAFFICKING,
                "source": (row.get("source") or "")[:200],
                "notes": row.get("notes") or "",
            },
        )
        changes["laws"] += changed
    return changes


AGREEMENT_CODE = "iv_c_{:02d}"  # 003 §IV.C, numbered in the source's order


@transaction.atomic
def load_regional_agreements(path: Path = LEGAL_FILE) -> dict[str, int]:
    """The regional agreements, strategies and guidelines of 003 §IV.C, as instruments of
    scope "agreement" (the source lists them without ratifications). Codes iv_c_01 … follow
    the source's order, so a re-run matches each row to its instrument and changes nothing.
    The archive registers each one (communications.loaders, a layer above)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changes = {"agreements": 0}
    for position, row in enumerate(data.get("regional_agreements") or [], start=1):
        _, changed = upsert(
            LegalInstrument,
            {"code": AGREEMENT_CODE.format(position)},
            {
                "name": row["name"],
                "year": row.get("year") or _year(row.get("date")),
                "date": _date(row.get("date")),
                "scope": LegalInstrument.Scope.AGREEMENT,
                "position": position,
                "source": (row.get("source") or "")[:200],
                "notes": row.get("notes") or "",
            },
        )
        changes["agreements"] += changed
    return changes
