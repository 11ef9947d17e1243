"""Journey 6: ST issues a partner agency's API token in the browser; the agency uses it
against the REST API: it can read, it cannot write."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from members.loaders import load_coalition
from members.models import User
from members.tests.factories import UserFactory
from plans.loaders import load_plan

pytestmark = pytest.mark.django_db(transaction=True)


def test_journey6_partner_token_reads_but_cannot_write(page, live_server, login, shot):
    load_coalition()
    load_plan()
    UserFactory(username="st", role=User.Role.SECRETARIAT)
    started = time.monotonic()
    login("st")
    page.set_default_timeout(5000)
    page.goto(f"{live_server.url}/members/api-tokens/")
    page.fill("#id_label", "Sistema de información de OIM")
    page.select_option("#id_scope", User.Role.PARTNER)
    page.fill("#id_agency", "OIM Oficina Regional")
    # The field's initial date is rendered in the locale's format, which a type=date input
    # cannot show, so it appears empty (reported): the user types the date.
    page.fill("#id_expires_on", (dt.date.today() + dt.timedelta(days=180)).isoformat())
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    shot("journey6-01-token-shown-once")
    token = page.locator("#api-token").inner_text().strip()
    assert len(token) > 20
    page.goto(f"{live_server.url}/members/api-tokens/")
    assert page.get_by_text(token[:8]).first.is_visible()
    assert token not in page.content()  # shown once only

    page.set_default_timeout(5000)
    page.context.clear_cookies()  # the agency's client: only the token authenticates it
    api = page.context.request
    headers = {"Authorization": f"Token {token}"}
    assert api.get(f"{live_server.url}/api/v1/progress-reports/").status == 401
    plan = api.get(f"{live_server.url}/api/v1/plan/", headers=headers)
    assert plan.status == 200, plan.text()
    countries = api.get(f"{live_server.url}/api/v1/countries/", headers=headers)
    assert countries.status == 200 and "HN" in countries.text()
    refused = api.post(
        f"{live_server.url}/api/v1/progress-reports/1/submit/", headers=headers, data={}
    )
    assert refused.status == 403 and refused.json()["code"] == "permission_denied"
    print(f"journey 6: {time.monotonic() - started:.1f} s")
