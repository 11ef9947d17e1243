"""English formats that suit Belize (issue 25): day/month/year and a 24-hour clock on pages,
e-mails and PDFs in English; Spanish keeps Django's formats."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import formats, translation

from meetings import services as meeting_services
from meetings.pdf import minutes_pdf
from meetings.tests.conftest import attend, attend_observer, full_house, meeting  # noqa: F401
from meetings.tests.factories import MeetingFactory
from meetings.tests.test_minutes import decided_meeting, pdf_text  # noqa: F401 (fixture)
from members.tests.factories import PersonFactory, UserFactory
from monitoring.notices import period_opened_message
from monitoring.tests.factories import open_period, small_poa

pytestmark = pytest.mark.django_db

SHORT_DATETIME = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b")


def test_english_formats_are_day_first_and_24_hour():
    day = dt.datetime(2026, 3, 10, 15, 5)
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "10/03/2026"
        assert formats.date_format(day, "DATE_FORMAT") == "10 March 2026"
        assert formats.time_format(day, "TIME_FORMAT") == "15:05"
        assert formats.date_format(day, "SHORT_DATETIME_FORMAT") == "10/03/2026 15:05"
        assert forms.DateField().clean("10/03/2026") == dt.date(2026, 3, 10)  # not 3 October
        assert forms.DateField().clean("2026-03-10") == dt.date(2026, 3, 10)  # date inputs


def test_spanish_formats_are_djangos():
    day = dt.datetime(2026, 3, 10, 15, 5)
    with translation.override("es"):
        assert formats.date_format(day, "DATE_FORMAT") == "10 de marzo de 2026"
        assert formats.date_format(day, "SHORT_DATETIME_FORMAT") == "10/03/2026 15:05"
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"


def test_an_english_page_shows_day_first_and_24_hour_times(client, coalition, st_user):
    person = PersonFactory(country=coalition["HN"].country, last_name="Antes")
    person.last_name = "Después"
    person.save()
    client.force_login(st_user)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("history")).content.decode()
    assert '<html lang="en">' in html
    assert SHORT_DATETIME.search(html)
    assert not re.search(r"\d{1,2}:\d{2} ?[ap]\.m\.", html)


def test_an_english_email_writes_the_day_before_the_month(coalition, st_user):
    period = open_period(st_user, small_poa(), due_on=dt.date(2026, 7, 3))
    english = UserFactory(username="fp-bz", language="en", national_body=coalition["BZ"])
    spanish = UserFactory(username="fp-gt", language="es", national_body=coalition["GT"])
    assert "3 July 2026" in period_opened_message(period=period, user=english).body
    assert "3 de julio de 2026" in period_opened_message(period=period, user=spanish).body


def test_the_minutes_pdf_localizes_the_dates_of_its_records(decided_meeting, st_user):  # noqa: F811
    minutes = meeting_services.minutes_generate(user=st_user, meeting=decided_meeting)
    day = decided_meeting.date
    for language in ("en", "es"):
        flat = pdf_text(minutes_pdf(minutes, user=st_user, language=language))
        assert day.strftime("%d/%m/%Y") in flat, language
        assert day.isoformat() not in flat, language  # no ISO date left in the records


def test_attendance_refusal_names_the_meeting_day_localized(client, coalition, st_user):
    from members.tests.factories import DesignationFactory

    held = MeetingFactory()
    designation = DesignationFactory(national_body=coalition["BZ"], role="alternate")
    client.force_login(st_user)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("meetings:attendance", args=[held.pk]),
        {"person": designation.person.pk, "capacity": "titular"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert held.date.strftime("%d/%m/%Y") in html
    assert held.date.isoformat() not in html
