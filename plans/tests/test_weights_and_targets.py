"""Weights (SPEC §4: siblings' weights add up to 100%, equal by default) and semester
targets (§X matrix: percentages 0–100)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.testing import refused
from members.models import Committee
from plans import selectors, services
from plans.models import Activity, Axis, OperationalObjective, StrategicObjective
from plans.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_weights_default_to_an_equal_split(plan_loaded):
    axes = list(Axis.objects.all())
    shares = selectors.effective_shares(axes)
    assert {s.share for s in shares.values()} == {Decimal("25.00")}
    assert all(s.is_default for s in shares.values())
    op = OperationalObjective.objects.get(poa=plan_loaded, code="2.1.3")
    shares = selectors.effective_shares(list(op.activities.all()))
    assert {s.share for s in shares.values()} == {Decimal("25.00")}


def test_st_sets_weights_that_sum_to_100(plan_loaded, st_user):
    plan = plan_loaded.plan
    axes = {a.number: a for a in Axis.objects.all()}
    services.weights_set(
        user=st_user,
        parent=plan,
        weights={axes[1].pk: Decimal(40), axes[2].pk: Decimal(30), axes[3].pk: Decimal(20),
                 axes[4].pk: Decimal(10)},
    )  # fmt: skip
    shares = selectors.effective_shares(list(Axis.objects.all()))
    assert shares[axes[1].pk].share == Decimal("40.00")
    assert not shares[axes[1].pk].is_default
    assert Axis.history.filter(history_user=st_user).count() == 4


def test_weights_must_sum_to_100(plan_loaded, st_user):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    with refused("weights_must_sum_100"):
        services.weights_set(
            user=st_user, parent=op, weights={a.pk: Decimal(60), b.pk: Decimal(30)}
        )
    a.refresh_from_db()
    assert a.weight is None


def test_weights_are_all_given_or_all_empty(plan_loaded, st_user):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    with refused("weights_all_or_none"):
        services.weights_set(user=st_user, parent=op, weights={a.pk: Decimal(100), b.pk: None})
    with refused("weights_wrong_children"):
        services.weights_set(user=st_user, parent=op, weights={a.pk: Decimal(100)})


def test_a_weight_must_be_positive(plan_loaded, st_user):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    with refused("weight_out_of_range"):
        services.weights_set(
            user=st_user, parent=op, weights={a.pk: Decimal(0), b.pk: Decimal(100)}
        )


def test_clearing_weights_returns_to_equal_shares(plan_loaded, st_user):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    services.weights_set(user=st_user, parent=op, weights={a.pk: Decimal(75), b.pk: Decimal(25)})
    services.weights_set(user=st_user, parent=op, weights={a.pk: None, b.pk: None})
    shares = selectors.effective_shares(list(op.activities.all()))
    assert shares[a.pk].share == shares[b.pk].share == Decimal("50.00")


def test_operational_objective_weights_are_per_poa(plan_loaded, st_user):
    so = StrategicObjective.objects.get(code="2.1")
    ops = {op.code: op for op in so.operational_objectives.filter(poa=plan_loaded)}
    assert set(ops) == {"2.1.1", "2.1.2", "2.1.3"}
    services.weights_set(
        user=st_user,
        parent=so,
        poa=plan_loaded,
        weights={ops["2.1.1"].pk: Decimal("33.33"), ops["2.1.2"].pk: Decimal("33.33"),
                 ops["2.1.3"].pk: Decimal("33.34")},
    )  # fmt: skip
    ops["2.1.3"].refresh_from_db()
    assert ops["2.1.3"].weight == Decimal("33.34")


def test_strategic_objective_weights_in_an_axis(plan_loaded, st_user):
    axis = Axis.objects.get(number=2)
    so = {o.code: o for o in axis.objectives.all()}
    services.weights_set(
        user=st_user, parent=axis, weights={so["2.1"].pk: Decimal(70), so["2.2"].pk: Decimal(30)}
    )
    shares = selectors.effective_shares(list(axis.objectives.all()))
    assert shares[so["2.2"].pk].share == Decimal("30.00")


def test_only_the_secretariat_sets_weights(plan_loaded, focal_point_hn, observer):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    for user in (focal_point_hn, observer):
        with pytest.raises(PermissionDenied):
            services.weights_set(user=user, parent=op, weights={a.pk: None, b.pk: None})


def test_mixed_weights_share_the_rest_and_are_flagged(db):
    """Weights edited outside weights_set (the admin): empty ones share what is left."""
    a = ActivityFactory(weight=Decimal(50))
    b = ActivityFactory(operational_objective=a.operational_objective)
    c = ActivityFactory(operational_objective=a.operational_objective)
    items = list(Activity.objects.all())
    shares = selectors.effective_shares(items)
    assert [shares[x.pk].share for x in (a, b, c)] == [Decimal(50), Decimal(25), Decimal(25)]
    assert not selectors.weights_valid(items)


@pytest.mark.parametrize("value", [101, 150])
def test_semester_targets_are_percentages(plan_loaded, st_user, value):
    activity = Activity.objects.get(code="1.1.2")
    with refused("target_out_of_range", field="semester_1"):
        services.activity_update(user=st_user, activity=activity, semester_1=value)
    activity.refresh_from_db()
    assert activity.semester_1 == 50


def test_semester_targets_accept_0_to_100_and_empty(plan_loaded, st_user):
    activity = Activity.objects.get(code="1.1.2")
    services.activity_update(user=st_user, activity=activity, semester_1=0, semester_2=None)
    activity.refresh_from_db()
    assert (activity.semester_1, activity.semester_2) == (0, None)
    services.activity_update(user=st_user, activity=activity, semester_1=100, semester_2=100)


def test_planned_cumulative_follows_the_matrix(plan_loaded):
    by_code = {a.code: a for a in Activity.objects.all()}
    assert [
        selectors.planned_cumulative(activity=by_code["1.1.2"], semester=s) for s in (1, 2)
    ] == [50, 100]
    assert [by_code["1.1.1"].planned_cumulative(s) for s in (1, 2)] == [100, 100]
    assert [by_code["2.1.2.1"].planned_cumulative(s) for s in (1, 2)] == [0, 100]
    # 100% / 100% in the source cannot mean 200%
    assert [by_code["2.1.3.1"].planned_cumulative(s) for s in (1, 2)] == [100, 100]


def test_wording_edits_keep_history(plan_loaded, st_user):
    objective = StrategicObjective.objects.get(code="3.1")
    old = objective.text
    services.plan_item_update(user=st_user, item=objective, text="Texto corregido.")
    versions = list(objective.history.order_by("history_date"))
    assert versions[0].text == old and versions[-1].text == "Texto corregido."
    assert versions[-1].history_user == st_user


def test_numbering_is_not_editable_through_wording(plan_loaded, st_user):
    objective = StrategicObjective.objects.get(code="3.1")
    with refused("field_not_editable"):
        services.plan_item_update(user=st_user, item=objective, code="9")


def test_an_activity_needs_a_responsible(plan_loaded, st_user):
    activity = Activity.objects.get(code="1.1.2")
    with refused("responsible_required"):
        services.activity_set_responsibles(user=st_user, activity=activity, tokens=[])
    with refused("responsible_unknown"):
        services.activity_set_responsibles(
            user=st_user, activity=activity, tokens=["committee:No existe"]
        )
    Committee.objects.create(name="Comité de Línea Base", kind=Committee.Kind.WORKING)
    services.activity_set_responsibles(
        user=st_user, activity=activity, tokens=["body:CICESCT", "committee:Comité de Línea Base"]
    )
    assert {r.token for r in activity.responsibles.all()} == {
        "body:CICESCT",
        "committee:Comité de Línea Base",
    }
