"""The data the report tests share (reports/tests, tests/pdf): the real POA 2018 approved, a
report's figures, a plenary held with five countries represented and its two agreements —
all made through the services, as a user would."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from meetings import services as meeting_services
from meetings.models import Agreement, Meeting
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members.models import Country, NationalBody, User
from members.tests.factories import DesignationFactory
from monitoring.models import ProgressEntry, ProgressReport
from plans.loaders import load_plan
from plans.models import POA

REPRESENTED = ("CR", "GT", "HN", "MX", "PA")


def pdf_text(data: bytes) -> str:
    """The PDF's text with every whitespace removed (pypdf splits some kerned pairs)."""
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return "".join(text.split())


def flat(value: str) -> str:
    return "".join(str(value).split())


def values_for(report: ProgressReport, value: int) -> dict[str, int]:
    """Every row of `report` at `value`."""
    codes = ProgressEntry.objects.filter(report=report).values_list("activity__code", flat=True)
    return dict.fromkeys(codes, value)


def approved_poa_2018() -> POA:
    """The real Strategic Plan and POA 2018 (003 §X), approved."""
    load_plan()
    poa = POA.objects.get(year=2018)
    POA.objects.filter(pk=poa.pk).update(status=POA.Status.APPROVED)
    poa.refresh_from_db()
    return poa


def plenary_held(
    st: User,
    coalition: dict[str, NationalBody],
    *,
    title: str,
    starts_at: dt.datetime,
    designated_since: dt.date,
    second_agreement: str,
) -> Meeting:
    """A plenary hosted by Honduras with the titulars of five countries present, and two
    agreements of its year: "Aprobar la hoja de ruta regional" fulfilled on 30 November,
    and `second_agreement` pending."""
    meeting = MeetingFactory(
        title=title,
        starts_at=starts_at,
        host_country=Country.objects.get(iso_code="HN"),
    )
    for iso in REPRESENTED:
        designation = DesignationFactory(national_body=coalition[iso], start_date=designated_since)
        meeting_services.attendance_record(
            user=st,
            meeting=meeting,
            person=designation.person,
            capacity="titular",
            designation=designation,
        )
    year = starts_at.year
    AgreementFactory(
        meeting=meeting,
        year=year,
        sequence=1,
        text="Aprobar la hoja de ruta regional",
        status=Agreement.Status.FULFILLED,
        fulfilled_on=dt.date(year, 11, 30),
    )
    AgreementFactory(meeting=meeting, year=year, sequence=2, text=second_agreement)
    return meeting
