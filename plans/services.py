"""Writes to the plan and the POAs. Only the Technical Secretariat keeps them (003 §VIII ST:
the ST follows up the plan and keeps the coalition's records), so every service starts with
ensure_secretariat; the web pages, the admin and the API all go through here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from members.models import Committee, Country, NationalBody, User
from members.permissions import ensure_secretariat
from plans.loaders import parse_responsible, responsible_key
from plans.models import (
    POA,
    Activity,
    ActivityResponsible,
    Axis,
    ExpectedResult,
    Indicator,
    IndicatorMeasurement,
    OperationalObjective,
    PlanStatement,
    StrategicObjective,
    StrategicPlan,
    validate_weight,
)
from plans.selectors import weight_children

WEIGHTS_MUST_SUM_100 = _(
    "The weights of %(parent)s must add up to 100%%; they add up to %(total)s%%. "
    "Leave them all empty for equal shares."
)
WEIGHTS_WRONG_CHILDREN = _("Give a weight for every element of %(parent)s, and only for them.")
WEIGHTS_ALL_OR_NONE = _(
    "Give a weight to every element of %(parent)s, or leave them all empty for equal shares."
)
FIELD_NOT_EDITABLE = _("The field %(field)s cannot be changed here.")
RESPONSIBLE_REQUIRED = _("An activity needs at least one responsible party.")
RESPONSIBLE_UNKNOWN = _("Unknown responsible party: %(token)s.")
INDICATOR_IS_COMPUTED = _(
    "This indicator is computed by the platform from its own records; it cannot be entered by hand."
)
YEAR_OUTSIDE_PLAN = _("The year %(year)s is outside the plan (%(start)s–%(end)s).")
PERCENTAGE_OUT_OF_RANGE = _("A percentage is a value between 0 and 100.")
MILESTONE_IS_YES_NO = _("A milestone is reached (1) or not (0).")
NEGATIVE_COUNT = _("A count cannot be negative.")
POA_YEAR_EXISTS = _("There is already a POA for %(year)s.")
ACTIVITY_NOT_IN_POA = _("Some chosen activities do not belong to POA %(year)s.")
CARRY_OVER_MUST_BE_COPIED = _("An activity that carries over unfinished work must be copied.")
POA_ALREADY_APPROVED = _("This POA is already approved.")
POA_EMPTY = _("A POA without activities cannot be approved.")
APPROVAL_DATE_REQUIRED = _("Give the date of the approval.")

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


def _save(obj: Model, user: User, update_fields: list[str] | None = None) -> None:
    """full_clean() then save(), recording who changed it in the history."""
    obj.full_clean()
    obj._history_user = user
    obj.save(update_fields=update_fields)


# --- Wording ---------------------------------------------------------------------------


@transaction.atomic
def plan_item_update(*, user: User, item: Model, **fields) -> Model:
    """Reword an element of the plan or of a POA; the previous wording stays in its history."""
    ensure_secretariat(user)
    allowed = EDITABLE_FIELDS.get(type(item), ())
    for name in fields:
        if name not in allowed:
            raise ValidationError(
                FIELD_NOT_EDITABLE, code="field_not_editable", params={"field": name}
            )
    changed = [name for name, value in fields.items() if getattr(item, name) != value]
    if not changed:
        return item
    for name in changed:
        setattr(item, name, fields[name])
    _save(item, user, update_fields=changed)
    return item


@transaction.atomic
def activity_update(
    *, user: User, activity: Activity, responsibles: list[str] | None = None, **fields
) -> Activity:
    """Change an activity's wording, semester targets (0–100, validated by the model) and,
    when given, its responsible parties."""
    plan_item_update(user=user, item=activity, **fields)
    if responsibles is not None:
        activity_set_responsibles(user=user, activity=activity, tokens=responsibles)
    return activity


@transaction.atomic
def activity_set_responsibles(*, user: User, activity: Activity, tokens: Iterable[str]) -> None:
    """Replace the responsible parties with `tokens` ("plenary", "presidency",
    "technical_secretariat", "petit_committee", "national_bodies", "committee:<name>",
    "body:<ACRONYM>"), keeping unchanged rows so their history stays meaningful."""
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
    for key, row in current.items():
        if key not in wanted:
            row._history_user = user
            row.delete()
    for key, fields in wanted.items():
        if key not in current:
            _save(ActivityResponsible(activity=activity, **fields), user)


# --- Weights ---------------------------------------------------------------------------


@transaction.atomic
def weights_set(
    *,
    user: User,
    parent: Model,
    weights: dict[int, Decimal | None],
    poa: POA | None = None,
) -> list[Model]:
    """Set the weights of a parent's children (SPEC §4, for the weighted results of §IX).

    Either every child gets a weight, each in (0, 100] and together exactly 100, or every
    weight is empty, which means equal shares. For a strategic objective the children are its
    operational objectives in `poa`."""
    ensure_secretariat(user)
    children = weight_children(parent=parent, poa=poa)
    label = str(parent)
    if set(weights) != {c.pk for c in children}:
        raise ValidationError(
            WEIGHTS_WRONG_CHILDREN, code="weights_wrong_children", params={"parent": label}
        )
    values = list(weights.values())
    if any(v is None for v in values) and not all(v is None for v in values):
        raise ValidationError(
            WEIGHTS_ALL_OR_NONE, code="weights_all_or_none", params={"parent": label}
        )
    if values and values[0] is not None:
        values = [Decimal(v) for v in values]
        for v in values:
            validate_weight(v)
        total = sum(values, Decimal(0))
        if total != Decimal(100):
            raise ValidationError(
                WEIGHTS_MUST_SUM_100,
                code="weights_must_sum_100",
                params={"parent": label, "total": total.normalize()},
            )
    for child in children:
        new = weights[child.pk]
        new = None if new is None else Decimal(new)
        if child.weight != new:
            child.weight = new
            _save(child, user, update_fields=["weight"])
    return children


# --- Indicators ------------------------------------------------------------------------


@transaction.atomic
def indicator_measurement_record(
    *,
    user: User,
    indicator: Indicator,
    year: int,
    value: Decimal,
    country: Country | None = None,
    source: str = "",
    note: str = "",
) -> IndicatorMeasurement:
    """Record (or correct) the value of an indicator for a year, for the region or one
    country. Indicators the platform computes from its own records (result 4.3: agreements
    fulfilled, meeting participation) are refused: typing them would contradict the records."""
    ensure_secretariat(user)
    if indicator.is_computed:
        raise ValidationError(INDICATOR_IS_COMPUTED, code="indicator_is_computed")
    plan = StrategicPlan.objects.get(axes__objectives__results__indicators=indicator)
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            YEAR_OUTSIDE_PLAN,
            code="year_outside_plan",
            params={"year": year, "start": plan.start_year, "end": plan.end_year},
        )
    value = Decimal(value)
    if indicator.kind == Indicator.Kind.PERCENTAGE and not 0 <= value <= 100:
        raise ValidationError(PERCENTAGE_OUT_OF_RANGE, code="percentage_out_of_range")
    if indicator.kind == Indicator.Kind.MILESTONE and value not in (0, 1):
        raise ValidationError(MILESTONE_IS_YES_NO, code="milestone_is_yes_no")
    if indicator.kind == Indicator.Kind.COUNT and value < 0:
        raise ValidationError(NEGATIVE_COUNT, code="negative_count")
    measurement = (
        IndicatorMeasurement.objects.select_for_update()
        .filter(indicator=indicator, year=year, country=country)
        .first()
    ) or IndicatorMeasurement(indicator=indicator, year=year, country=country)
    measurement.value = value
    measurement.source = source.strip()
    measurement.note = note.strip()
    _save(measurement, user)
    return measurement


# --- POAs ------------------------------------------------------------------------------


@transaction.atomic
def poa_copy(
    *,
    user: User,
    source_poa: POA,
    year: int,
    copy_activity_ids: Iterable[int] | None = None,
    carry_over_activity_ids: Iterable[int] = (),
) -> POA:
    """Create the POA of a new year as a draft copy of `source_poa` (SPEC §4).

    Interpretation of the issue ("copying the previous one: structure, activities,
    responsible parties, weights; progress not copied; choosing which unfinished activities
    carry over"):
    - every operational objective is copied (text, strategic objective, position, weight);
      the notes about the 2018 source matrix (source_code, note, source_note) are not;
    - an activity is copied when its id is in `copy_activity_ids` (None = all of them), with
      goal, indicator, responsible parties, semester targets and weight. Reported progress
      lives in monitoring and is never copied;
    - an activity in `carry_over_activity_ids` is unfinished work that continues: the copy's
      `continues` points at the source activity. A carry-over must also be copied;
    - if some activities of an operational objective are left out and the remaining explicit
      weights no longer add up to 100, that objective's copied activities fall back to equal
      shares (weights empty) rather than carrying an invalid weighting.
    """
    ensure_secretariat(user)
    if POA.objects.filter(year=year).exists():
        raise ValidationError(POA_YEAR_EXISTS, code="poa_year_exists", params={"year": year})
    plan = source_poa.plan
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError(
            YEAR_OUTSIDE_PLAN,
            code="year_outside_plan",
            params={"year": year, "start": plan.start_year, "end": plan.end_year},
        )
    source_activities = list(
        Activity.objects.filter(operational_objective__poa=source_poa)
        .prefetch_related("responsibles")
        .order_by("operational_objective__position", "position")
    )
    source_ids = {a.pk for a in source_activities}
    copy_ids = source_ids if copy_activity_ids is None else {int(i) for i in copy_activity_ids}
    carry_ids = {int(i) for i in carry_over_activity_ids}
    if not (copy_ids | carry_ids) <= source_ids:
        raise ValidationError(
            ACTIVITY_NOT_IN_POA, code="activity_not_in_poa", params={"year": source_poa.year}
        )
    if not carry_ids <= copy_ids:
        raise ValidationError(CARRY_OVER_MUST_BE_COPIED, code="carry_over_must_be_copied")

    new_poa = POA(plan=plan, year=year, status=POA.Status.DRAFT, copied_from=source_poa)
    _save(new_poa, user)
    op_map: dict[int, OperationalObjective] = {}
    for op in source_poa.operational_objectives.order_by("position"):
        new_op = OperationalObjective(
            poa=new_poa,
            strategic_objective_id=op.strategic_objective_id,
            code=op.code,
            position=op.position,
            text=op.text,
            weight=op.weight,
        )
        _save(new_op, user)
        op_map[op.pk] = new_op

    by_op: dict[int, list[Activity]] = {}
    for activity in source_activities:
        by_op.setdefault(activity.operational_objective_id, []).append(activity)
    for op_id, activities in by_op.items():
        kept = [a for a in activities if a.pk in copy_ids]
        weights = [a.weight for a in kept]
        keep_weights = len(kept) == len(activities) or (
            all(w is not None for w in weights) and sum(weights, Decimal(0)) == 100
        )
        for activity in kept:
            new = Activity(
                operational_objective=op_map[op_id],
                code=activity.code,
                position=activity.position,
                description=activity.description,
                goal=activity.goal,
                indicator=activity.indicator,
                responsible_text=activity.responsible_text,
                semester_1=activity.semester_1,
                semester_2=activity.semester_2,
                weight=activity.weight if keep_weights else None,
                continues=activity if activity.pk in carry_ids else None,
            )
            _save(new, user)
            for r in activity.responsibles.all():
                _save(
                    ActivityResponsible(
                        activity=new,
                        kind=r.kind,
                        committee_id=r.committee_id,
                        national_body_id=r.national_body_id,
                    ),
                    user,
                )
    return new_poa


@transaction.atomic
def poa_approve(
    *, user: User, poa: POA, approved_on: dt.date, approving_agreement: str = ""
) -> POA:
    """Record the plenary's approval of a POA (the meetings app will later link the
    agreement itself; for now its reference is text). Approved POAs become public."""
    ensure_secretariat(user)
    poa = POA.objects.select_for_update().get(pk=poa.pk)
    if poa.is_approved:
        raise ValidationError(POA_ALREADY_APPROVED, code="poa_already_approved")
    if approved_on is None:
        raise ValidationError(APPROVAL_DATE_REQUIRED, code="approval_date_required")
    if not Activity.objects.filter(operational_objective__poa=poa).exists():
        raise ValidationError(POA_EMPTY, code="poa_empty")
    poa.status = POA.Status.APPROVED
    poa.approved_on = approved_on
    poa.approving_agreement = approving_agreement.strip()
    _save(poa, user, update_fields=["status", "approved_on", "approving_agreement"])
    return poa
