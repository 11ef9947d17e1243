"""Rewording the plan and the POAs (SPEC §4): what the ST may reword on each level (the
source's numbering stays as loaded), and an activity's responsible parties. The previous
wording stays in each row's history."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from members.models import Committee, NationalBody, User
from members.permissions import ensure_secretariat
from plans.loaders import parse_responsible, responsible_key
from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Axis,
    ExpectedResult,
    Indicator,
    OperationalObjective,
    PlanStatement,
    StrategicObjective,
    StrategicPlan,
)
from plans.services.base import assign_fields, save_checked
from plans.services.locks import ensure_poa_editable

RESPONSIBLE_REQUIRED = _("An activity needs at least one responsible party.")
RESPONSIBLE_UNKNOWN = _("Unknown responsible party: %(token)s.")

# What the ST may reword on each level (SPEC §4; the source's numbering stays as loaded).
EDITABLE_FIELDS: dict[type[Model], tuple[str, ...]] = {
    StrategicPlan: ("name", "vision", "mission", "general_objective"),
    PlanStatement: ("name", "description"),
    Axis: ("name", "definition"),
    StrategicObjective: ("text",),
    ExpectedResult: ("text",),
    Indicator: ("text", "kind", "unit", "baseline", "target_2027"),
    POA: ("presentation",),
    OperationalObjective: ("text", "note"),
    Activity: (
        "description",
        "goal",
        "indicator",
        "responsible_text",
        "semester_1",
        "semester_2",
        "source_note",
    ),
}

# What a POA's planned figures are computed from: on a locked POA these change only while it
# is reopened (plans.services.locks). Weights go through weights_set, which checks the same.
LOCKED_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Activity: ("semester_1", "semester_2"),
}


def _ensure_planned_figures_editable(item: Model, fields: dict) -> None:
    """A change to a locked field of a POA's element needs the POA editable (poa_locked)."""
    locked = LOCKED_FIELDS.get(type(item), ())
    if any(name in locked and getattr(item, name) != value for name, value in fields.items()):
        ensure_poa_editable(item.operational_objective.poa)


@transaction.atomic
def plan_item_update(
    *, user: User, item: Model, expected_version: int | None = None, **fields
) -> Model:
    """Reword an element of the plan or of a POA; the previous wording stays in its history.
    Semester targets of a locked POA change only while it is reopened (code poa_locked). A
    form read before someone else's save is refused (stale_version); `expected_version`
    None is for internal callers only (the pages always send it)."""
    ensure_secretariat(user)
    locked = type(item)._default_manager.select_for_update(of=("self",)).get(pk=item.pk)
    claim_version(locked, expected_version)
    item.version = locked.version
    _ensure_planned_figures_editable(item, fields)
    changed = assign_fields(item, fields, EDITABLE_FIELDS.get(type(item), ()))
    if changed:
        save_checked(item, user, update_fields=changed)
    return item


@transaction.atomic
def activity_update(
    *,
    user: User,
    activity: Activity,
    responsibles: list[str] | None = None,
    expected_version: int | None = None,
    **fields,
) -> Activity:
    """Change an activity's wording, semester targets (0–100, validated by the model) and,
    when given, its responsible parties (one version check covers them all)."""
    plan_item_update(user=user, item=activity, expected_version=expected_version, **fields)
    if responsibles is not None:
        activity_set_responsibles(user=user, activity=activity, tokens=responsibles)
    return activity


@transaction.atomic
def activity_set_responsibles(*, user: User, activity: Activity, tokens: Iterable[str]) -> None:
    """Replace the responsible parties with `tokens` ("plenary", "presidency",
    "technical_secretariat", "petit_committee", "national_bodies", "committee:<name>",
    "body:<ACRONYM>"), keeping unchanged rows so their history stays meaningful. On a locked
    POA a change needs the reopening (they decide whose results count the activity)."""
    ensure_secretariat(user)
    tokens = list(dict.fromkeys(t for t in tokens if t))
    if not tokens:
        raise ValidationError(RESPONSIBLE_REQUIRED, code="responsible_required")
    wanted = {}
    for token in tokens:
        try:
            fields = parse_responsible(token)
        except (ValueError, NationalBody.DoesNotExist, Committee.DoesNotExist) as exc:
            raise ValidationError(
                RESPONSIBLE_UNKNOWN, code="responsible_unknown", params={"token": token}
            ) from exc
        key = responsible_key(fields)
        wanted[key] = fields
    current = {(r.kind, r.committee_id, r.national_body_id): r for r in activity.responsibles.all()}
    if set(current) != set(wanted):
        # Who is responsible decides which countries' results count the activity.
        ensure_poa_editable(activity.operational_objective.poa)
    for key, row in current.items():
        if key not in wanted:
            row._history_user = user
            row.delete()
    for key, fields in wanted.items():
        if key not in current:
            save_checked(ActivityResponsible(activity=activity, **fields), user)
