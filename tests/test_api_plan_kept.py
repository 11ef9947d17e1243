"""/api/v1/plan/ kept under the plan's stamp (issue 24): the same answer from fewer queries
until the tree changes, any change to what it shows served at once, refusals never kept,
and requests with parameters the endpoint does not read answered afresh."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import selectors, services
from plans.tests.factories import (
    AxisFactory,
    ExpectedResultFactory,
    IndicatorFactory,
    StrategicObjectiveFactory,
    StrategicPlanFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/plan/"


@pytest.fixture
def tree():
    plan = StrategicPlanFactory()
    axis = AxisFactory(plan=plan, number=1, name="Prevención")
    objective = StrategicObjectiveFactory(axis=axis, code="1.1")
    indicator = IndicatorFactory(result=ExpectedResultFactory(objective=objective, position=1))
    return plan, axis, indicator


def get(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    return response, len(queries)


def test_kept_until_the_tree_changes(partner_api, st_user, tree):
    plan, axis, indicator = tree
    first, rendered = get(partner_api)
    again, kept = get(partner_api)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert kept < rendered

    axis.name = "Prevención del delito"
    axis.save()
    renamed, _ = get(partner_api)
    assert renamed.json()["results"][0]["axes"][0]["name"] == "Prevención del delito"

    services.indicator_measurement_record(
        user=st_user, indicator=indicator, year=plan.start_year, value=Decimal("7")
    )
    measured, _ = get(partner_api)
    (node,) = measured.json()["results"][0]["axes"][0]["objectives"][0]["results"][0]["indicators"]
    assert [m["value"] for m in node["measurements"]] == [7]


def test_each_filter_is_kept_apart(partner_api, tree):
    assert len(get(partner_api, axis=1)[0].json()["results"][0]["axes"]) == 1
    assert get(partner_api, axis=2)[0].json()["results"][0]["axes"] == []


def test_a_refusal_is_not_kept(partner_api, tree):
    for _ in range(2):
        response, _ = get(partner_api, axis="abc")
        assert response.status_code == 400


def test_unknown_parameters_are_answered_afresh(partner_api, tree):
    get(partner_api, made_up="1")
    _, second = get(partner_api, made_up="1")
    get(partner_api)
    _, kept = get(partner_api)
    assert kept < second


def test_the_stamp_covers_every_table_the_tree_reads(partner_api, tree):
    """A table the tree reads and the stamp misses would be served stale: the tables of a
    rendered answer are the stamped ones, the token's (authentication) and the stamp's own
    reads of the history tables."""
    with CaptureQueriesContext(connection) as queries:
        partner_api.get(URL)
    read = set()
    for query in queries.captured_queries:
        read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    models = selectors.PLAN_TREE_MODELS
    stamped = {m._meta.db_table for m in models} | {m.history.model._meta.db_table for m in models}
    unstamped = {t for t in read - stamped if t not in {"knox_authtoken", "members_user"}}
    assert not unstamped
    assert {"plans_axis", "plans_indicatormeasurement"} <= read
