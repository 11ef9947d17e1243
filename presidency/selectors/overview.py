"""The overview of the Presidency's work (/presidency/): the state of each register in a
few figures, what waits, and the next plenary where the representation entries will be
reported. Six queries whatever the number of records."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from presidency import permissions
from presidency.models import (
    Admission,
    CooperationProject,
    GuidelineProgress,
    ReorientationProposal,
    RepresentationEntry,
)


@dataclass
class Overview:
    entries_open: int = 0
    entries_reported: int = 0
    next_plenary: object | None = None
    stages: list[tuple[str, object, int]] = field(default_factory=list)
    show_cooperation: bool = False
    admissions_open: int = 0
    admissions_done: int = 0
    checklist: list[tuple[str, object, int]] = field(default_factory=list)
    waiting_review: int = 0
    proposals_pending: int = 0


def overview(*, user) -> Overview:
    entries = RepresentationEntry.objects.aggregate(
        open=Count("pk", filter=Q(status=RepresentationEntry.Status.OPEN)),
        reported=Count("pk", filter=Q(status=RepresentationEntry.Status.REPORTED)),
    )
    next_item = (
        RepresentationEntry.objects.filter(
            status=RepresentationEntry.Status.OPEN, agenda_item__isnull=False
        )
        .select_related("agenda_item__meeting")
        .order_by("agenda_item__meeting__starts_at")
        .first()
    )
    result = Overview(
        entries_open=entries["open"],
        entries_reported=entries["reported"],
        next_plenary=next_item.agenda_item.meeting if next_item and next_item.agenda_item else None,
    )
    if permissions.can_read_cooperation(user):
        counts = dict(
            CooperationProject.objects.values_list("stage").annotate(n=Count("pk")).order_by()
        )
        result.show_cooperation = True
        result.stages = [
            (value, label, counts.get(value, 0))
            for value, label in CooperationProject.Stage.choices
        ]
    admissions = Admission.objects.aggregate(
        open=Count("pk", filter=Q(status=Admission.Status.INVITED)),
        done=Count("pk", filter=Q(status=Admission.Status.ADMITTED)),
    )
    result.admissions_open, result.admissions_done = admissions["open"], admissions["done"]
    progress = GuidelineProgress.objects.aggregate(
        waiting=Count("pk", filter=Q(review=GuidelineProgress.Review.SUBMITTED)),
        **{value: Count("pk", filter=Q(status=value)) for value in GuidelineProgress.Status.values},
    )
    result.waiting_review = progress.pop("waiting")
    result.checklist = [
        (value, label, progress[value]) for value, label in GuidelineProgress.Status.choices
    ]
    result.proposals_pending = ReorientationProposal.objects.filter(
        status__in=[ReorientationProposal.Status.DRAFT, ReorientationProposal.Status.SUBMITTED]
    ).count()
    return result
