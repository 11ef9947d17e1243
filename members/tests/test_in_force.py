"""One rule says "in force on a day" (members.models.in_force_q, designation_in_force_q):
both dates of a period are days in force, and a revocation ends a designation *from* its
day. Every reader — the querysets, the 2+2 limit, the body page, the home page counts,
the API — must give the same answer at each boundary."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from common.testing import refused
from members import selectors, services
from members.models import Designation, Membership, Office, User
from members.tests.factories import (
    DesignationFactory,
    OfficeFactory,
    UserFactory,
    designate,
)

pytestmark = pytest.mark.django_db

START, END, REVOKED = dt.date(2025, 3, 10), dt.date(2025, 6, 30), dt.date(2025, 5, 15)
DAY = dt.timedelta(days=1)


def readers_say_in_force(designation: Designation, day: dt.date) -> dict[str, bool]:
    """What each reader of the registry answers for `designation` on `day`."""
    body = designation.national_body
    status = selectors.body_representation_status(day=day).get(pk=body.pk)
    return {
        "queryset": Designation.objects.in_force_on(day).filter(pk=designation.pk).exists(),
        "instance": designation.is_in_force(day),
        "selector": selectors.designations_in_force(day=day).filter(pk=designation.pk).exists(),
        "body page": designation in selectors.body_representatives(body=body, day=day).current,
        "home counts": status.titulars == 1,
    }


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (START - DAY, False),
        (START, True),
        (END, True),
        (END + DAY, False),
    ],
    ids=["day before start", "start day", "end day", "day after end"],
)
def test_a_designation_is_in_force_from_its_start_day_to_its_end_day_inclusive(
    coalition, day, expected
):
    d = DesignationFactory(national_body=coalition["HN"], start_date=START, end_date=END)
    answers = readers_say_in_force(d, day)
    assert answers == dict.fromkeys(answers, expected)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(REVOKED - DAY, True), (REVOKED, False), (REVOKED + DAY, False)],
    ids=["day before revocation", "revocation day", "day after revocation"],
)
def test_a_revoked_designation_ends_on_the_eve_of_its_revocation(coalition, day, expected):
    d = DesignationFactory(national_body=coalition["HN"], start_date=START, revoked_on=REVOKED)
    answers = readers_say_in_force(d, day)
    assert answers == dict.fromkeys(answers, expected)
    assert d.effective_end == REVOKED - DAY


def test_a_designation_revoked_on_its_start_day_was_never_in_force(coalition):
    d = DesignationFactory(national_body=coalition["HN"], start_date=START, revoked_on=START)
    for day in (START - DAY, START, START + DAY):
        assert not any(readers_say_in_force(d, day).values()), day


def test_the_instance_check_agrees_with_the_query_on_every_day_around_every_boundary(coalition):
    """Designation.is_in_force is the Python twin of designation_in_force_q: a grid of
    end dates and revocations, each day from before the start to after the last date."""
    body = coalition["GT"]
    shapes = [
        (None, None),
        (END, None),
        (None, REVOKED),
        (END, REVOKED),  # revoked before the end
        (REVOKED, END),  # revoked after the end
        (START, None),  # a single day
        (None, START),  # withdrawn on its start day
        (END, END),  # revoked on its end day
    ]
    rows = [
        DesignationFactory(national_body=body, start_date=START, end_date=end, revoked_on=revoked)
        for end, revoked in shapes
    ]
    day = START - 2 * DAY
    while day <= END + 2 * DAY:
        by_query = set(Designation.objects.in_force_on(day).values_list("pk", flat=True))
        by_instance = {d.pk for d in rows if d.is_in_force(day)}
        assert by_instance == by_query, day
        day += DAY


def test_a_seat_frees_the_day_after_the_end_date_not_on_it(st_user, coalition):
    body = coalition["CR"]
    designate(st_user, body, start=START, end=END)
    designate(st_user, body, start=START)
    with refused("too_many_in_force"):
        designate(st_user, body, start=END)
    designate(st_user, body, start=END + DAY)


def test_a_seat_frees_on_the_revocation_day(st_user, coalition):
    body = coalition["CR"]
    first = designate(st_user, body, start=START)
    designate(st_user, body, start=START)
    services.designation_revoke(
        user=st_user, designation=first, revoked_on=REVOKED, reason="Cambio de cargo"
    )
    with refused("too_many_in_force"):
        designate(st_user, body, start=REVOKED - DAY)
    designate(st_user, body, start=REVOKED)


def test_the_limit_checks_each_start_inside_the_new_interval(st_user, coalition):
    """The busiest day can come after the new designation's start: nobody is in force on
    1 December 2024, but from 1 January 2025 two are, so a third from December is refused
    for 1 January."""
    body = coalition["PA"]
    designate(st_user, body, start=dt.date(2025, 1, 1), end=END)
    designate(st_user, body, start=dt.date(2025, 1, 1))
    with refused("too_many_in_force") as error:
        designate(st_user, body, start=dt.date(2024, 12, 1))
    assert error.value.params["day"] == "01/01/2025"
    designate(st_user, body, start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31))


def test_membership_is_in_force_on_its_first_and_last_day(coalition):
    hn = coalition["HN"].country
    membership = Membership.objects.get(country=hn)
    membership.end_date = END
    membership.save()
    assert hn in selectors.member_countries_on(END)
    assert hn not in selectors.member_countries_on(END + DAY)
    assert hn not in selectors.member_countries_on(membership.start_date - DAY)
    assert hn in selectors.member_countries_on(membership.start_date)
    assert [m.pk for m in Membership.objects.in_force_on(END).filter(country=hn)] == [membership.pk]
    assert not Membership.objects.in_force_on(END + DAY).filter(country=hn).exists()


def test_country_api_filter_uses_the_same_membership_rule(coalition):
    """HN a member until 2020-01-01 and an observer country from the next day (a made-up
    history): the API's status filter reads the membership in force today."""
    hn = coalition["HN"].country
    Membership.objects.filter(country=hn).update(end_date=dt.date(2020, 1, 1))
    Membership.objects.create(
        country=hn, status=Membership.Status.OBSERVER, start_date=dt.date(2020, 1, 2)
    )
    assert hn not in selectors.member_countries_on(dt.date(2020, 1, 2))
    assert hn in selectors.countries_with_status_on(status="observer", day=dt.date(2020, 1, 2))
    client = APIClient()
    client.force_authenticate(UserFactory(username="socio-api", role=User.Role.PARTNER))
    codes = {
        status: {c["iso_code"] for c in _results(client.get(COUNTRIES, {"status": status}))}
        for status in ("member", "observer")
    }
    assert "HN" not in codes["member"] and "GT" in codes["member"]
    assert codes["observer"] == {"HN"}


COUNTRIES = "/api/v1/countries/"


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def test_office_holder_on_the_first_and_last_day_of_the_term(coalition):
    country = coalition["SV"].country
    OfficeFactory(
        kind=Office.Kind.PRESIDENCY,
        country=country,
        start_date=dt.date(2031, 1, 1),
        end_date=dt.date(2031, 12, 31),
    )
    kind = Office.Kind.PRESIDENCY
    assert selectors.office_holder(kind=kind, day=dt.date(2031, 1, 1)).country == country
    assert selectors.office_holder(kind=kind, day=dt.date(2031, 12, 31)).country == country
    after = selectors.office_holder(kind=kind, day=dt.date(2032, 1, 1))
    assert after is None or after.country != country
