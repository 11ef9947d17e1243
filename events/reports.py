"""The event report (issue 21: "an event report PDF (participants by country and profile,
agenda, outputs)"), through the platform's one PDF path (common.pdf.render_pdf: A4, the
print stylesheet, tagged PDF/UA-1), in the language of the user who asks for it.

It shows the event's facts, its agenda by day, the confirmed participants counted by country
(or invited actor) and profile, the list of confirmed participants with the days each signed
in, the approved outputs (titles only) and the budget per currency (planned, committed,
received, spent, balance; in-kind commitments listed). Who may download it is
events.permissions.can_read_budget (the organisers and the invited countries' focal points)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from common.pdf import PdfDocument, render_pdf
from events import selectors
from events.certificates import date_span, long_date, origin_of
from events.models import Event, EventOutput
from events.selectors.budget import PROFILE_LABELS
from members.models import User

TEMPLATE = "pdf/events/report.html"


def report_context(event: Event) -> dict:
    """What the report shows, in the active language."""
    days, grid = selectors.attendance_grid(event)
    attended = [
        {
            "participant": row.participant,
            "origin": origin_of(row.participant),
            "days": [long_date(day) for day, signed in zip(days, row.days, strict=True) if signed],
        }
        for row in grid
    ]
    agenda: dict = {}
    for slot in event.agenda.all():
        agenda.setdefault(slot.day, []).append(slot)
    return {
        "event": event,
        "dates": date_span(event.starts_on, event.ends_on),
        "agenda": [(long_date(day), slots) for day, slots in agenda.items()],
        "profiles": PROFILE_LABELS,
        "by_country": selectors.participants_by_country_and_profile(event),
        "participants": attended,
        "outputs": list(
            EventOutput.objects.filter(event=event, approved_at__isnull=False).order_by(
                "approved_at", "pk"
            )
        ),
        "budget": selectors.budget_summary(event),
    }


def event_report_pdf(event: Event, *, user: User, base_url: str | None = None) -> PdfDocument:
    """The report in `user`'s language. The caller checks that `user` may read it."""
    event = (
        Event.objects.select_related("host_country", "activity")
        .prefetch_related("agenda", "invited_countries")
        .get(pk=event.pk)
    )
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        return render_pdf(TEMPLATE, report_context(event), base_url=base_url)


def report_filename(event: Event) -> str:
    return f"informe-evento-{event.pk}.pdf"
