"""Indicator measurements typed in by the ST (SPEC §4), only for the indicators the
platform cannot compute from its own records."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from members.models import Country, User
from members.permissions import ensure_secretariat
from plans.models import Indicator, IndicatorMeasurement, StrategicPlan
from plans.services.base import ensure_year_in_plan, save_checked

INDICATOR_IS_COMPUTED = _(
    "This indicator is computed by the platform from its own records; it cannot be entered by hand."
)
PERCENTAGE_OUT_OF_RANGE = _("A percentage is a value between 0 and 100.")
MILESTONE_IS_YES_NO = _("A milestone is reached (1) or not (0).")
NEGATIVE_COUNT = _("A count cannot be negative.")


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
    country. Indicators the platform computes from its own records (Indicator.measure other
    than manual: instruments, good practices, alliances, joint actions, agreements fulfilled,
    meeting participation) are refused: typing them would contradict the records (issue #6:
    "manual entry stays possible only for indicators with no source in the platform")."""
    ensure_secretariat(user)
    if indicator.is_computed:
        raise ValidationError(INDICATOR_IS_COMPUTED, code="indicator_is_computed")
    plan = StrategicPlan.objects.get(axes__objectives__results__indicators=indicator)
    ensure_year_in_plan(plan=plan, year=year)
    value = Decimal(value)
    if indicator.kind == Indicator.Kind.PERCENTAGE and not 0 <= value <= 100:
        raise ValidationError(PERCENTAGE_OUT_OF_RANGE, code="percentage_out_of_range")
    if indicator.kind == Indicator.Kind.MILESTONE and value not in (0, 1):
        raise ValidationError(MILESTONE_IS_YES_NO, code="milestone_is_yes_no")
    if indicator.kind == Indicator.Kind.COUNT and value < 0:
        raise ValidationError(NEGATIVE_COUNT, code="negative_count")
    measurement = (
        IndicatorMeasurement.objects.select_for_update(of=("self",))
        .filter(indicator=indicator, year=year, country=country)
        .first()
    ) or IndicatorMeasurement(indicator=indicator, year=year, country=country)
    measurement.value = value
    measurement.source = source.strip()
    measurement.note = note.strip()
    save_checked(measurement, user)
    return measurement
