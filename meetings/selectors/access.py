"""Restricted items (SPEC §1, §9): agenda items and meeting documents marked restricted are
for the members only. Observers (an observer account, or any account tied to an observer
organisation), partner agencies (API tokens) and anonymous readers never see them — nor a
document of a restricted item, nor the motions, decisions and agreements taken on one —
on the meeting page, the voting screen, the API, the minutes (page and PDF) or a download.

`can_see_restricted` is the one answer to "is this reader a member?"; `visible_to` is the
one filter every list goes through; `minutes_records_for` applies the same rule to the
minutes' snapshot of plain data."""

from __future__ import annotations

from django.db.models import QuerySet

from communications.selectors.access import is_member_side
from meetings.models import AgendaItem, Agreement, CommitteeDecision, MeetingDocument, Motion
from members.models import User

# For each kind of record, the flags that make it restricted: its own, or its item's.
RESTRICTED_BY = {
    AgendaItem: ("restricted",),
    MeetingDocument: ("restricted", "agenda_item__restricted"),
    Motion: ("agenda_item__restricted",),
    Agreement: ("motion__agenda_item__restricted",),
    CommitteeDecision: ("motion__agenda_item__restricted",),
}


def can_see_restricted(user: User | None) -> bool:
    """A member: ST, the Presidency, a focal point or a delegate, active, and not tied to
    an observer organisation (the one statement: communications.selectors.access)."""
    return is_member_side(user)


def visible_to(user: User | None, queryset: QuerySet) -> QuerySet:
    """`queryset` (agenda items, documents, motions or agreements) without what `user` may
    not see. A null item (a general document, an agreement without motion) is not
    restricted by it."""
    if can_see_restricted(user):
        return queryset
    for path in RESTRICTED_BY[queryset.model]:
        queryset = queryset.exclude(**{path: True})
    return queryset


def can_see_document(user: User | None, document: MeetingDocument) -> bool:
    """One document (its item loaded): the rule of `visible_to`."""
    restricted = document.restricted or bool(
        document.agenda_item_id and document.agenda_item.restricted
    )
    return not restricted or can_see_restricted(user)


def minutes_records_for(records: dict, *, members: bool) -> dict:
    """The minutes' snapshot as a reader sees it: for non-members, without the restricted
    agenda items and the decisions and agreements taken on them. Plain data in, plain data
    out (the PDF of an archived copy uses it without a database)."""
    if members:
        return records
    hidden_items = {i["order"] for i in records.get("agenda", []) if i.get("restricted")}
    motions, hidden_agreements = [], set()
    for motion in records.get("motions", []):
        if motion.get("item_restricted") or motion.get("item") in hidden_items:
            hidden_agreements.add(motion.get("agreement"))
        else:
            motions.append(motion)
    return {
        **records,
        "agenda": [i for i in records.get("agenda", []) if not i.get("restricted")],
        "motions": motions,
        "agreements": [
            a
            for a in records.get("agreements", [])
            if not a.get("restricted") and a.get("number") not in hidden_agreements
        ],
    }
