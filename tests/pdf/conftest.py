"""Data for the PDF structure tests (issue 17): the real Strategic Plan and POA 2018 with
semester I reported and approved (Honduras, Guatemala, the regional report), evidence on
Guatemala's rows (a file and a link), a plenary meeting with attendance, two agreements and
drafted minutes. Everything made through the services, as in reports/tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services as meeting_services
from monitoring import services as monitoring_services
from monitoring.models import ProgressEntry
from monitoring.tests.factories import (
    approve,
    fill,
    open_period,
    report_approved,
    report_of,
    submit,
)
from reports.tests.scenario import approved_poa_2018, plenary_held, values_for

TZ = ZoneInfo("America/Guatemala")
EVIDENCE_FILE = "lista-de-asistencia-taller.pdf"
EVIDENCE_LINK = "https://example.org/informes/memoria-taller-gt"
EVIDENCE_LINK_TITLE = "Memoria del taller nacional de Guatemala"
# A PDF that the upload check (common.validators, by content) accepts.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def pdf_term(coalition, st_user, focal_point_hn, focal_point_gt):
    poa = approved_poa_2018()
    period = open_period(st_user, poa, opens_on=dt.date(2018, 6, 1), due_on=dt.date(2018, 7, 15))
    hn = report_of(period, coalition["HN"])
    gt = report_of(period, coalition["GT"])
    regional = report_of(period, None)
    report_approved(hn, focal_point_hn, st_user, values_for(hn, 80))
    fill(gt, focal_point_gt, values_for(gt, 20), justification="Retraso por falta de fondos")
    first, second = ProgressEntry.objects.filter(report=gt).order_by("activity__position", "pk")[:2]
    monitoring_services.evidence_add(
        user=focal_point_gt,
        entry=first,
        file=SimpleUploadedFile(EVIDENCE_FILE, PDF_BYTES, content_type="application/pdf"),
        description="",
    )
    monitoring_services.evidence_add(
        user=focal_point_gt, entry=second, url=EVIDENCE_LINK, description=EVIDENCE_LINK_TITLE
    )
    submit(gt, focal_point_gt)
    approve(gt, st_user)
    report_approved(regional, st_user, st_user, values_for(regional, 50))

    meeting = plenary_held(
        st_user,
        coalition,
        title="XX Reunión Ordinaria de la Coalición",
        starts_at=dt.datetime(2018, 9, 12, 9, 0, tzinfo=TZ),
        designated_since=dt.date(2017, 1, 1),
        second_agreement="Crear el comité de comunicación",
    )
    meeting_services.minutes_generate(
        user=st_user, meeting=meeting, narrative="Se abrió la sesión a las nueve."
    )
    return {"poa": poa, "period": period, "meeting": meeting, "gt_report": gt}
