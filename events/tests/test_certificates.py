"""Certificates of participation (issue 21: "certificates only for those who attended", "as
PDFs in the participant's language"): the PDF read back with pypdf names the participant,
the event and the days attended, in the participant's language whoever downloads it; it is
a tagged PDF like the others; the organisers, ST and the participant's own focal points get
it, another country's focal point is refused; a participant who did not attend has none."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pikepdf
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from lxml import html
from pypdf import PdfReader

from common.pdf import coalition_name
from events import services
from events.certificates import long_date
from events.models import Event, EventActor, Participant
from events.tests.factories import EventFactory
from members.models import Country, User
from plans.tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

CR = zoneinfo.ZoneInfo("America/Costa_Rica")
FIRST, LAST = dt.date(2027, 2, 15), dt.date(2027, 2, 16)
TITLE = "Taller regional sobre el plan contra el tráfico ilícito de migrantes"


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


@pytest.fixture
def event(coalition, st_user):
    draft = EventFactory(
        title=TITLE,
        invited=[country("HN"), country("GT")],
        host_country=country("CR"),
        organised_by=Event.Organiser.SECRETARIAT,
    )
    EventActor.objects.create(
        event=draft,
        actor=ActorFactory(name="Conferencia Regional sobre Migración"),
        role="organiser",
    )
    return services.event_convene(user=st_user, event=draft, expected_version=None)


def confirmed(event, focal_point, st_user, *, language: str, name: str) -> Participant:
    participant = services.participant_register(
        user=focal_point,
        event=event,
        country=country("HN"),
        full_name=name,
        position="Fiscal especial",
        institution="Ministerio Público de Honduras",
        profile=Participant.Profile.PROSECUTOR,
        email="",
        language=language,
    )
    return services.participant_confirm(
        user=st_user, participant=participant, expected_version=None
    )


def attended(participant, st_user, *days: dt.date) -> None:
    with time_machine.travel(dt.datetime(2027, 2, 16, 17, 0, tzinfo=CR), tick=False):
        for day in days:
            services.day_sign_in(user=st_user, participant=participant, day=day)


def url(participant) -> str:
    return reverse("events:certificate", args=[participant.pk])


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flat(value: str) -> str:
    """Without whitespace: pypdf breaks lines where the layout does."""
    return "".join(str(value).split())


def text_of(pdf: bytes) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def expected_in(language: str, participant: Participant, days: list[dt.date]) -> list[str]:
    """What the certificate must say, as the catalogue renders it in `language`."""
    with translation.override(language):
        return [
            coalition_name(),
            gettext("Certificate of participation"),
            gettext("certifies that"),
            participant.full_name,
            participant.position,
            participant.institution,
            TITLE,
            str(Event.Kind.WORKSHOP.label),
            "Conferencia Regional sobre Migración",
            *(long_date(day) for day in days),
        ]


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_certificate_says_who_took_part_in_what_and_on_which_days_in_its_language(
    event, focal_point_hn, st_user, language
):
    participant = confirmed(event, focal_point_hn, st_user, language=language, name="Ana Pérez")
    attended(participant, st_user, LAST)
    st_user.language = "en" if language == "es" else "es"  # the reader's language is not used
    st_user.save(update_fields=["language"])

    response = client_of(st_user).get(url(participant))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for expected in expected_in(language, participant, [LAST]):
        assert flat(expected) in text, expected
    # Only the days attended (the first day is in the event's dates, not among them).
    with translation.override(language):
        listed = text.split(flat(gettext("Days attended:")), 1)[1]
        assert listed.startswith(flat(long_date(LAST)))
        assert flat(long_date(FIRST)) not in listed
    # The dates and the coalition's name in the participant's language, not the other's.
    other = "en" if language == "es" else "es"
    with translation.override(other):
        assert flat(long_date(LAST)) not in text
        assert flat(coalition_name()) not in text
    # Tagged like every PDF of the platform (common.pdf): structure, language, title.
    with pikepdf.open(io.BytesIO(response.content)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == language
        with translation.override(language):
            assert str(pdf.docinfo.Title).startswith(gettext("Certificate of participation"))


def test_the_days_attended_are_listed_and_nothing_else(event, focal_point_hn, st_user):
    participant = confirmed(event, focal_point_hn, st_user, language="es", name="Ana Pérez")
    attended(participant, st_user, FIRST, LAST)
    text = text_of(client_of(st_user).get(url(participant)).content)
    with translation.override("es"):
        days = flat(gettext("Days attended:"))
        listed = text.split(days, 1)[1]
        assert listed.startswith(flat(long_date(FIRST)) + "·" + flat(long_date(LAST)))


def test_a_participant_who_did_not_attend_has_no_certificate(event, focal_point_hn, st_user):
    absent = confirmed(event, focal_point_hn, st_user, language="es", name="Luis Gómez")
    assert client_of(st_user).get(url(absent)).status_code == 404
    # Signed in, then declined by ST: no longer a confirmed participant, no certificate.
    attended(absent, st_user, FIRST)
    assert client_of(st_user).get(url(absent)).status_code == 200
    services.participant_decline(user=st_user, participant=absent, expected_version=None)
    assert client_of(st_user).get(url(absent)).status_code == 404


def test_who_downloads_a_certificate(
    event, focal_point_hn, focal_point_gt, st_user, presidency_user, delegate, observer, partner
):
    participant = confirmed(event, focal_point_hn, st_user, language="es", name="Ana Pérez")
    attended(participant, st_user, FIRST)
    for user in (st_user, presidency_user, focal_point_hn):
        assert client_of(user).get(url(participant)).status_code == 200, user
    for user in (focal_point_gt, delegate, observer, partner):
        assert client_of(user).get(url(participant)).status_code == 403, user
    # Refused before anything is said about attendance: no 404 to tell who attended.
    absent = confirmed(event, focal_point_hn, st_user, language="es", name="Luis Gómez")
    assert client_of(focal_point_gt).get(url(absent)).status_code == 403
    anonymous = Client().get(url(participant))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_an_invited_actors_participant_gets_one_through_the_organisers_only(
    event, focal_point_hn, st_user
):
    organisation = EventActor.objects.create(
        event=event,
        actor=ActorFactory(name="Organización Internacional para las Migraciones"),
        role=EventActor.Role.PARTNER,
        quota=2,
    )
    participant = services.participant_register(
        user=st_user,
        event=event,
        event_actor=organisation,
        full_name="Marta Ruiz",
        position="Oficial de proyectos",
        institution="OIM",
        profile=Participant.Profile.OTHER,
        language="en",
    )
    services.participant_confirm(user=st_user, participant=participant, expected_version=None)
    attended(participant, st_user, FIRST)
    response = client_of(st_user).get(url(participant))
    assert response.status_code == 200
    assert flat("Organización Internacional para las Migraciones") in text_of(response.content)
    assert client_of(focal_point_hn).get(url(participant)).status_code == 403


def test_the_event_page_links_the_certificate_of_those_who_attended(
    event, focal_point_hn, focal_point_gt, st_user, client
):
    went = confirmed(event, focal_point_hn, st_user, language="es", name="Asistió")
    stayed = confirmed(event, focal_point_hn, st_user, language="es", name="No vino")
    attended(went, st_user, FIRST)
    page = reverse("events:detail", args=[event.pk])

    def links(user) -> set[str]:
        client.force_login(user)
        doc = html.fromstring(client.get(page).content)
        return set(doc.xpath("//a[@data-action='certificate']/@href"))

    assert links(st_user) == links(focal_point_hn) == {url(went)}
    assert url(stayed) not in links(st_user)
    assert links(focal_point_gt) == set()  # Honduras's participants are not Guatemala's
