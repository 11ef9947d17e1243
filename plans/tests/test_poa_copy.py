from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from common.testing import refused
from plans import selectors, services
from plans.models import POA, Activity, OperationalObjective

pytestmark = pytest.mark.django_db


def test_copy_keeps_structure_responsibles_and_weights(plan_loaded, st_user):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    services.weights_set(user=st_user, parent=op, weights={a.pk: Decimal(70), b.pk: Decimal(30)})
    new = services.poa_copy(user=st_user, source_poa=plan_loaded, year=2019)
    assert new.status == POA.Status.DRAFT and new.copied_from == plan_loaded
    assert list(new.operational_objectives.values_list("code", flat=True)) == list(
        plan_loaded.operational_objectives.values_list("code", flat=True)
    )
    copied = {x.code: x for x in Activity.objects.filter(operational_objective__poa=new)}
    assert len(copied) == 19
    assert copied["1.1.1"].weight == Decimal(70)
    assert (copied["1.1.1"].semester_1, copied["1.1.1"].semester_2) == (100, None)
    assert {r.token for r in copied["2.1.3.3"].responsibles.all()} == {
        "national_bodies",
        "technical_secretariat",
        "presidency",
    }
    assert all(x.continues is None for x in copied.values())
    # the 2018 source notes are about the 2018 matrix and are not copied
    assert new.operational_objectives.get(code="3.2.1").source_code == ""


def test_carry_over_links_the_copy_to_the_unfinished_activity(plan_loaded, st_user):
    unfinished = Activity.objects.get(operational_objective__poa=plan_loaded, code="1.1.2")
    new = services.poa_copy(
        user=st_user, source_poa=plan_loaded, year=2019, carry_over_activity_ids=[unfinished.pk]
    )
    copy = Activity.objects.get(operational_objective__poa=new, code="1.1.2")
    assert copy.continues == unfinished
    assert list(unfinished.continued_by.all()) == [copy]


def test_unticked_activities_are_not_copied_and_weights_fall_back(plan_loaded, st_user):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    services.weights_set(user=st_user, parent=op, weights={a.pk: Decimal(70), b.pk: Decimal(30)})
    keep = [x.pk for x in Activity.objects.filter(operational_objective__poa=plan_loaded)
            if x.code != "1.1.1"]  # fmt: skip
    new = services.poa_copy(
        user=st_user,
        source_poa=plan_loaded,
        year=2019,
        copy_activity_ids=keep,
        carry_over_activity_ids=[b.pk],
    )
    codes = set(
        Activity.objects.filter(operational_objective__poa=new).values_list("code", flat=True)
    )
    assert len(codes) == 18 and "1.1.1" not in codes
    copy_b = Activity.objects.get(operational_objective__poa=new, code="1.1.2")
    assert copy_b.weight is None  # 30 alone would not add up to 100: equal shares instead
    assert selectors.weights_valid(copy_b.operational_objective.activities.all())


def test_a_copy_never_carries_weights_that_break_the_rule(plan_loaded, st_user):
    """Weights stored outside the rule (the admin used to edit them inline: 80 and empty)
    are not copied, even when every activity is: the copies get equal shares."""
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, _b = op.activities.order_by("position")
    Activity.objects.filter(pk=a.pk).update(weight=Decimal(80))
    assert not selectors.weights_valid(op.activities.all())
    new = services.poa_copy(user=st_user, source_poa=plan_loaded, year=2019)
    copies = Activity.objects.filter(
        operational_objective__poa=new, operational_objective__code="1.1"
    )
    assert [c.weight for c in copies] == [None, None]


def test_a_copy_stays_within_the_plan_years(plan_loaded, st_user):
    with refused("year_outside_plan"):
        services.poa_copy(user=st_user, source_poa=plan_loaded, year=2028)
    assert not POA.objects.filter(year=2028).exists()


def test_a_carry_over_must_be_copied(plan_loaded, st_user):
    a = Activity.objects.get(code="1.1.1")
    with refused("carry_over_must_be_copied"):
        services.poa_copy(
            user=st_user,
            source_poa=plan_loaded,
            year=2019,
            copy_activity_ids=[],
            carry_over_activity_ids=[a.pk],
        )
    assert not POA.objects.filter(year=2019).exists()


def test_one_poa_per_year(plan_loaded, st_user):
    with refused("poa_year_exists"):
        services.poa_copy(user=st_user, source_poa=plan_loaded, year=2018)


def test_progress_is_not_part_of_the_copy(plan_loaded, st_user):
    """Reported progress lives in monitoring; the copy has only planned targets, and its
    approval state starts over."""
    new = services.poa_copy(user=st_user, source_poa=plan_loaded, year=2019)
    assert new.approved_on is None and new.approving_agreement == ""
    assert not new.is_approved


def test_only_the_secretariat_copies_and_approves(plan_loaded, presidency_user, st_user):
    with pytest.raises(PermissionDenied):
        services.poa_copy(user=presidency_user, source_poa=plan_loaded, year=2019)
    new = services.poa_copy(user=st_user, source_poa=plan_loaded, year=2019)
    with pytest.raises(PermissionDenied):
        services.poa_approve(user=presidency_user, poa=new, approved_on=dt.date(2019, 3, 1))
    services.poa_approve(
        user=st_user, poa=new, approved_on=dt.date(2019, 3, 1), approving_agreement="Acuerdo 3"
    )
    new.refresh_from_db()
    assert new.is_approved and new.approving_agreement == "Acuerdo 3"
    with refused("poa_already_approved"):
        services.poa_approve(user=st_user, poa=new, approved_on=dt.date(2019, 3, 1))


def test_selectors_for_monitoring(plan_loaded, coalition):
    """Who reports what (SPEC §5): bodies report activities of "the national bodies";
    activities only regional organs hold are reported by the ST for the region."""
    body_codes = {
        a.code for a in selectors.activities_for_body(poa=plan_loaded, body=coalition["HN"])
    }
    assert body_codes == {"2.1.3.1", "2.1.3.2", "2.1.3.3", "2.2.1.1", "3.2.1.1", "4.1.1.2"}
    regional = {a.code for a in selectors.regional_activities(poa=plan_loaded)}
    assert regional == {
        "1.1.1", "1.1.2", "1.2.1", "1.2.2", "2.1.1.1", "2.1.2.1", "2.1.3.4", "3.1.1.1",
        "4.1.1.1", "4.1.2.1", "4.1.2.2", "4.1.3.1", "4.1.3.2",
    }  # fmt: skip
