"""Weights of siblings in the plan's tree (SPEC §4: "weights per level; default: equal
weights"; 003 §IX: the weighted results combine them).

The weight rule is `weights_check`, here and nowhere else: among siblings, either every
weight is empty (equal shares) or every weight is given, each in (0, 100], together exactly
100. plans.services.weights_set (the only writer of weights) refuses what it refuses;
`weights_valid` is its yes/no for the pages; plans.services.poa_copy drops a weighting it
refuses; the admin cannot write weights at all (plans.admin is read-only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import CharField, Value
from django.utils.formats import localize
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.models import (
    POA,
    Axis,
    OperationalObjective,
    POAAxisWeight,
    POAObjectiveWeight,
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

    @property
    def label(self) -> str:
        """What its badge says (plans/_share.html), in the active language."""
        if self.is_default:
            return gettext("equal share · %(share)s%%") % {"share": localize(self.share)}
        return gettext("weight %(weight)s%% · share %(share)s%%") % {
            "weight": localize(self.weight),
            "share": localize(self.share),
        }


def effective_shares(
    items: Sequence, weights: Mapping[int, Decimal | None] | None = None
) -> dict[int, Share]:
    """Effective shares of siblings, in percent, for the weighted results of §IX.

    Each item's weight is its `.weight`, or, when `weights` maps its pk, that value (a POA's
    own axis and objective weights: poa_weights). Weights that keep the rule are read as they
    are: the given weights, or 100 / n each when all are empty. Weights stored outside the
    rule (by a data fix, or by the admin before it became read-only) are read, not refused,
    so the results still add up: the given ones keep their value, the empty ones share what
    is left of 100 equally, and the whole is rescaled to 100 so weighted means stay means;
    weights_valid() lets the pages flag them."""
    if not items:
        return {}
    given = {
        i.pk: (weights[i.pk] if weights is not None and i.pk in weights else i.weight)
        for i in items
    }
    explicit = sum((w for w in given.values() if w is not None), Decimal(0))
    empty = [pk for pk, w in given.items() if w is None]
    rest = max(Decimal(0), HUNDRED - explicit)
    raw = {
        pk: (w if w is not None else rest / len(empty) if empty else Decimal(0))
        for pk, w in given.items()
    }
    total = sum(raw.values(), Decimal(0))
    if total == 0:
        raw = {pk: Decimal(1) for pk in raw}
        total = Decimal(len(raw))
    return {
        pk: Share(
            weight=w,
            share=(raw[pk] * HUNDRED / total).quantize(CENT, rounding=ROUND_HALF_UP),
            is_default=w is None,
        )
        for pk, w in given.items()
    }


@dataclass(frozen=True)
class POAWeights:
    """The axis and strategic-objective weights of one POA's results (issue 17): kept per
    POA, filled from the plan's weights when the POA was created (plans.services.
    poa_weights_fill). An element the POA has no row for (one added to the plan later) falls
    back to the plan's weight."""

    poa_id: int
    axes: dict[int, Decimal | None] = field(default_factory=dict)
    objectives: dict[int, Decimal | None] = field(default_factory=dict)

    def axis_shares(self, axes: Sequence[Axis]) -> dict[int, Share]:
        return effective_shares(axes, self.axes)

    def objective_shares(self, objectives: Sequence[StrategicObjective]) -> dict[int, Share]:
        return effective_shares(objectives, self.objectives)

    def of(self, items: Iterable) -> dict[int, Decimal | None]:
        """The POA's weight of each axis or strategic objective, by pk."""
        out = {}
        for item in items:
            mapping = self.axes if isinstance(item, Axis) else self.objectives
            out[item.pk] = mapping.get(item.pk, item.weight)
        return out


def poa_weights(poa: POA) -> POAWeights:
    """A POA's own axis and strategic-objective weights, in one query."""
    axes = (
        POAAxisWeight.objects.filter(poa=poa)
        .order_by()
        .values_list(Value("axis", output_field=CharField()), "axis_id", "weight")
    )
    objectives = (
        POAObjectiveWeight.objects.filter(poa=poa)
        .order_by()
        .values_list(Value("objective", output_field=CharField()), "objective_id", "weight")
    )
    result = POAWeights(poa_id=poa.pk)
    for level, pk, weight in axes.union(objectives, all=True):
        (result.axes if level == "axis" else result.objectives)[pk] = weight
    return result


def poa_axis_shares(poa: POA, axes: Sequence[Axis]) -> dict[int, Share]:
    """Effective shares of axes in one POA's results."""
    return poa_weights(poa).axis_shares(axes)


def poa_objective_shares(poa: POA, objectives: Sequence[StrategicObjective]) -> dict[int, Share]:
    """Effective shares of strategic objectives in one POA's results."""
    return poa_weights(poa).objective_shares(objectives)


def current_weights(*, children: Sequence, poa: POA | None = None) -> dict[int, Decimal | None]:
    """The weights a weight form shows for `children` (weight_children): a POA's own weights
    for axes and strategic objectives when `poa` is given, the stored `.weight` otherwise."""
    if poa is not None and children and isinstance(children[0], Axis | StrategicObjective):
        return poa_weights(poa).of(children)
    return {c.pk: c.weight for c in children}


def attach_shares(items: list, weights: Mapping[int, Decimal | None] | None = None) -> list:
    """Set `.share` (a Share) on each of a list of siblings."""
    shares = effective_shares(items, weights)
    for item in items:
        item.share = shares[item.pk]
    return items


def weight_children(*, parent, poa: POA | None = None) -> list:
    """The siblings a weight form edits: axes of a plan, strategic objectives of an axis
    (their weights in `poa` when given, the plan's defaults otherwise: current_weights),
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
