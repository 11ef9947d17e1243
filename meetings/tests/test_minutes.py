"""Minutes (acta): drafted from the records, circulated, approved at the next meeting's
item, then locked (003 §VIII Presidency 10, ST 11–12; SPEC §1)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from meetings import services
from meetings.models import AgendaItem, Meeting, Minutes, Motion
from meetings.pdf import minutes_pdf
from meetings.tests.factories import AgendaItemFactory, MotionFactory
from members.models import Country, ObserverOrganisation
from members.tests.factories import ObserverOrganisationFactory

pytestmark = pytest.mark.django_db


def refused(code, fn, **kwargs):
    with pytest.raises(ValidationError) as error:
        fn(**kwargs)
    assert error.value.code == code, error.value


@pytest.fixture
def decided_meeting(coalition, meeting, full_house, attend_observer, st_user, presidency_user):
    full_house(meeting, 6)
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    attend_observer(meeting, ObserverOrganisationFactory(acronym="OIM"))
    services.quorum_verify(user=presidency_user, meeting=meeting)
    item = AgendaItemFactory(meeting=meeting, title="Plan de trabajo 2026")
    voted = MotionFactory(agenda_item=item, text="Aprobar el POA 2026")
    services.motion_open(user=st_user, motion=voted)
    for iso, choice in {
        "BZ": "yes",
        "CR": "yes",
        "DO": "yes",
        "GT": "yes",
        "HN": "no",
        "MX": "abstain",
    }.items():
        services.vote_cast(
            user=st_user, motion=voted, country=Country.objects.get(iso_code=iso), choice=choice
        )
    services.motion_close(user=st_user, motion=voted)
    consensus = MotionFactory(agenda_item=item, text="Crear el comité de comunicación")
    services.motion_record_consensus(
        user=presidency_user,
        motion=consensus,
        reservations=[(Country.objects.get(iso_code="MX"), "Reserva de México")],
    )
    return meeting


def next_meeting(st_user, presidency_user):
    return services.meeting_create(
        user=presidency_user,
        kind=Meeting.Kind.ORDINARY,
        title="XVI Reunión Ordinaria",
        starts_at=dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 9, 1, 17, tzinfo=dt.UTC),
    )


def test_new_ordinary_meeting_starts_with_the_three_standard_items(
    decided_meeting, st_user, presidency_user
):
    nxt = next_meeting(st_user, presidency_user)
    items = list(nxt.agenda_items.all())
    assert [i.title for i in items] == [
        "Verificación del quórum",
        "Aprobación de la agenda",
        "Lectura y aprobación del acta anterior",
    ]
    assert items[2].minutes_of == decided_meeting


def test_minutes_draft_holds_the_records(decided_meeting, st_user):
    minutes = services.minutes_generate(
        user=st_user, meeting=decided_meeting, narrative="Se abrió la sesión."
    )
    records = minutes.records
    assert [c["iso"] for c in records["attendance"]] == [
        "BZ",
        "CR",
        "GT",
        "HN",
        "MX",
        "DO",
    ]  # by Spanish name
    assert records["observers"][0]["organisation"] == "OIM"
    assert records["quorum"][0]["represented"] == ["BZ", "CR", "DO", "GT", "HN", "MX"]
    vote = records["motions"][0]
    assert (vote["yes"], vote["no"], vote["abstain"], vote["entitled"], vote["outcome"]) == (
        4,
        1,
        1,
        6,
        "adopted",
    )
    consensus = records["motions"][1]
    assert consensus["method"] == "consensus" and consensus["reservations"][0]["country"] == "MX"
    assert [a["number"] for a in records["agreements"]] == ["CR-2026-01", "CR-2026-02"]


def test_minutes_are_approved_at_the_next_meeting_and_locked(
    decided_meeting, st_user, presidency_user, full_house
):
    minutes = services.minutes_generate(user=st_user, meeting=decided_meeting)
    services.minutes_circulate(user=st_user, minutes=minutes)
    services.minutes_comment(
        user=presidency_user, minutes=minutes, text="Corregir el nombre de la ciudad."
    )
    nxt = next_meeting(st_user, presidency_user)
    item = nxt.agenda_items.get(standard=AgendaItem.Standard.MINUTES)
    refused(
        "not_in_session",
        services.minutes_approve,
        user=presidency_user,
        minutes=minutes,
        agenda_item=item,
    )
    services.agenda_item_create(user=presidency_user, meeting=nxt, title="Plan de trabajo 2027")
    services.meeting_convene(user=presidency_user, meeting=nxt)
    services.meeting_transition(user=presidency_user, meeting=nxt, to="in_session")
    item.meeting.refresh_from_db()
    refused(
        "no_quorum",
        services.minutes_approve,
        user=presidency_user,
        minutes=minutes,
        agenda_item=item,
    )
    full_house(item.meeting, 5)
    other_item = AgendaItemFactory(meeting=item.meeting)
    refused(
        "minutes_wrong_item",
        services.minutes_approve,
        user=presidency_user,
        minutes=minutes,
        agenda_item=other_item,
    )
    services.minutes_approve(user=presidency_user, minutes=minutes, agenda_item=item)
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.APPROVED and minutes.approved_in == item
    refused(
        "minutes_locked", services.minutes_update, user=st_user, minutes=minutes, narrative="cambio"
    )
    refused("minutes_locked", services.minutes_generate, user=st_user, meeting=decided_meeting)
    refused("minutes_locked", services.minutes_circulate, user=st_user, minutes=minutes)
    refused("minutes_locked", services.minutes_comment, user=st_user, minutes=minutes, text="tarde")
    # Only an explicit reopening by ST, with its reason, unlocks them.
    services.minutes_reopen(user=st_user, minutes=minutes, reason="Error material en la lista")
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.DRAFT
    assert minutes.history.filter(reopen_reason="Error material en la lista").exists()


def test_comments_only_while_circulated(decided_meeting, st_user):
    minutes = services.minutes_generate(user=st_user, meeting=decided_meeting)
    refused(
        "minutes_not_circulated", services.minutes_comment, user=st_user, minutes=minutes, text="x"
    )


def pdf_text(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split())  # pypdf splits some kerned pairs ("T exto")


def test_minutes_pdf_has_the_header_and_the_records(decided_meeting, st_user):
    minutes = services.minutes_generate(
        user=st_user, meeting=decided_meeting, narrative="Texto narrativo del acta."
    )
    flat = pdf_text(minutes_pdf(minutes, user=st_user))
    assert "CoaliciónRegional" in flat
    assert "".join(decided_meeting.title.split()) in flat
    assert "Textonarrativodelacta." in flat
    assert "CR-2026-01" in flat and "AprobarelPOA2026" in flat
    assert "ReservadeMéxico" in flat and "RepúblicaDominicana" in flat


def test_minutes_pdf_is_in_the_language_asked_not_the_active_one(decided_meeting, st_user):
    minutes = services.minutes_generate(user=st_user, meeting=decided_meeting)
    with translation.override("en"):  # e.g. left active by an English request
        default = pdf_text(minutes_pdf(minutes, user=st_user))
    assert "Actadelareunión" in default and "RepúblicaDominicana" in default
    assert "Minutesofthemeeting" not in default
    english = pdf_text(minutes_pdf(minutes, user=st_user, language="en"))
    assert "Minutesofthemeeting" in english and "DominicanRepublic" in english


VOTE_COUNTS = "yes:4,no:1,abstentions:1,of6countriesentitledtovote"


def test_minutes_show_unpublished_results_only_to_those_who_steer(
    decided_meeting, st_user, presidency_user, delegate, client
):
    """The minutes read a decision's result through the rule of the meeting page and the
    API (selectors.motion_result_view): until published, only the Presidency and ST."""
    minutes = services.minutes_generate(user=st_user, meeting=decided_meeting)
    services.minutes_circulate(user=st_user, minutes=minutes)
    for_st = pdf_text(minutes_pdf(minutes, user=st_user, language="en"))
    assert VOTE_COUNTS in for_st and "Adoptedbyconsensus." in for_st
    assert "ReservadeMéxico" in for_st
    for reader in (delegate, None):  # None: the archived copy, as circulated
        flat = pdf_text(minutes_pdf(minutes, user=reader, language="en"))
        assert "AprobarelPOA2026" in flat  # the motion, not its result
        assert VOTE_COUNTS not in flat and "Adoptedbyconsensus." not in flat
        assert "ReservadeMéxico" not in flat
    client.force_login(delegate)
    page = client.get(reverse("meetings:minutes", args=[decided_meeting.pk])).content.decode()
    assert "Aprobar el POA 2026" in page and "Reserva de México" not in page

    # Published after the draft was generated: the minutes read the motion's state now.
    for motion in Motion.objects.filter(agenda_item__meeting=decided_meeting):
        services.motion_publish(user=presidency_user, motion=motion)
    flat = pdf_text(minutes_pdf(minutes, user=delegate, language="en"))
    assert VOTE_COUNTS in flat and "ReservadeMéxico" in flat
    page = client.get(reverse("meetings:minutes", args=[decided_meeting.pk])).content.decode()
    assert "Reserva de México" in page
