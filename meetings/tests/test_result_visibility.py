"""What each reader sees of a motion's result — counts, outcome, how each country voted —
is one rule (selectors.motion_result_view), read by the meeting page, the voting screen,
the minutes and the API. Until the Presidency or ST publishes a result, only they see it;
a partner or an observer reads nothing of it through the API either."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from meetings import selectors, services
from meetings.models import Motion
from meetings.selectors import ResultAudience
from meetings.tests.factories import AgendaItemFactory, MotionFactory
from members.models import Country, User
from members.services import api_token_create

pytestmark = pytest.mark.django_db

COUNTS = "%(yes)s yes, %(no)s no, %(abstain)s abstentions of %(entitled)s countries entitled (%(required)s yes required)."


@pytest.mark.parametrize(
    ("state", "audience", "expected"),
    [
        ("draft", ResultAudience.STEERING, (False, False, False)),
        ("open", ResultAudience.STEERING, (True, False, True)),
        ("closed", ResultAudience.STEERING, (True, True, True)),
        ("published", ResultAudience.STEERING, (True, True, True)),
        ("open", ResultAudience.PARTICIPANT, (False, False, False)),
        ("closed", ResultAudience.PARTICIPANT, (False, False, False)),
        ("published", ResultAudience.PARTICIPANT, (True, True, True)),
        ("closed", ResultAudience.PUBLIC, (False, False, False)),
        ("published", ResultAudience.PUBLIC, (True, True, False)),
    ],
)
def test_result_view_rule(state, audience, expected):
    view = selectors.motion_result_view(state=state, audience=audience)
    assert (view.counts, view.outcome, view.votes) == expected


def test_who_is_which_audience(st_user, presidency_user, delegate, observer, partner):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.result_audience(st_user) is ResultAudience.STEERING
    assert selectors.result_audience(presidency_user) is ResultAudience.STEERING
    assert selectors.result_audience(delegate) is ResultAudience.PARTICIPANT
    assert selectors.result_audience(observer) is ResultAudience.PARTICIPANT
    assert selectors.result_audience(partner) is ResultAudience.PUBLIC
    assert selectors.result_audience(AnonymousUser()) is ResultAudience.PUBLIC


@pytest.fixture
def closed_motion(coalition, meeting, full_house, st_user):
    """A vote closed but not published: 4 yes, 1 no of 5 entitled; adopted."""
    full_house(meeting, 5)
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting), text="Aprobar el POA")
    services.motion_open(user=st_user, motion=motion)
    for iso, choice in (("BZ", "yes"), ("CR", "yes"), ("DO", "yes"), ("GT", "yes"), ("HN", "no")):
        services.vote_cast(
            user=st_user, motion=motion, country=Country.objects.get(iso_code=iso), choice=choice
        )
    return services.motion_close(user=st_user, motion=motion)


def partner_client(st_user) -> APIClient:
    token = api_token_create(
        user=st_user,
        label="Portal de datos",
        scope=User.Role.PARTNER,
        agency="OIM",
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    ).token
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def session_client(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def decisions(client, meeting) -> list[dict]:
    response = client.get(f"/api/v1/meetings/{meeting.pk}/")
    assert response.status_code == 200
    return response.json()["decisions"]


def test_the_api_shows_a_result_only_once_published(
    closed_motion, meeting, st_user, presidency_user, observer
):
    partner, observer_api = partner_client(st_user), session_client(observer)
    assert decisions(partner, meeting) == []
    assert decisions(observer_api, meeting) == []
    [for_st] = decisions(session_client(st_user), meeting)
    assert (for_st["yes"], for_st["no"], for_st["outcome"]) == (4, 1, "adopted")
    listed = partner.get("/api/v1/meetings/").json()["results"]
    assert [row["decisions"] for row in listed if row["id"] == meeting.pk] == [[]]

    services.motion_publish(user=presidency_user, motion=closed_motion)
    [published] = decisions(partner, meeting)
    assert (published["yes"], published["no"], published["abstain"]) == (4, 1, 0)
    assert published["outcome"] == "adopted" and published["agreement"].startswith("CR-")
    assert "votes" not in published  # how each country voted is never public
    assert decisions(observer_api, meeting)[0]["outcome"] == "adopted"


def counts_text(motion: Motion) -> str:
    result = selectors.motion_result(motion)
    return gettext(COUNTS) % {
        "yes": result.yes,
        "no": result.no,
        "abstain": result.abstain,
        "entitled": result.entitled,
        "required": result.required_yes,
    }


def test_the_meeting_page_shows_a_result_only_once_published(
    client, closed_motion, meeting, st_user, presidency_user, delegate, observer
):
    url = reverse("meetings:detail", args=[meeting.pk])
    with translation.override("es"):
        counts = counts_text(closed_motion)
        outcome = f"<strong>{Motion.Outcome.ADOPTED.label}</strong>"
    number = closed_motion.agreement.number
    for user, sees in (
        (st_user, True),
        (presidency_user, True),
        (delegate, False),
        (observer, False),
    ):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Aprobar el POA" in html
        assert (counts in html, outcome in html, number in html) == (sees, sees, sees), user
    services.motion_publish(user=presidency_user, motion=closed_motion)
    client.force_login(delegate)
    html = client.get(url).content.decode()
    assert counts in html and outcome in html and number in html


def test_the_voting_screen_shows_counts_and_votes_as_the_rule_says(
    client, closed_motion, presidency_user, delegate
):
    url = reverse("meetings:vote", args=[closed_motion.pk])
    with translation.override("es"):
        counts = counts_text(closed_motion)
        yes = str(closed_motion.votes.first().get_choice_display())
    client.force_login(delegate)
    html = client.get(url).content.decode()
    assert counts not in html and f"<td>{yes}</td>" not in html
    services.motion_publish(user=presidency_user, motion=closed_motion)
    html = client.get(url).content.decode()
    assert counts in html and f"<td>{yes}</td>" in html
