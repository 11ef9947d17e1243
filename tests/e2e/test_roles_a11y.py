"""axe-core on the home page of each signed-in role that test_signed_in_a11y.py does not
visit (delegate, observer, partner agency) and of the Presidency, in Spanish and English,
plus the convened meeting page the delegate and the observer are sent to from their home
and the page of the convocation e-mail's link to answer it.
Zero serious or critical violations; <html lang> follows the language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from meetings import services as meeting_services
from members.loaders import load_coalition
from members.models import Designation, NationalBody, ObserverOrganisation, User
from members.tests.factories import DesignationFactory, PersonFactory, UserFactory
from plans.loaders import load_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def roles(transactional_db) -> dict:
    """One user per role, and a meeting convened for next week: the homes have a task."""
    load_coalition()
    load_plan()
    hn = NationalBody.objects.get(country__iso_code="HN")
    # The OIM is a supporter in the sources; here the Plenary has admitted it as an observer.
    ObserverOrganisation.objects.filter(acronym="OIM").update(
        role=ObserverOrganisation.Role.OBSERVER
    )
    oim = ObserverOrganisation.objects.get(acronym="OIM")
    delegate_person = DesignationFactory(national_body=hn, role=Designation.Role.TITULAR).person
    observer_person = PersonFactory(country=None, observer_organisation=oim, email="o@example.org")
    presidency = UserFactory(username="presidencia", role=User.Role.PRESIDENCY)
    UserFactory(
        username="delegado", role=User.Role.DELEGATE, national_body=hn, person=delegate_person
    )
    UserFactory(
        username="observador",
        role=User.Role.OBSERVER,
        observer_organisation=oim,
        person=observer_person,
    )
    UserFactory(username="socio", role=User.Role.PARTNER)
    starts = timezone.localtime() + dt.timedelta(days=7)
    meeting = meeting_services.meeting_create(
        user=presidency,
        kind="ordinary",
        number=20,
        title="XX Reunión Ordinaria",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8),
        city="San Salvador",
        invited_observers=[oim],
    )
    # Convening needs business beyond the opening items (meetings.rules.agenda_empty_refusal).
    meeting_services.agenda_item_create(user=presidency, meeting=meeting, title="Plan de trabajo")
    meeting_services.meeting_convene(user=presidency, meeting=meeting)
    invitation = meeting.invitations.get(person=observer_person)
    return {"meeting": meeting, "rsvp": f"/meetings/rsvp/{invitation.token}/"}


def pages_by_role(roles) -> dict[str, list[str]]:
    meeting = f"/meetings/{roles['meeting'].pk}/"
    return {
        "delegado": ["/", meeting],
        "observador": ["/", meeting, roles["rsvp"]],  # the e-mail's link to answer
        "socio": ["/"],
        "presidencia": ["/"],
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_role_home_pages_have_no_serious_accessibility_violations(
    page, live_server, login, roles, axe, shot, lang
):
    checked, failures = {}, {}
    for username, paths in pages_by_role(roles).items():
        page.context.clear_cookies()
        login(username)
        page.context.add_cookies(
            [{"name": "django_language", "value": lang, "url": live_server.url}]
        )
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.ok, f"{username} {path}: {response.status}"
            assert page.locator("html").get_attribute("lang") == lang, f"{username} {path}"
            violations = axe()
            checked[f"{username} {path}"] = len(violations)
            if violations:
                failures[f"{username} {path}"] = violations
            if path == "/":
                shot(f"a11y-home-{username}-{lang}")
    for name, n in checked.items():
        print(f"axe [{lang}] {name}: {n} serious/critical")
    assert failures == {}
