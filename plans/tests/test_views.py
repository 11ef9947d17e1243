from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.tests.factories import UserFactory
from plans import services
from plans.models import (
    Activity,
    Axis,
    IndicatorMeasurement,
    OperationalObjective,
    StrategicObjective,
)
from plans.tests.factories import (
    ActivityFactory,
    ActivityResponsibleFactory,
    AxisFactory,
    ExpectedResultFactory,
    IndicatorFactory,
    OperationalObjectiveFactory,
    POAFactory,
    StrategicObjectiveFactory,
)

pytestmark = pytest.mark.django_db

# Query budgets of the read pages (session/user lookups included); they must not grow with
# the number of objectives, results, indicators or activities.
PLAN_TREE_MAX = 10
POA_MATRIX_MAX = 11  # with the page cache's stamp (common.cache)


def _synthetic_poa(plan, year: int, *, activities: int = 190) -> None:
    """A POA ten times the size of POA 2018 (19 activities), spread over 22 operational
    objectives under the real strategic objectives, two responsible parties each."""
    poa = POAFactory(plan=plan, year=year, status="approved")
    objectives = list(StrategicObjective.objects.filter(axis__plan=plan))
    ops = [
        OperationalObjectiveFactory(poa=poa, strategic_objective=objectives[i % len(objectives)])
        for i in range(22)
    ]
    for i in range(activities):
        activity = ActivityFactory(operational_objective=ops[i % len(ops)])
        ActivityResponsibleFactory(activity=activity, kind="technical_secretariat")
        ActivityResponsibleFactory(activity=activity, kind="national_bodies")


def _synthetic_plan_growth(plan) -> None:
    """Grow the plan tree tenfold: 36 more axes, 72 objectives, 72 results, 144 indicators."""
    for n in range(5, 41):
        axis = AxisFactory(plan=plan, number=n)
        for _ in range(2):
            objective = StrategicObjectiveFactory(axis=axis)
            result = ExpectedResultFactory(objective=objective)
            IndicatorFactory.create_batch(2, result=result)


def _count(client, url) -> int:
    """Queries of a rendering (never of a page kept rendered: common.cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- Public reading ----------------------------------------------------------------------


def test_anonymous_visitor_reads_the_plan_tree(client, plan_loaded):
    html = client.get(reverse("plans:overview")).content.decode()
    assert "Plan Estratégico 2018-2027" in html
    assert "Ser referente a nivel regional" in html
    for code in ("2.1", "2.2", "3.2"):
        assert f"{code}</strong>" in html
    assert "Número de alianzas con otros espacios regionales." in html
    assert "POA 2018" in html


def test_anonymous_visitor_reads_axis_and_approved_poa(client, plan_loaded):
    html = client.get(reverse("plans:axis-detail", args=[3])).content.decode()
    assert "Persecución de los delitos" in html and "3.2.1" in html
    response = client.get(reverse("plans:poa-matrix", args=[2018]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Integrar un Comité de Trabajo" in html
    assert "Numbered 3.1.2" in html or "3.1.2" in html
    html = client.get(reverse("plans:activity-detail", args=[2018, "2.1.3.2"])).content.decode()
    assert "Protocolos nacionales revisados y adecuados" in html


def test_draft_poa_is_for_members_only(client, plan_loaded, st_user, observer, focal_point_hn):
    services.poa_copy(user=st_user, source_poa=plan_loaded, year=2019)
    url = reverse("plans:poa-matrix", args=[2019])
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("plans:activity-detail", args=[2019, "1.1.1"])).status_code == 404
    assert "POA 2019" not in client.get(reverse("plans:overview")).content.decode()
    for user in (observer, focal_point_hn):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_matrix_filters_by_axis_and_responsible(client, plan_loaded, coalition):
    url = reverse("plans:poa-matrix", args=[2018])
    html = client.get(url, {"axis": 4}).content.decode()
    assert "4.1.1.1" in html and "1.1.1" not in html.replace("4.1.1.1", "")
    html = client.get(url, {"responsible": "petit_committee"}).content.decode()
    for code in ("1.1.2", "1.2.2", "4.1.2.2", "4.1.3.2"):
        assert f">{code}<" in html
    assert ">1.1.1<" not in html
    body = coalition["HN"]
    html = client.get(url, {"responsible": f"body:{body.pk}"}).content.decode()
    assert ">2.1.3.1<" in html and ">3.2.1.1<" in html and ">1.1.1<" not in html
    # The filter names every body as its lists do, the chosen one selected.
    assert f'<option value="body:{body.pk}" selected>{body}</option>' in html
    assert str(body) == f"{body.acronym} (HN)"


def test_matrix_exports_to_excel_and_csv(client, plan_loaded):
    url = reverse("plans:poa-matrix", args=[2018])
    response = client.get(url, {"format": "csv"})
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 20  # header + 19 activities
    assert "Sesiones técnicas para la revisión de la Estrategia" in text
    assert client.get(url, {"format": "xlsx"})["Content-Type"].startswith("application/vnd")


def test_indicator_page_leaves_room_for_computed_values(client, plan_loaded):
    from plans.models import Indicator

    computed = Indicator.objects.get(computed_from="meeting_participation")
    html = client.get(reverse("plans:indicator-detail", args=[computed.pk])).content.decode()
    assert 'id="computed-values"' in html


# --- Permissions -------------------------------------------------------------------------


def test_focal_points_and_observers_cannot_edit(client, plan_loaded, focal_point_hn, observer):
    activity = Activity.objects.get(code="1.1.1")
    objective = StrategicObjective.objects.get(code="1")
    urls = [
        reverse("plans:activity-edit", args=[2018, "1.1.1"]),
        reverse("plans:item-edit", args=["objective", objective.pk]),
        reverse("plans:weights-edit", args=["plan", plan_loaded.plan.pk]),
        reverse("plans:poa-copy", args=[2018]),
        reverse("plans:measurement-create", args=[1]),
    ]
    for user in (focal_point_hn, observer):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
        response = client.post(urls[1], {"text": "Cambiado"})
        assert response.status_code == 403
    objective.refresh_from_db()
    activity.refresh_from_db()
    assert objective.text.startswith("Elaborar una estrategia regional")


def test_anonymous_is_sent_to_login_for_edit_pages(client, plan_loaded):
    response = client.get(reverse("plans:activity-edit", args=[2018, "1.1.1"]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_st_edits_an_activity_through_the_page(client, plan_loaded, st_user):
    client.force_login(st_user)
    url = reverse("plans:activity-edit", args=[2018, "1.1.2"])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "description": "Diseño y elaboración de la Línea Base.",
        "goal": "Línea Base elaborada y aprobada",
        "indicator": "Documento Línea Base",
        "responsible_text": "Petit Comité",
        "semester_1": "60", "semester_2": "40",
        "source_note": "",
        "responsibles": ["petit_committee", "technical_secretariat"],
        "version": 1,
    })  # fmt: skip
    assert response.status_code == 302
    activity = Activity.objects.get(code="1.1.2")
    assert (activity.semester_1, activity.semester_2) == (60, 40)
    assert activity.history.count() == 2
    response = client.post(url, {
        "description": "x", "semester_1": "120", "responsibles": ["petit_committee"],
    })  # fmt: skip
    assert response.status_code == 200
    assert Activity.objects.get(code="1.1.2").semester_1 == 60


def test_st_sets_weights_through_the_page(client, plan_loaded, st_user):
    client.force_login(st_user)
    op = OperationalObjective.objects.get(poa=plan_loaded, code="1.1")
    a, b = op.activities.order_by("position")
    url = reverse("plans:weights-edit", args=["opobjective", op.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"w_{a.pk}": "60", f"w_{b.pk}": "30"})
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()
    response = client.post(url, {f"w_{a.pk}": "60", f"w_{b.pk}": "40"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.weight == Decimal(60)
    so = op.strategic_objective
    url = reverse("plans:weights-edit", args=["objective", so.pk]) + "?poa=2018"
    assert client.get(url).status_code == 200


def test_st_copies_a_poa_through_the_page(client, plan_loaded, st_user):
    client.force_login(st_user)
    url = reverse("plans:poa-copy", args=[2018])
    assert client.get(url).status_code == 200
    activities = list(Activity.objects.filter(operational_objective__poa=plan_loaded))
    data = {"year": "2019"}
    for a in activities:
        if a.code != "1.1.1":
            data[f"copy_{a.pk}"] = "on"
        if a.code == "1.1.2":
            data[f"carry_{a.pk}"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    copied = Activity.objects.filter(operational_objective__poa__year=2019)
    assert copied.count() == 18
    assert copied.get(code="1.1.2").continues.code == "1.1.2"


def test_st_records_a_measurement_through_the_page(client, plan_loaded, st_user):
    from plans.models import Indicator

    alliances = Indicator.objects.get(text__startswith="Número de alianzas")
    # issue #6: the plan's twelve indicators are computed; manual entry is for added ones
    indicator = IndicatorFactory(result=alliances.result, position=9, measure="manual")
    client.force_login(st_user)
    url = reverse("plans:measurement-create", args=[indicator.pk])
    response = client.post(url, {"year": "2019", "value": "2", "source": "Informe"})
    assert response.status_code == 302
    assert IndicatorMeasurement.objects.get().value == Decimal(2)
    computed = Indicator.objects.get(computed_from="agreements_fulfilled")
    response = client.post(
        reverse("plans:measurement-create", args=[computed.pk]), {"year": "2019", "value": "2"}
    )
    assert response.status_code == 200 and IndicatorMeasurement.objects.count() == 1


def test_st_edits_wording_of_an_objective(client, plan_loaded, st_user):
    client.force_login(st_user)
    objective = StrategicObjective.objects.get(code="4.1")
    url = reverse("plans:item-edit", args=["objective", objective.pk])
    response = client.post(url, {"text": "Posicionar a la Coalición Regional.", "version": 1})
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.text == "Posicionar a la Coalición Regional."
    assert objective.history.first().history_user == st_user


# --- Query counts ------------------------------------------------------------------------


def test_plan_tree_queries_do_not_grow(client, plan_loaded, django_assert_max_num_queries):
    url = reverse("plans:overview")
    with django_assert_max_num_queries(PLAN_TREE_MAX):
        client.get(url)
    small = _count(client, url)
    _synthetic_plan_growth(plan_loaded.plan)
    _synthetic_poa(plan_loaded.plan, 2019)
    assert Axis.objects.count() == 40
    with django_assert_max_num_queries(PLAN_TREE_MAX):
        response = client.get(url)
    assert response.content.decode().count("plans/indicators/") >= 12 * 10
    assert _count(client, url) == small


def test_poa_matrix_queries_do_not_grow(client, plan_loaded, django_assert_max_num_queries):
    real = reverse("plans:poa-matrix", args=[2018])
    with django_assert_max_num_queries(POA_MATRIX_MAX):
        client.get(real)
    _synthetic_poa(plan_loaded.plan, 2019)
    big = reverse("plans:poa-matrix", args=[2019])
    assert Activity.objects.filter(operational_objective__poa__year=2019).count() == 190
    with django_assert_max_num_queries(POA_MATRIX_MAX):
        response = client.get(big)
    assert response.content.decode().count("/plans/poa/2019/activities/") == 190
    assert _count(client, real) == _count(client, big)
    assert _count(client, real + "?responsible=national_bodies&axis=2") == _count(
        client, big + "?responsible=national_bodies&axis=2"
    )


def test_signed_in_st_pages_keep_constant_queries(client, plan_loaded, st_user):
    client.force_login(st_user)
    urls = [reverse("plans:overview"), reverse("plans:poa-matrix", args=[2018]),
            reverse("plans:axis-detail", args=[2])]  # fmt: skip
    before = [_count(client, u) for u in urls]
    _synthetic_poa(plan_loaded.plan, 2019, activities=190)
    extra = UserFactory()  # unrelated rows change nothing either
    assert extra.pk
    after = [_count(client, u) for u in urls]
    assert before == after


def test_st_pages_render(client, plan_loaded, st_user):
    from plans.models import Indicator

    services.poa_copy(user=st_user, source_poa=plan_loaded, year=2019)
    client.force_login(st_user)
    indicator = Indicator.objects.get(text__startswith="Número de alianzas")
    urls = [
        reverse("plans:item-edit", args=["plan", plan_loaded.plan.pk]),
        reverse("plans:item-edit", args=["indicator", indicator.pk]),
        reverse(
            "plans:item-edit", args=["opobjective", plan_loaded.operational_objectives.first().pk]
        ),
        reverse("plans:poa-approve", args=[2019]),
        reverse("plans:measurement-create", args=[indicator.pk]),
        reverse("plans:indicator-detail", args=[indicator.pk]),
        reverse("plans:activity-detail", args=[2019, "1.1.2"]),
        reverse("plans:weights-edit", args=["axis", Axis.objects.get(number=1).pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("plans:poa-approve", args=[2019]),
        {"approved_on": "2019-03-01", "approving_agreement": "Acuerdo 5"},
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(reverse("plans:poa-matrix", args=[2019])).status_code == 200


def test_admin_lists_every_plan_model(client, plan_loaded):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for model in ("strategicplan", "axis", "strategicobjective", "expectedresult", "indicator",
                  "indicatormeasurement", "poa", "operationalobjective", "activity",
                  "planstatement"):  # fmt: skip
        assert client.get(reverse(f"admin:plans_{model}_changelist")).status_code == 200, model
    activity = Activity.objects.get(code="2.1.3.2")
    assert client.get(reverse("admin:plans_activity_change", args=[activity.pk])).status_code == 200
    assert client.get(reverse("admin:plans_poa_change", args=[plan_loaded.pk])).status_code == 200


def test_poa_matrix_is_kept_rendered_until_the_plan_changes(client, plan_loaded, st_user):
    """The matrix is served as rendered until an edit moves the stamp; ST's rendering
    (edit links) is never served to a visitor."""
    url = reverse("plans:poa-matrix", args=[2018])
    rendered = _count(client, url)
    with CaptureQueriesContext(connection) as ctx:
        kept = client.get(url)
    assert len(ctx.captured_queries) < rendered
    assert "Edit wording" not in kept.content.decode()
    activity = Activity.objects.get(operational_objective__poa=plan_loaded, code="1.1.2")
    Activity.objects.filter(pk=activity.pk).update(description="Sin historia")
    assert "Sin historia" not in client.get(url).content.decode()  # no history: not seen
    services.activity_update(user=st_user, activity=activity, description="Línea Base revisada")
    assert "Línea Base revisada" in client.get(url).content.decode()
    client.force_login(st_user)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Edit wording" in html
    client.logout()
    assert "Edit wording" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
