"""Issue 17, "locked means locked": once a reporting period of a POA is closed, the figures
its official results are computed from (weights at every level as they apply to that POA,
semester targets, responsible parties) change only through the Technical Secretariat's
audited reopening with a reason; and the axis and strategic-objective weights are kept per
POA, so changing the plan's weights never rewrites a past year."""

from __future__ import annotations

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from common.testing import refused
from monitoring import services as monitoring_services
from monitoring.models import ProgressEntry, ReportingPeriod
from monitoring.selectors import poa_results
from monitoring.tests.factories import approve_all, open_period
from plans import selectors, services
from plans.models import (
    POA,
    Activity,
    Axis,
    OperationalObjective,
    POAAxisWeight,
    POAObjectiveWeight,
    POAReopening,
    StrategicObjective,
)
from plans.tests.factories import POAFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def locked_poa(plan_loaded, coalition, st_user) -> POA:
    """POA 2018 with its semester I closed (through monitoring's service): locked."""
    period = open_period(st_user, plan_loaded)
    monitoring_services.reporting_period_close(user=st_user, period=period)
    plan_loaded.refresh_from_db()
    return plan_loaded


def _level(poa: POA, level: str):
    """(parent, poa argument, weights that keep the rule) for each level of the tree."""
    if level == "axes":
        axes = list(Axis.objects.filter(plan=poa.plan).order_by("number"))
        return (
            poa.plan,
            poa,
            dict(zip([a.pk for a in axes], [D(40), D(30), D(20), D(10)], strict=True)),
        )
    if level == "objectives":
        axis = Axis.objects.get(plan=poa.plan, number=2)
        so = list(axis.objectives.order_by("position"))
        return axis, poa, {so[0].pk: D(70), so[1].pk: D(30)}
    if level == "operational":
        so = StrategicObjective.objects.get(code="2.1")
        ops = list(so.operational_objectives.filter(poa=poa).order_by("position"))
        return so, poa, dict(zip([o.pk for o in ops], [D(50), D(25), D(25)], strict=True))
    op = OperationalObjective.objects.get(poa=poa, code="1.1")
    a, b = op.activities.order_by("position")
    return op, None, {a.pk: D(60), b.pk: D(40)}


def _stored(poa: POA, level: str, parent) -> list:
    if level == "axes":
        return list(POAAxisWeight.objects.filter(poa=poa).values_list("weight", flat=True))
    if level == "objectives":
        return list(
            POAObjectiveWeight.objects.filter(poa=poa, objective__axis=parent).values_list(
                "weight", flat=True
            )
        )
    return [c.weight for c in selectors.weight_children(parent=parent, poa=poa)]


LEVELS = ["axes", "objectives", "operational", "activities"]


def test_closing_a_period_locks_the_poa(plan_loaded, coalition, st_user):
    assert not plan_loaded.is_locked and selectors.poa_is_editable(poa=plan_loaded)
    period = open_period(st_user, plan_loaded)
    plan_loaded.refresh_from_db()
    assert not plan_loaded.is_locked  # open for reporting: not yet
    monitoring_services.reporting_period_close(user=st_user, period=period)
    plan_loaded.refresh_from_db()
    assert plan_loaded.locked_at is not None
    assert not selectors.poa_is_editable(poa=plan_loaded)
    assert plan_loaded.history.first().history_user == st_user


@pytest.mark.parametrize("level", LEVELS)
def test_a_locked_poa_refuses_weights_at_every_level(locked_poa, st_user, level):
    parent, poa, weights = _level(locked_poa, level)
    before = _stored(locked_poa, level, parent)
    with refused("poa_locked"):
        services.weights_set(user=st_user, parent=parent, poa=poa, weights=weights)
    assert _stored(locked_poa, level, parent) == before


@pytest.mark.parametrize("level", LEVELS)
def test_a_reopened_poa_takes_weights_at_every_level(locked_poa, st_user, level):
    services.poa_reopen(user=st_user, poa=locked_poa, reason="Error de digitación en pesos")
    parent, poa, weights = _level(locked_poa, level)
    services.weights_set(user=st_user, parent=parent, poa=poa, weights=weights)
    assert sorted(_stored(locked_poa, level, parent)) == sorted(weights.values())
    services.poa_relock(user=st_user, poa=locked_poa)
    with refused("poa_locked"):
        services.weights_set(user=st_user, parent=parent, poa=poa, weights=dict.fromkeys(weights))


def test_a_locked_poa_refuses_semester_targets_and_responsibles(locked_poa, st_user):
    activity = Activity.objects.get(operational_objective__poa=locked_poa, code="1.1.2")
    with refused("poa_locked"):
        services.activity_update(user=st_user, activity=activity, semester_1=80)
    with refused("poa_locked"):
        services.activity_update(user=st_user, activity=activity, semester_2=None)
    with refused("poa_locked"):
        services.activity_set_responsibles(user=st_user, activity=activity, tokens=["plenary"])
    activity.refresh_from_db()
    assert (activity.semester_1, activity.semester_2) == (50, 50)
    assert {r.token for r in activity.responsibles.all()} != {"plenary"}
    # Wording does not move a figure: it stays editable; unchanged targets pass too.
    tokens = [r.token for r in activity.responsibles.all()]
    services.activity_update(
        user=st_user, activity=activity, description="Texto corregido", semester_1=50,
        responsibles=tokens,
    )  # fmt: skip
    activity.refresh_from_db()
    assert activity.description == "Texto corregido"


def test_a_reopened_poa_takes_semester_targets(locked_poa, st_user):
    activity = Activity.objects.get(operational_objective__poa=locked_poa, code="1.1.2")
    services.poa_reopen(user=st_user, poa=locked_poa, reason="La meta aprobada era 80 %")
    services.activity_update(user=st_user, activity=activity, semester_1=80, semester_2=20)
    activity.refresh_from_db()
    assert (activity.semester_1, activity.semester_2) == (80, 20)


def test_reopening_needs_the_secretariat_and_a_reason(
    locked_poa, st_user, focal_point_hn, presidency_user
):
    for user in (focal_point_hn, presidency_user):
        with pytest.raises(PermissionDenied):
            services.poa_reopen(user=user, poa=locked_poa, reason="Motivo")
    for reason in ("", "   "):
        with refused("reason_required"):
            services.poa_reopen(user=st_user, poa=locked_poa, reason=reason)
    assert not POAReopening.objects.exists()
    with refused("poa_not_reopened"):
        services.poa_relock(user=st_user, poa=locked_poa)
    services.poa_reopen(user=st_user, poa=locked_poa, reason="Motivo")
    with refused("poa_already_reopened"):
        services.poa_reopen(user=st_user, poa=locked_poa, reason="Otra vez")
    with pytest.raises(PermissionDenied):
        services.poa_relock(user=focal_point_hn, poa=locked_poa)


def test_an_unlocked_poa_needs_no_reopening(plan_loaded, st_user):
    with refused("poa_not_locked"):
        services.poa_reopen(user=st_user, poa=plan_loaded, reason="Motivo")
    parent, poa, weights = _level(plan_loaded, "axes")
    services.weights_set(user=st_user, parent=parent, poa=poa, weights=weights)


def test_reopenings_are_kept_in_the_history(locked_poa, st_user):
    services.poa_reopen(user=st_user, poa=locked_poa, reason="  Primer motivo  ")
    services.poa_relock(user=st_user, poa=locked_poa)
    services.poa_reopen(user=st_user, poa=locked_poa, reason="Segundo motivo")
    # A period closing again ends the reopening in progress.
    period = open_period(st_user, locked_poa, semester=2)
    monitoring_services.reporting_period_close(user=st_user, period=period)
    state = selectors.poa_lock_state(poa=locked_poa)
    assert [r.reason for r in state.reopenings] == ["Segundo motivo", "Primer motivo"]
    assert all(r.closed_at and r.closed_by == st_user for r in state.reopenings)
    assert all(r.opened_by == st_user for r in state.reopenings)
    assert state.is_locked and not state.is_editable and state.can_reopen
    first = POAReopening.objects.get(reason="Primer motivo")
    assert [h.history_type for h in first.history.order_by("history_date")] == ["+", "~"]


# --- Weights per POA year --------------------------------------------------------------------


def _root(poa: POA, period: ReportingPeriod) -> tuple[Decimal, Decimal]:
    root = poa_results(poa=POA.objects.get(pk=poa.pk), period=period).root
    return root.achieved, root.planned


def test_changing_the_plans_axis_weights_leaves_2018_results_unchanged(
    plan_loaded, coalition, st_user
):
    period = open_period(st_user, plan_loaded)
    approve_all(period, st_user, progress=40)
    ProgressEntry.objects.filter(
        report__period=period, activity__operational_objective__strategic_objective__axis__number=1
    ).update(progress=90)
    monitoring_services.reporting_period_close(user=st_user, period=period)
    before = _root(plan_loaded, period)

    plan = plan_loaded.plan
    axes = list(Axis.objects.filter(plan=plan).order_by("number"))
    heavy_first = dict(zip([a.pk for a in axes], [D(70), D(10), D(10), D(10)], strict=True))
    services.weights_set(user=st_user, parent=plan, weights=heavy_first)
    axis2 = axes[1]
    so = list(axis2.objectives.order_by("position"))
    services.weights_set(user=st_user, parent=axis2, weights={so[0].pk: D(90), so[1].pk: D(10)})
    assert Axis.objects.get(pk=axes[0].pk).weight == D(70)  # the plan's defaults did change
    assert _root(plan_loaded, period) == before

    # The same weights given to POA 2018 itself (through its reopening) do move its results:
    # the check above would catch results that read the plan's weights.
    services.poa_reopen(user=st_user, poa=plan_loaded, reason="Pesos acordados por el pleno")
    services.weights_set(user=st_user, parent=plan, poa=plan_loaded, weights=heavy_first)
    assert _root(plan_loaded, period)[0] > before[0]


def test_a_new_poa_starts_from_the_plans_current_weights(plan_loaded, st_user):
    plan = plan_loaded.plan
    axes = list(Axis.objects.filter(plan=plan).order_by("number"))
    new_weights = dict(zip([a.pk for a in axes], [D(40), D(30), D(20), D(10)], strict=True))
    services.weights_set(user=st_user, parent=plan, weights=new_weights)
    axis2 = axes[1]
    so = list(axis2.objectives.order_by("position"))
    services.weights_set(user=st_user, parent=axis2, weights={so[0].pk: D(70), so[1].pk: D(30)})

    new = services.poa_copy(user=st_user, source_poa=plan_loaded, year=2019)
    weights = selectors.poa_weights(new)
    assert weights.axes == new_weights
    assert weights.objectives[so[0].pk] == D(70) and weights.objectives[so[1].pk] == D(30)
    # POA 2018 kept the weights it had (equal shares, as loaded).
    old = selectors.poa_weights(plan_loaded)
    assert set(old.axes.values()) == {None} and set(old.axes) == set(new_weights)
    shares = selectors.poa_axis_shares(plan_loaded, axes)
    assert {s.share for s in shares.values()} == {D("25.00")}
    assert selectors.poa_axis_shares(new, axes)[axes[0].pk].share == D("40.00")


def test_the_data_migration_locks_and_fills_existing_poas(plan_loaded, coalition, st_user):
    """plans/migrations/0003: POAs get the plan's weights; those with a closed period lock."""
    migration = importlib.import_module("plans.migrations.0003_poa_weights_lock")
    open_poa = POAFactory(year=2020, plan=plan_loaded.plan, status=POA.Status.APPROVED)
    POAAxisWeight.objects.all().delete()
    POAObjectiveWeight.objects.all().delete()
    Axis.objects.filter(plan=plan_loaded.plan, number=1).update(weight=D(100))
    Axis.objects.filter(plan=plan_loaded.plan).exclude(number=1).update(weight=None)
    period = open_period(st_user, plan_loaded)
    ReportingPeriod.objects.filter(pk=period.pk).update(status=ReportingPeriod.Status.CLOSED)

    migration.fill_weights_and_lock(apps, None)
    plan_loaded.refresh_from_db()
    open_poa.refresh_from_db()
    assert plan_loaded.is_locked and not open_poa.is_locked
    for poa in (plan_loaded, open_poa):
        assert POAAxisWeight.objects.filter(poa=poa).count() == 4
        assert POAAxisWeight.objects.get(poa=poa, axis__number=1).weight == D(100)
        assert POAObjectiveWeight.objects.filter(poa=poa).count() == (
            StrategicObjective.objects.filter(axis__plan=poa.plan).count()
        )


# --- Pages ----------------------------------------------------------------------------------


def test_st_sees_the_lock_and_reopens_with_a_reason_and_confirmation(client, locked_poa, st_user):
    client.force_login(st_user)
    page = client.get(reverse("plans:poa-matrix", args=[2018])).content.decode()
    assert 'id="poa-lock"' in page and reverse("plans:poa-reopen", args=[2018]) in page

    url = reverse("plans:poa-reopen", args=[2018])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 200 and not POAReopening.objects.exists()
    response = client.post(url, {"reason": "Corrección de meta"})  # not confirmed
    assert response.status_code == 200 and not POAReopening.objects.exists()
    response = client.post(url, {"reason": "Corrección de meta", "confirm": "on"})
    assert response.status_code == 302
    assert POAReopening.objects.get().reason == "Corrección de meta"

    page = client.get(reverse("plans:poa-matrix", args=[2018])).content.decode()
    assert "Corrección de meta" in page and reverse("plans:poa-relock", args=[2018]) in page
    response = client.post(reverse("plans:poa-relock", args=[2018]))
    assert response.status_code == 302
    assert POAReopening.objects.get().closed_at is not None


def test_the_weights_page_of_a_locked_poa_says_so_and_refuses(client, locked_poa, st_user):
    client.force_login(st_user)
    axes = list(Axis.objects.filter(plan=locked_poa.plan).order_by("number"))
    url = reverse("plans:weights-edit", args=["plan", locked_poa.plan_id]) + "?poa=2018"
    page = client.get(url).content.decode()
    assert reverse("plans:poa-reopen", args=[2018]) in page
    data = {f"w_{a.pk}": w for a, w in zip(axes, ["40", "30", "20", "10"], strict=True)}
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the refusal
    assert set(POAAxisWeight.objects.filter(poa=locked_poa).values_list("weight", flat=True)) == {
        None
    }


def test_others_cannot_reopen_through_the_page(client, locked_poa, focal_point_hn):
    client.force_login(focal_point_hn)
    url = reverse("plans:poa-reopen", args=[2018])
    response = client.post(url, {"reason": "x", "confirm": "on"})
    assert response.status_code == 403
    assert not POAReopening.objects.exists()
    page = client.get(reverse("plans:poa-matrix", args=[2018])).content.decode()
    assert 'id="poa-lock"' not in page
