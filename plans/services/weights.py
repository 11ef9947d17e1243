"""Weights among siblings (SPEC §4), for the weighted results of 003 §IX. The rule itself is
plans.selectors.weights.weights_check; this is the only place that writes weights.

Which weights a call writes (issue 17): with a POA, the axes' and strategic objectives'
weights of that POA (POAAxisWeight, POAObjectiveWeight); without, the plan's own weights,
which are only the defaults of POAs created afterwards (every existing POA keeps its own:
plan_poas_weights_fill runs first). Operational objectives and activities belong to one POA.
A locked POA (plans.services.locks) refuses with code poa_locked unless reopened."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from members.models import User
from members.permissions import ensure_secretariat
from plans.models import (
    POA,
    Axis,
    OperationalObjective,
    POAAxisWeight,
    POAObjectiveWeight,
    StrategicPlan,
)
from plans.selectors import current_weights, weight_children, weights_check
from plans.services.base import save_checked
from plans.services.locks import ensure_poa_editable, plan_poas_weights_fill

WEIGHTS_WRONG_CHILDREN = _("Give a weight for every element of %(parent)s, and only for them.")


def weights_poa(*, parent: Model, poa: POA | None = None) -> POA | None:
    """The POA whose results a weight change touches: the one given for the axes and
    strategic objectives (None: the plan's defaults, no POA), the operational objectives'
    (of a strategic objective, within `poa`) and an operational objective's own."""
    if isinstance(parent, OperationalObjective):
        return parent.poa
    return poa


@transaction.atomic
def weights_set(
    *,
    user: User,
    parent: Model,
    weights: dict[int, Decimal | None],
    poa: POA | None = None,
) -> list[Model]:
    """Set the weights of a parent's children, all of them at once, as the weight rule wants
    (weights_check: all empty for equal shares, or all given and adding up to 100). For a
    strategic objective the children are its operational objectives in `poa`; for the plan
    and an axis, `poa` chooses that POA's own weights rather than the plan's defaults."""
    ensure_secretariat(user)
    target = weights_poa(parent=parent, poa=poa)
    if target is not None:
        ensure_poa_editable(target)
    children = weight_children(parent=parent, poa=poa)
    if set(weights) != {c.pk for c in children}:
        raise ValidationError(
            WEIGHTS_WRONG_CHILDREN, code="weights_wrong_children", params={"parent": str(parent)}
        )
    weights_check(weights.values(), parent=parent)
    new = {pk: None if w is None else Decimal(w) for pk, w in weights.items()}
    if isinstance(parent, StrategicPlan | Axis) and poa is not None:
        _poa_weights_set(user=user, poa=poa, children=children, new=new)
        return children
    if isinstance(parent, StrategicPlan | Axis):
        plan = parent if isinstance(parent, StrategicPlan) else parent.plan
        plan_poas_weights_fill(plan=plan, user=user)  # past years keep their weights
    for child in children:
        if child.weight != new[child.pk]:
            child.weight = new[child.pk]
            save_checked(child, user, update_fields=["weight"])
    return children


def _poa_weights_set(*, user: User, poa: POA, children: list, new: dict) -> None:
    current = current_weights(children=children, poa=poa)
    for child in children:
        if isinstance(child, Axis):
            row = POAAxisWeight.objects.filter(poa=poa, axis=child).first()
            row = row or POAAxisWeight(poa=poa, axis=child, weight=current[child.pk])
        else:
            row = POAObjectiveWeight.objects.filter(poa=poa, objective=child).first()
            row = row or POAObjectiveWeight(poa=poa, objective=child, weight=current[child.pk])
        if row.pk is None or row.weight != new[child.pk]:
            row.weight = new[child.pk]
            save_checked(row, user)
