"""Query-count guard (issue #10): every list page, the pages the load benchmark hits, and
every list of /api/v1/ are rendered on the synthetic coalition at 1× and at 10×
(bench/synthetic.py: 9 → 90 national bodies, 20 → 200 activities per POA, 8 → 80 meetings
a year, 200 → 2,000 agreements a year); the test fails if any page's query count differs
between the two sizes. Each size is built inside a transaction that is rolled back, so both
start from the same source data."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.synthetic import (
    FIRST_YEAR,
    populate,
    populate_events,
    populate_presidency,
    populate_statistics,
)
from events.models import Event
from meetings.models import Meeting
from members.models import User
from members.tests.factories import UserFactory
from monitoring.models import ProgressReport, ReportingPeriod
from monitoring.services import reporting_period_close
from monitoring.services.publication import results_publish
from presidency.models import Admission, CooperationProject, RepresentationEntry
from stats.models import StatisticsReturn
from tests.conftest import issue, token_client

pytestmark = pytest.mark.django_db

YEARS = 2  # POA 2018 (real) and POA 2019 (synthetic: 20 or 200 activities), both semesters
# of 2019 opened for reporting (the first approved, the second as a deadline finds it)
SYNTHETIC_YEAR = FIRST_YEAR + 1
STATS_YEAR = 2025  # the regional statistics: one year of 9 or 90 countries' published returns

WEB_PAGES = [
    ("st", "/"),
    ("focal_point", "/"),
    ("st", "/members/"),
    ("st", "/members/people/"),
    ("st", "/members/observers/"),
    ("st", "/members/offices/"),
    ("st", "/members/committees/"),
    ("st", "/members/legal-framework/"),
    ("st", "/members/api-tokens/"),
    ("st", "/plans/"),
    ("st", f"/plans/poa/{SYNTHETIC_YEAR}/"),
    ("st", "/plans/records/"),
    ("st", "/plans/records/instruments/"),
    ("st", "/plans/records/practices/"),
    ("st", "/plans/records/actors/"),
    ("st", "/plans/records/alliances/"),
    ("st", "/plans/records/joint-actions/"),
    ("st", "/indicators/"),
    ("anonymous", "/results/"),
    ("st", "/meetings/"),
    ("st", "/meetings/{meeting}/"),
    ("st", "/meetings/agreements/"),
    ("st", "/meetings/minutes/"),
    ("st", "/monitoring/"),
    ("st", f"/monitoring/?year={SYNTHETIC_YEAR}&semester=2"),
    ("st", "/monitoring/inbox/"),
    ("st", "/monitoring/periods/"),
    ("st", "/monitoring/periods/{period}/"),
    ("st", "/reports/"),
    ("st", "/monitoring/reports/{report}/"),
    ("focal_point", "/monitoring/reports/{report}/edit/"),
    ("st", "/history/"),
    ("anonymous", "/statistics/"),
    ("anonymous", "/statistics/?format=csv"),
    ("anonymous", "/statistics/countries/HN/"),
    ("anonymous", f"/statistics/origins/{STATS_YEAR}/"),
    ("anonymous", f"/statistics/sdg/{STATS_YEAR}/"),
    ("focal_point", "/statistics/"),
    ("st", "/statistics/returns/"),
    ("focal_point", "/statistics/returns/"),
    ("st", "/statistics/returns/{statistics_return}/"),
    ("st", "/event-management/"),
    ("focal_point", "/event-management/"),
    ("st", "/event-management/{event}/"),
    ("focal_point", "/event-management/{event}/"),
    ("st", "/event-management/{event}/desk/"),
    ("focal_point", "/event-management/{event}/participants/new/"),
    ("st", "/event-management/{event}/budget/"),
    ("st", "/event-management/participation/"),
    ("focal_point", "/event-management/participation/"),
    ("st", "/event-management/participation/?format=csv"),
    ("st", "/presidency/"),
    ("focal_point", "/presidency/"),
    ("st", "/presidency/representation/"),
    ("st", "/presidency/representation/?format=csv"),
    ("st", "/presidency/representation/{entry}/"),
    ("st", "/presidency/cooperation/"),
    ("st", "/presidency/cooperation/{project}/"),
    ("st", "/presidency/cooperation/totals/"),
    ("st", "/presidency/admissions/"),
    ("st", "/presidency/admissions/{admission}/"),
    ("st", "/presidency/guidelines/"),
    ("st", "/presidency/guidelines/guideline/A/1/"),
    ("st", "/presidency/guidelines/country/HN/"),
    ("focal_point", "/presidency/guidelines/country/{fp_iso}/"),
    ("st", "/presidency/guidelines/review/"),
    ("st", "/presidency/guidelines/proposals/"),
]

API_LISTS = [
    "/api/v1/countries/",
    "/api/v1/national-bodies/",
    "/api/v1/observers/",
    "/api/v1/designations/",
    "/api/v1/plan/",
    "/api/v1/poas/",
    "/api/v1/operational-objectives/",
    "/api/v1/activities/",
    "/api/v1/meetings/",
    "/api/v1/agreements/",
    f"/api/v1/progress/?year={SYNTHETIC_YEAR}&semester=2",
    "/api/v1/reporting-periods/",
    "/api/v1/published-results/",
    f"/api/v1/statistics/?year={STATS_YEAR}",
]
ST_API_LISTS = ["/api/v1/progress-reports/"]  # partners do not read reports: ST's session


def _count(client, path: str) -> int:
    client.get(path)  # warm per-process caches (content types, sessions) first
    cache.clear()  # but count the rendering, not a page kept rendered (common.cache)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return len(ctx.captured_queries)


def _measure(scale: int, st: User, partner_token: str) -> tuple[dict[str, int], dict[str, int]]:
    with transaction.atomic():
        sizes = populate(scale, years=YEARS, periods=2)
        sizes.update(populate_statistics(scale, years=[STATS_YEAR]))
        sizes.update(populate_events(scale))
        sizes.update(populate_presidency(scale))
        period = ReportingPeriod.objects.get(poa__year=SYNTHETIC_YEAR, semester=2)
        first = ReportingPeriod.objects.get(poa__year=SYNTHETIC_YEAR, semester=1)
        results_publish(user=st, period=reporting_period_close(user=st, period=first))
        report = (
            ProgressReport.objects.filter(
                period=period, status=ProgressReport.Status.DRAFT, is_regional=False
            )
            .select_related("national_body")
            .order_by("pk")
            .first()
        )
        ids = {
            "meeting": Meeting.objects.filter(title__startswith="Bench").order_by("pk")[0].pk,
            "period": period.pk,
            "report": report.pk,
            "statistics_return": StatisticsReturn.objects.order_by("pk").first().pk,
            "event": Event.objects.order_by("pk").first().pk,
            "entry": RepresentationEntry.objects.order_by("pk").first().pk,
            "project": CooperationProject.objects.order_by("pk").first().pk,
            "admission": Admission.objects.order_by("pk").first().pk,
            "fp_iso": report.national_body.country.iso_code,
        }
        clients = {"st": Client(), "focal_point": Client(), "anonymous": Client()}
        clients["st"].force_login(st)
        clients["focal_point"].force_login(
            User.objects.get(role=User.Role.FOCAL_POINT, national_body=report.national_body)
        )
        counts = {
            f"{role} {path}": _count(clients[role], path.format(**ids)) for role, path in WEB_PAGES
        }
        api = token_client(partner_token)
        counts.update({path: _count(api, path) for path in API_LISTS})
        counts.update({path: _count(clients["st"], path) for path in ST_API_LISTS})
        transaction.set_rollback(True)
    return sizes, counts


def test_query_counts_are_equal_at_1x_and_10x(django_db_blocker):
    call_command("load_coalition", verbosity=0)
    st = UserFactory(username="guard-st", role=User.Role.SECRETARIAT)
    token = issue(st, label="Guard", scope=User.Role.PARTNER, agency="OIM")

    sizes_1, at_1 = _measure(1, st, token)
    sizes_10, at_10 = _measure(10, st, token)

    assert sizes_10["national bodies"] == 10 * sizes_1["national bodies"] == 90
    assert sizes_10["agreements"] == 10 * sizes_1["agreements"]
    assert sizes_10["meetings"] == 10 * sizes_1["meetings"]
    assert sizes_10["returns"] == 10 * sizes_1["returns"] == 90
    assert sizes_10["checklist lines"] == 10 * sizes_1["checklist lines"]
    assert sizes_10["participants"] == 100 * sizes_1["participants"]  # 10× events × 10× countries
    for name in sorted(at_1):
        print(f"{at_1[name]:>3} {at_10[name]:>3}  {name}")
    differing = {name: (at_1[name], at_10[name]) for name in at_1 if at_1[name] != at_10[name]}
    assert not differing, f"query counts differ between 1× and 10×: {differing}"
