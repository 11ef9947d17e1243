"""Self check-in through the public page (issue 21: "per-day registration ... self check-in
with a code"): no sign-in needed; the code signs the participant in for today where the
event is held, and only on a day of the event; a refusal shows on the code field with the
error summary; a client address that gives too many unknown codes is refused until the
window ends, without locking out anyone else."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from events import services
from events.certificates import long_date
from events.models import DayAttendance, Participant
from events.tests.factories import EventFactory
from members.models import Country

pytestmark = pytest.mark.django_db

CR = zoneinfo.ZoneInfo("America/Costa_Rica")
FIRST, LAST = dt.date(2027, 2, 15), dt.date(2027, 2, 16)
URL = reverse("events:check-in")
ON_THE_FIRST_DAY = dt.datetime(2027, 2, 15, 8, 30, tzinfo=CR)


@pytest.fixture
def participant(coalition, st_user, focal_point_hn) -> Participant:
    honduras = Country.objects.get(iso_code="HN")
    event = services.event_convene(
        user=st_user, event=EventFactory(invited=[honduras]), expected_version=None
    )
    registered = services.participant_register(
        user=focal_point_hn,
        event=event,
        country=honduras,
        full_name="Ana Pérez",
        position="Fiscal",
        institution="Ministerio Público",
        profile=Participant.Profile.PROSECUTOR,
    )
    return services.participant_confirm(user=st_user, participant=registered, expected_version=None)


def code_errors(response) -> list[str]:
    """The codes of the errors on the page's code field."""
    return [e.code for e in response.context["form"].errors.as_data().get("code", [])]


def test_the_page_is_open_to_anyone():
    response = Client().get(URL)
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_a_participant_signs_in_for_today_with_its_code(participant):
    with time_machine.travel(ON_THE_FIRST_DAY, tick=False):
        # Typed as read aloud: lower case, a space in the middle.
        code = participant.check_in_code
        response = Client().post(URL, {"code": f"{code[:4].lower()} {code[4:]}"}, follow=True)

    assert response.redirect_chain == [(URL, 302)]
    (attendance,) = DayAttendance.objects.filter(participant=participant)
    assert (attendance.day, attendance.method) == (FIRST, DayAttendance.Method.SELF)
    assert attendance.recorded_by is None
    with translation.override("es"):
        said = gettext("%(name)s is signed in for %(day)s.") % {
            "name": "Ana Pérez",
            "day": long_date(FIRST),
        }
    assert [str(m) for m in response.context["messages"]] == [said]


def test_outside_the_event_days_the_code_is_refused_on_its_field(participant):
    before = dt.datetime(2027, 2, 14, 20, 0, tzinfo=CR)  # already the 15th in UTC
    with time_machine.travel(before, tick=False):
        response = Client().post(URL, {"code": participant.check_in_code})

    assert response.status_code == 200
    assert code_errors(response) == ["not_an_event_day"]
    page = response.content.decode()
    assert "data-error-summary" in page and 'href="#id_code"' in page
    assert not DayAttendance.objects.exists()


def test_a_second_check_in_the_same_day_is_refused(participant):
    with time_machine.travel(ON_THE_FIRST_DAY, tick=False):
        client = Client()
        client.post(URL, {"code": participant.check_in_code})
        response = client.post(URL, {"code": participant.check_in_code})
    assert code_errors(response) == ["already_signed_in"]
    assert DayAttendance.objects.count() == 1


def test_an_unknown_code_is_refused(participant):
    with time_machine.travel(ON_THE_FIRST_DAY, tick=False):
        response = Client().post(URL, {"code": "ZZZZ2222"})
    assert code_errors(response) == ["unknown_code"]
    assert not DayAttendance.objects.exists()


def test_guessing_codes_from_one_address_is_stopped(participant, settings):
    settings.EVENTS_CHECK_IN_FAILURES = 3
    settings.EVENTS_CHECK_IN_WINDOW_SECONDS = 600
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    code = participant.check_in_code
    with time_machine.travel(ON_THE_FIRST_DAY, tick=False) as clock:
        for guess in ("AAAA2222", "BBBB3333", "CCCC4444"):
            assert code_errors(guesser.post(URL, {"code": guess})) == ["unknown_code"]
        # The fourth attempt is refused before the code is looked at, even the right one.
        refused = guesser.post(URL, {"code": code})
        assert refused.status_code == 429
        assert code_errors(refused) == ["too_many_attempts"]
        assert not DayAttendance.objects.exists()
        # Somebody else, at another address, is not locked out.
        other = Client(REMOTE_ADDR="198.51.100.4").post(URL, {"code": code})
        assert other.status_code == 302
        # The window ends: the address may try again.
        clock.shift(dt.timedelta(seconds=601))
        again = guesser.post(URL, {"code": "DDDD5555"})
        assert again.status_code == 200
        assert code_errors(again) == ["unknown_code"]


def test_participants_sharing_the_venue_address_do_not_lock_each_other_out(participant, settings):
    """Only unknown codes count: check-ins and repeated check-ins from one address do not."""
    settings.EVENTS_CHECK_IN_FAILURES = 2
    venue = Client(REMOTE_ADDR="192.0.2.50")
    code = participant.check_in_code
    with time_machine.travel(ON_THE_FIRST_DAY, tick=False):
        assert venue.post(URL, {"code": code}).status_code == 302
        for _ in range(3):
            assert code_errors(venue.post(URL, {"code": code})) == ["already_signed_in"]
        assert code_errors(venue.post(URL, {"code": "EEEE6666"})) == ["unknown_code"]
        assert venue.post(URL, {"code": "FFFF7777"}).status_code == 200
        assert venue.post(URL, {"code": code}).status_code == 429
