"""PDF of the minutes (acta) with WeasyPrint, rendered from the stored snapshot so the PDF
of approved minutes is always the same text."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from meetings.models import Minutes


def minutes_pdf(minutes: Minutes, *, base_url: str | None = None) -> bytes:
    html = render_to_string(
        "meetings/minutes_pdf.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "records": minutes.records,
            "site_name": settings.SITE_NAME,
        },
    )
    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).write_pdf()
