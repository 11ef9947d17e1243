"""The Presidency's overview page, its place in the navigation and its home-page tasks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from presidency.models import CooperationProject, GuidelineProgress, ReportingDuty
from presidency.selectors.home import home_tasks
from presidency.tests.factories import (
    CooperationProjectFactory,
    GuidelineProgressFactory,
    ReportingDutyFactory,
    RepresentationEntryFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("who", "status", "sees_cooperation"),
    [
        ("st_user", 200, True),
        ("presidency_user", 200, True),
        ("focal_point_hn", 200, True),
        ("delegate", 200, True),
        ("observer", 200, False),
        ("partner", 403, False),
    ],
)
def test_the_overview_by_role(client, request, who, status, sees_cooperation):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse("presidency:overview"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert (reverse("presidency:cooperation-list") in page) is sees_cooperation
        assert reverse("presidency:representation-list") in page
        assert reverse("presidency:admission-list") in page


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("presidency:overview"))
    assert response.status_code == 302 and "login" in response.url


def test_the_navigation_shows_the_presidency_to_members_not_partners(
    client, presidency_user, partner
):
    client.force_login(presidency_user)
    assert reverse("presidency:overview") in client.get("/").content.decode()
    client.force_login(partner)
    assert reverse("presidency:overview") not in client.get("/").content.decode()


def test_the_overview_names_the_plenary_where_entries_are_reported(client, presidency_user):
    plenary = MeetingFactory(
        status=Meeting.Status.CONVENED, starts_at=MeetingFactory.starts_at + dt.timedelta(days=400)
    )
    from presidency.services.agenda import entry_agenda_sync

    entry = RepresentationEntryFactory()
    entry_agenda_sync(entry)
    client.force_login(presidency_user)
    page = client.get(reverse("presidency:overview")).content.decode()
    assert plenary.title in page


def urls(tasks) -> list[str]:
    return [t.url.split("?")[0] for t in tasks]


def test_home_tasks_of_the_presidency(presidency_user, st_user, coalition):
    RepresentationEntryFactory()
    project = CooperationProjectFactory(stage=CooperationProject.Stage.EXECUTION)
    ReportingDutyFactory(project=project, due_date=TODAY - dt.timedelta(days=1))
    ReportingDutyFactory(project=project, due_date=TODAY + dt.timedelta(days=10))
    # Not shown: submitted, far ahead, or of an ended project.
    ReportingDutyFactory(
        project=project,
        due_date=TODAY,
        status=ReportingDuty.Status.SUBMITTED,
        submitted_on=TODAY,
    )
    ReportingDutyFactory(project=project, due_date=TODAY + dt.timedelta(days=90))
    ended = CooperationProjectFactory(stage=CooperationProject.Stage.CANCELLED)
    ReportingDutyFactory(project=ended, due_date=TODAY - dt.timedelta(days=5))
    GuidelineProgressFactory(
        country=coalition["HN"].country, review=GuidelineProgress.Review.SUBMITTED
    )

    tasks = home_tasks(user=presidency_user, today=TODAY)
    assert urls(tasks) == [
        reverse("presidency:representation-list"),
        reverse("presidency:cooperation-list"),
        reverse("presidency:cooperation-list"),
    ]
    assert "1" in tasks[1].text and tasks[1].level == "warning"  # one overdue
    # ST also reviews the checklists.
    assert reverse("presidency:guidelines-review") in urls(home_tasks(user=st_user, today=TODAY))


def test_home_tasks_of_a_focal_point(focal_point_hn, focal_point_gt, coalition):
    RepresentationEntryFactory(created_by=focal_point_hn)
    RepresentationEntryFactory()  # somebody else's
    GuidelineProgressFactory(
        country=coalition["HN"].country,
        review=GuidelineProgress.Review.RETURNED,
        review_note="Adjunte la evidencia.",
    )
    tasks = home_tasks(user=focal_point_hn, today=TODAY)
    assert urls(tasks) == [
        reverse("presidency:representation-list"),
        reverse("presidency:guidelines-country", args=["HN"]),
    ]
    assert tasks[0].text.startswith("1 ")
    # Guatemala's focal point has nothing to do.
    assert home_tasks(user=focal_point_gt, today=TODAY) == []


def test_observers_and_partners_get_no_task(observer, partner):
    RepresentationEntryFactory()
    assert home_tasks(user=observer, today=TODAY) == []
    assert home_tasks(user=partner, today=TODAY) == []
