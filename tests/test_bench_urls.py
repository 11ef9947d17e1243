"""The load run's URLs select what bench/RESULTS.md says they measure (issue 24): each page
answers its reader with what its label names, and each floor returns the same rows."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from bench.synthetic import load_variables, populate, variable
from monitoring.models import ProgressReport
from monitoring.selectors import report_form_parts
from monitoring.selectors.reports import AXIS_OF_ENTRY

pytestmark = pytest.mark.django_db


@pytest.fixture
def variables(settings, request) -> dict[str, str]:
    """bench/load.sh's variables on the synthetic coalition at 1×, with the report form split
    by axis above `request.param` rows (40 by default: the 1× report, 16 rows, is one page)."""
    settings.ROOT_URLCONF = "bench.urls"  # the application's URLs and the floors
    split = hasattr(request, "param")
    settings.REPORT_FORM_PAGE_ROWS = request.param if split else 40
    call_command("load_coalition", verbosity=0)
    populate(1, years=2, periods=2)
    if split:  # axes of different sizes: 1 has 6 rows, 2 has 8
        for report in ProgressReport.objects.all():
            first_axis = report.entries.filter(**{f"{AXIS_OF_ENTRY}__number": 1})
            first_axis.filter(pk__in=first_axis.values("pk")[:2]).delete()
    return load_variables(accounts=3)


def _as(variables: dict[str, str], username: str) -> Client:
    client = Client()
    client.cookies["sessionid"] = variables[variable("BENCH_SESSION", username)]
    return client


@pytest.mark.parametrize("variables", [5], indirect=True)  # split as a 10× report is
def test_the_report_form_target_is_the_largest_axis_page_of_its_focal_points_report(variables):
    user = variables["BENCH_REPORT_FORM_USER"]
    assert user == variables["BENCH_ACCOUNTS"].split(",")[0]
    report = variables[variable("BENCH_REPORT", user)]
    page_url = variables["BENCH_REPORT_FORM"]
    assert page_url == f"/monitoring/reports/{report}/edit/?axis=2"

    page = _as(variables, user).get(page_url)

    assert page.status_code == 200
    html = page.content.decode()
    assert "rows-TOTAL_FORMS" in html  # the form to fill, not a read-only view
    rows = html.count('<fieldset class="card mb-3')
    floor = _as(variables, "bench-st").get(variables["BENCH_FLOOR_REPORT"])
    assert floor.status_code == 200
    assert json.loads(floor.content)["count"] == rows
    # The largest axis: no other axis of the report has more rows.
    whole = _as(variables, "bench-st").get(f"/bench/floor/report/{report}/")
    assert rows < json.loads(whole.content)["count"]
    parts = report_form_parts(report_id=int(report), page_rows=5)
    assert rows == max(part.rows for part in parts)


def test_a_short_report_is_measured_as_the_one_page_it_is(variables):
    user = variables["BENCH_REPORT_FORM_USER"]
    report = variables[variable("BENCH_REPORT", user)]
    assert variables["BENCH_REPORT_FORM"] == f"/monitoring/reports/{report}/edit/"
    page = _as(variables, user).get(variables["BENCH_REPORT_FORM"])
    assert page.status_code == 200
    rows = page.content.decode().count('<fieldset class="card mb-3')
    floor = _as(variables, "bench-st").get(variables["BENCH_FLOOR_REPORT"])
    assert json.loads(floor.content)["count"] == rows > 0


def test_each_page_and_its_floor_answer_the_secretariat(variables):
    client = _as(variables, "bench-st")
    for page, floor in [
        ("BENCH_MATRIX", "BENCH_FLOOR_MATRIX"),
        ("BENCH_MEETING", "BENCH_FLOOR_MEETING"),
        ("BENCH_DASHBOARD", "BENCH_FLOOR_PROGRESS"),
        ("BENCH_PROGRESS", "BENCH_FLOOR_PROGRESS"),
    ]:
        assert client.get(variables[page]).status_code == 200, page
        assert client.get(variables[floor]).status_code == 200, floor
