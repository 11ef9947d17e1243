"""What the Presidency's records give the reports (issue 22): the cooperation section of the
biennial report — read back from the PDF's text as a donor would — and the Presidency's part
of its term report's summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from members.models import Office
from members.tests.factories import OfficeFactory
from plans.tests.factories import ActivityFactory, ActorFactory
from presidency.models import CooperationProject, RepresentationEntry
from presidency.selectors.report import cooperation_for_years, term_work
from presidency.tests.factories import CooperationProjectFactory, RepresentationEntryFactory
from reports.render import render_snapshot
from reports.selectors import term_report_summary
from reports.snapshot import accountability_snapshot, differences
from reports.tests.scenario import flat, pdf_text

pytestmark = pytest.mark.django_db

Stage = CooperationProject.Stage


@pytest.fixture
def partners():
    return ActorFactory(name="Organización Internacional para las Migraciones"), ActorFactory(
        name="Banco Interamericano de Desarrollo"
    )


def test_totals_count_committed_contributions_per_currency(partners):
    oim, bid = partners
    CooperationProjectFactory(partner=oim, year=2026, stage=Stage.COMMITMENT, amount=15000)
    CooperationProjectFactory(
        partner=oim, year=2026, stage=Stage.EXECUTION, amount=Decimal("2500.50"), currency="EUR"
    )
    CooperationProjectFactory(partner=oim, year=2026, stage=Stage.FINAL_REPORT, amount=5000)
    # Not contributions: a proposal, a declined and a cancelled project.
    for stage in (Stage.PROPOSAL, Stage.DECLINED, Stage.CANCELLED):
        CooperationProjectFactory(partner=oim, year=2026, stage=stage, amount=99999)
    CooperationProjectFactory(
        partner=bid,
        year=2026,
        stage=Stage.COMMITMENT,
        kind=CooperationProject.Kind.IN_KIND,
        in_kind="Sala y equipo para el encuentro",
        amount=1200,
    )
    CooperationProjectFactory(partner=bid, year=2025, stage=Stage.COMMITMENT, amount=700)

    part = cooperation_for_years([2026])
    rows = {(r["partner"], r["year"]): r for r in part["totals"]}
    assert set(rows) == {(oim.name, 2026), (bid.name, 2026)}
    assert rows[(oim.name, 2026)]["money"] == {"EUR": "2500.50", "USD": "20000.00"}
    assert rows[(oim.name, 2026)]["in_kind"] == 0
    assert rows[(bid.name, 2026)]["money"] == {}
    assert rows[(bid.name, 2026)]["in_kind"] == 1
    assert rows[(bid.name, 2026)]["in_kind_value"] == {"USD": "1200.00"}
    assert part["by_year"] == [{"year": 2026, "money": {"EUR": "2500.50", "USD": "20000.00"}}]
    assert len(part["projects"]) == 7  # every project of the year is listed, any stage
    assert part["stages"][Stage.PROPOSAL] == 1


def test_the_biennial_report_prints_the_cooperation_section(partners):
    oim, _bid = partners
    activity = ActivityFactory()
    project = CooperationProjectFactory(
        partner=oim,
        year=2026,
        stage=Stage.EXECUTION,
        amount=Decimal("48750"),
        title="Apoyo al encuentro binacional Guatemala-Honduras",
    )
    project.activities.add(activity)
    snapshot = accountability_snapshot(years=[2025, 2026])
    assert snapshot["cooperation"]["totals"][0]["money"] == {"USD": "48750.00"}

    text = pdf_text(render_snapshot("accountability", snapshot, language="es").pdf)
    assert flat("Apoyo al encuentro binacional Guatemala-Honduras") in text
    assert flat(oim.name) in text
    assert "USD48750,00" in text  # its own currency, Spanish grouping (a space, removed)
    assert flat(activity.code) in text

    english = pdf_text(render_snapshot("accountability", snapshot, language="en").pdf)
    assert "9.Internationalcooperation" in english
    assert "USD48,750.00" in english


def test_a_report_frozen_before_the_section_prints_none_and_ignores_today(partners):
    snapshot = accountability_snapshot(years=[2026])
    old = {k: v for k, v in snapshot.items() if k != "cooperation"}
    CooperationProjectFactory(partner=partners[0], year=2026, stage=Stage.COMMITMENT)
    today = accountability_snapshot(years=[2026])
    assert not [d for d in differences(old, today) if d[0][0] == "cooperation"]
    # A report frozen with the section sees the new commitment as a change.
    changes = [d for d in differences(snapshot, today) if d[0][0] == "cooperation"]
    assert changes == [
        (("cooperation", partners[0].name, 2026, "USD"), None, 15000.0),
        (("cooperation", partners[0].name, 2026, "in_kind"), None, 0),
    ]
    english = pdf_text(render_snapshot("accountability", old, language="en").pdf)
    assert "Internationalcooperation" not in english


def test_the_presidency_term_summary_gathers_its_work(coalition, partners):
    office = OfficeFactory(
        kind=Office.Kind.PRESIDENCY,
        country=coalition["HN"].country,
        start_date=dt.date(2025, 7, 1),
        end_date=dt.date(2026, 12, 31),
    )
    RepresentationEntryFactory(start_date=dt.date(2026, 5, 4), end_date=dt.date(2026, 5, 5))
    RepresentationEntryFactory(start_date=dt.date(2024, 5, 4), end_date=dt.date(2024, 5, 5))
    CooperationProjectFactory(partner=partners[0], year=2026, stage=Stage.COMMITMENT)

    summary = term_report_summary(office=office)
    work = summary["presidency"]
    assert work["representation"]["total"] == 1  # the 2024 entry is before the term
    assert work["representation"]["items"][0]["status"] == RepresentationEntry.Status.OPEN
    assert work["cooperation"]["totals"][0]["money"] == {"USD": "15000.00"}
    assert work == term_work([2025, 2026])
    secretariat = OfficeFactory(
        kind=Office.Kind.TECHNICAL_SECRETARIAT,
        country=coalition["GT"].country,
        start_date=dt.date(2025, 7, 1),
        end_date=dt.date(2026, 12, 31),
    )
    assert "presidency" not in term_report_summary(office=secretariat)
