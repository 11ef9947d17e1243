"""A long report's form is filled one strategic axis at a time (issue 24: a 160-row form was
one page of 966 fields). Pinned here: when the form is paged and when it is not, which rows a
page shows and saves, where each button leads, the axis summary, and that submitting still
checks every row of the report and opens the axis of the first row refused."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from monitoring import selectors
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.tests.factories import fill, open_period, report_of, small_poa
from monitoring.tests.test_views import _rows_post
from plans.models import ActivityResponsible, OperationalObjective
from plans.tests.factories import ActivityFactory, ActivityResponsibleFactory

pytestmark = pytest.mark.django_db

AXIS_1 = {"1.1.1", "1.1.2"}
AXIS_2 = {"2.1.2"}
SAVE_QUERIES = 15  # the rules and the write; reading the rows to draw them adds more
NAV = 'aria-labelledby="report-parts-title"'


@pytest.fixture
def report(coalition, st_user, settings):
    """Honduras's report: 1.1.1 and 1.1.2 on axis 1, 2.1.2 on axis 2; paged above 2 rows."""
    settings.REPORT_FORM_PAGE_ROWS = 2
    poa = small_poa()
    extra = ActivityFactory(
        operational_objective=OperationalObjective.objects.get(poa=poa, code="2.1"),
        code="2.1.2",
        position=2,
    )
    ActivityResponsibleFactory(activity=extra, kind=ActivityResponsible.Kind.NATIONAL_BODIES)
    return report_of(open_period(st_user, poa), coalition["HN"])


def _edit(report: ProgressReport, axis: int | str | None = None) -> str:
    url = reverse("monitoring:report-edit", args=[report.pk])
    return url if axis is None else f"{url}?axis={axis}"


def _codes_on(html: str) -> set[str]:
    return {code for code in ("1.1.1", "1.1.2", "2.1.2") if f"<strong>{code}</strong>" in html}


def test_the_parts_are_the_axes_with_their_rows_and_figures(report, focal_point_hn):
    assert selectors.report_form_parts(report_id=report.pk, page_rows=2) == [
        selectors.FormPart(1, "Prevención", rows=2, filled=0),
        selectors.FormPart(2, "Atención", rows=1, filled=0),
    ]
    fill(report, focal_point_hn, {"1.1.1": 10})
    parts = selectors.report_form_parts(report_id=report.pk, page_rows=2)
    assert [(p.filled, p.is_complete) for p in parts] == [(1, False), (0, False)]
    fill(report, focal_point_hn, {"1.1.2": 0, "2.1.2": 5})
    parts = selectors.report_form_parts(report_id=report.pk, page_rows=2)
    assert [(p.filled, p.is_complete) for p in parts] == [(2, True), (1, True)]


def test_a_report_within_the_page_size_or_on_one_axis_is_one_page(
    report, coalition, focal_point_hn, client, settings
):
    assert selectors.report_form_parts(report_id=report.pk, page_rows=3) == []
    settings.REPORT_FORM_PAGE_ROWS = 3
    client.force_login(focal_point_hn)
    html = client.get(_edit(report)).content.decode()
    assert _codes_on(html) == AXIS_1 | AXIS_2
    assert NAV not in html and 'name="save_next"' not in html
    # The regional report has one row, on one axis: never paged, whatever the page size.
    regional = report_of(report.period, None)
    assert selectors.report_form_parts(report_id=regional.pk, page_rows=0) == []


def test_the_first_axis_opens_with_the_summary_and_the_way_on(report, focal_point_hn, client):
    client.force_login(focal_point_hn)
    html = client.get(_edit(report)).content.decode()
    assert _codes_on(html) == AXIS_1
    assert NAV in html
    assert 'href="?axis=1" aria-current="page"' in html
    assert 'href="?axis=2">' in html
    assert "0 de 2 con cifra" in html and "0 de 1 con cifra" in html
    assert f'action="{_edit(report, 1)}"' in html
    assert 'name="save_next">Guardar e ir al eje 2</button>' in html
    assert 'name="rows-TOTAL_FORMS" value="2"' in html


def test_the_last_axis_shows_its_rows_and_no_way_on(report, focal_point_hn, client):
    client.force_login(focal_point_hn)
    html = client.get(_edit(report, 2)).content.decode()
    assert _codes_on(html) == AXIS_2
    assert 'href="?axis=2" aria-current="page"' in html
    assert 'name="save_next"' not in html
    assert 'name="rows-TOTAL_FORMS" value="1"' in html


def test_an_axis_the_report_has_no_rows_in_is_not_found(report, focal_point_hn, client):
    client.force_login(focal_point_hn)
    assert client.get(_edit(report, 3)).status_code == 404
    assert _codes_on(client.get(_edit(report, "uno")).content.decode()) == AXIS_1


def test_an_axis_page_saves_its_rows_only_and_stays(report, focal_point_hn, client):
    fill(report, focal_point_hn, {"1.1.1": 10})
    report.refresh_from_db()
    client.force_login(focal_point_hn)
    response = client.post(
        _edit(report, 2), _rows_post(report, {"2.1.2": {"progress": 60}}, codes=AXIS_2)
    )
    assert response.status_code == 302 and response["Location"] == _edit(report, 2)
    figures = dict(
        ProgressEntry.objects.filter(report=report).values_list("activity__code", "progress")
    )
    assert figures == {"1.1.1": 10, "1.1.2": None, "2.1.2": 60}


def test_save_and_go_on_opens_the_next_axis(report, focal_point_hn, client):
    client.force_login(focal_point_hn)
    data = _rows_post(
        report, {"1.1.1": {"progress": 50}, "1.1.2": {"progress": 50}}, codes=AXIS_1, save_next="1"
    )
    response = client.post(_edit(report, 1), data)
    assert response.status_code == 302 and response["Location"] == _edit(report, 2)
    html = client.get(response["Location"]).content.decode()
    assert "2 de 2 con cifra" in html
    # "save_next" on the last axis has nowhere to go: the page stays.
    report.refresh_from_db()
    data = _rows_post(report, {"2.1.2": {"progress": 60}}, codes=AXIS_2, save_next="1")
    assert client.post(_edit(report, 2), data)["Location"] == _edit(report, 2)


def test_a_refused_row_comes_back_on_its_axis_page(report, focal_point_hn, client):
    client.force_login(focal_point_hn)
    data = _rows_post(report, {"2.1.2": {"progress": 150}}, codes=AXIS_2)
    response = client.post(_edit(report, 2), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert _codes_on(html) == AXIS_2 and 'aria-invalid="true"' in html
    assert ProgressEntry.objects.get(report=report, activity__code="2.1.2").progress is None


def test_submitting_checks_every_axis_and_opens_the_first_incomplete(
    report, focal_point_hn, client
):
    client.force_login(focal_point_hn)
    data = _rows_post(report, {"2.1.2": {"progress": 60}}, codes=AXIS_2, submit="1")
    response = client.post(_edit(report, 2), data)
    assert response.status_code == 302 and response["Location"] == _edit(report, 1)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DRAFT
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(t.startswith("1.1.1: ") for t in texts)
    assert any(t.startswith("1.1.2: ") for t in texts)


def test_submitting_from_an_axis_page_with_every_row_filled(report, focal_point_hn, client):
    fill(report, focal_point_hn, {"1.1.1": 50, "1.1.2": 50})
    report.refresh_from_db()
    client.force_login(focal_point_hn)
    data = _rows_post(report, {"2.1.2": {"progress": 60}}, codes=AXIS_2, submit="1")
    response = client.post(_edit(report, 2), data)
    assert response["Location"] == reverse("monitoring:report-detail", args=[report.pk])
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED


def test_a_refused_submission_of_a_one_page_form_opens_the_form(
    report, focal_point_hn, client, settings
):
    settings.REPORT_FORM_PAGE_ROWS = 3
    client.force_login(focal_point_hn)
    data = _rows_post(report, {"2.1.2": {"progress": 60}}, submit="1")
    response = client.post(_edit(report), data)
    assert response["Location"] == _edit(report)


def test_a_refused_submission_opens_the_axis_of_the_rows_refused(report, focal_point_hn, client):
    client.force_login(focal_point_hn)
    values = {"1.1.1": {"progress": 50}, "1.1.2": {"progress": 50}}
    data = _rows_post(report, values, codes=AXIS_1, submit="1")
    response = client.post(_edit(report, 1), data)
    assert response.status_code == 302 and response["Location"] == _edit(report, 2)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(t.startswith("2.1.2: ") for t in texts)
    assert not any(t.startswith("1.1.") for t in texts)


def test_a_save_reads_the_rules_context_of_its_rows_only(report):
    from monitoring.services.rows import row_context

    ids = dict(
        ProgressEntry.objects.filter(report=report).values_list("activity__code", "activity_id")
    )
    assert set(row_context(report=report).entries) == set(ids.values())
    axis_2 = row_context(report=report, activity_ids=[ids["2.1.2"]])
    assert set(axis_2.entries) == {ids["2.1.2"]}


def test_a_successful_save_does_not_read_the_rows_to_draw_them(
    report, focal_point_hn, client, django_assert_max_num_queries
):
    client.force_login(focal_point_hn)
    data = _rows_post(report, {"2.1.2": {"progress": 60}}, codes=AXIS_2)
    with django_assert_max_num_queries(SAVE_QUERIES):
        assert client.post(_edit(report, 2), data).status_code == 302
