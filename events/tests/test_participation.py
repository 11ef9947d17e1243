"""Participation in events over time (issue 21: "participation by profile and country over
time"): confirmed participants who signed in on at least one day, per year × country ×
profile, worked by hand; the page's table, its filters, its CSV (parsed) and XLSX (opened
with openpyxl); who opens it; its queries do not grow with the events."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from lxml import html
from openpyxl import load_workbook

from events import selectors
from events.models import DayAttendance, Event, EventActor, Participant
from events.selectors.budget import PROFILES
from events.tests.factories import EventFactory, ParticipantFactory
from members.models import Country
from plans.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

P = Participant.Profile
State = Participant.State
URL = "/event-management/participation/"


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


def attend(participant: Participant, *days: dt.date) -> Participant:
    for day in days or (participant.event.starts_on,):
        DayAttendance.objects.create(
            participant=participant, day=day, method=DayAttendance.Method.DESK
        )
    return participant


def person(event, iso=None, profile=P.PROSECUTOR, state=State.CONFIRMED, **kw) -> Participant:
    return ParticipantFactory(
        event=event, country=country(iso) if iso else None, profile=profile, state=state, **kw
    )


@pytest.fixture
def history(coalition):
    """2026 workshop: HN 2 prosecutors (one on both days) + 1 investigator, GT 1 prosecutor;
    HN's confirmed migration director never signed in (not counted); a declined GT person
    with a sign-in (not counted); an actor's liaison (under no country).
    2027 seminar: HN 1 prosecutor. A cancelled 2027 event's sign-in: not counted.
    By hand — 2026: HN prosecutor 2, HN investigator 1, GT prosecutor 1, actors liaison 1;
    2027: HN prosecutor 1."""
    w = EventFactory(
        starts_on=dt.date(2026, 5, 4), ends_on=dt.date(2026, 5, 5), status=Event.Status.CLOSED
    )
    attend(person(w, "HN"), w.starts_on, w.ends_on)
    attend(person(w, "HN"))
    attend(person(w, "HN", P.INVESTIGATOR))
    attend(person(w, "GT"))
    person(w, "HN", P.MIGRATION_DIRECTOR)
    attend(person(w, "GT", state=State.DECLINED))
    actor = EventActor.objects.create(
        event=w, actor=ActorFactory(), role=EventActor.Role.INVITED, quota=2
    )
    attend(person(w, None, P.NATIONAL_LIAISON, event_actor=actor))
    s = EventFactory(
        kind=Event.Kind.SEMINAR,
        starts_on=dt.date(2027, 3, 1),
        ends_on=dt.date(2027, 3, 1),
        status=Event.Status.CLOSED,
    )
    attend(person(s, "HN"))
    cancelled = EventFactory(
        starts_on=dt.date(2027, 4, 1), ends_on=dt.date(2027, 4, 1), status=Event.Status.CANCELLED
    )
    attend(person(cancelled, "HN"))
    return w, s


def as_tuples(counts):
    return {(c.year, c.country_iso, c.profile): c.participants for c in counts}


def test_participation_is_counted_by_hand(history, django_assert_num_queries):
    with django_assert_num_queries(1):
        counts = selectors.participation()
    assert as_tuples(counts) == {
        (2026, "GT", P.PROSECUTOR): 1,
        (2026, "HN", P.INVESTIGATOR): 1,
        (2026, "HN", P.PROSECUTOR): 2,
        (2026, "", P.NATIONAL_LIAISON): 1,
        (2027, "HN", P.PROSECUTOR): 1,
    }
    assert as_tuples(selectors.participation(years=[2027])) == {(2027, "HN", P.PROSECUTOR): 1}
    assert as_tuples(selectors.participation(kind=Event.Kind.SEMINAR)) == {
        (2027, "HN", P.PROSECUTOR): 1
    }
    table = {
        (r.year, r.country_iso): r for r in selectors.participation_table(selectors.participation())
    }
    hn = table[(2026, "HN")]
    assert hn.counts[PROFILES.index(P.PROSECUTOR)] == 2
    assert hn.counts[PROFILES.index(P.INVESTIGATOR)] == 1
    assert hn.total == 3


def test_the_page_shows_the_table_with_its_filters(client, history, st_user):
    client.force_login(st_user)
    doc = html.fromstring(client.get(URL).content)
    totals = {
        row.get("data-row"): row.xpath(".//*[@data-total]")[0].text_content().strip()
        for row in doc.xpath("//*[@data-participation]//tr[@data-row]")
    }
    assert totals == {"2026-GT": "1", "2026-HN": "3", "2026-actors": "1", "2027-HN": "1"}
    doc = html.fromstring(client.get(URL, {"first_year": 2027}).content)
    assert doc.xpath("//tr[@data-row]/@data-row") == ["2027-HN"]
    doc = html.fromstring(client.get(URL, {"kind": Event.Kind.WORKSHOP}).content)
    assert "2027-HN" not in doc.xpath("//tr[@data-row]/@data-row")
    # The downloads keep the filters.
    assert doc.xpath("//a[@data-action='csv']/@href") == ["?kind=workshop&format=csv"]


def test_the_csv_and_the_xlsx_carry_the_same_rows(client, history, focal_point_hn):
    client.force_login(focal_point_hn)
    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(header) == 3 + len(PROFILES) + 1
    by_key = {(r[0], r[1]): r for r in body}
    assert set(by_key) == {("2026", "GT"), ("2026", "HN"), ("2026", ""), ("2027", "HN")}
    hn = by_key[("2026", "HN")]
    assert hn[3 + PROFILES.index(P.PROSECUTOR)] == "2" and hn[-1] == "3"
    response = client.get(URL, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + 4
    xlsx = {(r[0], r[1] or ""): r for r in values[1:]}
    assert xlsx[(2026, "HN")][-1] == 3
    assert xlsx[(2026, "HN")][3 + PROFILES.index(P.INVESTIGATOR)] == 1


def test_who_opens_the_participation_page(
    client, st_user, presidency_user, focal_point_hn, delegate, observer, partner
):
    for user in (st_user, presidency_user, focal_point_hn):
        client.force_login(user)
        assert client.get(URL).status_code == 200
    for user in (delegate, observer, partner):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("size", [2, 10])
def test_the_page_queries_do_not_grow_with_events(
    client, coalition, st_user, size, django_assert_max_num_queries
):
    isos = ["BZ", "CR", "DO", "GT", "HN", "MX", "NI", "PA", "SV"]
    for n in range(size):
        event = EventFactory(
            starts_on=dt.date(2020 + n, 5, 4),
            ends_on=dt.date(2020 + n, 5, 4),
            status=Event.Status.CLOSED,
        )
        attend(person(event, isos[n % 9], PROFILES[n % len(PROFILES)]))
    client.force_login(st_user)
    with django_assert_max_num_queries(6):  # the same with 2 events as with 10
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize(
    ("who", "linked"),
    [("st_user", True), ("presidency_user", True), ("focal_point_hn", True), ("delegate", False)],
)
def test_the_events_list_links_the_participation_page_for_whoever_may_open_it(
    client, request, who, linked
):
    client.force_login(request.getfixturevalue(who))
    doc = html.fromstring(client.get("/event-management/").content)
    assert bool(doc.xpath("//a[@href='/event-management/participation/']")) is linked
