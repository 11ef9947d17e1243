"""The regional statistics in the biennial report (issue 20: the report gets "a section" with
the statistics and "sees only what the public sees"). Built through the report job and read
back from the PDF's text (pypdf) as a donor would; the figures are checked against the
statistics' own public selectors.

Guatemala's return holds small cells (3 women, 2 Salvadorans) beside five-digit figures
that no other cell shares: a figure suppressed for the public is one of these, so "its value
never appears" is checked by looking for its digits in the snapshot and in the PDF."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.translation import gettext

from members.models import Country, User
from members.tests.factories import UserFactory
from reports import selectors as report_selectors
from reports.models import ReportJob
from reports.render import render_snapshot
from reports.snapshot import accountability_snapshot, differences, figures
from reports.tests.scenario import flat, pdf_text
from reports.tests.test_reports import request_and_build, stored_pdf
from stats.cells import TOTAL
from stats.loaders import load_cube
from stats.models import Measure, Population, StatisticsReturn
from stats.selectors import outputs
from stats.selectors.publication import REGION, publication
from stats.tests.factories import return_with_figures

pytestmark = pytest.mark.django_db

FIRST, LAST = 2023, 2024  # the report's two years
V = "victims_identified"


@pytest.fixture(autouse=True)
def cube(coalition):
    load_cube()
    cache.clear()


def victims(iso: str, seed: int = 0) -> dict[str, int]:
    """A return of victims identified by sex and citizenship that adds up. Guatemala's has
    two small cells (3 women, 2 Salvadorans) beside five-digit figures."""
    if iso == "GT":
        female, male, sv = 3, 43217, 2
    else:
        female, male, sv = 12040 + 1013 * seed, 13080 + 1117 * seed, 15000 + 931 * seed
    total = female + male
    return {
        TOTAL: total,
        "sex=female": female,
        "sex=male": male,
        "sex=unknown": 0,
        "citizenship=SV": sv,
        "citizenship=HN": total - sv,
        "citizenship=unknown": 0,
    }


# Honduras alone in the first year, with 4 victims: the regional total is below the
# threshold, so the public (and the report) sees it suppressed.
SMALL = {
    TOTAL: 4,
    "sex=female": 3,
    "sex=male": 1,
    "sex=unknown": 0,
    "citizenship=SV": 2,
    "citizenship=HN": 2,
    "citizenship=unknown": 0,
}


def publish(iso: str, figures: dict[str, int], year: int = LAST) -> StatisticsReturn:
    return return_with_figures(iso, figures, year=year, measure=V)


def populations() -> None:
    """Denominators of the last year: Guatemala's tiny (7), so that the rate of its 3 women
    (42857.14 per 100,000) is a figure found nowhere else."""
    for iso in ("GT", "HN", "SV"):
        country = Country.objects.get(iso_code=iso)
        for sex in ("all", "female", "male"):
            Population.objects.create(
                country=country,
                year=LAST,
                sex=sex,
                age="all",
                value=7 if iso == "GT" else 5_000_000,
                source="test",
            )


@pytest.fixture
def published():
    publish("HN", SMALL, year=FIRST)
    for seed, iso in enumerate(("GT", "HN", "SV")):
        publish(iso, victims(iso, seed))
    populations()


def _st() -> User:
    return User.objects.filter(username="st").first() or UserFactory(
        username="st", role=User.Role.SECRETARIAT
    )


def secrets() -> set[str]:
    """What the public must never read: every five-digit figure of the last year suppressed
    for the public (exact values as ST sees them) that is shown nowhere, and the SDG rates
    of the rows whose numerator is suppressed (exact, as ST sees them)."""
    measure = Measure.objects.get(code=V)
    public = publication(measure=measure, year=LAST)
    exact = publication(measure=measure, year=LAST, viewer=_st())
    shown = {str(c.value) for c in public.cells() if not c.suppressed}
    hidden = {
        str(exact.get(c.country, c.cell).value)
        for c in public.cells()
        if c.suppressed and len(str(exact.get(c.country, c.cell).value)) >= 5
    } - shown
    public_lines, _threshold = outputs.sdg_table(year=LAST)
    exact_lines, _threshold = outputs.sdg_table(year=LAST, viewer=_st())
    suppressed = {(ln.country, ln.sex, ln.age) for ln in public_lines if ln.suppressed}
    rates = {
        str(ln.rate)
        for ln in exact_lines
        if (ln.country, ln.sex, ln.age) in suppressed and ln.rate is not None
    }
    found = hidden | rates | {r.replace(".", ",") for r in rates}
    assert hidden and rates, "the test data has a large suppressed figure and a hidden rate"
    assert "42857.14" in found  # Guatemala's 3 women over 7
    return found


def built(st_user, first_year: int = FIRST) -> tuple[ReportJob, str]:
    job = request_and_build(st_user, first_year=first_year)
    assert job.state == ReportJob.State.READY, job.error
    job.refresh_from_db()
    return job, pdf_text(stored_pdf(job))


def said(text: str) -> str:
    """A sentence of the PDF as the report's language (Spanish) prints it, flattened."""
    with translation.override("es"):
        return flat(gettext(text))


# --- The snapshot --------------------------------------------------------------------------


def test_the_snapshot_has_the_public_regional_totals_of_the_reports_years(published):
    snap = accountability_snapshot(years=[FIRST, LAST])
    part = snap["statistics"]
    assert [m["code"] for m in part["measures"]] == [V]  # nothing else published
    rows = {row["year"]: row for row in part["measures"][0]["years"]}
    measure = Measure.objects.get(code=V)
    last = publication(measure=measure, year=LAST).get(REGION, TOTAL)
    assert not last.suppressed
    assert rows[LAST] == {
        "year": LAST,
        "countries": ["GT", "HN", "SV"],
        "total": last.value,
        "suppressed": False,
    }
    # Honduras alone with 4 victims: published, but below the threshold for the public.
    assert rows[FIRST] == {"year": FIRST, "countries": ["HN"], "total": None, "suppressed": True}
    assert part["threshold"] == 5
    # SDG 16.2.2 of the last year, as the public table gives it.
    lines, _threshold = outputs.sdg_table(year=LAST)
    assert part["sdg"]["year"] == LAST
    assert len(part["sdg"]["lines"]) == len(lines)
    by_key = {
        (ln["country"]["iso"] if ln["country"] else REGION, ln["sex"], ln["age"]): ln
        for ln in part["sdg"]["lines"]
    }
    women_gt = by_key[("GT", "female", "all")]
    assert women_gt["suppressed"] and women_gt["victims"] is None and women_gt["rate"] is None
    hn = by_key[("HN", "all", "all")]
    assert not hn["suppressed"] and hn["victims"] == 27250 and hn["rate"] == pytest.approx(545.0)
    assert part["categories"]["female"] == {"name_es": "Mujeres", "name_en": "Female"}
    json.dumps(snap)  # stored as JSON


def test_a_suppressed_value_is_in_neither_the_snapshot_nor_the_pdf(published, st_user):
    hidden = secrets()
    job, text = built(st_user)
    stored = json.dumps(job.snapshot)
    for value in hidden:
        assert value not in stored, value
        assert flat(value) not in text, value
    with translation.override("es"):
        mark = flat("◼ " + gettext("suppressed"))
    assert mark in text


def test_the_pdf_has_the_section_with_the_figures(published, st_user):
    job, text = built(st_user)
    assert said("Regional statistics") in text
    measure = Measure.objects.get(code=V)
    assert flat(measure.name_es) in text
    total = publication(measure=measure, year=LAST).get(REGION, TOTAL).value
    assert f"{LAST}{total}3(GT,HN,SV)" in text  # year, regional total, countries
    assert f"{FIRST}◼" in text  # the first year's total, suppressed
    with translation.override("es"):
        rate = flat(floatformat(545.0, 2))  # Honduras: 27250 victims over 5,000,000
        note = flat(outputs.suppression_note())
    assert rate == "545,00" and rate in text
    assert note in text
    assert said("no population loaded") not in text  # every row has its population


def test_the_section_says_when_nothing_is_published_for_the_years(published, st_user):
    job, text = built(st_user, first_year=2030)
    part = job.snapshot["statistics"]
    assert part["measures"] == [] and part["sdg"] == {"year": 2031, "lines": []}
    assert said("Regional statistics") in text
    assert said("No statistics were published for these years.") in text


def test_the_sdg_table_says_where_no_population_is_loaded(st_user):
    publish("HN", victims("HN", 1))
    job, text = built(st_user)
    lines = job.snapshot["statistics"]["sdg"]["lines"]
    assert lines and all(ln["population_missing"] and ln["rate"] is None for ln in lines)
    assert said("no population loaded") in text


# --- A report frozen before the section -------------------------------------------------------


def test_a_snapshot_frozen_before_the_section_renders_without_it(published):
    snap = accountability_snapshot(years=[FIRST, LAST])
    old = {k: v for k, v in snap.items() if k != "statistics"}
    text = pdf_text(render_snapshot("accountability", old, language="es").pdf)
    assert said("Term reports of the Presidency and the Technical Secretariat") in text
    assert said("Regional statistics") not in text
    assert said("No statistics were published for these years.") not in text
    # Compared with today, its (absent) statistics are no change.
    assert not [key for key, _old, _new in differences(old, snap) if key[0] == "statistics"]


# --- Comparing with today ---------------------------------------------------------------------


def test_a_new_return_published_shows_as_a_difference(published, st_user):
    job, _text = built(st_user)
    frozen = figures(job.snapshot)
    assert frozen[("statistics", V, LAST, "countries")] == 3
    assert frozen[("statistics", "SDG 16.2.2", LAST, "GT", "female", "all", "suppressed")]
    before = frozen[("statistics", V, LAST, "total")]

    publish("PA", victims("PA", 5))
    changes = {
        d.what: (d.frozen, d.today) for d in report_selectors.report_job_differences(job=job)
    }
    after = publication(measure=Measure.objects.get(code=V), year=LAST).get(REGION, TOTAL)
    assert changes[f"statistics · {V} · {LAST} · countries"] == (3, 4)
    assert changes[f"statistics · {V} · {LAST} · total"] == (before, after.value)
    assert f"statistics · {V} · {FIRST} · total" not in changes  # the first year unchanged
