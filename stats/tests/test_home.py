"""The statistics' home-page tasks (issue 20): ST is asked to validate the submitted returns
and publish the validated ones; a focal point to correct its country's returns sent back
and to open last year's return when its country has none; nobody else gets any. Counting
them takes the same queries whatever the number of returns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from members.models import Country, User
from members.tests.factories import UserFactory
from stats.models import StatisticsReturn
from stats.selectors.home import home_tasks
from stats.tests.factories import StatisticsReturnFactory

pytestmark = pytest.mark.django_db

State = StatisticsReturn.State
TODAY = dt.date(2026, 3, 2)
LAST_YEAR = TODAY.year - 1


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


def returns(iso: str, *states: str, first_year: int = 2010) -> list[StatisticsReturn]:
    """One return of the country per state, a year each from `first_year` on."""
    return [
        StatisticsReturnFactory(country=country(iso), year=first_year + i, state=state)
        for i, state in enumerate(states)
    ]


def waiting_validation(n: int) -> str:
    return ngettext(
        "%(n)d statistics return waits for validation.",
        "%(n)d statistics returns wait for validation.",
        n,
    ) % {"n": n}


def waiting_publication(n: int) -> str:
    return ngettext(
        "%(n)d validated statistics return waits for publication.",
        "%(n)d validated statistics returns wait for publication.",
        n,
    ) % {"n": n}


def sent_back(n: int) -> str:
    return ngettext(
        "%(n)d of your country's statistics returns was sent back for correction.",
        "%(n)d of your country's statistics returns were sent back for correction.",
        n,
    ) % {"n": n}


def start_last_year() -> str:
    return gettext("Your country has no statistics return for %(year)d yet: open it.") % {
        "year": LAST_YEAR
    }


def as_tuples(tasks) -> list[tuple[str, str, str]]:
    return [(t.text, t.url, t.level) for t in tasks]


# --- The Technical Secretariat -----------------------------------------------------------


def test_st_is_asked_to_validate_the_submitted_returns_and_publish_the_validated(st_user):
    assert home_tasks(user=st_user, today=TODAY) == []
    returns("HN", State.SUBMITTED, State.VALIDATED, State.DRAFT, State.RETURNED, State.PUBLISHED)
    returns("GT", State.SUBMITTED, State.SUBMITTED)
    listing = reverse("stats:return-list")
    assert as_tuples(home_tasks(user=st_user, today=TODAY)) == [
        (waiting_validation(3), listing, "info"),
        (waiting_publication(1), listing, "info"),
    ]


def test_st_with_nothing_to_validate_is_asked_only_to_publish(st_user):
    returns("HN", State.VALIDATED, State.VALIDATED, State.DRAFT, State.RETURNED)
    assert [t.text for t in home_tasks(user=st_user, today=TODAY)] == [waiting_publication(2)]


def test_the_links_open_for_st(client, st_user):
    returns("HN", State.SUBMITTED, State.VALIDATED)
    client.force_login(st_user)
    for task in home_tasks(user=st_user, today=TODAY):
        assert client.get(task.url).status_code == 200, task.url


# --- A country's focal points ------------------------------------------------------------


def test_a_focal_point_is_warned_of_its_countrys_returns_sent_back(focal_point_hn):
    StatisticsReturnFactory(country=country("HN"), year=LAST_YEAR)
    returns("HN", State.RETURNED, State.RETURNED, State.SUBMITTED, State.DRAFT)
    returns("GT", State.RETURNED)  # another country's: not theirs
    assert as_tuples(home_tasks(user=focal_point_hn, today=TODAY)) == [
        (sent_back(2), reverse("stats:return-list"), "warning")
    ]


def test_a_focal_point_whose_country_has_no_return_for_last_year_is_asked_to_open_it(
    client, focal_point_hn
):
    returns("HN", State.PUBLISHED, first_year=LAST_YEAR - 1)  # the year before: not enough
    StatisticsReturnFactory(country=country("GT"), year=LAST_YEAR)  # another country's
    StatisticsReturnFactory(country=country("HN"), year=TODAY.year)  # this year's
    [task] = home_tasks(user=focal_point_hn, today=TODAY)
    assert (task.text, task.url, task.level) == (
        start_last_year(),
        reverse("stats:return-create"),
        "info",
    )
    client.force_login(focal_point_hn)
    assert client.get(task.url).status_code == 200


@pytest.mark.parametrize("semester", [None, 1, 2])
def test_any_return_for_last_year_whole_or_a_semester_takes_the_task_away(focal_point_hn, semester):
    StatisticsReturnFactory(country=country("HN"), year=LAST_YEAR, semester=semester)
    assert home_tasks(user=focal_point_hn, today=TODAY) == []


def test_both_tasks_of_a_focal_point(focal_point_hn):
    returns("HN", State.RETURNED)
    assert [t.text for t in home_tasks(user=focal_point_hn, today=TODAY)] == [
        sent_back(1),
        start_last_year(),
    ]


def test_a_focal_point_is_not_asked_what_st_does(focal_point_hn):
    StatisticsReturnFactory(country=country("HN"), year=LAST_YEAR, state=State.SUBMITTED)
    returns("HN", State.VALIDATED)
    assert home_tasks(user=focal_point_hn, today=TODAY) == []


# --- Nobody else -------------------------------------------------------------------------


def test_nobody_else_gets_a_statistics_task(
    coalition, presidency_user, delegate, observer, partner
):
    returns("HN", State.SUBMITTED, State.VALIDATED, State.RETURNED)
    former_fp = UserFactory(
        username="fp-hn-old",
        role=User.Role.FOCAL_POINT,
        national_body=coalition["HN"],
        is_active=False,
    )
    former_st = UserFactory(username="st-old", role=User.Role.SECRETARIAT, is_active=False)
    for user in (presidency_user, delegate, observer, partner, former_fp, former_st):
        assert home_tasks(user=user, today=TODAY) == [], user.username


# --- Queries and the home page -----------------------------------------------------------


def _queries(user) -> int:
    with CaptureQueriesContext(connection) as queries:
        home_tasks(user=user, today=TODAY)
    return len(queries)


def test_counting_takes_one_query_whatever_the_number_of_returns(st_user, focal_point_hn):
    returns("HN", State.SUBMITTED, State.RETURNED, State.VALIDATED)
    few = (_queries(st_user), _queries(focal_point_hn))
    assert few == (1, 1)
    returns("HN", *[State.SUBMITTED, State.RETURNED, State.VALIDATED] * 5, first_year=1980)
    returns("GT", *[State.SUBMITTED, State.RETURNED] * 5)
    assert (_queries(st_user), _queries(focal_point_hn)) == few


def test_the_home_page_shows_the_statistics_tasks(client, st_user, focal_point_hn):
    returns("HN", State.SUBMITTED, State.RETURNED)
    client.force_login(st_user)
    tasks = client.get(reverse("home")).context["summary"].tasks
    assert waiting_validation(1) in [t.text for t in tasks]
    client.force_login(focal_point_hn)
    tasks = client.get(reverse("home")).context["summary"].tasks
    assert [t.level for t in tasks if t.text == sent_back(1)] == ["warning"]
