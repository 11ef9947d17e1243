"""Query guard of the log of deliveries (issue 18): the log, its per-country summary and its
export take the same number of queries at 1× and at 10× rows (no query per delivery)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from communications.models import Delivery
from meetings.models import Meeting
from meetings.tests.factories import MeetingFactory
from members.models import Country

pytestmark = pytest.mark.django_db

KINDS = [Delivery.Kind.CONVOCATION, Delivery.Kind.MINUTES_CIRCULATED, Delivery.Kind.COMMUNIQUE]
STATES = [Delivery.State.SENT, Delivery.State.NO_ADDRESS, Delivery.State.FAILED]


def _populate(n: int, meeting: Meeting) -> None:
    countries = list(Country.objects.order_by("pk"))
    meeting_type = ContentType.objects.get_for_model(Meeting)
    Delivery.objects.bulk_create(
        Delivery(
            kind=KINDS[i % len(KINDS)],
            about_type=meeting_type if i % 3 else None,
            about_id=meeting.pk if i % 3 else None,
            country=countries[i % len(countries)] if i % 4 else None,
            name=f"Persona {i}",
            email=f"p{i}@example.org" if i % 5 else "",
            organisation="OIM" if i % 4 == 0 else "",
            subject=f"Aviso {i}",
            link="https://coalicion.example.org/meetings/1/",
            state=STATES[i % len(STATES)],
            error="SMTPException: 451" if i % 3 == 2 else "",
        )
        for i in range(n)
    )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?kind=convocation",
        "?about=meetings.meeting:{meeting}&kind=convocation&country=HN",
        "?q=persona&state=sent",
        "?format=csv",
        "?kind=convocation&format=xlsx",
    ],
)
def test_the_log_takes_as_many_queries_at_10x_as_at_1x(client, st_user, coalition, query):
    client.force_login(st_user)
    counts = []
    for n in (20, 200):  # 20 rows fit a page; 200 are four pages
        sid = transaction.savepoint()
        meeting = MeetingFactory()
        _populate(n, meeting)
        url = "/notices/" + query.format(meeting=meeting.pk)
        client.get(url)  # warm the session and the content types
        counts.append(_queries(client, url))
        transaction.savepoint_rollback(sid)
    assert counts[0] == counts[1], counts
