"""Issue 23: the Content-Security-Policy in a real browser. The main pages — home,
dashboard, meeting, progress report form, the API documentation (Swagger UI) and the admin —
load without the browser refusing anything, and what used to be inline still works: the
language switch, the dashboard charts, an htmx form on the meeting page, Swagger UI."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from members.tests.factories import UserFactory

from .test_signed_in_a11y import world  # noqa: F401  (the pages' data)

pytestmark = pytest.mark.django_db(transaction=True)

# Chromium's words for a blocked script, style, frame, form target… ("Refused to load…",
# "Applying inline style violates the following Content Security Policy directive…"), plus
# the page's own securitypolicyviolation events, which report-only mode would also raise.
CSP_MESSAGE = re.compile(r"Refused to|Content Security Policy|CSP violation")
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  "CSP violation: " + e.violatedDirective + " " + e.blockedURI + " at " + e.sourceFile + ":" + e.lineNumber));
"""


@pytest.fixture
def csp_console(page):
    """The CSP messages the browser writes to the console, with the page they came from."""
    found: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda m: found.append(f"{page.url}: {m.text}") if CSP_MESSAGE.search(m.text) else None,
    )
    return found


def test_main_pages_load_with_no_csp_violation(page, live_server, login, world, csp_console):  # noqa: F811
    base = live_server.url
    meeting, report = world["meeting"], world["report"]

    # The admin and the focal point's form first, the meeting page (which polls) last: the
    # live server's in-memory SQLite does not take concurrent requests well.
    UserFactory(username="csp-admin", is_staff=True, is_superuser=True)
    login("csp-admin")
    for path in ("/admin/", "/admin/members/user/", "/admin/meetings/meeting/"):
        page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        assert page.locator("#content").count() == 1, path

    page.context.clear_cookies()
    login("fp-hn")
    page.goto(f"{base}/monitoring/reports/{report.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.locator("form[method=post]").count() > 0

    page.context.clear_cookies()
    login("st")
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)  # Swagger UI ran and read the schema

    page.goto(f"{base}/")
    with page.expect_navigation():
        page.select_option("#language", "en")  # was an inline onchange handler
    assert page.locator("html").get_attribute("lang") == "en"
    with page.expect_navigation():
        page.select_option("#language", "es")
    assert page.locator("html").get_attribute("lang") == "es"

    page.goto(f"{base}/monitoring/")
    page.wait_for_load_state("networkidle")
    assert page.locator("canvas").count() >= 2
    assert page.evaluate("[...document.querySelectorAll('canvas')].every(c => c.width > 0)")
    assert page.locator(".progress-bar").count() > 0

    page.goto(f"{base}/monitoring/reports/{report.pk}/")
    page.wait_for_load_state("networkidle")

    # htmx: recording a departure swaps the attendance table in place.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.wait_for_load_state("networkidle")
    depart = page.locator("#attendance form[hx-post*='/depart/'] button")
    before = depart.count()
    assert before > 0
    with page.expect_response(lambda r: "/depart/" in r.url) as answer:
        depart.first.click()
    assert answer.value.status == 200
    assert answer.value.request.headers.get("hx-request") == "true"
    # htmx swaps after the response arrives (and settles): wait for it, do not race it
    expect(depart).to_have_count(before - 1)
    assert page.url == f"{base}/meetings/{meeting.pk}/"  # no full page load

    assert csp_console == []
