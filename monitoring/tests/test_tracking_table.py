"""The indicator tracking table (issue 17, after TolaData's IPTT): per indicator of the
Strategic Plan, the baseline, then per year the Secretariat's target, the actual value
(computed from records, or the Secretariat's measurement for a manual indicator) and the
share met, and the plan's final target. "—" where no target is set, never 0. The same
figures on the page, in the spreadsheet and in chapter 4 of the accountability report; a
constant number of queries whatever the number of indicators and records."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from monitoring.indicators import tracking_table
from monitoring.tests.test_indicators import (  # noqa: F401 (fixtures)
    _grow,
    ind,
    plan_loaded,
    scenario,
)
from plans import services as plan_services
from plans.models import Indicator, IndicatorTarget, StrategicPlan
from plans.services.targets import indicator_target_create
from plans.tests.factories import IndicatorFactory
from reports.render import render_snapshot
from reports.snapshot import accountability_snapshot

pytestmark = pytest.mark.django_db

TODAY = dt.date(2021, 6, 1)  # the plan has actual values for 2018–2021 only
PLAN_YEARS = list(range(2018, 2028))
TRACKING_MAX = 16  # plan, indicators, targets, countries, 7 plan records, 4 meetings, +1
DASH = "—"


@pytest.fixture
def targets(scenario, st_user):  # noqa: F811
    """Targets with known answers, and a manual indicator with a measurement."""

    def target(indicator, year, value):
        indicator_target_create(user=st_user, indicator=indicator, year=year, value=value)

    agreements, protocols = ind(11), ind(4)
    target(agreements, 2018, 3)  # actual 0 -> 0 %
    target(agreements, 2019, 4)  # actual 2 -> 50 %
    target(agreements, 2020, 3)  # actual 1 -> 33 %
    target(protocols, 2020, 2)  # actual 1 -> 50 %
    target(protocols, 2021, 0)  # actual 1, target 0: no % met
    target(protocols, 2025, 5)  # a future year: target only
    manual = IndicatorFactory(result=ind(8).result, position=9, measure="manual")
    plan_services.indicator_measurement_record(user=st_user, indicator=manual, year=2020, value=7)
    target(manual, 2020, 10)  # 70 %
    return {"agreements": agreements, "protocols": protocols, "manual": manual}


def cells_of(table, indicator: Indicator) -> dict:
    row = next(r for r in table.rows() if r.indicator.pk == indicator.pk)
    return {c.year: (c.target, c.actual, c.percent_met) for c in row.cells}


def test_table_has_targets_actuals_and_share_met(targets):
    table = tracking_table(today=TODAY)
    assert table.years == PLAN_YEARS
    assert table.measured_years == [2018, 2019, 2020, 2021]
    agreements = cells_of(table, targets["agreements"])
    assert agreements[2018] == (3, 0, 0)
    assert agreements[2019] == (4, 2, 50)
    assert agreements[2020] == (3, 1, 33)
    assert agreements[2021] == (None, 0, None)  # no target set: None, never 0
    assert agreements[2022] == (None, None, None)  # a year not reached yet
    protocols = cells_of(table, targets["protocols"])
    assert protocols[2019] == (None, 0, None)
    assert protocols[2020] == (2, 1, 50)
    assert protocols[2021] == (0, 1, None)
    assert protocols[2025] == (5, None, None)
    manual = cells_of(table, targets["manual"])
    assert manual[2020] == (10, Decimal(7), 70)
    assert manual[2019] == (None, None, None)  # no measurement, no target


def test_rows_are_grouped_by_axis_and_expected_result(targets):
    table = tracking_table(today=TODAY)
    assert [a.axis.number for a in table.axes] == [1, 2, 3, 4]
    axis4 = table.axes[3]
    assert [g.result.code for g in axis4.results] == ["4.1", "4.2", "4.3"]
    assert [r.indicator.pk for r in axis4.results[0].rows] == [
        ind(8).pk,
        ind(9).pk,
        targets["manual"].pk,
    ]
    assert len(list(table.rows())) == 13 and axis4.row_count == 6
    assert table.targets_set == 7


def test_the_years_asked_for(targets):
    table = tracking_table(years=[2020, 2019], today=TODAY)
    assert table.years == [2019, 2020]
    assert cells_of(table, targets["agreements"]) == {2019: (4, 2, 50), 2020: (3, 1, 33)}


def _more_indicators_and_targets(n: int) -> None:
    """n more manual indicators, and a target for every indicator and year of the plan."""
    result = ind(8).result
    for k in range(n):
        IndicatorFactory(result=result, position=20 + k, measure="manual")
    plan = StrategicPlan.objects.get()
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(indicator=i, year=y, value=1)
        for i in Indicator.objects.filter(result__objective__axis__plan=plan)
        for y in PLAN_YEARS
        if not IndicatorTarget.objects.filter(indicator=i, year=y).exists()
    )


def _page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_constant_number_of_queries_at_1x_and_10x(
    client, targets, coalition, st_user, django_assert_max_num_queries
):
    _grow(coalition, st_user, 3)
    client.force_login(st_user)
    urls = [
        reverse("monitoring:indicator-tracking"),
        reverse("monitoring:indicator-tracking-export"),
    ]
    with CaptureQueriesContext(connection) as small:
        tracking_table(today=TODAY)
    pages = [_page_queries(client, u) for u in urls]
    _grow(coalition, st_user, 27)
    _more_indicators_and_targets(10)
    with (
        django_assert_max_num_queries(TRACKING_MAX),
        CaptureQueriesContext(connection) as big,
    ):
        table = tracking_table(today=TODAY)
    assert len(small.captured_queries) == len(big.captured_queries)
    assert len(list(table.rows())) == 23
    assert cells_of(table, ind(11))[2021] == (1, 30, 3000)
    assert [_page_queries(client, u) for u in urls] == pages


# --- The page and the spreadsheet ----------------------------------------------------------


def test_page_needs_an_account(client, plan_loaded):  # noqa: F811
    for name in ("monitoring:indicator-tracking", "monitoring:indicator-tracking-export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("role", ["observer", "partner", "focal_point_hn", "delegate"])
def test_every_role_reads_the_table_but_only_st_sets_targets(client, request, targets, role):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("monitoring:indicator-tracking"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("plans:indicator-targets", args=[ind(11).pk]) not in html
    assert client.get(reverse("monitoring:indicator-tracking-export")).status_code == 200


def test_page_shows_the_figures_and_a_dash_where_no_target(client, targets, st_user):
    client.force_login(st_user)
    response = client.get(reverse("monitoring:indicator-tracking"))
    html = response.content.decode()
    table = response.context["table"]
    assert table.years == PLAN_YEARS
    row = html.split(f'data-indicator="{ind(11).pk}"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split("<td")[1:]]
    # baseline, then 2018 target/actual/% met, 2019 ..., final target
    assert cells[:7] == [DASH, "3", "0", "0%", "4", "2", "50%"]
    assert cells[7:10] == ["3", "1", "33%"]
    assert cells[10] == DASH  # 2021: no target set
    assert cells[-1] == DASH  # no final target in the plan
    assert reverse("plans:indicator-targets", args=[ind(11).pk]) in html
    assert (
        reverse("monitoring:indicator-tracking")
        in client.get(reverse("indicators:list")).content.decode()
    )


def test_the_spreadsheet_has_the_tables_cells(client, targets, delegate):
    client.force_login(delegate)
    response = client.get(reverse("monitoring:indicator-tracking-export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_column == 5 + 3 * len(PLAN_YEARS) + 1
    rows = {r[2]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 13

    def year(row, y):  # target, actual, % met
        start = 5 + 3 * (y - 2018)
        return row[start : start + 3]

    agreements = rows[ind(11).text]
    assert agreements[:2] == (4, "4.3") and agreements[4] == DASH  # axis, result, baseline
    assert year(agreements, 2018) == (3, 0, 0)
    assert year(agreements, 2019) == (4, 2, 50)
    assert year(agreements, 2021)[0] == DASH  # no target set, never 0
    assert agreements[-1] == DASH
    manual = rows[targets["manual"].text]
    assert year(manual, 2020) == (10, 7, 70)
    assert year(manual, 2019) == (DASH, DASH, DASH)
    assert year(rows[ind(4).text], 2025)[0] == 5


# --- The accountability report ------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def test_report_chapter_4_is_the_tracking_table_of_the_term(targets):
    snap = accountability_snapshot(years=[2019, 2020])
    by_text = {i["text"]: i for i in snap["indicators"]}
    agreements = by_text[ind(11).text]
    assert agreements["values"] == [2, 1]
    assert agreements["tracking"] == [
        {"year": 2019, "target": 4, "actual": 2, "met": 50},
        {"year": 2020, "target": 3, "actual": 1, "met": 33},
    ]
    assert by_text[ind(4).text]["tracking"][0] == {
        "year": 2019,
        "target": None,
        "actual": 0,
        "met": None,
    }
    text = pdf_text(render_snapshot("accountability", snap, language="es").pdf)
    # Agreements fulfilled (result 4.3): baseline —, 2019: 4 · 2 · 50 %, 2020: 3 · 1 · 33 %,
    # final target —; the source under the indicator's text.
    assert "cumplidos.(acuerdos)Calculadoapartirdereunionesyacuerdos—4250%3133%—" in text
    # The manual indicator: 2019 no target, no value; 2020: 10 · 7 · 70 %.
    manual = "".join(targets["manual"].text.split())
    assert f"{manual}(cosas)IngresadoporlaSecretaríaTécnica————10770%—" in text
