"""PDF of the minutes (acta), through the platform's one PDF machinery (common.pdf, issue
#7). The PDF is rendered from a plain-data snapshot — the records the minutes were drafted
from (Minutes.records) plus their narrative, state and approval date — so the PDF of
approved minutes is always the same text, whether it is made on the fly by the meeting page
or archived by a report job (reports)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from common.pdf import PdfDocument, render_pdf
from meetings.models import Minutes

TEMPLATE = "pdf/minutes.html"


def minutes_snapshot(minutes: Minutes) -> dict:
    """JSON-serialisable: what the minutes PDF shows."""
    return {
        "meeting_id": minutes.meeting_id,
        "records": minutes.records,
        "narrative": minutes.narrative,
        "state": minutes.state,
        "approved_at": timezone.localtime(minutes.approved_at).isoformat()
        if minutes.approved_at
        else None,
    }


def minutes_document(snapshot: dict, *, base_url: str | None = None) -> PdfDocument:
    context = {
        "records": snapshot["records"],
        "narrative": snapshot.get("narrative", ""),
        "state_label": Minutes.State(snapshot["state"]).label,
        "approved_at": parse_datetime(snapshot["approved_at"])
        if snapshot.get("approved_at")
        else None,
    }
    return render_pdf(TEMPLATE, context, base_url=base_url)


def minutes_pdf(minutes: Minutes, *, base_url: str | None = None) -> bytes:
    return minutes_document(minutes_snapshot(minutes), base_url=base_url).pdf
