"""Weights of siblings in the plan's tree (SPEC §4: "weights per level; default: equal
weights"; 003 §IX: the weighted results combine them).

The weight rule is `weights_check`, here and nowhere else: among siblings, either every
weight is empty (equal shares) or every weight is given, each in (0, 100], together exactly
100. plans.services.weights_set (the only writer of weights) refuses what it refuses;
`weights_valid` is its yes/no for the pages; plans.services.poa_copy drops a weighting it
refuses; the admin cannot write weights at all (plans.admin is read-only)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from plans.models import (
    POA,
    Axis,
    OperationalObjective,
    StrategicObjective,
    StrategicPlan,
    validate_weight,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

WEIGHTS_MUST_SUM_100 = _(
    "The weights of %(parent)s must add up to 100%%; they add up to %(total)s%%. "
    "Leave them all empty for equal shares."
)
WEIGHTS_ALL_OR_NONE = _(
    "Give a weight to every element of %(parent)s, or leave them all empty for equal shares."
)


def weights_check(weights: Iterable[Decimal | None], *, parent: object = "") -> None:
    """The weight rule (SPEC §4): siblings' weights are all empty, which means equal shares,
    or all given, each in (0, 100] (validate_weight) and together exactly 100. Raises the
    ValidationError a form shows; `parent` names the siblings' parent in the message."""
    values = list(weights)
    if all(v is None for v in values):
        return
    if any(v is None for v in values):
        raise ValidationError(
            WEIGHTS_ALL_OR_NONE, code="weights_all_or_none", params={"parent": str(parent)}
        )
    values = [Decimal(v) for v in values]
    for value in values:
        validate_weight(value)
    total = sum(values, Decimal(0))
    if total != HUNDRED:
        raise ValidationError(
            WEIGHTS_MUST_SUM_100,
            code="weights_must_sum_100",
            params={"parent": str(parent), "total": total.normalize()},
        )


def weights_valid(items: Iterable) -> bool:
    """Whether siblings' stored weights keep the rule (weights_check), for the pages that
    warn about weights stored outside it."""
    try:
        weights_check(item.weight for item in items)
    except ValidationError:
        return False
    return True


@dataclass(frozen=True)
class Share:
    """A child's weight as stored (None = equal share) and its effective share in percent."""

    weight: Decimal | None
    share: Decimal
    is_default: bool


def effective_shares(items: Sequence) -> dict[int, Share]:
    """Effective shares of siblings, in percent, for the weighted results of §IX.

    Weights that keep the rule are read as they are: the given weights, or 100 / n each when
    all are empty. Weights stored outside the rule (by a data fix, or by the admin before it
    became read-only) are read, not refused, so the results still add up: the given ones keep
    their value, the empty ones share what is left of 100 equally, and the whole is rescaled
    to 100 so weighted means stay means; weights_valid() lets the pages flag them."""
    if not items:
        return {}
    explicit = sum((i.weight for i in items if i.weight is not None), Decimal(0))
    empty = [i for i in items if i.weight is None]
    rest = max(Decimal(0), HUNDRED - explicit)
    raw = {
        i.pk: (i.weight if i.weight is not None else rest / len(empty) if empty else Decimal(0))
        for i in items
    }
    total = sum(raw.values(), Decimal(0))
    if total == 0:
        raw = {pk: Decimal(1) for pk in raw}
        total = Decimal(len(raw))
    return {
        i.pk: Share(
            weight=i.weight,
            share=(raw[i.pk] * HUNDRED / total).quantize(CENT, rounding=ROUND_HALF_UP),
            is_default=i.weight is None,
        )
        for i in items
    }


def attach_shares(items: list) -> list:
    """Set `.share` (a Share) on each of a list of siblings."""
    shares = effective_shares(items)
    for item in items:
        item.share = shares[item.pk]
    return items


def weight_children(*, parent, poa: POA | None = None) -> list:
    """The siblings a weight form edits: axes of a plan, strategic objectives of an axis,
    operational objectives of a strategic objective within one POA, activities of an
    operational objective."""
    if isinstance(parent, StrategicPlan):
        return list(parent.axes.order_by("number"))
    if isinstance(parent, Axis):
        return list(parent.objectives.order_by("position"))
    if isinstance(parent, StrategicObjective):
        if poa is None:
            raise ValueError("poa is required for operational objectives")
        return list(parent.operational_objectives.filter(poa=poa).order_by("position"))
    if isinstance(parent, OperationalObjective):
        return list(parent.activities.order_by("position"))
    raise TypeError(type(parent).__name__)
