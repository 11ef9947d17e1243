"""Plan indicators computed from the meeting records (003 §VII result 4.3), and the
two-ordinary-meetings-a-year check (001 §4.A.3)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from meetings import selectors, services
from meetings.models import Meeting
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members.models import Designation, Membership

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("America/Guatemala")


def test_agreements_fulfilled_are_counted_by_year_of_fulfilment(coalition, st_user):
    a, b, c = AgreementFactory(), AgreementFactory(), AgreementFactory(year=2025)
    AgreementFactory()  # pending: not counted
    for agreement, day in (
        (a, dt.date(2026, 6, 1)),
        (b, dt.date(2027, 2, 1)),
        (c, dt.date(2026, 1, 5)),
    ):
        services.agreement_follow_up_add(
            user=st_user, agreement=agreement, note="Cumplido", new_status="fulfilled", date=day
        )
    assert selectors.agreements_fulfilled_by_year() == {2026: 2, 2027: 1}
    # Reopening a fulfilled agreement takes it out of the indicator.
    services.agreement_follow_up_add(
        user=st_user, agreement=b, note="Reabierto", new_status="in_progress"
    )
    assert selectors.agreements_fulfilled_by_year() == {2026: 2}


def test_participation_by_country_and_year(
    coalition, attend, attend_observer, django_assert_max_num_queries
):
    first = MeetingFactory(starts_at=dt.datetime(2026, 3, 10, 9, tzinfo=TZ))
    second = MeetingFactory(
        kind=Meeting.Kind.EXTRAORDINARY, starts_at=dt.datetime(2026, 8, 10, 9, tzinfo=TZ)
    )
    technical = MeetingFactory(
        kind=Meeting.Kind.TECHNICAL, starts_at=dt.datetime(2026, 9, 1, 9, tzinfo=TZ)
    )
    MeetingFactory(status=Meeting.Status.CONVENED, starts_at=dt.datetime(2026, 11, 1, 9, tzinfo=TZ))
    attend(first, coalition["HN"])
    attend(first, coalition["HN"])  # two people, one participation
    attend(first, coalition["GT"], Designation.Role.ALTERNATE, accredited=False)  # does not count
    attend(second, coalition["HN"])
    attend(second, coalition["GT"], Designation.Role.ALTERNATE, accredited=True)
    attend(technical, coalition["PA"])  # not an ordinary/extraordinary meeting
    # Belize stopped being a member in June: only the March meeting is held for it.
    membership = Membership.objects.get(country__iso_code="BZ")
    membership.end_date = dt.date(2026, 6, 30)
    membership.save()
    with django_assert_max_num_queries(3):
        rows = {
            (p.country, p.year): (p.attended, p.held)
            for p in selectors.participation_by_country_year()
        }
    assert rows[("HN", 2026)] == (2, 2)
    assert rows[("GT", 2026)] == (1, 2)
    assert rows[("PA", 2026)] == (0, 2)
    assert rows[("BZ", 2026)] == (0, 1)
    assert len(rows) == 9


def test_years_with_fewer_than_two_ordinary_meetings(db):
    MeetingFactory(starts_at=dt.datetime(2025, 3, 1, 9, tzinfo=TZ), status=Meeting.Status.CLOSED)
    MeetingFactory(starts_at=dt.datetime(2025, 9, 1, 9, tzinfo=TZ), status=Meeting.Status.CLOSED)
    MeetingFactory(starts_at=dt.datetime(2026, 3, 1, 9, tzinfo=TZ), status=Meeting.Status.CLOSED)
    MeetingFactory(starts_at=dt.datetime(2026, 10, 1, 9, tzinfo=TZ), status=Meeting.Status.DRAFT)
    MeetingFactory(kind=Meeting.Kind.EXTRAORDINARY, starts_at=dt.datetime(2026, 5, 1, 9, tzinfo=TZ))
    rows = selectors.years_with_too_few_ordinary_meetings(today=dt.date(2027, 1, 15))
    assert [(r.year, r.ordinary_meetings) for r in rows] == [(2026, 1), (2027, 0)]
    assert selectors.years_with_too_few_ordinary_meetings(years=[2025]) == []
