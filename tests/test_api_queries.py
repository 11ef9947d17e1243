"""Every list of /api/v1/ runs the same number of queries whatever the number of rows
(issue #8): each test measures a list at a small size, grows the data about tenfold, and
measures again with every row on the page (page_size=200)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directories.tests.factories import (
    LegislationCellFactory,
    LegislationDimensionFactory,
    ReformFactory,
)
from meetings.models import Meeting, Motion, QuorumVerification, Vote
from meetings.tests.factories import AgendaItemFactory, AgreementFactory, MeetingFactory
from members.models import Country
from members.tests.factories import (
    DesignationFactory,
    ObserverOrganisationFactory,
)
from monitoring.tests.factories import approve_all, extra_bodies, open_period, synthetic_poa
from plans.models import Activity, ActivityResponsible, IndicatorMeasurement
from plans.tests.factories import (
    AxisFactory,
    ExpectedResultFactory,
    IndicatorFactory,
    StrategicObjectiveFactory,
    StrategicPlanFactory,
)

pytestmark = pytest.mark.django_db

_seq = itertools.count(1)
COUNTS: dict[str, tuple[int, int]] = {}


def queries(client, path: str, **params) -> int:
    # The data grows in bulk, without history: start from an empty cache (common.cache).
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"page_size": 200, **params})
    assert response.status_code == 200, response.json()
    return len(ctx.captured_queries)


def rows(client, path: str, **params) -> int:
    cache.clear()
    return len(client.get(path, {"page_size": 200, **params}).json()["results"])


def constant(client, path: str, grow: Callable[[int], None], small=2, large=20, **params):
    grow(small)
    n_small, rows_small = queries(client, path, **params), rows(client, path, **params)
    grow(large - small)
    n_large, rows_large = queries(client, path, **params), rows(client, path, **params)
    assert rows_large > rows_small, "the data did not grow"
    assert n_small == n_large, (
        f"{path}: {n_small} queries with {rows_small} rows, {n_large} with {rows_large}"
    )
    COUNTS[path] = (n_small, n_large)
    print(f"{path} {rows_small}→{rows_large} rows: {n_small}→{n_large} queries")
    return n_large


def test_countries(partner_api, coalition):
    def grow(n):
        extra_bodies(n, start=next(_seq) * 30)

    assert constant(partner_api, "/api/v1/countries/", grow) <= 7  # bodies: one prefetch


def test_national_bodies(partner_api, coalition):
    assert (
        constant(
            partner_api,
            "/api/v1/national-bodies/",
            lambda n: extra_bodies(n, start=next(_seq) * 30),
        )
        <= 5
    )


def test_observers(partner_api):
    def grow(n):
        for _ in range(n):
            ObserverOrganisationFactory()

    assert constant(partner_api, "/api/v1/observers/", grow) <= 5


def test_designations(partner_api, coalition):
    def grow(n):
        for body in extra_bodies(n, start=next(_seq) * 30):
            DesignationFactory(national_body=body, start_date=dt.date(2020, 1, 1))

    assert constant(partner_api, "/api/v1/designations/", grow) <= 5


def test_plan_tree(partner_api):
    plan = StrategicPlanFactory()

    def grow(n):
        for _ in range(n):
            axis = AxisFactory(plan=plan, number=next(_seq))
            objective = StrategicObjectiveFactory(axis=axis, code=f"O{next(_seq)}")
            result = ExpectedResultFactory(objective=objective, position=1)
            indicator = IndicatorFactory(result=result, position=1)
            IndicatorMeasurement.objects.create(indicator=indicator, year=2019, value=1)
            IndicatorMeasurement.objects.create(indicator=indicator, year=2020, value=2)
        StrategicPlanFactory(name=f"Plan {next(_seq)}", start_year=2000, end_year=2009)

    # The tree (11) and the stamp it is kept under (1): tests/test_api_plan_kept.py.
    assert constant(partner_api, "/api/v1/plan/", grow) <= 12


def test_poas(partner_api):
    assert (
        constant(
            partner_api,
            "/api/v1/poas/",
            lambda n: [
                synthetic_poa(2030 + next(_seq), operational=2, activities=4) for _ in range(n)
            ],
        )
        <= 5
    )


def test_operational_objectives(partner_api):
    assert (
        constant(
            partner_api,
            "/api/v1/operational-objectives/",
            lambda n: synthetic_poa(2030 + next(_seq), operational=n, activities=n),
        )
        <= 5
    )


def test_activities(partner_api, coalition):
    def grow(n):
        poa = synthetic_poa(2030 + next(_seq), operational=2, activities=n)
        body = coalition["HN"]
        ActivityResponsible.objects.bulk_create(
            [
                ActivityResponsible(activity=a, kind="national_body", national_body=body)
                for a in Activity.objects.filter(operational_objective__poa=poa)
            ]
        )

    assert constant(partner_api, "/api/v1/activities/", grow) <= 6


def test_meetings(partner_api, coalition):
    countries = [b.country for b in coalition.values()]

    def grow(n):
        for _ in range(n):
            meeting = MeetingFactory(status=Meeting.Status.CLOSED)
            QuorumVerification.objects.create(
                meeting=meeting, n_members=9, required=5, represented=["HN"], reached=False
            )
            for _item in range(2):
                item = AgendaItemFactory(meeting=meeting)
                motion = Motion.objects.create(
                    agenda_item=item,
                    text="Moción",
                    state=Motion.State.PUBLISHED,  # partners read published results only
                    outcome="adopted",
                    entitled_countries=[c.iso_code for c in countries],
                )
                Vote.objects.bulk_create(
                    [Vote(motion=motion, country=c, choice="yes") for c in countries]
                )
                AgreementFactory(meeting=meeting, motion=motion)

    assert constant(partner_api, "/api/v1/meetings/", grow) <= 8


def test_agreements(partner_api, coalition):
    poa = synthetic_poa(2040, operational=1, activities=3)
    activities = list(Activity.objects.filter(operational_objective__poa=poa))

    def grow(n):
        for _ in range(n):
            agreement = AgreementFactory(responsible_organs=["presidency"])
            agreement.responsible_bodies.set(list(coalition.values())[:3])
            agreement.activities.set(activities)

    assert constant(partner_api, "/api/v1/agreements/", grow) <= 7


def test_legislation_cells(partner_api, coalition):
    countries = list(Country.objects.filter(iso_code__in=coalition).order_by("pk"))

    def grow(n):
        for _ in range(n):
            dimension = LegislationDimensionFactory()
            for country in countries[:3]:
                LegislationCellFactory(country=country, dimension=dimension, validated=True)

    assert constant(partner_api, "/api/v1/legislation-cells/", grow) <= 5


def test_legislation_reforms(partner_api, coalition):
    countries = list(Country.objects.filter(iso_code__in=coalition).order_by("pk"))
    dimensions = [LegislationDimensionFactory() for _ in range(3)]

    def grow(n):
        for i in range(n):
            ReformFactory(country=countries[i % len(countries)]).dimensions.set(dimensions)

    assert constant(partner_api, "/api/v1/legislation-reforms/", grow) <= 6


def test_statistics(partner_api, coalition):
    """The tidy cells of one year: 2 then 20 countries' published returns (the cube's every
    breakdown); the pattern is computed afresh (the cache cleared) each time."""
    from bench.synthetic import published_returns
    from stats.loaders import load_cube

    load_cube()

    def grow(n):
        bodies = extra_bodies(n, start=next(_seq) * 30)
        published_returns([body.country for body in bodies], years=[2025])

    assert constant(partner_api, "/api/v1/statistics/", grow, year=2025) <= 30


def _open_period(st_user, *, activities: int):
    poa = synthetic_poa(2030 + next(_seq), operational=3, activities=activities)
    period = open_period(st_user, poa)
    approve_all(period, st_user)
    return poa, period


def test_progress_aggregates(partner_api, st_user, coalition):
    poa, period = _open_period(st_user, activities=5)

    def grow(n):
        from plans.models import OperationalObjective

        op = OperationalObjective.objects.filter(poa=poa).first()
        new = Activity.objects.bulk_create(
            [
                Activity(
                    operational_objective=op, code=f"X{next(_seq)}", position=99, semester_1=50
                )
                for _ in range(n * 5)
            ]
        )
        ActivityResponsible.objects.bulk_create(
            [ActivityResponsible(activity=a, kind="national_bodies") for a in new]
        )
        from monitoring.models import ProgressEntry

        ProgressEntry.objects.bulk_create(
            [
                ProgressEntry(report=r, activity=a, progress=40)
                for r in period.reports.filter(is_regional=False)
                for a in new
            ]
        )

    constant(partner_api, "/api/v1/progress/", grow, year=poa.year, semester=1)
    # a country's view and the default POA: the same bound
    # (the cache stamp included: common.cache; + the POA's own weights, issue 17)
    assert queries(partner_api, "/api/v1/progress/", year=poa.year, country="HN") <= 11


def test_reporting_periods(partner_api, st_user, coalition):
    def grow(n):
        for _ in range(n):
            _open_period(st_user, activities=2)

    assert constant(partner_api, "/api/v1/reporting-periods/", grow, small=1, large=6) <= 5


def test_progress_reports(st_api, fp_hn_api, st_user, coalition):
    def grow(n):
        for _ in range(n):
            _open_period(st_user, activities=2)

    constant(st_api, "/api/v1/progress-reports/", grow, small=1, large=4)
    assert constant(fp_hn_api, "/api/v1/progress-reports/", grow, small=1, large=4) <= 5


def test_timeliness(partner_api, st_user, coalition):
    _poa, period = _open_period(st_user, activities=2)
    path = f"/api/v1/reporting-periods/{period.pk}/timeliness/"
    with CaptureQueriesContext(connection) as small:
        partner_api.get(path)
    extra = extra_bodies(20, start=500)
    from monitoring.models import ProgressReport

    ProgressReport.objects.bulk_create(
        [
            ProgressReport(period=period, national_body=b, first_submitted_at=timezone.now())
            for b in extra
        ]
    )
    with CaptureQueriesContext(connection) as large:
        body = partner_api.get(path).json()
    assert body["expected"] == 29
    assert len(small.captured_queries) == len(large.captured_queries)
