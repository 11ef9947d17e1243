"""The agreements register (SPEC §3)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from meetings.models import Agreement, AgreementFollowUp


def agreement_list(
    *,
    status: str | None = None,
    body: int | None = None,
    organ: str | None = None,
    meeting: int | None = None,
    year: int | None = None,
) -> QuerySet[Agreement]:
    """The agreements register (SPEC §3), filtered; responsible bodies prefetched."""
    qs = Agreement.objects.select_related("meeting").prefetch_related("responsible_bodies")
    if status:
        qs = qs.filter(status=status)
    if body:
        qs = qs.filter(responsible_bodies=body)
    if organ:
        # JSON containment is not available on SQLite: match the quoted choice instead.
        qs = qs.filter(responsible_organs__icontains=f'"{organ}"')
    if meeting:
        qs = qs.filter(meeting_id=meeting)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-sequence")


def agreement_detail(*, pk: int) -> Agreement:
    return (
        Agreement.objects.select_related("meeting", "motion")
        .prefetch_related(
            "responsible_bodies__country",
            "activities__operational_objective__poa",
            Prefetch("follow_ups", queryset=AgreementFollowUp.objects.select_related("author")),
        )
        .get(pk=pk)
    )
