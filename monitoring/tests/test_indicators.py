"""The twelve indicators of the Strategic Plan (003 §VII) computed from records with known
answers — the ten of the plan's evidence records and the two of the meeting records — and
the indicator pages, whose query count does not grow with the data (issue #6)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members.models import Designation
from members.tests.factories import DesignationFactory
from monitoring.indicators import all_indicator_values, indicator_values
from plans import services as plan_services
from plans.loaders import load_plan
from plans.models import Axis, Indicator, Stage
from plans.tests.factories import (
    ActorFactory,
    AllianceFactory,
    GoodPracticeFactory,
    IndicatorFactory,
    InstrumentStageFactory,
    JointActionFactory,
    PlanInstrumentFactory,
    ReplicationFactory,
)

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Guatemala")
YEARS = [2018, 2019, 2020, 2021]
D, A, I = Stage.DRAFTED, Stage.APPROVED, Stage.IMPLEMENTED  # noqa: E741
ALL_VALUES_MAX = 14  # plan, indicators, countries, 7 for plan records, 4 for meetings
INDICATOR_PAGE_MAX = 24

IND = [
    "Estrategia Regional para la prevención de la trata",
    "Estrategia Regional para la prevención del tráfico",
    "Número de Estrategias nacionales",
    "Número de protocolos nacionales",
    "Estrategia Regional para la atención y derivación",
    "número de buenas prácticas",
    "Número de países miembros que cuentan",
    "Número de alianzas",
    "Número de acciones conjuntas",
    "Estrategia Institucional de Comunicación",
    "Número de acuerdos",
    "Número de participación",
]


@pytest.fixture
def plan_loaded(coalition):
    """The coalition and the Strategic Plan loaded from the source data (as in plans)."""
    load_plan()


def ind(n: int) -> Indicator:
    return Indicator.objects.get(text__startswith=IND[n - 1])


def instrument(n: int, country=None, stages=(), validated=True):
    indicator = ind(n)
    doc = PlanInstrumentFactory(
        indicator=indicator,
        result=indicator.result,
        kind=indicator.instrument_kind,
        country=country,
        validated_at=timezone.now() if validated else None,
    )
    for stage, day in stages:
        InstrumentStageFactory(instrument=doc, stage=stage, date=day)
    return doc


def attend(st_user, meeting, body):
    designation = DesignationFactory(
        national_body=body, role=Designation.Role.TITULAR, start_date=dt.date(2018, 1, 1)
    )
    meeting_services.attendance_record(
        user=st_user, meeting=meeting, person=designation.person, capacity="titular"
    )


def fulfil(st_user, agreement, day):
    meeting_services.agreement_follow_up_add(
        user=st_user, agreement=agreement, note="Cumplido", new_status="fulfilled", date=day
    )


@pytest.fixture
def scenario(plan_loaded, coalition, st_user):
    """Records with known answers for each of the twelve indicators, plus unvalidated
    records and records dated 1 January of the next year that must not count early."""
    c = {iso: body.country for iso, body in coalition.items()}
    # 1: regional prevention strategy (trafficking), implemented on 31 December 2020
    instrument(1, None, [(D, dt.date(2019, 2, 1)), (I, dt.date(2020, 12, 31))])
    # 2: drafted only; an unvalidated "implemented" does not count
    doc = instrument(2, None, [(D, dt.date(2019, 2, 1))])
    InstrumentStageFactory(instrument=doc, stage=I, date=dt.date(2020, 1, 1), validated_at=None)
    # 3: Costa Rica's national strategy implemented on 1 January 2021
    instrument(3, c["CR"], [(D, dt.date(2019, 1, 1)), (I, dt.date(2021, 1, 1))])
    # 4: the example
    instrument(4, c["HN"], [(D, dt.date(2019, 4, 1))])
    instrument(4, c["GT"], [(D, dt.date(2018, 5, 1)), (A, dt.date(2019, 9, 1))])
    instrument(
        4, c["SV"], [(D, dt.date(2018, 1, 1)), (A, dt.date(2019, 1, 1)), (I, dt.date(2020, 6, 1))]
    )
    instrument(4, c["PA"], [(I, dt.date(2018, 1, 1))], validated=False)
    # 5: standardised in 2019
    instrument(5, None, [(A, dt.date(2019, 12, 31))])
    # 6: Costa Rica's practice replicated in Panama in 2020; one unvalidated replication
    axis = Axis.objects.get(number=3)
    eri = GoodPracticeFactory(country=c["CR"], axis=axis)
    ReplicationFactory(practice=eri, country=c["PA"], date=dt.date(2020, 3, 1))
    ReplicationFactory(practice=eri, country=c["GT"], date=dt.date(2019, 3, 1), validated_at=None)
    # 7: Honduras' coordination procedure standardised in 2018
    instrument(7, c["HN"], [(A, dt.date(2018, 8, 1))])
    # 8: alliance with OCAM from 2019; an unvalidated one and one with a non-regional actor
    ocam = ActorFactory(name="OCAM")
    oim = ActorFactory(name="OIM", kind="international_organisation", level="extra_regional")
    AllianceFactory(actor=ocam, start_date=dt.date(2019, 1, 1))
    AllianceFactory(actor=ocam, start_date=dt.date(2018, 1, 1), validated_at=None)
    AllianceFactory(actor=oim, start_date=dt.date(2018, 1, 1))
    # 9: joint actions with the CRM network in 2019 and 2020; one with OIM only
    network = ActorFactory(name="Red de Funcionarios de Enlace")
    JointActionFactory(date=dt.date(2019, 6, 1), actors=[network])
    JointActionFactory(date=dt.date(2020, 3, 1), actors=[network, oim])
    JointActionFactory(date=dt.date(2020, 4, 1), actors=[oim])
    # 10: communication strategy implemented in 2021
    instrument(
        10, None, [(D, dt.date(2019, 1, 1)), (A, dt.date(2020, 1, 1)), (I, dt.date(2021, 5, 1))]
    )
    # 11: two agreements fulfilled in 2019, one in 2020, one pending
    first = MeetingFactory(starts_at=dt.datetime(2019, 3, 10, 9, tzinfo=TZ))
    second = MeetingFactory(starts_at=dt.datetime(2020, 3, 10, 9, tzinfo=TZ))
    for day in (dt.date(2019, 5, 1), dt.date(2019, 12, 31), dt.date(2020, 1, 1)):
        fulfil(st_user, AgreementFactory(meeting=first, year=2019), day)
    AgreementFactory(meeting=first, year=2019)
    # 12: Honduras and Guatemala at the 2019 meeting, Honduras at the 2020 one
    attend(st_user, first, coalition["HN"])
    attend(st_user, first, coalition["GT"])
    attend(st_user, second, coalition["HN"])
    return c


def test_the_twelve_indicators_from_records_with_known_answers(scenario):
    values = {v.indicator.text: v for v in all_indicator_values(YEARS)}
    assert len(values) == 12
    got = {n: values[ind(n).text] for n in range(1, 13)}
    region = {n: [v.region[y] for y in YEARS] for n, v in got.items()}
    assert region == {
        1: [0, 0, 1, 1],
        2: [0, 0, 0, 0],
        3: [0, 0, 0, 1],
        4: [0, 0, 1, 1],
        5: [0, 1, 1, 1],
        6: [0, 0, 1, 1],
        7: [1, 1, 1, 1],
        8: [0, 1, 1, 1],
        9: [0, 1, 1, 0],
        10: [0, 0, 0, 1],
        11: [0, 2, 1, 0],
        12: [0, 2, 1, 0],
    }
    stages = got[4].breakdowns[0]
    assert [stages.counts(s)[2019] for s in ("drafted", "approved", "implemented")] == [3, 2, 0]
    assert stages.counts("implemented")[2020] == 1
    assert all(v.computed for v in got.values())
    assert got[12].by_country["HN"] == {2019: 1, 2020: 1}
    assert (
        got[12].country_labels["GT"][2019] == "1/1" and got[12].country_labels["GT"][2020] == "0/1"
    )
    assert not got[11].cumulative and got[11].total == 3
    assert got[6].by_country["PA"][2020] == 1 and "GT" not in got[6].by_country


def test_indicator_values_dispatches_one_indicator(scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        v = indicator_values(ind(11), YEARS)
    assert v.region == {2018: 0, 2019: 2, 2020: 1, 2021: 0}
    default_years = indicator_values(ind(4)).years
    assert default_years[0] == 2018 and default_years[-1] == min(2027, timezone.localdate().year)


def test_manual_indicators_come_from_the_measurements(plan_loaded, st_user):
    manual = IndicatorFactory(result=ind(8).result, position=9, measure="manual")
    plan_services.indicator_measurement_record(user=st_user, indicator=manual, year=2020, value=7)
    v = indicator_values(manual, YEARS)
    assert not v.computed and v.region == {2020: Decimal(7)}
    order = [x.indicator.pk for x in all_indicator_values(YEARS)]
    assert order.index(manual.pk) == order.index(ind(9).pk) + 1  # §VII order: result 4.1


def _grow(coalition, st_user, n: int) -> None:
    """n more records of every kind behind the twelve indicators."""
    countries = [b.country for b in coalition.values()]
    axis = Axis.objects.get(number=3)
    actor = ActorFactory()
    meeting = MeetingFactory(starts_at=dt.datetime(2021, 3, 10, 9, tzinfo=TZ))
    for k in range(n):
        country = countries[k % len(countries)]
        instrument(4, country, [(D, dt.date(2019, 1, 1)), (A, dt.date(2020, 1, 1))])
        instrument(3, country, [(D, dt.date(2019, 1, 1))])
        practice = GoodPracticeFactory(country=country, axis=axis)
        ReplicationFactory(practice=practice, country=countries[(k + 1) % len(countries)])
        AllianceFactory(actor=actor)
        JointActionFactory(actors=[actor])
        fulfil(st_user, AgreementFactory(meeting=meeting, year=2021), dt.date(2021, 6, 1))


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_all_indicator_values_take_a_constant_number_of_queries(
    scenario, coalition, st_user, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        all_indicator_values(YEARS)
    _grow(coalition, st_user, 30)
    with (
        django_assert_max_num_queries(ALL_VALUES_MAX),
        CaptureQueriesContext(connection) as big,
    ):
        values = all_indicator_values(YEARS)
    assert len(small.captured_queries) == len(big.captured_queries) <= ALL_VALUES_MAX
    assert values[10].region[2021] == 30


def test_indicator_pages_keep_their_query_count_at_two_sizes(
    client, scenario, coalition, st_user, django_assert_max_num_queries
):
    client.force_login(st_user)
    urls = [reverse("indicators:list")] + [
        reverse("indicators:detail", args=[ind(n).pk]) for n in range(1, 13)
    ]
    small = [_count(client, u) for u in urls]
    _grow(coalition, st_user, 30)
    for url, before in zip(urls, small, strict=True):
        with django_assert_max_num_queries(INDICATOR_PAGE_MAX):
            assert _count(client, url) == before, url
    html = client.get(reverse("indicators:detail", args=[ind(4).pk])).content.decode()
    assert len(set(re.findall(r"/plans/records/instruments/\d+/", html))) == 20  # one page
    assert "page=2" in html


def test_indicator_page_shows_values_target_source_and_the_records(client, scenario, st_user):
    url = reverse("indicators:detail", args=[ind(4).pk])
    anonymous = client.get(url).content.decode()
    assert 'id="values-per-year"' in anonymous and 'id="values-per-country"' in anonymous
    assert "/plans/records/instruments/" not in anonymous  # records need an account
    client.force_login(st_user)
    html = client.get(url).content.decode()
    # HN, GT and SV; not the unvalidated PA
    assert len(set(re.findall(r"/plans/records/instruments/\d+/", html))) == 3
    assert "https://example.org/acta.pdf" in html  # click through to the evidence
    agreements = client.get(reverse("indicators:detail", args=[ind(11).pk])).content.decode()
    assert len(set(re.findall(r"/meetings/agreements/\d+/", agreements))) == 3
    listing = client.get(reverse("indicators:list")).content.decode()
    assert listing.count("/indicators/") >= 12


def test_plan_indicator_page_links_to_the_computed_values(client, plan_loaded):
    indicator = ind(8)
    html = client.get(reverse("plans:indicator-detail", args=[indicator.pk])).content.decode()
    assert 'id="computed-values"' in html
    assert reverse("indicators:detail", args=[indicator.pk]) in html
    assert reverse("plans:measurement-create", args=[indicator.pk]) not in html
