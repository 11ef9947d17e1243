"""Yearly targets of the Strategic Plan's indicators (issue 17, the indicator tracking table).

The sources give no yearly targets (003 §VII names the indicators, not their figures), so the
Technical Secretariat enters them: one per indicator and year of the plan, for the whole
region. Targets may be set for every indicator, computed or not (a target is a plan, not a
measurement). A year without a target reads "no target set" in the table, never 0."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from members.models import User
from members.permissions import ensure_secretariat
from plans.models import Indicator, IndicatorTarget, StrategicPlan
from plans.services.base import ensure_year_in_plan, save_checked
from plans.services.measurements import (
    MILESTONE_IS_YES_NO,
    NEGATIVE_COUNT,
    PERCENTAGE_OUT_OF_RANGE,
)

TARGET_EXISTS = _(
    "This indicator already has a target for %(year)s: change that one instead of adding another."
)


def _check_value(indicator: Indicator, value: Decimal) -> Decimal:
    """A target is a value the indicator can take: a percentage 0–100, a milestone reached
    (1) or not (0), a count not below 0 (the same rules as a measurement)."""
    value = Decimal(value)
    if indicator.kind == Indicator.Kind.PERCENTAGE and not 0 <= value <= 100:
        raise ValidationError(PERCENTAGE_OUT_OF_RANGE, code="percentage_out_of_range")
    if indicator.kind == Indicator.Kind.MILESTONE and value not in (0, 1):
        raise ValidationError(MILESTONE_IS_YES_NO, code="milestone_is_yes_no")
    if indicator.kind == Indicator.Kind.COUNT and value < 0:
        raise ValidationError(NEGATIVE_COUNT, code="negative_count")
    return value


def _plan_of(indicator: Indicator) -> StrategicPlan:
    return StrategicPlan.objects.get(axes__objectives__results__indicators=indicator)


@transaction.atomic
def indicator_target_create(
    *, user: User, indicator: Indicator, year: int, value: Decimal, note: str = ""
) -> IndicatorTarget:
    """Set an indicator's target for a year of the plan. Refused: not the Technical
    Secretariat (permission), a year outside the plan (year_outside_plan), a value the
    indicator cannot take, a second target for the same year (target_exists)."""
    ensure_secretariat(user)
    ensure_year_in_plan(plan=_plan_of(indicator), year=year)
    value = _check_value(indicator, value)
    # Lock the indicator: two concurrent creations for one year serialise here, and the
    # second sees the first (the unique constraint backs this up).
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    if IndicatorTarget.objects.filter(indicator=indicator, year=year).exists():
        raise ValidationError(TARGET_EXISTS, code="target_exists", params={"year": year})
    target = IndicatorTarget(indicator=indicator, year=year, value=value, note=note.strip())
    save_checked(target, user)
    return target


@transaction.atomic
def indicator_target_update(
    *, user: User, target: IndicatorTarget, value: Decimal, note: str = "", version: int | None
) -> IndicatorTarget:
    """Change a target's value or note; a form read before someone else's save is refused
    (stale_version). The year is not changed here: a target for another year is another
    target."""
    ensure_secretariat(user)
    target = IndicatorTarget.objects.select_related("indicator").get(pk=target.pk)
    target.value = _check_value(target.indicator, value)
    target.note = note.strip()
    claim_version(target, version)
    save_checked(target, user)
    return target


@transaction.atomic
def indicator_target_delete(*, user: User, target: IndicatorTarget, version: int | None) -> None:
    """Remove a target: the year reads "no target set" again. The history keeps it."""
    ensure_secretariat(user)
    claim_version(target, version)
    target._history_user = user
    target.delete()
