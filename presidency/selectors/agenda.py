"""Which plenary an open representation entry is reported at."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings.models import Meeting
from meetings.rules import RECORDS_OPEN


def next_plenary_for(entry, *, now: dt.datetime | None = None) -> Meeting | None:
    """The first ordinary or extraordinary plenary that starts after the entry's last day
    and from now on, not closed nor cancelled, whose agenda is not yet approved."""
    now = now or timezone.now()
    after = dt.datetime.combine(
        entry.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return (
        Meeting.objects.filter(
            kind__in=Meeting.PLENARY_KINDS,
            status__in=RECORDS_OPEN,
            agenda_approved_at__isnull=True,
            starts_at__gte=max(after, now),
        )
        .order_by("starts_at", "pk")
        .first()
    )
