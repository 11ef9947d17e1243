"""Accessibility of the signed-in pages (axe-core, both languages), keyboard-only use of the
report form and the voting screen, and the 375 px layout of the report form, the meeting page
and the dashboard."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings import services as meeting_services
from meetings.tests.factories import AgreementFactory, MeetingFactory, MotionFactory
from members.loaders import load_coalition
from members.models import Designation, NationalBody, User
from members.tests.factories import DesignationFactory, UserFactory
from monitoring import services as monitoring_services
from monitoring.models import ProgressReport
from plans.loaders import load_plan
from plans.models import POA

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db) -> dict:
    """A period open for POA 2018, a meeting in session with quorum (5 titulars), an open
    vote and an agreement: every main page has something to show."""
    load_coalition()
    load_plan()
    bodies = {b.country.iso_code: b for b in NationalBody.objects.select_related("country")}
    st = UserFactory(username="st", role=User.Role.SECRETARIAT)
    UserFactory(username="presidencia", role=User.Role.PRESIDENCY)
    UserFactory(username="fp-hn", role=User.Role.FOCAL_POINT, national_body=bodies["HN"])
    today = dt.date.today()
    monitoring_services.reporting_period_open(
        user=st,
        poa=POA.objects.get(year=2018),
        semester=1,
        opens_on=today,
        due_on=today + dt.timedelta(days=30),
    )
    report = ProgressReport.objects.get(national_body=bodies["HN"])
    meeting = MeetingFactory(starts_at=dt.datetime.now(dt.UTC))
    for iso in sorted(bodies)[:5]:
        person = DesignationFactory(national_body=bodies[iso], role=Designation.Role.TITULAR).person
        meeting_services.attendance_record(
            user=st, meeting=meeting, person=person, capacity=Designation.Role.TITULAR
        )
    motion = MotionFactory(agenda_item__meeting=meeting, text="Aprobar el informe anual")
    meeting_services.motion_open(user=st, motion=motion)
    AgreementFactory(meeting=meeting, text="Aprobar el plan de trabajo")
    return {"report": report, "meeting": meeting, "motion": motion, "body": bodies["HN"]}


def signed_in_pages(world) -> dict[str, list[str]]:
    report, meeting, motion = world["report"], world["meeting"], world["motion"]
    return {
        "st": [
            "/",
            "/members/",
            f"/members/bodies/{world['body'].acronym}/",
            "/plans/",
            "/plans/poa/2018/",
            f"/meetings/{meeting.pk}/",
            f"/meetings/motions/{motion.pk}/vote/",
            "/meetings/agreements/",
            "/monitoring/",
            "/monitoring/inbox/",
            f"/monitoring/reports/{report.pk}/",
            "/reports/",
        ],
        "presidencia": ["/", f"/meetings/{meeting.pk}/"],
        "fp-hn": ["/", f"/monitoring/reports/{report.pk}/edit/"],
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_signed_in_pages_have_no_serious_accessibility_violations(
    page, live_server, login, world, axe, lang
):
    failures = {}
    for username, paths in signed_in_pages(world).items():
        page.context.clear_cookies()
        login(username)
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            assert page.locator("html").get_attribute("lang") == lang, path
            violations = axe()
            if violations:
                failures[f"{username} {path}"] = violations
    assert failures == {}


def focused(page) -> str:
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.name || e.id || e.tagName) + '|' + getComputedStyle(e).outlineStyle"
        " + '|' + getComputedStyle(e).boxShadow; }"
    )


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until `selector` has the focus; every focused control must show a focus
    indicator (outline or Bootstrap's box-shadow ring)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            name, outline, shadow = focused(page).split("|", 2)
            assert outline != "none" or shadow != "none", f"no visible focus on {name}"
            return
    raise AssertionError(f"{selector} not reachable with Tab")


def test_report_form_works_with_the_keyboard_only(page, live_server, login, world, shot):
    report = world["report"]
    login("fp-hn")
    page.goto(f"{live_server.url}/monitoring/reports/{report.pk}/edit/")
    # 3.2.1.1: 50 % planned, not a document goal, so 50 needs nothing else.
    legend = page.locator("legend strong", has_text="3.2.1.1")
    name = (
        page.locator("fieldset.card")
        .filter(has=legend)
        .locator("input[name$='-progress']")
        .get_attribute("name")
    )
    tab_to(page, f"input[name='{name}']")
    page.keyboard.type("50")
    tab_to(page, "button[name=save]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    shot("a11y-keyboard-report-saved")
    assert report.entries.filter(progress=50).count() == 1


def test_voting_screen_works_with_the_keyboard_only(page, live_server, login, world, shot):
    motion = world["motion"]
    login("st")
    page.goto(f"{live_server.url}/meetings/motions/{motion.pk}/vote/")
    tab_to(page, "main form [name=choice]")
    page.keyboard.press("Space")  # the first choice: yes
    tab_to(page, "main form select[name=country]")
    page.keyboard.press("ArrowDown")  # the first represented country
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    shot("a11y-keyboard-vote-recorded")
    assert motion.votes.count() == 1


WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > 377
    && !(e.parentElement && e.parentElement.getBoundingClientRect().right > 377))
  .slice(0, 4).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def test_key_pages_fit_a_375px_screen(page, live_server, login, world, shot):
    """Home, dashboard, POA matrix, meeting page and report form: no page-level horizontal
    scroll at 375 px (wide tables scroll inside their own focusable region)."""
    page.set_viewport_size({"width": 375, "height": 800})
    pages = {
        "fp-hn": {
            "home-fp": "/",
            "report-form": f"/monitoring/reports/{world['report'].pk}/edit/",
        },
        "st": {
            "home-st": "/",
            "meeting": f"/meetings/{world['meeting'].pk}/",
            "dashboard": "/monitoring/",
            "poa-matrix": "/plans/poa/2018/",
        },
    }
    overflow = {}
    for username, paths in pages.items():
        page.context.clear_cookies()
        login(username)
        for name, path in paths.items():
            page.goto(f"{live_server.url}{path}")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            shot(f"responsive-375-{name}")
            if width > 375 + 1:
                overflow[name] = (width, page.evaluate(WIDEST))
    assert overflow == {}, str(overflow)
