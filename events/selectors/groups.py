"""Reads of what an event produces (issue 21): the working groups board of the event page
(each group with its facilitator, rapporteur, members, matrix, presentation and outputs),
the event's documents (the pre-reading dossier first) and outputs, with the flags the pages
show buttons by. A fixed number of queries whatever the number of groups, rows, members,
documents and outputs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from events import permissions
from events.models import (
    Event,
    EventDocument,
    EventOutput,
    Participant,
    WorkingGroup,
    WorkingGroupRow,
)
from events.services.groups import at_close
from members.models import User

FINISHED = (Event.Status.CLOSED, Event.Status.CANCELLED)


def confirmed_participants(event: Event) -> QuerySet[Participant]:
    """Who may sit in the event's working groups."""
    return Participant.objects.filter(
        event=event, state=Participant.State.CONFIRMED
    ).select_related("country", "event_actor__actor")


def groups_of(event: Event) -> QuerySet[WorkingGroup]:
    """The event's groups with their people and rows (four queries in all)."""
    people = Participant.objects.select_related("country", "event_actor__actor")
    return (
        WorkingGroup.objects.filter(event=event)
        .select_related(
            "facilitator__country",
            "facilitator__event_actor__actor",
            "rapporteur__country",
            "rapporteur__event_actor__actor",
        )
        .prefetch_related(
            Prefetch("members", queryset=people.order_by("full_name", "pk")),
            Prefetch("rows", queryset=WorkingGroupRow.objects.order_by("position", "pk")),
        )
        .order_by("position", "pk")
    )


def outputs_for(*, user: User, event: Event) -> QuerySet[EventOutput]:
    """The organisers see every output; the others the approved ones."""
    outputs = EventOutput.objects.filter(event=event).select_related("group")
    if permissions.can_organise(user):
        return outputs
    return outputs.exclude(approved_at=None)


def can_see_output(user: User, output: EventOutput) -> bool:
    return output.approved_at is not None or permissions.can_organise(user)


@dataclass(frozen=True)
class GroupsFlags:
    can_edit: bool  # groups, matrices, presentations and documents
    can_upload_output: bool


def groups_flags(*, user: User, event: Event) -> GroupsFlags:
    organiser = permissions.can_organise(user)
    return GroupsFlags(
        can_edit=organiser and event.status not in FINISHED,
        can_upload_output=organiser and event.status != Event.Status.CANCELLED,
    )


@dataclass(frozen=True)
class OutputRow:
    output: EventOutput
    can_approve: bool
    can_change: bool  # replace its file or remove it

    @property
    def is_approved(self) -> bool:
        return self.output.approved_at is not None


def output_rows(*, user: User, event: Event, outputs: list[EventOutput]) -> list[OutputRow]:
    flags = groups_flags(user=user, event=event)
    closing = flags.can_upload_output and at_close(event)
    return [
        OutputRow(
            output=o,
            can_approve=closing and o.approved_at is None,
            can_change=flags.can_upload_output and o.approved_at is None,
        )
        for o in outputs
    ]


@dataclass
class GroupCard:
    group: WorkingGroup
    members: list[Participant]
    rows: list[WorkingGroupRow]
    outputs: list[OutputRow] = field(default_factory=list)

    @property
    def has_table(self) -> bool:
        return bool(self.group.columns)

    @property
    def has_file(self) -> bool:
        return bool(self.group.matrix_file)

    @property
    def is_presented(self) -> bool:
        return self.group.presented_at is not None


@dataclass(frozen=True)
class GroupsSection:
    flags: GroupsFlags
    groups: list[GroupCard]
    documents: list[EventDocument]
    dossier: list[EventDocument]
    others: list[EventDocument]
    outputs: list[OutputRow]  # the whole event's (a group's are on its card)
    can_approve_now: bool


def groups_section(*, user: User, event: Event) -> GroupsSection:
    """The event page's working groups board, documents and outputs (six queries)."""
    flags = groups_flags(user=user, event=event)
    rows = output_rows(user=user, event=event, outputs=list(outputs_for(user=user, event=event)))
    by_group: dict[int | None, list[OutputRow]] = defaultdict(list)
    for row in rows:
        by_group[row.output.group_id].append(row)
    cards = [
        GroupCard(
            group=group,
            members=list(group.members.all()),
            rows=list(group.rows.all()),
            outputs=by_group.get(group.pk, []),
        )
        for group in groups_of(event)
    ]
    documents = list(EventDocument.objects.filter(event=event).order_by("-pre_reading", "pk"))
    return GroupsSection(
        flags=flags,
        groups=cards,
        documents=documents,
        dossier=[d for d in documents if d.pre_reading],
        others=[d for d in documents if not d.pre_reading],
        outputs=by_group.get(None, []),
        can_approve_now=flags.can_upload_output and at_close(event),
    )
