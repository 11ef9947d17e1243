"""Lists and details of meetings."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, QuerySet

from meetings.models import Meeting


def meeting_list(*, year: int | None = None, kind: str | None = None) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("host_country").annotate(
        n_items=Count("agenda_items", distinct=True)
    )
    if year:
        qs = qs.filter(starts_at__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-starts_at")


def meeting_detail(*, pk: int) -> Meeting:
    return Meeting.objects.select_related("host_country", "status_changed_by", "committee").get(
        pk=pk
    )


def previous_plenary(*, before: dt.datetime, exclude: int | None = None) -> Meeting | None:
    """The last ordinary or extraordinary meeting before `before`: its minutes are read for
    approval at the next one (003 §VIII Presidency 10)."""
    return (
        Meeting.objects.filter(kind__in=Meeting.PLENARY_KINDS, starts_at__lt=before)
        .exclude(pk=exclude)
        .order_by("-starts_at")
        .first()
    )
