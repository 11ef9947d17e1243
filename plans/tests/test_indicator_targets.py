"""Yearly targets of the Strategic Plan's indicators (issue 17): only the Technical
Secretariat sets them, for a year of the plan, one per indicator and year, a value the
indicator can take; a stale form is refused; the pages call the same services."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from common.testing import refused
from plans.models import Indicator, IndicatorTarget
from plans.services.targets import (
    indicator_target_create,
    indicator_target_delete,
    indicator_target_update,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def count_indicator(plan_loaded) -> Indicator:
    return Indicator.objects.get(text__startswith="Número de alianzas")


@pytest.fixture
def milestone(plan_loaded) -> Indicator:
    return Indicator.objects.get(text__startswith="Estrategia Institucional de Comunicación")


def test_st_sets_a_target_with_history(st_user, count_indicator):
    target = indicator_target_create(
        user=st_user, indicator=count_indicator, year=2020, value=Decimal(3), note=" OCAM "
    )
    assert (target.year, target.value, target.note) == (2020, Decimal(3), "OCAM")
    assert target.history.get().history_user == st_user


@pytest.mark.parametrize("role", ["presidency_user", "focal_point_hn", "observer", "partner"])
def test_only_the_secretariat_sets_targets(request, role, count_indicator):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        indicator_target_create(user=user, indicator=count_indicator, year=2020, value=1)
    assert not IndicatorTarget.objects.exists()


def test_only_the_secretariat_changes_or_removes_targets(st_user, focal_point_hn, count_indicator):
    target = indicator_target_create(user=st_user, indicator=count_indicator, year=2020, value=1)
    with pytest.raises(PermissionDenied):
        indicator_target_update(user=focal_point_hn, target=target, value=5, version=1)
    with pytest.raises(PermissionDenied):
        indicator_target_delete(user=focal_point_hn, target=target, version=1)
    target.refresh_from_db()
    assert target.value == 1


@pytest.mark.parametrize("year", [2017, 2028])
def test_a_target_belongs_to_a_year_of_the_plan(st_user, count_indicator, year):
    with refused("year_outside_plan"):
        indicator_target_create(user=st_user, indicator=count_indicator, year=year, value=1)


def test_one_target_per_indicator_and_year(st_user, count_indicator):
    indicator_target_create(user=st_user, indicator=count_indicator, year=2020, value=1)
    with refused("target_exists"):
        indicator_target_create(user=st_user, indicator=count_indicator, year=2020, value=2)
    # Another year, or another indicator the same year, is fine.
    indicator_target_create(user=st_user, indicator=count_indicator, year=2021, value=2)
    other = Indicator.objects.get(text__startswith="Número de acciones conjuntas")
    indicator_target_create(user=st_user, indicator=other, year=2020, value=2)
    assert IndicatorTarget.objects.count() == 3


def test_the_database_backs_the_one_per_year_rule(st_user, count_indicator):
    IndicatorTarget.objects.create(indicator=count_indicator, year=2020, value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorTarget.objects.create(indicator=count_indicator, year=2020, value=2)


@pytest.mark.parametrize(
    ("value", "code"),
    [(-1, "negative_count")],
)
def test_a_count_target_is_not_negative(st_user, count_indicator, value, code):
    with refused(code):
        indicator_target_create(user=st_user, indicator=count_indicator, year=2020, value=value)


def test_a_milestone_target_is_reached_or_not(st_user, milestone):
    with refused("milestone_is_yes_no"):
        indicator_target_create(user=st_user, indicator=milestone, year=2020, value=2)
    indicator_target_create(user=st_user, indicator=milestone, year=2020, value=1)


def test_a_percentage_target_is_between_0_and_100(st_user, count_indicator):
    percentage = Indicator.objects.create(
        result=count_indicator.result, position=9, text="Porcentaje de algo", kind="percentage"
    )
    with refused("percentage_out_of_range"):
        indicator_target_create(user=st_user, indicator=percentage, year=2020, value=101)


def test_a_stale_form_is_refused(st_user, count_indicator):
    target = indicator_target_create(user=st_user, indicator=count_indicator, year=2020, value=1)
    indicator_target_update(user=st_user, target=target, value=2, version=1)
    with refused("stale_version"):
        indicator_target_update(user=st_user, target=target, value=3, version=1)
    with refused("stale_version"):
        indicator_target_delete(user=st_user, target=target, version=1)
    target.refresh_from_db()
    assert (target.value, target.version) == (2, 2)
    indicator_target_update(user=st_user, target=target, value=3, note="", version=2)
    pk = target.pk
    indicator_target_delete(user=st_user, target=target, version=3)
    assert not IndicatorTarget.objects.exists()
    history = IndicatorTarget.history.filter(id=pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "~", "-"]
    assert {h.history_user for h in history} == {st_user}


def test_an_update_checks_the_value_too(st_user, milestone):
    target = indicator_target_create(user=st_user, indicator=milestone, year=2020, value=1)
    with refused("milestone_is_yes_no"):
        indicator_target_update(user=st_user, target=target, value=5, version=1)


# --- The pages ----------------------------------------------------------------------------


def test_targets_page_is_for_the_secretariat(client, focal_point_hn, count_indicator):
    client.force_login(focal_point_hn)
    url = reverse("plans:indicator-targets", args=[count_indicator.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"year": 2020, "value": 1}).status_code == 403
    assert not IndicatorTarget.objects.exists()


def test_st_sets_and_changes_a_target_through_the_pages(client, st_user, count_indicator):
    client.force_login(st_user)
    url = reverse("plans:indicator-targets", args=[count_indicator.pk])
    page = client.get(url).content.decode()
    assert "2018" in page and "2027" in page and "—" in page
    response = client.post(url, {"year": 2020, "value": "4", "note": "Meta del comité"})
    assert response.status_code == 302
    target = IndicatorTarget.objects.get(indicator=count_indicator, year=2020)
    assert target.value == 4
    # A second target for the same year: the service's refusal is shown on the form.
    again = client.post(url, {"year": 2020, "value": "5"})
    assert again.status_code == 200 and again.context["form"].errors
    assert IndicatorTarget.objects.get(indicator=count_indicator, year=2020).value == 4
    # Out of the plan's years: refused on the form.
    late = client.post(url, {"year": 2030, "value": "5"})
    assert late.status_code == 200 and late.context["form"].errors
    edit = reverse("plans:target-edit", args=[target.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"value": "6", "note": "", "version": 1}).status_code == 302
    target.refresh_from_db()
    assert target.value == 6
    stale = client.post(edit, {"value": "7", "note": "", "version": 1})
    assert stale.status_code == 200 and stale.context["form"].errors
    assert client.post(edit, {"value": "6", "version": 2, "delete": "1"}).status_code == 302
    assert not IndicatorTarget.objects.exists()
