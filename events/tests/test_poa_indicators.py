"""The POA indicator computed from the events (issue 21: "linked to POA activities so the POA
indicators that count such events are computed from these records"): POA 2018 activity
3.1.1.1, "Plan y Presupuesto", counts per semester of the event's first day the events
linked to it with a budget line and money committed (pledged or received) covering the
planned total in each currency. The two-line indicator of 2.1.3.2 is not measured."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from events import services
from events.models import BudgetLine, Event, FundingCommitment
from events.selectors.budget import plan_and_budget_by_activity
from events.tests.factories import EventFactory
from plans.activity_indicators import activity_measures
from plans.loaders import load_plan
from plans.models import Activity

pytestmark = pytest.mark.django_db

D = Decimal
Status = FundingCommitment.Status


def poa_2018(code: str) -> Activity:
    return Activity.objects.get(operational_objective__poa__year=2018, code=code)


@pytest.fixture
def encounter_activity(db):
    load_plan()
    activity = poa_2018("3.1.1.1")
    assert activity.indicator == "Plan y Presupuesto"
    return activity


def encounter(activity, first_day: dt.date, **kw) -> Event:
    return EventFactory(
        kind=Event.Kind.REGIONAL_ENCOUNTER,
        activity=activity,
        starts_on=first_day,
        ends_on=first_day + dt.timedelta(days=1),
        **kw,
    )


def plan(user, event, **per_currency) -> None:
    for currency, amount in per_currency.items():
        services.budget_line_save(
            user=user,
            event=event,
            category=BudgetLine.Category.VENUE,
            description="Sede",
            planned=D(amount),
            currency=currency,
        )


def fund(user, event, amount, currency="USD", status=Status.PLEDGED, kind="money"):
    extra = {"amount": D(amount)} if kind == "money" else {"description": "Sala"}
    return services.commitment_save(
        user=user,
        event=event,
        kind=kind,
        currency=currency,
        status=status,
        source_name="Cooperación",
        **extra,
    )


def test_the_plan_and_budget_indicator_is_computed_from_the_records(encounter_activity, st_user):
    a = encounter_activity
    assert activity_measures([a])[a.pk].total == 0
    # 2027 S1: covered (pledged 600 + received 400 = 1000 planned) -> counts.
    first = encounter(a, dt.date(2027, 3, 10))
    plan(st_user, first, USD="1000")
    fund(st_user, first, "600")
    fund(st_user, first, "400", status=Status.RECEIVED)
    # 2027 S2: two currencies, both covered -> counts; a second, CRC short -> does not.
    second = encounter(a, dt.date(2027, 9, 1))
    plan(st_user, second, USD="500", CRC="100000")
    fund(st_user, second, "500")
    fund(st_user, second, "100000", "CRC")
    short = encounter(a, dt.date(2027, 10, 1))
    plan(st_user, short, USD="500", CRC="100000")
    fund(st_user, short, "800")  # more USD does not make up for CRC: never converted
    fund(st_user, short, "99999", "CRC")
    # Withdrawn money and in-kind commitments do not cover the budget.
    withdrawn = encounter(a, dt.date(2027, 3, 20))
    plan(st_user, withdrawn, USD="100")
    fund(st_user, withdrawn, "100", status=Status.WITHDRAWN)
    fund(st_user, withdrawn, "0", kind="in_kind")
    # Money but no budget line: no plan.
    unplanned = encounter(a, dt.date(2027, 4, 1))
    fund(st_user, unplanned, "100")
    # A cancelled event does not count; nor one linked to another activity.
    cancelled = encounter(a, dt.date(2027, 5, 1))
    plan(st_user, cancelled, USD="10")
    fund(st_user, cancelled, "10")
    cancelled.status = Event.Status.CANCELLED
    cancelled.save()
    other = encounter(poa_2018("2.1.3.2"), dt.date(2027, 3, 1))
    plan(st_user, other, USD="10")
    fund(st_user, other, "10")

    measure = activity_measures([a])[a.pk]
    assert measure.source == "events_plan_and_budget"
    assert measure.by_semester == {(2027, 1): 1, (2027, 2): 1}
    assert (measure.in_semester(2027, 1), measure.in_semester(2027, 2), measure.total) == (1, 1, 2)
    assert plan_and_budget_by_activity([a.pk]) == {a.pk: {(2027, 1): 1, (2027, 2): 1}}
    # The short event counts once its CRC is covered.
    fund(st_user, short, "1", "CRC", status=Status.RECEIVED)
    assert activity_measures([a])[a.pk].by_semester == {(2027, 1): 1, (2027, 2): 2}


def test_the_measure_is_one_query(encounter_activity, st_user, django_assert_num_queries):
    for n in range(3):
        event = encounter(encounter_activity, dt.date(2027, 1 + n, 1))
        plan(st_user, event, USD="10", CRC="20")
        fund(st_user, event, "10")
        fund(st_user, event, "20", "CRC")
    with django_assert_num_queries(1):
        counts = plan_and_budget_by_activity([encounter_activity.pk])
    assert counts == {encounter_activity.pk: {(2027, 1): 3}}


def test_the_socialisation_indicator_is_not_measured(encounter_activity):
    """2.1.3.2's indicator is two lines, the minutes of the socialisation session and the
    protocols reviewed: one count of national sessions cannot answer both."""
    activity = poa_2018("2.1.3.2")
    assert activity.indicator.splitlines()[0] == (
        "Número de minutos o reportes de la sesión de socialización"
    )
    assert activity.pk not in activity_measures([activity])
