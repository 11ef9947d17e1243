"""The live meeting page kept rendered per reader under the meetings stamp (issue 24): it
follows every change to what it shows — records with history, the append-only logs without
it, the invitations the notices task stamps with a bulk update —, it never serves one
reader's page to another, and the forms of a kept page post with the reader's own CSRF
token, whichever session kept it."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from common.cache import CSRF_PLACEHOLDER
from meetings import selectors, services
from meetings.models import Invitation, Meeting
from meetings.tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    MotionFactory,
    invitee,
    panama_meeting,
)
from meetings.tests.test_views import populate
from members.models import Designation

pytestmark = pytest.mark.django_db


def page(client: Client, meeting: Meeting) -> str:
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def token_of(html: str, action: str) -> str:
    """The CSRF token of the first form posting to `action` (the page's header has forms
    of its own, rendered per request)."""
    form = html[html.index(f'action="{action}"') :]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_every_table_the_page_reads_is_in_its_stamp(
    client, coalition, meeting, attend, attend_observer, st_user
):
    """A record the page shows but the stamp does not cover would be served stale: the
    tables the rendered page reads (its selector, template and view) are all stamped."""
    populate(meeting, coalition, attend, attend_observer, st_user, 5)
    services.quorum_verify(user=st_user, meeting=meeting)
    client.force_login(st_user)
    with CaptureQueriesContext(connection) as queries:
        page(client, meeting)
    read = set()
    for query in queries.captured_queries:
        read |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    by_table = {m._meta.db_table: m for m in apps.get_models()}
    stamped = {m._meta.db_table for m in selectors.MEETING_PAGE_MODELS} | {
        m.history.model._meta.db_table
        for m in selectors.MEETING_PAGE_MODELS
        if hasattr(m, "history")
    }  # the stamp's own query reads the history tables
    unstamped = {t for t in read if t not in stamped and t != "django_session"}
    assert not unstamped, [by_table.get(t, t) for t in sorted(unstamped)]
    assert {"meetings_attendance", "meetings_quorumverification", "meetings_vote"} <= read


@pytest.mark.parametrize("change", ["arrival", "departure", "quorum", "opening", "vote"])
def test_the_kept_page_follows_each_change(client, coalition, attend, full_house, st_user, change):
    status = Meeting.Status.CONVENED if change == "opening" else Meeting.Status.IN_SESSION
    meeting = MeetingFactory(status=status)
    if change != "opening":
        present = full_house(meeting, 5)[0]  # quorum: the vote can open
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    client.force_login(st_user)
    before = page(client, meeting)
    if change == "arrival":
        arrived = attend(meeting, coalition["GT"])
        assert arrived.person.full_name not in before
        assert arrived.person.full_name in page(client, meeting)
    elif change == "departure":
        assert f'id="depart-{present.pk}"' in before
        services.attendance_depart(user=st_user, attendance=present)
        assert f'id="depart-{present.pk}"' not in page(client, meeting)
    elif change == "quorum":
        # QuorumVerification keeps no history: the stamp reads its newest id.
        services.quorum_verify(user=st_user, meeting=meeting)
        assert "Verificaciones del quórum" in page(client, meeting)
        assert "Verificaciones del quórum" not in before
    elif change == "opening":
        # The status change is logged in MeetingStatusChange (no history) and on the meeting.
        services.meeting_transition(user=st_user, meeting=meeting, to=Meeting.Status.IN_SESSION)
        assert "Cerrar la sesión" in page(client, meeting)
        assert "Cerrar la sesión" not in before
    else:
        services.motion_open(user=st_user, motion=motion)
        assert "Pantalla de votación" not in before
        assert "Pantalla de votación" in page(client, meeting)


def test_the_notices_task_stamping_invitations_renews_the_page(
    client, coalition, presidency_user, django_capture_on_commit_callbacks
):
    """The task marks each invitation notified with a bulk update (no history); the
    delivery it logs for that e-mail moves the stamp."""
    invitee(coalition["HN"], email="hn@example.org")
    meeting = panama_meeting()
    client.force_login(presidency_user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.meeting_convene(user=presidency_user, meeting=meeting)
    kept = page(client, meeting)
    assert Invitation.objects.filter(meeting=meeting, notified_at__isnull=True).exists()
    for callback in callbacks:
        callback()
    notified = Invitation.objects.get(meeting=meeting)
    assert notified.notified_at is not None
    assert page(client, meeting).count("<td>—</td>") < kept.count("<td>—</td>")


def test_a_page_kept_for_one_reader_is_not_served_to_another(coalition, attend, st_user, delegate):
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    attend(meeting, coalition["HN"])
    secretariat, reader = Client(), Client()
    secretariat.force_login(st_user)
    reader.force_login(delegate)  # both signed in first: a sign-in moves the stamp (User)
    stamp = selectors.meeting_page_stamp()
    close, depart = '<input type="hidden" name="to" value="closed">', 'id="depart-'
    kept = page(secretariat, meeting)
    assert close in kept and depart in kept
    html = page(reader, meeting)
    assert selectors.meeting_page_stamp() == stamp
    assert close not in html and depart not in html


def test_a_kept_page_posts_with_the_token_of_the_session_reading_it(coalition, attend, st_user):
    """The same account in two browsers: the page kept for the first is served to the
    second with the second's token, and its form posts (CSRF checks on)."""
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    attend(meeting, coalition["HN"], Designation.Role.TITULAR)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(st_user)
    second.force_login(st_user)
    kept_for_first = page(first, meeting)
    served_to_second = page(second, meeting)
    assert CSRF_PLACEHOLDER not in kept_for_first + served_to_second
    verify = reverse("meetings:quorum-verify", args=[meeting.pk])
    response = second.post(verify, {"csrfmiddlewaretoken": token_of(served_to_second, verify)})
    assert response.status_code == 302
    assert meeting.quorum_verifications.count() == 1
    refused = second.post(verify, {"csrfmiddlewaretoken": token_of(kept_for_first, verify)})
    assert refused.status_code == 403


def test_the_quorum_box_follows_arrivals(client, coalition, attend, st_user):
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    client.force_login(st_user)
    url = reverse("meetings:quorum", args=[meeting.pk])
    assert 'data-testid="represented">0<' in client.get(url).content.decode()
    attend(meeting, coalition["HN"])
    with CaptureQueriesContext(connection) as computed:
        assert 'data-testid="represented">1<' in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as polled:
        assert 'data-testid="represented">1<' in client.get(url).content.decode()
    # Nothing changed between the two polls: the second reads the stamp, not the quorum.
    assert len(polled.captured_queries) < len(computed.captured_queries)
