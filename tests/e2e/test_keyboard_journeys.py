"""Keyboard-only journeys with assertions on where the focus is after each step (issue 25):
a focal point fixes an error found through the error summary and submits the report; ST
records six arrivals through htmx without losing the focus; ST records a vote. After each
swap the page's live region says what changed."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings import services as meeting_services
from meetings.tests.factories import MeetingFactory, MotionFactory
from members.loaders import load_coalition
from members.models import Designation, NationalBody, User
from members.tests.factories import DesignationFactory, UserFactory
from monitoring.models import ProgressReport
from monitoring.tests.factories import open_period, small_poa

pytestmark = pytest.mark.django_db(transaction=True)

ACTIVE = """() => { const e = document.activeElement;
  return {id: e.id, name: e.getAttribute('name') || '', tag: e.tagName,
          summary: e.hasAttribute('data-error-summary'),
          messages: e.hasAttribute('data-page-messages'),
          submit: e.matches('button[type=submit], input[type=submit]'),
          href: e.getAttribute('href') || '', text: (e.textContent || '').trim().slice(0, 80)}; }"""


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def announced(page) -> str:
    return page.locator("#live-announcer").inner_text()


def tab_until(page, predicate, limit: int = 60) -> dict:
    """Press Tab until the focused element satisfies `predicate`; return it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = active(page)
        if predicate(now):
            return now
    raise AssertionError("not reachable with Tab")


@pytest.fixture
def world(transactional_db) -> dict:
    load_coalition()
    bodies = {b.country.iso_code: b for b in NationalBody.objects.principal()}
    st = UserFactory(username="st", role=User.Role.SECRETARIAT)
    UserFactory(username="fp-hn", role=User.Role.FOCAL_POINT, national_body=bodies["HN"])
    today = dt.date.today()
    # Two activities for the body, 50 % planned each (monitoring.tests.factories.small_poa).
    open_period(st, small_poa(), opens_on=today, due_on=today + dt.timedelta(days=30))
    meeting = MeetingFactory(starts_at=dt.datetime.now(dt.UTC))
    titulars = [
        DesignationFactory(national_body=bodies[iso], role=Designation.Role.TITULAR).person
        for iso in sorted(bodies)
    ]
    return {
        "report": ProgressReport.objects.get(national_body=bodies["HN"]),
        "meeting": meeting,
        "titulars": titulars,
        "st": st,
    }


def test_focal_point_fixes_an_error_through_the_summary_and_submits(
    page, live_server, login, world, shot
):
    report = world["report"]
    login("fp-hn")
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/edit/")

    def progress_of(code: str):
        card = page.locator("fieldset.card").filter(
            has=page.locator("legend strong", has_text=code)
        )
        return card.locator("input[name$='-progress']")

    first, second = progress_of("1.1.1"), progress_of("1.1.2")
    field_id = first.get_attribute("id")
    tab_until(page, lambda e: e["name"] == first.get_attribute("name"))
    page.keyboard.type("300")  # over 100: refused
    tab_until(page, lambda e: e["name"] == second.get_attribute("name"))
    page.keyboard.type("50")
    tab_until(page, lambda e: e["name"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # 1. The summary has the focus and the title says there is an error.
    assert active(page)["summary"], active(page)
    assert page.title().startswith("Error: ")
    shot("keyboard-report-error-summary")
    # 2. Its link takes the focus to the field in error.
    link = tab_until(page, lambda e: e["href"] == f"#{field_id}", limit=10)
    assert link["tag"] == "A"
    page.keyboard.press("Enter")
    assert active(page)["id"] == field_id
    # 3. Fixed, and submitted from the keyboard.
    page.keyboard.press("Control+A")
    page.keyboard.type("50")
    tab_until(page, lambda e: e["name"] == "submit")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not page.locator("[data-error-summary]").count()
    assert active(page)["messages"], active(page)  # "submitted" is read first
    shot("keyboard-report-submitted")
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    assert sorted(report.entries.values_list("progress", flat=True)) == [50, 50]


def test_st_records_six_arrivals_without_losing_the_focus(page, live_server, login, world, shot):
    meeting = world["meeting"]
    login("st")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    tab_until(page, lambda e: e["id"] == "id_person", limit=200)
    names = []
    for arrival in range(1, 7):
        assert active(page)["id"] == "id_person", f"arrival {arrival}: {active(page)}"
        for _ in range(arrival):  # the blank choice first, then the persons in order
            page.keyboard.press("ArrowDown")
        names.append(page.locator("#id_person option:checked").inner_text().split(" · ")[0])
        tab_until(page, lambda e: e["tag"] == "BUTTON" and "Registrar llegada" in e["text"])
        with page.expect_response(lambda r: r.url.endswith(f"/meetings/{meeting.pk}/attendance/")):
            page.keyboard.press("Enter")
        page.wait_for_function(
            "n => document.querySelectorAll('#attendance tbody tr').length === n", arg=arrival
        )
        page.wait_for_function("() => document.activeElement.id === 'id_person'")
        assert active(page)["id"] == "id_person"
        assert f"Llegada registrada: {names[-1]}." in announced(page)
    shot("keyboard-six-arrivals")
    assert meeting.attendances.count() == 6
    # The quorum box followed, and said so once it changed (6 of 9: reached).
    page.wait_for_function(
        "() => document.querySelector('[data-testid=represented]').textContent === '6'"
    )
    page.wait_for_function(
        "() => document.getElementById('live-announcer').textContent.includes('Hay quórum')"
    )


def test_st_records_a_vote_with_the_keyboard(page, live_server, login, world, shot):
    meeting, st = world["meeting"], world["st"]
    for person in world["titulars"][:5]:
        meeting_services.attendance_record(
            user=st, meeting=meeting, person=person, capacity=Designation.Role.TITULAR
        )
    motion = MotionFactory(agenda_item__meeting=meeting, text="Aprobar el informe anual")
    meeting_services.motion_open(user=st, motion=motion)
    login("st")
    page.goto(f"{live_server.url}/meetings/motions/{motion.pk}/vote/")
    choice = tab_until(page, lambda e: e["name"] == "choice")
    page.keyboard.press("Space")
    assert active(page)["name"] == choice["name"]
    tab_until(page, lambda e: e["name"] == "country")
    page.keyboard.press("ArrowDown")
    country = page.locator("main select[name=country] option:checked").inner_text()
    tab_until(page, lambda e: e["submit"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The confirmation has the focus; the form is next for the following delegation.
    now = active(page)
    assert now["messages"] and "Voto registrado" in now["text"], now
    tab_until(page, lambda e: e["name"] == "choice", limit=15)
    shot("keyboard-vote-recorded")
    assert motion.votes.count() == 1
    # The table names the country that voted.
    row = page.locator("main table tbody tr").filter(has_text=country)
    assert row.count() == 1 and "—" not in row.inner_text()
