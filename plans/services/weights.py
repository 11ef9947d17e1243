"""Weights among siblings (SPEC §4), for the weighted results of 003 §IX. The rule itself is
plans.selectors.weights.weights_check; this is the only place that writes weights."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from members.models import User
from members.permissions import ensure_secretariat
from plans.models import POA
from plans.selectors import weight_children, weights_check
from plans.services.base import save_checked

WEIGHTS_WRONG_CHILDREN = _("Give a weight for every element of %(parent)s, and only for them.")


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
    strategic objective the children are its operational objectives in `poa`."""
    ensure_secretariat(user)
    children = weight_children(parent=parent, poa=poa)
    if set(weights) != {c.pk for c in children}:
        raise ValidationError(
            WEIGHTS_WRONG_CHILDREN, code="weights_wrong_children", params={"parent": str(parent)}
        )
    weights_check(weights.values(), parent=parent)
    for child in children:
        new = weights[child.pk]
        new = None if new is None else Decimal(new)
        if child.weight != new:
            child.weight = new
            save_checked(child, user, update_fields=["weight"])
    return children
