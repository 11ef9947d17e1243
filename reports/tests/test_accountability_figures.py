# ruff: noqa: F811 (the imported `term` fixture is what the tests ask for)
"""Issue 17: the biennial report shows every approved figure, semester by semester, never a
draft POA as official, "not started" rather than "delayed" where no period was opened, and
how many reports each regional figure rests on. Built through the report job, read back
from the PDF's text as a donor would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from monitoring import selectors
from monitoring.templatetags.monitoring_tags import pct
from monitoring.tests.factories import fill, open_period, report_approved, report_of
from plans import services as plan_services
from plans.models import POA
from reports.models import ReportJob
from reports.tests.test_reports import (  # noqa: F401 (the fixture)
    flat,
    job_snapshot,
    pdf_text,
    request_and_build,
    stored_pdf,
    term,
    values_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_semester(term, coalition, st_user, focal_point_hn, focal_point_gt):
    """Semester II of POA 2018: Honduras approved at 90 %; Guatemala's report saved but not
    approved (its semester-I 20 % must stand, marked); the regional report untouched."""
    period = open_period(
        st_user, term["poa"], semester=2, opens_on=dt.date(2018, 12, 1), due_on=dt.date(2019, 1, 15)
    )
    hn = report_of(period, coalition["HN"])
    report_approved(hn, focal_point_hn, st_user, values_for(hn, 90))
    gt = report_of(period, coalition["GT"])
    fill(gt, focal_point_gt, values_for(gt, 95))
    return period


def _built(st_user) -> tuple[str, dict]:
    job = request_and_build(st_user, first_year=2018)
    assert job.state == ReportJob.State.READY, job.error
    return pdf_text(stored_pdf(job)), job_snapshot(job)


def test_semester_i_figures_are_in_the_report_beside_semester_ii(
    term, second_semester, st_user, coalition
):
    text, snap = _built(st_user)
    poa = term["poa"]
    first = selectors.poa_results(poa=poa, period=term["period"])
    second = selectors.poa_results(poa=poa, period=second_semester)
    year = snap["years"][0]
    assert [s["semester"] for s in year["semesters"]] == [1, 2]
    assert year["semesters"][0]["overall"]["achieved"] == pytest.approx(float(first.root.achieved))
    assert year["semesters"][1]["overall"]["achieved"] == pytest.approx(float(second.root.achieved))
    assert second.root.carried > 0  # Guatemala's and the regional figures stand from semester I
    with translation.override("es"):
        for figure in (first.root.achieved, second.root.achieved, first.axes[0].achieved):
            assert flat(pct(figure)) in text
    # Guatemala at the end of semester II: its approved 20 % of semester I, never 0 %.
    gt = next(c for c in year["countries"] if c["country"]["iso"] == "GT")
    assert [s["semester"] for s in gt["semesters"]] == [1, 2]
    assert gt["semesters"][1]["achieved"] == pytest.approx(20.0)
    assert gt["semesters"][1]["carried"] and gt["semesters"][1]["has_data"]
    assert gt["semesters"][1]["report_status"] == "draft"
    # Annex B prints both semesters.
    assert "POA2018·Isemestre" in text and "POA2018·IIsemestre" in text
    assert len(year["matrices"]) == 2


def test_regional_figures_say_on_how_many_reports_they_rest(term, st_user):
    text, snap = _built(st_user)
    overall = snap["years"][0]["semesters"][0]["overall"]
    # Honduras, Guatemala and the regional report are approved; 9 national + 1 regional.
    assert (overall["reported"], overall["expected"]) == (3, 10) and overall["partial"]
    assert "3de10informes" in text and "parcial" in text


def test_a_draft_poa_is_left_out_and_a_poa_without_a_period_reads_not_started(term, st_user):
    draft = plan_services.poa_copy(user=st_user, source_poa=term["poa"], year=2019)
    assert draft.status == POA.Status.DRAFT
    text, snap = _built(st_user)
    assert snap["years"][1] == {"year": 2019, "poa": None}
    assert "NohayPOAaprobadoparaesteaño" in text

    POA.objects.filter(pk=draft.pk).update(status=POA.Status.APPROVED)
    text, snap = _built(st_user)
    year = snap["years"][1]
    assert year["poa"]["status"] == "approved" and year["semesters"] == []
    assert year["overall"]["status"] == selectors.ResultStatus.NOT_STARTED
    assert year["status_counts"]["not_started"] == year["status_counts"]["total"] > 0
    assert year["status_counts"]["delayed"] == 0
    assert "Noiniciado" in text
