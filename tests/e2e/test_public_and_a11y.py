"""Journey 5 (an anonymous visitor reads the public plan in English) and axe-core checks of
the main pages in both languages."""

from __future__ import annotations

import pytest

from members.loaders import load_coalition
from plans.loaders import load_plan

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def data(transactional_db):
    load_coalition()
    load_plan()


def test_anonymous_visitor_reads_the_plan_in_english(page, live_server, data, shot):
    page.goto(f"{live_server.url}/plans/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Plan Estratégico 2018-2027").is_visible()
    page.select_option("#language", "en")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Strategic plan").is_visible()
    # The plan's own text stays in Spanish as approved; the interface is English.
    assert page.get_by_text("Prevención").first.is_visible()
    shot("journey5-public-plan-en")


PUBLIC_PAGES = [
    "/",
    "/members/",
    "/members/observers/",
    "/members/legal-framework/",
    "/plans/",
    "/plans/poa/2018/",
    "/indicators/",
]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_public_pages_have_no_serious_accessibility_violations(page, live_server, data, axe, lang):
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    failures = {}
    for path in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("html").get_attribute("lang") == lang
        violations = axe()
        if violations:
            failures[path] = violations
    assert failures == {}
