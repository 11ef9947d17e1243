"""Published results (issue 17): ST publishes a closed period's official results, or
withdraws them with a reason; every refusal has its code; only published periods of an
approved POA are public (the portal page has its own tests in portal/tests); partners read
them through /api/v1/published-results/."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from common.testing import refused
from members.models import User
from monitoring import selectors, services
from monitoring.models import ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.services.publication import results_publish, results_unpublish
from monitoring.tests.factories import (
    approve_all,
    extra_bodies,
    fill,
    open_period,
    report_approved,
    report_of,
    synthetic_poa,
)
from plans.models import POA, Activity, ActivityResponsible
from tests.conftest import issue, token_client

pytestmark = pytest.mark.django_db

API = "/api/v1/published-results/"


@pytest.fixture
def closed(period, coalition, focal_point_hn, st_user) -> ReportingPeriod:
    """Semester I of the small POA: Honduras' report approved (1.1.1 at 50, 1.1.2 at 50),
    Guatemala's left in draft with figures that must never count, then closed by ST."""
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 50, "1.1.2": 50}
    )
    ProgressEntry.objects.filter(report=report_of(period, coalition["GT"])).update(progress=10)
    return services.reporting_period_close(user=st_user, period=period)


@pytest.fixture
def published(closed, st_user) -> ReportingPeriod:
    return results_publish(user=st_user, period=closed)


# --- The rules of the service ---------------------------------------------------------------


def test_st_publishes_a_closed_period(closed, st_user):
    period = results_publish(user=st_user, period=closed)
    period.refresh_from_db()
    assert period.published_at is not None and period.published_by == st_user
    assert list(selectors.publication.published_periods()) == [period]


def test_an_open_period_cannot_be_published(period, coalition, focal_point_hn, st_user):
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 50, "1.1.2": 50}
    )
    with refused("period_not_closed"):
        results_publish(user=st_user, period=period)
    assert not selectors.publication.published_periods().exists()


def test_a_period_is_published_once(published, st_user):
    with refused("already_published"):
        results_publish(user=st_user, period=published)


def test_a_draft_poa_is_never_published(closed, st_user):
    POA.objects.filter(pk=closed.poa_id).update(status=POA.Status.DRAFT)
    with refused("poa_not_approved"):
        results_publish(user=st_user, period=closed)


def test_no_approved_report_no_publication(period, st_user):
    period = services.reporting_period_close(user=st_user, period=period)
    with refused("no_official_figures"):
        results_publish(user=st_user, period=period)


@pytest.mark.parametrize("role", ["presidency_user", "focal_point_hn", "partner", "delegate"])
def test_only_st_publishes_and_unpublishes(request, role, closed, st_user):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        results_publish(user=user, period=closed)
    results_publish(user=st_user, period=closed)
    with pytest.raises(PermissionDenied):
        results_unpublish(user=user, period=closed, reason="Error en el eje 2")
    assert selectors.publication.published_periods().exists()


def test_unpublish_needs_a_reason_and_a_publication(closed, st_user):
    with refused("not_published"):
        results_unpublish(user=st_user, period=closed, reason="Cifras por revisar")
    results_publish(user=st_user, period=closed)
    with refused("reason_required", field="reason"):
        results_unpublish(user=st_user, period=closed, reason="   ")
    assert selectors.publication.published_periods().exists()


def test_publication_and_withdrawal_are_in_the_history(published, st_user):
    results_unpublish(user=st_user, period=published, reason="Informe de GT reabierto")
    results_publish(user=st_user, period=published)
    events = selectors.publication.publication_history(period=published)
    assert [(e.published, e.by, e.reason) for e in events] == [
        (True, st_user, "Results published"),
        (False, st_user, "Informe de GT reabierto"),
        (True, st_user, "Results published"),
    ]


def test_the_database_refuses_a_published_open_period(period):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportingPeriod.objects.filter(pk=period.pk).update(published_at=timezone.now())


# --- What is public -----------------------------------------------------------------------


def test_only_published_periods_of_approved_poas_are_public(published, st_user, coalition):
    """An unpublished closed period and a draft POA's period marked published (as no service
    would) stay out of every public read."""
    other = synthetic_poa(2030, operational=1, activities=2)
    unpublished = services.reporting_period_close(user=st_user, period=open_period(st_user, other))
    draft = synthetic_poa(2031, operational=1, activities=2)
    draft_period = services.reporting_period_close(user=st_user, period=open_period(st_user, draft))
    ReportingPeriod.objects.filter(pk=draft_period.pk).update(published_at=timezone.now())
    POA.objects.filter(pk=draft.pk).update(status=POA.Status.DRAFT)

    public = list(selectors.publication.published_periods())
    assert public == [published]
    shown = selectors.publication.published_results(
        periods=[unpublished, ReportingPeriod.objects.select_related("poa").get(pk=draft_period.pk)]
    )
    assert shown == []
    with pytest.raises(ReportingPeriod.DoesNotExist):
        selectors.publication.published_period_results(pk=draft_period.pk)


def test_published_figures_are_the_official_ones(published, coalition):
    """Approved reports only: Guatemala's draft figures (10) never count; the same numbers
    as the dashboard's official figures for that period."""
    [item] = selectors.publication.published_results(
        periods=list(selectors.publication.published_periods())
    )
    official = selectors.poa_results(poa=published.poa, period=published)
    assert item.root.achieved == official.root.achieved
    assert [a.achieved for a in item.axes] == [a.achieved for a in official.axes]
    by_code = {a.code: a for a in item.results.activities()}
    assert by_code["1.1.1"].achieved == Decimal(50)
    assert (by_code["1.1.1"].reported, by_code["1.1.1"].expected) == (1, 9)
    assert (item.root.reported, item.root.expected) == (1, 10)  # HN of 9 bodies + regional


def test_unpublishing_hides_at_once(published, st_user):
    results_unpublish(user=st_user, period=published, reason="Cifras por revisar")
    assert not selectors.publication.published_periods().exists()


# --- The period page ------------------------------------------------------------------------


def test_st_publishes_from_the_period_page_after_confirming(client, closed, st_user):
    client.force_login(st_user)
    page = client.get(reverse("monitoring:period-detail", args=[closed.pk])).content.decode()
    url = reverse("monitoring:period-publish", args=[closed.pk])
    assert url in page
    assert "Prevención" in client.get(url).content.decode()  # the figures to be published
    client.post(url, {})  # no confirmation: nothing happens
    assert not selectors.publication.published_periods().exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert selectors.publication.published_periods().exists()
    page = client.get(reverse("monitoring:period-detail", args=[closed.pk])).content.decode()
    assert url not in page
    assert reverse("monitoring:period-unpublish", args=[closed.pk]) in page


def test_st_withdraws_with_a_reason(client, published, st_user):
    client.force_login(st_user)
    url = reverse("monitoring:period-unpublish", args=[published.pk])
    client.post(url, {"reason": "", "confirm": "on"})
    client.post(url, {"reason": "Cifras por revisar"})  # not confirmed
    assert selectors.publication.published_periods().exists()
    assert client.post(url, {"reason": "Cifras por revisar", "confirm": "on"}).status_code == 302
    assert not selectors.publication.published_periods().exists()


def test_the_page_offers_no_publication_of_an_open_period(client, period, st_user):
    client.force_login(st_user)
    page = client.get(reverse("monitoring:period-detail", args=[period.pk])).content.decode()
    assert reverse("monitoring:period-publish", args=[period.pk]) not in page
    response = client.post(
        reverse("monitoring:period-publish", args=[period.pk]), {"confirm": "on"}
    )
    assert response.status_code == 200  # the refusal on the form
    assert not selectors.publication.published_periods().exists()


def test_others_cannot_publish(client, closed, focal_point_hn, presidency_user):
    for user in (focal_point_hn, presidency_user):
        client.force_login(user)
        page = client.get(reverse("monitoring:period-detail", args=[closed.pk])).content.decode()
        assert reverse("monitoring:period-publish", args=[closed.pk]) not in page
        url = reverse("monitoring:period-publish", args=[closed.pk])
        assert client.post(url, {"confirm": "on"}).status_code == 403
    assert not selectors.publication.published_periods().exists()


# --- The API --------------------------------------------------------------------------------


@pytest.fixture
def partner_api(st_user):
    return token_client(issue(st_user, label="OIM", scope=User.Role.PARTNER, agency="OIM"))


def test_partners_read_published_results(partner_api, published):
    body = partner_api.get(API).json()
    assert body["count"] == 1
    [item] = body["results"]
    assert (item["id"], item["poa"], item["semester"]) == (published.pk, 2019, 1)
    assert [a["number"] for a in item["axes"]] == [1, 2]
    assert (item["reported"], item["expected"], item["partial"]) == (1, 10, True)
    detail = partner_api.get(f"{API}{published.pk}/").json()
    assert {a["code"] for a in detail["activities"]} == {"1.1.1", "1.1.2", "2.1.1"}
    one = next(a for a in detail["activities"] if a["code"] == "1.1.1")
    assert (one["achieved"], one["reported"], one["expected"]) == (50.0, 1, 9)


def test_the_api_shows_nothing_unpublished(partner_api, closed, st_user):
    assert partner_api.get(API).json()["count"] == 0
    assert partner_api.get(f"{API}{closed.pk}/").status_code == 404
    results_publish(user=st_user, period=closed)
    assert partner_api.get(API).json()["count"] == 1
    results_unpublish(user=st_user, period=closed, reason="Cifras por revisar")
    assert partner_api.get(API).json()["count"] == 0
    assert partner_api.get(f"{API}{closed.pk}/").status_code == 404


def test_the_api_is_read_only_and_for_accounts(partner_api, published, client, st_user):
    assert partner_api.post(API, {}).status_code in (403, 405)
    assert client.get(API).status_code == 401  # anonymous: the public page, not the API
    client.force_login(st_user)
    assert client.get(API, {"year": 2019, "semester": 1}).json()["count"] == 1
    assert client.get(API, {"year": 2020}).json()["count"] == 0
    assert client.get(API, {"year": "x"}).status_code == 400


def test_api_queries_do_not_grow_with_the_plan_or_the_bodies(partner_api, published, st_user):
    """Growing the published period (more national bodies with approved reports, more
    activities) does not change the list's query count."""

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert partner_api.get(API, {"page_size": 200}).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    op = Activity.objects.filter(operational_objective__poa=published.poa).first()
    new = Activity.objects.bulk_create(
        [
            Activity(
                operational_objective=op.operational_objective,
                code=f"9.{i}",
                position=50 + i,
                semester_1=50,
            )
            for i in range(20)
        ]
    )
    ActivityResponsible.objects.bulk_create(
        [ActivityResponsible(activity=a, kind="national_bodies") for a in new]
    )
    bodies = extra_bodies(20, start=700)
    ProgressReport.objects.bulk_create(
        [ProgressReport(period=published, national_body=b) for b in bodies]
    )
    ProgressEntry.objects.bulk_create(
        [
            ProgressEntry(report=r, activity=a, progress=40)
            for r in published.reports.filter(is_regional=False)
            for a in new
        ]
    )
    approve_all(published, st_user)
    assert count() == small
    assert small <= 10


def test_a_draft_report_gives_no_official_figures(period, coalition, focal_point_hn, st_user):
    """Figures saved in a draft never count: with no approved report there is nothing to
    publish."""
    fill(report_of(period, coalition["HN"]), focal_point_hn, {"1.1.1": 80})
    closed = services.reporting_period_close(user=st_user, period=period)
    with refused("no_official_figures"):
        results_publish(user=st_user, period=closed)
