"""Loads the Strategic Plan 2018–2027 and POA 2018 from plans/data/strategic_plan.yaml
(transcribed literally from seed 003 §VI, §VII and §X; see the file's header and notes).

Idempotent: rows are matched on natural keys (plan by name and first year, axis by number,
strategic objective by code, result by objective and position — the code "2.1" repeats —,
indicator by result and position, POA by year, operational objective by POA and code,
activity by operational objective and code) and saved only when a value differs, so a second
run changes nothing and writes no history.

Rows the Technical Secretariat has edited (any history record with a user) are kept as the
ST left them: `make run` re-runs this loader, and it must not undo the ST's corrections of
wording, semester targets or responsible parties. Weights are never set by the loader (the
source gives none: equal shares).

How each indicator is measured (Indicator.measure and its instrument settings, issue #6) comes
from the data file's `measure:` and `instrument:` keys and is set even on rows the ST
reworded: it is not wording. load_actors() seeds the actor directory with the regional spaces
of members/data/coalition.yaml.

A POA that the source document carries is loaded as approved (no date, no agreement text):
003 was adopted by the Plenary as a whole (§I: "aprobación final por parte del pleno"), POA
2018 included; so it is public like the plan. A data row may say `status: draft`."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.db.models import Model

from members.loaders import DATA_FILE as COALITION_FILE
from members.loaders import upsert
from members.models import Committee, NationalBody
from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Actor,
    ActorKind,
    Axis,
    ExpectedResult,
    Indicator,
    Level,
    OperationalObjective,
    PlanStatement,
    Stage,
    StrategicObjective,
    StrategicPlan,
)

DATA_FILE = Path(__file__).parent / "data" / "strategic_plan.yaml"
UNKNOWN_RESPONSIBLE = "Unknown responsible token %r (activity %s)"
MEASURE_DISAGREES = "measure %r disagrees with computed_from %r"
UNKNOWN_MEASURE = "Unknown measure %r"
INSTRUMENT_SETTINGS_MISSING = "Indicator %r is measured from instruments but has no `instrument`"


def _text(value) -> str:
    return (value or "").strip()


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _edited_ids(model: type[Model]) -> set[int]:
    """Ids of rows somebody changed through the site (history with a user)."""
    return set(
        model.history.filter(history_user__isnull=False).values_list("id", flat=True).distinct()
    )


def _keep_or_upsert(model, edited: set[int], lookup: dict, values: dict) -> tuple[Model, bool]:
    obj = model.objects.filter(**lookup).first()
    if obj is not None and obj.pk in edited:
        return obj, False
    return upsert(model, lookup, values)


def parse_responsible(token: str, *, create_committees: bool = False) -> dict:
    """Turns a data-file token into ActivityResponsible fields.

    "plenary", "presidency", "technical_secretariat", "petit_committee", "national_bodies",
    "committee:<name>" (a members.Committee; the loader may create it, since a POA can set
    up a working committee; the ST's forms only offer existing ones),
    "body:<ACRONYM>" (a members.NationalBody)."""
    kinds = ActivityResponsible.Kind
    if token.startswith("committee:"):
        name = token.split(":", 1)[1].strip()
        if create_committees:
            committee, _ = Committee.objects.get_or_create(
                name=name, defaults={"kind": Committee.Kind.WORKING}
            )
        else:
            committee = Committee.objects.get(name=name)
        return {"kind": kinds.COMMITTEE, "committee": committee, "national_body": None}
    if token.startswith("body:"):
        body = NationalBody.objects.get(acronym__iexact=token.split(":", 1)[1].strip())
        return {"kind": kinds.NATIONAL_BODY, "committee": None, "national_body": body}
    if token in kinds.values and token not in (kinds.COMMITTEE, kinds.NATIONAL_BODY):
        return {"kind": token, "committee": None, "national_body": None}
    raise ValueError(token)


def responsible_key(fields: dict) -> tuple[str, int | None, int | None]:
    """What identifies a responsible party: its kind and, if any, its committee or body."""
    return (
        fields["kind"],
        getattr(fields["committee"], "pk", None),
        getattr(fields["national_body"], "pk", None),
    )


def _sync_responsibles(activity: Activity, tokens: list[str]) -> bool:
    wanted = []
    for token in tokens:
        try:
            wanted.append(parse_responsible(token, create_committees=True))
        except ValueError as exc:
            raise ValueError(UNKNOWN_RESPONSIBLE % (token, activity.code)) from exc
    current = {(r.kind, r.committee_id, r.national_body_id): r for r in activity.responsibles.all()}
    wanted_keys = {responsible_key(r): r for r in wanted}
    changed = False
    for k, row in current.items():
        if k not in wanted_keys:
            row.delete()
            changed = True
    for k, fields in wanted_keys.items():
        if k not in current:
            row = ActivityResponsible(activity=activity, **fields)
            row.full_clean()
            row.save()
            changed = True
    return changed


def measure_fields(row: dict) -> dict:
    """Indicator.measure and its instrument settings from a data-file row (issue #6).

    `measure` falls back to `computed_from` (agreements, participation) and then to manual;
    the two must agree when both are given."""
    computed_from = row.get("computed_from") or ""
    measure = row.get("measure") or computed_from or Indicator.Measure.MANUAL
    if computed_from and measure != computed_from:
        raise ValueError(MEASURE_DISAGREES % (measure, computed_from))
    if measure not in Indicator.Measure.values:
        raise ValueError(UNKNOWN_MEASURE % measure)
    instrument = row.get("instrument") or {}
    if measure == Indicator.Measure.INSTRUMENT_STAGE and not instrument:
        raise ValueError(INSTRUMENT_SETTINGS_MISSING % _text(row.get("text"))[:60])
    stage = instrument.get("stage")
    return {
        "measure": measure,
        "instrument_kind": instrument.get("kind") or "",
        "instrument_scope": instrument.get("scope") or "",
        "target_stage": Stage[stage.upper()].value if stage else None,
    }


@transaction.atomic
def load_actors(path: Path = COALITION_FILE) -> dict[str, int]:
    """Seeds the actor directory with the regional spaces of members/data/coalition.yaml
    (000, 001 §3.3, 003 §II, 004: the CRM and its Liaison Officers Network, OCAM, SICA, the
    Central American Council of Prosecutors...), as kind "regional space", level regional.
    Matched on the data file's key; rows the ST or the Presidency edited are kept."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edited = _edited_ids(Actor)
    changed_keys: set[str] = set()
    by_key: dict[str, Actor] = {}
    rows = data.get("regional_spaces", [])
    for row in rows:
        name = row.get("name") or row.get("acronym") or row["key"]
        actor, changed = _keep_or_upsert(
            Actor,
            edited,
            {"key": row["key"]},
            {
                "name": name[:300],
                "acronym": (row.get("acronym") or "")[:40],
                "kind": ActorKind.REGIONAL_SPACE,
                "level": Level.REGIONAL,
                "notes": _text(row.get("relation")),
                "source": (row.get("source") or "")[:200],
            },
        )
        by_key[row["key"]] = actor
        if changed:
            changed_keys.add(row["key"])
    for row in rows:
        parent = by_key.get(row.get("parent") or "")
        actor = by_key[row["key"]]
        if actor.pk not in edited and actor.parent_id != getattr(parent, "pk", None):
            actor.parent = parent
            actor.full_clean()
            actor.save(update_fields=["parent"])
            changed_keys.add(row["key"])
    return {"actors": len(changed_keys)}


@transaction.atomic
def load_plan(path: Path = DATA_FILE) -> dict[str, int]:
    """Returns how many rows were created or changed per model (all zero on a re-run)."""
    from plans.services.locks import poa_weights_fill  # services import this module

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    changes = dict.fromkeys(
        (
            "plans",
            "statements",
            "axes",
            "objectives",
            "results",
            "indicators",
            "poas",
            "operational_objectives",
            "activities",
            "responsibles",
        ),
        0,
    )
    edited = {
        m: _edited_ids(m)
        for m in (
            StrategicPlan,
            PlanStatement,
            Axis,
            StrategicObjective,
            ExpectedResult,
            Indicator,
            POA,
            OperationalObjective,
            Activity,
        )
    }
    edited_responsibles = set(
        ActivityResponsible.history.filter(history_user__isnull=False).values_list(
            "activity_id", flat=True
        )
    )

    p = data["plan"]
    plan, changed = _keep_or_upsert(
        StrategicPlan,
        edited[StrategicPlan],
        {"name": p["name"], "start_year": p["start_year"]},
        {
            "end_year": p["end_year"],
            "vision": _text(p["vision"]),
            "mission": _text(p["mission"]),
            "general_objective": _text(p["general_objective"]),
        },
    )
    changes["plans"] += changed
    for kind, key in (("value", "values"), ("principle", "principles"), ("approach", "approaches")):
        for position, row in enumerate(p.get(key, []), start=1):
            _, changed = _keep_or_upsert(
                PlanStatement,
                edited[PlanStatement],
                {"plan": plan, "kind": kind, "position": position},
                {"name": _text(row["name"]), "description": _text(row["description"])},
            )
            changes["statements"] += changed

    objectives: dict[str, StrategicObjective] = {}
    for a in data["axes"]:
        axis, changed = _keep_or_upsert(
            Axis,
            edited[Axis],
            {"plan": plan, "number": a["number"]},
            {"name": _text(a["name"]), "definition": _text(a.get("definition"))},
        )
        changes["axes"] += changed
        for o_pos, o in enumerate(a["objectives"], start=1):
            objective, changed = _keep_or_upsert(
                StrategicObjective,
                edited[StrategicObjective],
                {"axis": axis, "code": o["code"]},
                {"text": _text(o["text"]), "position": o_pos},
            )
            objectives[o["code"]] = objective
            changes["objectives"] += changed
            for r_pos, r in enumerate(o["results"], start=1):
                result, changed = _keep_or_upsert(
                    ExpectedResult,
                    edited[ExpectedResult],
                    {"objective": objective, "position": r_pos},
                    {"code": r["code"], "text": _text(r["text"])},
                )
                changes["results"] += changed
                for i_pos, i in enumerate(r["indicators"], start=1):
                    indicator, changed = _keep_or_upsert(
                        Indicator,
                        edited[Indicator],
                        {"result": result, "position": i_pos},
                        {
                            "text": _text(i["text"]),
                            "kind": i["kind"],
                            "unit": _text(i.get("unit")),
                            "computed_from": i.get("computed_from") or "",
                            "baseline": _decimal(i.get("baseline")),
                            "target_2027": _decimal(i.get("target_2027")),
                        },
                    )
                    # How an indicator is measured is not the ST's wording: it is set from
                    # the data file even on rows the ST has reworded.
                    _, measured = upsert(Indicator, {"pk": indicator.pk}, measure_fields(i))
                    changes["indicators"] += changed or measured

    for row in data.get("poas", []):
        poa = POA.objects.filter(year=row["year"]).first()
        values = {
            "plan": plan,
            "presentation": _text(row.get("presentation")),
            "status": row.get("status") or POA.Status.APPROVED,
        }
        if poa is None or poa.pk not in edited[POA]:
            poa, changed = upsert(POA, {"year": row["year"]}, values)
            changes["poas"] += changed
        poa_weights_fill(poa=poa)  # the POA's own axis and objective weights (issue 17)
        for oo_pos, oo in enumerate(row["operational_objectives"], start=1):
            op, changed = _keep_or_upsert(
                OperationalObjective,
                edited[OperationalObjective],
                {"poa": poa, "code": oo["code"]},
                {
                    "strategic_objective": objectives[oo["strategic_objective"]],
                    "position": oo_pos,
                    "text": _text(oo["text"]),
                    "source_code": _text(oo.get("source_code")),
                    "note": _text(oo.get("note")),
                },
            )
            changes["operational_objectives"] += changed
            for a_pos, act in enumerate(oo["activities"], start=1):
                activity, changed = _keep_or_upsert(
                    Activity,
                    edited[Activity],
                    {"operational_objective": op, "code": act["code"]},
                    {
                        "position": a_pos,
                        "description": _text(act["description"]),
                        "goal": _text(act.get("goal")),
                        "indicator": _text(act.get("indicator")),
                        "responsible_text": _text(act.get("responsible_text")),
                        "semester_1": act.get("semester_1"),
                        "semester_2": act.get("semester_2"),
                        "source_note": _text(act.get("source_note")),
                    },
                )
                changes["activities"] += changed
                if activity.pk not in edited_responsibles:
                    changes["responsibles"] += _sync_responsibles(
                        activity, act.get("responsible") or []
                    )
    return changes
