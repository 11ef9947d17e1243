"""What the meeting page's htmx fragments say and where they send the focus (issue 25): an
arrival, a departure and an accreditation are announced politely (data-announce, read by the
page's live region in static/js/coalicion.js), a refusal is an alert; the quorum box and a
report's state carry the sentence said when they change; the vote screen names countries;
the agenda links the minutes it approves only for who may read them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Minutes
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, MotionFactory
from members.models import Designation, User
from members.tests.factories import DesignationFactory, UserFactory

pytestmark = pytest.mark.django_db


def announced(html: str) -> list[str]:
    """The texts of the elements the live region reads after a swap."""
    said = re.findall(r'data-announce="([^"]+)"', html)
    said += [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"data-announce>(.*?)<", html)]
    return said


def test_an_arrival_is_announced_and_the_form_comes_back_blank(client, coalition, st_user):
    meeting = MeetingFactory()
    person = DesignationFactory(national_body=coalition["HN"], role="titular").person
    client.force_login(st_user)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {"person": person.pk, "capacity": Designation.Role.TITULAR},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response["HX-Trigger"] == "attendanceChanged"
    assert announced(html) == [f"Llegada registrada: {person.full_name}."]
    assert 'role="alert"' not in html and "data-error-summary" not in html
    assert 'id="attendance" tabindex="-1"' in html  # the focus's fallback
    assert re.search(r'<select[^>]*name="person"', html)
    assert f'value="{person.pk}" selected' not in html  # blank for the next arrival


def test_a_departure_and_an_accreditation_are_announced(client, coalition, st_user):
    meeting = MeetingFactory()
    titular = DesignationFactory(national_body=coalition["HN"], role="titular").person
    alternate = DesignationFactory(national_body=coalition["GT"], role="alternate").person
    arrival = meeting_services.attendance_record(
        user=st_user, meeting=meeting, person=titular, capacity="titular"
    )
    second = meeting_services.attendance_record(
        user=st_user, meeting=meeting, person=alternate, capacity="alternate"
    )
    client.force_login(st_user)
    html = client.post(
        reverse("meetings:attendance-accredit", args=[second.pk]),
        {"accreditation_note": "Nota CONATT-GT"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert announced(html) == [f"Acreditación registrada: {alternate.full_name}."]
    html = client.post(
        reverse("meetings:attendance-depart", args=[arrival.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert announced(html) == [f"Salida registrada: {titular.full_name}."]
    # A refusal (already left) is an alert, not a polite line.
    html = client.post(
        reverse("meetings:attendance-depart", args=[arrival.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert announced(html) == []
    assert 'class="alert alert-danger" role="alert"' in html


def test_the_quorum_box_says_its_state_in_a_sentence(client, coalition, st_user):
    meeting = MeetingFactory()
    client.force_login(st_user)
    html = client.get(reverse("meetings:quorum", args=[meeting.pk])).content.decode()
    said = announced(html)
    assert len(said) == 1 and said[0].startswith("Quórum: 0 de ")
    assert "más" in said[0]  # how many more countries are needed
    assert "aria-live" not in html  # the page's one live region speaks, only on a change


def test_the_vote_screen_names_countries(client, coalition, st_user):
    meeting = MeetingFactory()
    for iso in ("HN", "GT", "SV", "CR", "PA"):
        person = DesignationFactory(national_body=coalition[iso], role="titular").person
        meeting_services.attendance_record(
            user=st_user, meeting=meeting, person=person, capacity="titular"
        )
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    meeting_services.motion_open(user=st_user, motion=motion)
    client.force_login(st_user)
    motion.refresh_from_db()
    assert sorted(motion.entitled_countries) == ["CR", "GT", "HN", "PA", "SV"]
    html = client.get(reverse("meetings:vote", args=[motion.pk])).content.decode()
    rows = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert sorted(rows) == sorted(
        coalition[iso].country.name_es for iso in motion.entitled_countries
    )
    assert "HN" not in rows


@pytest.mark.parametrize(
    ("state", "st_sees", "delegate_sees"),
    [
        (None, False, False),  # no minutes: nothing to open
        (Minutes.State.DRAFT, True, False),  # ST's working copy
        (Minutes.State.CIRCULATED, True, True),
        (Minutes.State.APPROVED, True, True),
    ],
)
def test_the_agenda_links_the_minutes_it_approves_only_for_who_may_read_them(
    client, coalition, st_user, state, st_sees, delegate_sees
):
    earlier = MeetingFactory(title="XIX Reunión Ordinaria")
    if state:
        Minutes.objects.create(meeting=earlier, state=state)
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, minutes_of=earlier, title="Aprobación del acta")
    delegate = UserFactory(role=User.Role.DELEGATE, national_body=coalition["HN"])
    link = reverse("meetings:minutes", args=[earlier.pk])
    for user, sees in ((st_user, st_sees), (delegate, delegate_sees)):
        client.force_login(user)
        html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
        assert "XIX Reunión Ordinaria" in html
        assert (f'href="{link}"' in html) is sees, user.role
        if sees:
            assert client.get(link).status_code == 200


def test_the_meetings_spanish_texts_are_marked_on_english_pages(client, coalition, st_user):
    """Agenda items, motions and agreements are written in Spanish: an English page says so
    (lang="es"), so a screen reader reads them with Spanish pronunciation."""
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting, title="Plan de trabajo regional")
    motion = MotionFactory(agenda_item=item, text="Aprobar el plan de trabajo")
    client.force_login(st_user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert '<html lang="en">' in page
    assert '<span lang="es">Plan de trabajo regional</span>' in page
    assert '<td lang="es">Aprobar el plan de trabajo</td>' in page
    vote = client.get(reverse("meetings:vote", args=[motion.pk])).content.decode()
    assert '<h1 class="h3" lang="es">Aprobar el plan de trabajo</h1>' in vote
