"""The event report PDF (issue 21: "an event report PDF (participants by country and profile,
agenda, outputs)"): its text read with pypdf — the counts by country and profile, the agenda
lines by day, the confirmed participants with their days, the approved outputs only, the
budget per currency — in the reader's language; who may download it (403 for others)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from events import services
from events.certificates import long_date
from events.models import BudgetLine, DayAttendance, Event, EventOutput, Participant
from events.tests.factories import AgendaSlotFactory, EventFactory, ParticipantFactory
from members.models import Country, User
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

P = Participant.Profile
FIRST, LAST = dt.date(2027, 2, 15), dt.date(2027, 2, 16)


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


def flat(value: str) -> str:
    return "".join(str(value).split())


def text_of(pdf: bytes) -> str:
    return flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture
def event(coalition, st_user):
    """HN: 2 prosecutors and 1 investigator confirmed, GT: 1 prosecutor confirmed; a GT person
    still registered (not in the report); an agenda of three lines over two days; one output
    approved and one draft; a budget line of 1500 USD."""
    event = EventFactory(
        title="Taller regional de contrabando",
        invited=[country("HN"), country("GT")],
        status=Event.Status.CLOSED,
    )
    names = {}
    for iso, profile, name in (
        ("HN", P.PROSECUTOR, "Ana Fiscal"),
        ("HN", P.PROSECUTOR, "Berta Fiscal"),
        ("HN", P.INVESTIGATOR, "Carlos Investigador"),
        ("GT", P.PROSECUTOR, "Dora Fiscal"),
    ):
        names[name] = ParticipantFactory(
            event=event,
            country=country(iso),
            profile=profile,
            full_name=name,
            state=Participant.State.CONFIRMED,
        )
    ParticipantFactory(event=event, country=country("GT"), full_name="Elena Pendiente")
    for day in (FIRST, LAST):
        DayAttendance.objects.create(
            participant=names["Ana Fiscal"], day=day, method=DayAttendance.Method.DESK
        )
    AgendaSlotFactory(event=event, day=FIRST, activity="Inauguracion del taller")
    AgendaSlotFactory(
        event=event,
        day=FIRST,
        starts_at=dt.time(10, 30),
        ends_at=dt.time(12, 0),
        activity="Trabajo en grupos",
    )
    AgendaSlotFactory(event=event, day=LAST, activity="Plenaria de cierre")
    for title, approved in (("Matriz consolidada", True), ("Borrador pendiente", False)):
        EventOutput.objects.create(
            event=event,
            kind=EventOutput.Kind.CONSOLIDATED,
            title=title,
            file=SimpleUploadedFile("m.pdf", b"%PDF-1.4"),
            approved_at=timezone.now() if approved else None,
            approved_by=st_user if approved else None,
        )
    BudgetLine.objects.create(
        event=event,
        category=BudgetLine.Category.TRAVEL,
        description="Pasajes",
        planned=Decimal("1500"),
        currency="USD",
    )
    return event


def report(user: User, event: Event, status: int = 200):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("events:report", args=[event.pk]))
    assert response.status_code == status
    return response


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_report_counts_participants_by_country_and_profile(event, st_user, language):
    st_user.language = language
    st_user.save(update_fields=["language"])
    response = report(st_user, event)
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    with translation.override(language):
        hn, gt = country("HN").name, country("GT").name
        # Columns: prosecutor, migration director, migration police, investigator, liaison,
        # other, total.
        assert flat(f"{hn} 2 0 0 1 0 0 3") in text
        assert flat(f"{gt} 1 0 0 0 0 0 1") in text
        assert flat(gettext("Event report")) in text
        assert flat(long_date(FIRST)) in text and flat(long_date(LAST)) in text
    for line in (
        "09:00–10:00Inauguraciondeltaller",
        "10:30–12:00Trabajoengrupos",
        "Plenariadecierre",
    ):
        assert line in text
    assert text.index("Inauguraciondeltaller") < text.index("Plenariadecierre")
    for name in ("AnaFiscal", "BertaFiscal", "CarlosInvestigador", "DoraFiscal"):
        assert name in text
    assert "ElenaPendiente" not in text  # not confirmed
    assert "Matrizconsolidada" in text and "Borradorpendiente" not in text
    assert "USD" in text


def test_the_report_is_tagged_and_in_the_readers_language(event, st_user):
    st_user.language = "en"
    st_user.save(update_fields=["language"])
    reader = PdfReader(io.BytesIO(report(st_user, event).content))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4


def test_who_may_download_the_report(
    event, presidency_user, focal_point_hn, delegate, observer, coalition
):
    report(presidency_user, event)
    report(focal_point_hn, event)  # an invited country's focal point
    fp_sv = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["SV"])
    for user in (delegate, observer, fp_sv):
        report(user, event, status=403)


def test_a_focal_point_does_not_find_a_drafts_report(event, focal_point_hn, st_user):
    draft = EventFactory(invited=[country("HN")])
    report(focal_point_hn, draft, status=404)
    services.event_convene(user=st_user, event=draft, expected_version=draft.version)
    report(focal_point_hn, draft)
