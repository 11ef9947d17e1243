"""The admin cannot write what plans.services refuses (STYLE: "the admin is read-only for
models that carry rules"). Weights edited inline in the admin used to bypass weights_set and
the weight rule (plans.selectors.weights_check); these tests post what a browser would post
and check that nothing is written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from members.tests.factories import UserFactory
from plans import selectors, services
from plans.models import (
    Activity,
    Axis,
    GoodPractice,
    OperationalObjective,
    StrategicPlan,
)
from plans.tests.factories import AxisFactory, GoodPracticeFactory

pytestmark = pytest.mark.django_db

PLAN_MODELS = [m for m in admin.site._registry if m._meta.app_label == "plans"]


@pytest.fixture
def superuser(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def _axis_form(axis: Axis, **changes) -> dict:
    """What the Axis change form posts (its fields and its empty objectives inline)."""
    data = {
        "plan": axis.plan_id,
        "number": axis.number,
        "name": axis.name,
        "definition": axis.definition,
        "weight": "" if axis.weight is None else str(axis.weight),
        "objectives-TOTAL_FORMS": "0",
        "objectives-INITIAL_FORMS": "0",
        "objectives-MIN_NUM_FORMS": "0",
        "objectives-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_superuser_admin_has_no_add_change_or_delete_on_any_plan_model(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    assert len(PLAN_MODELS) == 16  # + POAReopening (issue 17)
    for model in PLAN_MODELS:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert model_admin.has_view_permission(request), model
        for inline in model_admin.get_inline_instances(request):
            assert not inline.has_add_permission(request, None), inline
            assert not inline.has_change_permission(request), inline
            assert not inline.has_delete_permission(request), inline


def test_admin_cannot_give_one_axis_a_weight_that_breaks_the_rule(client, superuser, plan_loaded):
    """Axis 1 at 90% while its siblings are empty is refused by weights_set (all or none);
    the admin's change form must not save it either."""
    axis = Axis.objects.get(number=1)
    siblings = list(Axis.objects.filter(plan=axis.plan))
    assert selectors.weights_valid(siblings)
    url = reverse("admin:plans_axis_change", args=[axis.pk])
    response = client.post(url, _axis_form(axis, weight="90"))
    assert response.status_code == 403
    axis.refresh_from_db()
    assert axis.weight is None
    assert selectors.weights_valid(Axis.objects.filter(plan=axis.plan))


def test_admin_cannot_set_the_axes_weights_inline_on_the_plan(client, superuser, plan_loaded):
    """The plan's change form used to carry the axes' weights inline: 40/30/20/20 adds up to
    110 and weights_set refuses it; the admin must refuse it too."""
    plan = StrategicPlan.objects.get()
    axes = list(plan.axes.order_by("number"))
    data = {
        "name": plan.name,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "vision": plan.vision,
        "mission": plan.mission,
        "general_objective": plan.general_objective,
        "statements-TOTAL_FORMS": "0",
        "statements-INITIAL_FORMS": "0",
        "statements-MIN_NUM_FORMS": "0",
        "statements-MAX_NUM_FORMS": "1000",
        "axes-TOTAL_FORMS": str(len(axes)),
        "axes-INITIAL_FORMS": str(len(axes)),
        "axes-MIN_NUM_FORMS": "0",
        "axes-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for i, (axis, weight) in enumerate(zip(axes, ["40", "30", "20", "20"], strict=True)):
        data |= {
            f"axes-{i}-id": axis.pk,
            f"axes-{i}-plan": plan.pk,
            f"axes-{i}-number": axis.number,
            f"axes-{i}-name": axis.name,
            f"axes-{i}-weight": weight,
        }
    response = client.post(reverse("admin:plans_strategicplan_change", args=[plan.pk]), data)
    assert response.status_code == 403
    assert set(Axis.objects.values_list("weight", flat=True)) == {None}


def test_admin_history_form_cannot_write_a_weight(client, superuser, plan_loaded, st_user):
    """simple_history's "revert" form saves on POST for anyone who may view; the read-only
    admin must refuse it, or a past (or forged) weighting comes back behind weights_set."""
    plan = StrategicPlan.objects.get()
    axes = list(plan.axes.order_by("number"))
    services.weights_set(
        user=st_user,
        parent=plan,
        weights={a.pk: Decimal(w) for a, w in zip(axes, [40, 30, 20, 10], strict=True)},
    )
    axis = axes[0]
    version = axis.history.order_by("history_date").first()  # weight empty, as loaded
    url = reverse("admin:plans_axis_simple_history", args=[axis.pk, version.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, _axis_form(axis, weight=""))
    assert response.status_code == 403
    axis.refresh_from_db()
    assert axis.weight == Decimal(40)
    assert selectors.weights_valid(Axis.objects.filter(plan=plan))


def test_admin_cannot_add_an_activity_without_responsibles(client, superuser, plan_loaded):
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    before = Activity.objects.count()
    data = {
        "operational_objective": op.pk,
        "code": "1.1.9",
        "position": 9,
        "description": "Actividad sin responsable",
        "weight": "100",
        "responsibles-TOTAL_FORMS": "0",
        "responsibles-INITIAL_FORMS": "0",
        "responsibles-MIN_NUM_FORMS": "0",
        "responsibles-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    response = client.post(reverse("admin:plans_activity_add"), data)
    assert response.status_code == 403
    assert Activity.objects.count() == before


def test_admin_cannot_validate_a_record(client, superuser, coalition):
    """Only record_validate (ST, with evidence) makes a record count in the indicators."""
    practice = GoodPracticeFactory(
        country=coalition["HN"].country, axis=AxisFactory(), validated_at=None, evidence_url=""
    )
    url = reverse("admin:plans_goodpractice_change", args=[practice.pk])
    data = {
        "title": practice.title,
        "country": practice.country_id,
        "institution": practice.institution,
        "axis": practice.axis_id,
        "description": practice.description,
        "validated_at_0": "2024-01-01",
        "validated_at_1": "10:00:00",
        "replications-TOTAL_FORMS": "0",
        "replications-INITIAL_FORMS": "0",
        "replications-MIN_NUM_FORMS": "0",
        "replications-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    response = client.post(url, data)
    assert response.status_code == 403
    assert GoodPractice.objects.get(pk=practice.pk).validated_at is None
    assert client.post(reverse("admin:plans_goodpractice_delete", args=[practice.pk]), {
        "post": "yes"
    }).status_code == 403  # fmt: skip
    assert GoodPractice.objects.filter(pk=practice.pk).exists()


def test_admin_still_shows_the_plan_and_its_history(client, superuser, plan_loaded):
    axis = Axis.objects.get(number=2)
    for url in (
        reverse("admin:plans_axis_change", args=[axis.pk]),
        reverse("admin:plans_axis_history", args=[axis.pk]),
        reverse("admin:plans_strategicplan_change", args=[axis.plan_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="weight"' not in response.content.decode(), url
