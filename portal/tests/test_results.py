"""The public results page (issue 17): anonymous visitors see the results ST published —
regional compliance, a table per axis with a chart beside it and its text alternative,
the date published — and nothing of a period ST did not publish, nor of a draft POA."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import services
from monitoring.models import ReportingPeriod
from monitoring.services.publication import results_publish, results_unpublish
from monitoring.tests.factories import open_period, report_approved, report_of, synthetic_poa
from plans.models import POA

pytestmark = pytest.mark.django_db

URL = "/results/"


@pytest.fixture
def closed(period, coalition, focal_point_hn, st_user) -> ReportingPeriod:
    report_approved(
        report_of(period, coalition["HN"]), focal_point_hn, st_user, {"1.1.1": 50, "1.1.2": 50}
    )
    return services.reporting_period_close(user=st_user, period=period)


def test_the_public_home_links_to_the_results(client):
    assert reverse("results:list") == URL
    assert URL in client.get("/").content.decode()


def test_empty_state_when_nothing_is_published(client, closed):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="empty-state"' in html
    assert f'id="period-{closed.pk}"' not in html


def test_anonymous_visitors_see_published_results(client, closed, st_user):
    results_publish(user=st_user, period=closed)
    html = client.get(URL).content.decode()
    assert f'id="period-{closed.pk}"' in html
    assert "Prevención" in html and "Atención" in html  # the axes table
    assert '<img src="data:image/svg+xml;base64,' in html  # the chart beside it
    assert 'alt="' in html and "Eje 1" in html  # its text alternative names the axes
    closed.refresh_from_db()
    published_on = timezone.localtime(closed.published_at).strftime("%Y")
    assert published_on in html
    assert 'class="empty-state"' not in html


def test_only_published_periods_ever_show(client, closed, st_user):
    """A closed period not published, and a draft POA's period marked published (as no
    service would), never show; a withdrawal hides at once."""
    results_publish(user=st_user, period=closed)
    other = synthetic_poa(2030, operational=1, activities=2)
    unpublished = services.reporting_period_close(user=st_user, period=open_period(st_user, other))
    draft = synthetic_poa(2031, operational=1, activities=2)
    draft_period = services.reporting_period_close(user=st_user, period=open_period(st_user, draft))
    ReportingPeriod.objects.filter(pk=draft_period.pk).update(published_at=timezone.now())
    POA.objects.filter(pk=draft.pk).update(status=POA.Status.DRAFT)

    html = client.get(URL).content.decode()
    assert f'id="period-{closed.pk}"' in html
    assert f'id="period-{unpublished.pk}"' not in html
    assert f'id="period-{draft_period.pk}"' not in html
    assert "POA 2031" not in html and "POA 2030" not in html

    results_unpublish(user=st_user, period=closed, reason="Cifras por revisar")
    html = client.get(URL).content.decode()
    assert f'id="period-{closed.pk}"' not in html
    assert 'class="empty-state"' in html


def test_signed_in_members_see_the_same_page(client, closed, st_user, focal_point_hn):
    results_publish(user=st_user, period=closed)
    client.force_login(focal_point_hn)
    assert f'id="period-{closed.pk}"' in client.get(URL).content.decode()


def test_the_page_is_rendered_once_until_something_changes(client, closed, st_user):
    results_publish(user=st_user, period=closed)
    client.get(URL)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    assert len(ctx.captured_queries) <= 3  # the stamp (common.cache), the session at most
