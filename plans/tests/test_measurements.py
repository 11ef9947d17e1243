from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.testing import refused
from plans import services
from plans.models import Indicator, IndicatorMeasurement
from plans.tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


def _indicator(text_start: str) -> Indicator:
    return Indicator.objects.get(text__startswith=text_start)


def _manual(kind: str = "count") -> Indicator:
    """An indicator with no source in the platform (issue #6: the twelve of the plan are all
    computed from records now, so manual entry is tested on an added one)."""
    result = _indicator("Número de alianzas").result
    return IndicatorFactory(result=result, position=9, kind=kind, measure="manual")


def test_st_records_and_corrects_a_yearly_measurement(plan_loaded, st_user, coalition):
    indicator = _manual()
    services.indicator_measurement_record(
        user=st_user, indicator=indicator, year=2019, value=Decimal(3), source="Informe ST"
    )
    services.indicator_measurement_record(
        user=st_user, indicator=indicator, year=2019, value=Decimal(4), source="Informe ST"
    )
    services.indicator_measurement_record(
        user=st_user,
        indicator=indicator,
        year=2019,
        value=Decimal(1),
        country=coalition["HN"].country,
    )
    rows = IndicatorMeasurement.objects.filter(indicator=indicator)
    assert rows.count() == 2
    assert rows.get(country=None).value == Decimal(4)
    assert rows.get(country=None).history.count() == 2


def test_computed_indicators_refuse_manual_entry(plan_loaded, st_user):
    indicator = _indicator("Número de acuerdos de la Coalición Regional cumplidos")
    with refused("indicator_is_computed"):
        services.indicator_measurement_record(
            user=st_user, indicator=indicator, year=2019, value=Decimal(3)
        )


def test_measurements_stay_within_the_plan_years(plan_loaded, st_user):
    indicator = _manual()
    with refused("year_outside_plan"):
        services.indicator_measurement_record(
            user=st_user, indicator=indicator, year=2030, value=Decimal(3)
        )


def test_a_milestone_is_yes_or_no(plan_loaded, st_user):
    indicator = _manual(kind="milestone")
    with refused("milestone_is_yes_no"):
        services.indicator_measurement_record(
            user=st_user, indicator=indicator, year=2019, value=Decimal(2)
        )


def test_focal_point_cannot_record_measurements(plan_loaded, focal_point_hn):
    with pytest.raises(PermissionDenied):
        services.indicator_measurement_record(
            user=focal_point_hn,
            indicator=_manual(),
            year=2019,
            value=Decimal(1),
        )
