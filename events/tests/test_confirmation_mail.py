"""The confirmation e-mail (issue 21): when ST confirms a participant with an address, the
participant is told once the confirmation is committed, in its language — the event, its
dates and venue, the agenda by day, its check-in code and the link to the check-in page —
with the event's days as all-day events in a calendar file; the message is logged as a
Delivery. Read as the participant reads it: parsed from the outbox, its link followed."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from communications.models import Delivery
from events import notices, services
from events.certificates import long_date
from events.models import Event, Participant
from events.tests.factories import AgendaSlotFactory, EventFactory
from members.models import Country

pytestmark = pytest.mark.django_db

SITE = "https://coalicion.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")
FIRST, LAST = dt.date(2027, 2, 15), dt.date(2027, 2, 16)
TITLE = "Taller regional sobre el plan contra el tráfico ilícito de migrantes"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def event(coalition, st_user):
    honduras = Country.objects.get(iso_code="HN")
    draft = EventFactory(
        title=TITLE,
        invited=[honduras],
        host_country=Country.objects.get(iso_code="CR"),
        venue="Hotel Crowne Plaza",
    )
    AgendaSlotFactory(
        event=draft,
        day=FIRST,
        starts_at=dt.time(8, 30),
        ends_at=dt.time(9, 0),
        activity="Registro de los participantes",
    )
    AgendaSlotFactory(
        event=draft,
        day=LAST,
        starts_at=dt.time(14, 0),
        ends_at=dt.time(15, 30),
        activity="Presentación de las matrices en plenaria",
        responsible="Secretaría Técnica",
    )
    return services.event_convene(user=st_user, event=draft, expected_version=None)


def register(event, focal_point, **fields) -> Participant:
    return services.participant_register(
        user=focal_point,
        event=event,
        country=Country.objects.get(iso_code="HN"),
        full_name="Ana Pérez",
        position="Fiscal",
        institution="Ministerio Público",
        profile=Participant.Profile.PROSECUTOR,
        **fields,
    )


def confirm(participant, st_user, capture, *, execute=True):
    with capture(execute=execute) as callbacks:
        services.participant_confirm(user=st_user, participant=participant, expected_version=None)
    return callbacks


def calendar_of(message) -> Calendar:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_confirmed_participant_gets_its_code_the_agenda_and_the_calendar(
    event, focal_point_hn, st_user, django_capture_on_commit_callbacks, language
):
    participant = register(event, focal_point_hn, email="ana.perez@mp.hn", language=language)
    confirm(participant, st_user, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["ana.perez@mp.hn"]
    assert TITLE in message.subject
    body = message.body
    with translation.override(language):
        first, last = long_date(FIRST), long_date(LAST)
        for expected in (
            gettext("Your check-in code"),
            participant.check_in_code,
            str(Event.Kind.WORKSHOP.label),
            "Hotel Crowne Plaza, San José, Costa Rica",
            first,
            last,
            "08:30–09:00  Registro de los participantes",
            "14:00–15:30  Presentación de las matrices en plenaria (Secretaría Técnica)",
        ):
            assert expected in body, expected
    # The agenda by day: each line under its day.
    assert body.index(first) < body.index("Registro") < body.rindex(last)
    assert body.rindex(last) < body.index("Presentación")

    # Its one link is the check-in page, on the site's public address, and it opens.
    (link,) = URL.findall(body)
    assert link.startswith(SITE + "/")
    assert Client().get(urlsplit(link).path).status_code == 200

    # The calendar: one all-day event per day of the event (DATE values, end exclusive).
    calendar = calendar_of(message)
    assert str(calendar["METHOD"]) == "PUBLISH"
    days = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in days] == [
        (FIRST, FIRST + dt.timedelta(days=1)),
        (LAST, LAST + dt.timedelta(days=1)),
    ]
    assert all(type(e.decoded("DTSTART")) is dt.date for e in days)
    assert {str(e["SUMMARY"]) for e in days} == {TITLE}
    assert "Registro de los participantes" in str(days[0]["DESCRIPTION"])
    assert "Presentación de las matrices" in str(days[1]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in days}) == 2

    # Logged: to the bare address (no account), in its language, about the participant.
    (delivery,) = Delivery.objects.all()
    assert delivery.kind == Delivery.Kind.EVENT_CONFIRMED
    assert delivery.state == Delivery.State.SENT
    assert (delivery.email, delivery.name, delivery.language) == (
        "ana.perez@mp.hn",
        "Ana Pérez",
        language,
    )
    assert delivery.user is None and delivery.country.iso_code == "HN"
    assert delivery.about == participant
    assert delivery.link == link


def test_the_e_mail_leaves_only_once_the_confirmation_is_committed(
    event, focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    participant = register(event, focal_point_hn, email="ana.perez@mp.hn")
    callbacks = confirm(participant, st_user, django_capture_on_commit_callbacks, execute=False)
    assert len(callbacks) == 1
    assert mail.outbox == [] and not Delivery.objects.exists()
    callbacks[0]()
    assert len(mail.outbox) == 1


def test_no_e_mail_for_a_participant_without_an_address(
    event, focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    participant = register(event, focal_point_hn, email="")
    callbacks = confirm(participant, st_user, django_capture_on_commit_callbacks)
    assert callbacks == []
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_a_participant_declined_before_the_e_mail_left_is_not_told(
    event, focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    participant = register(event, focal_point_hn, email="ana.perez@mp.hn")
    callbacks = confirm(participant, st_user, django_capture_on_commit_callbacks, execute=False)
    services.participant_decline(user=st_user, participant=participant, expected_version=None)
    callbacks[0]()
    assert mail.outbox == [] and not Delivery.objects.exists()
    assert notices.participant_confirmed_notify(participant_id=participant.pk) == 0


def test_an_address_removed_before_the_e_mail_left_logs_nothing(
    event, focal_point_hn, st_user, django_capture_on_commit_callbacks
):
    participant = register(event, focal_point_hn, email="ana.perez@mp.hn")
    callbacks = confirm(participant, st_user, django_capture_on_commit_callbacks, execute=False)
    services.participant_update(
        user=focal_point_hn, participant=participant, expected_version=None, email=""
    )
    callbacks[0]()
    assert mail.outbox == [] and not Delivery.objects.exists()
