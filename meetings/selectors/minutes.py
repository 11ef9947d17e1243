"""The minutes: who reads them, and their decisions as each reader may see them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from meetings import rules
from meetings.models import Meeting, Minutes, Motion
from meetings.selectors.access import minutes_records_for
from meetings.selectors.motions import ResultAudience, motion_result_view
from members.models import Office, User

# The signature block closes the minutes: the Presidency, then the Technical Secretariat
# (003 §VIII: the Presidency has the minutes read for approval, ST takes and keeps them).
SIGNING_OFFICES = (Office.Kind.PRESIDENCY, Office.Kind.TECHNICAL_SECRETARIAT)


def can_read_minutes(*, user: User, minutes: Minutes) -> bool:
    """Draft minutes are ST's working copy (003 §VIII ST 11); once circulated, everyone who
    sees meetings reads them."""
    return minutes.state != Minutes.State.DRAFT or user.is_secretariat


def minutes_archive(*, user: User | None = None) -> QuerySet[Minutes]:
    """003 §VIII ST 12: the archive of minutes, newest meeting first; without ST's drafts
    for everyone else (can_read_minutes)."""
    qs = Minutes.objects.select_related("meeting__host_country", "approved_in__meeting")
    if user is not None and not user.is_secretariat:
        qs = qs.exclude(state=Minutes.State.DRAFT)
    return qs.order_by("-meeting__starts_at")


def recorded_motion_states(records: dict) -> dict[str, str]:
    """The state now of each motion the minutes record (one query), keyed by its id as a
    string (JSON): a result published after the draft was generated is read as published."""
    ids = [m["id"] for m in records.get("motions", []) if m.get("id")]
    if not ids:
        return {}
    return {
        str(pk): state for pk, state in Motion.objects.filter(pk__in=ids).values_list("pk", "state")
    }


def minutes_decisions(
    *, records: dict, audience: ResultAudience, states: dict[str, str] | None = None
) -> list[dict]:
    """The decisions of the minutes as `audience` may read them: the one visibility rule
    (motion_result_view) applied to each recorded motion, in its state now when known."""
    states = states or {}
    names = {c["iso"]: c for c in records.get("attendance", [])}
    decisions = []
    for motion in records.get("motions", []):
        state = states.get(str(motion.get("id")), motion.get("state", ""))
        view = motion_result_view(state=state, audience=audience)
        consensus = motion.get("method") == Motion.Method.CONSENSUS
        show_votes = view.votes and not consensus
        decisions.append(
            {
                **motion,
                "state": state,
                "is_consensus": consensus,
                "is_withdrawn": state == Motion.State.WITHDRAWN,
                "show_counts": view.counts and not consensus,
                "show_outcome": view.outcome,
                "show_votes": show_votes,
                "country_votes": _country_votes(motion, names) if show_votes else [],
            }
        )
    return decisions


def _country_votes(motion: dict, names: dict[str, dict]) -> list[dict]:
    """How each country entitled to vote voted ("" for one that did not vote), in the order
    of the ISO codes; snapshots older than the list of entitled countries give the votes
    cast."""
    choices = {v["country"]: v["choice"] for v in motion.get("votes", [])}
    isos = motion.get("entitled_countries") or sorted(choices)
    return [
        {
            "iso": iso,
            "name_es": names.get(iso, {}).get("name_es", iso),
            "name_en": names.get(iso, {}).get("name_en", iso),
            "choice": choices.get(iso, ""),
        }
        for iso in isos
    ]


def minutes_signatures(records: dict) -> list[dict]:
    """The signature block: for the Presidency and ST, the country holding the office on
    the meeting's date as recorded when the minutes were drafted, or None (a blank line to
    sign) — also for minutes drafted before the block was recorded."""
    recorded = {row["office"]: row.get("country") for row in records.get("signatures", [])}
    return [
        {"office": kind, "label": Office.Kind(kind).label, "country": recorded.get(kind)}
        for kind in SIGNING_OFFICES
    ]


def minutes_content(
    *,
    records: dict,
    audience: ResultAudience,
    members: bool,
    states: dict[str, str] | None = None,
) -> dict:
    """What the minutes page and PDF show a reader: the records without what they may not
    see (restricted items, selectors.access), the decisions as they may read them, the
    absent member countries and the signature block. Plain data: no queries."""
    records = minutes_records_for(records, members=members)
    return {
        "records": records,
        "decisions": minutes_decisions(records=records, audience=audience, states=states),
        "signatures": minutes_signatures(records),
    }


@dataclass(frozen=True)
class MinutesFlags:
    can_edit_narrative: bool
    can_regenerate: bool
    can_circulate: bool  # a draft: circulated minutes are frozen
    can_withdraw: bool  # circulated minutes back to a draft, to edit them
    can_comment: bool
    can_approve: bool
    can_reopen: bool


def minutes_flags(*, user: User, minutes: Minutes, meeting: Meeting) -> MinutesFlags:
    """The actions the minutes page offers `user`: the answers of meetings.rules, which the
    minutes services raise on. No queries."""
    can_edit = rules.minutes_edit_refusal(user=user, minutes=minutes) is None
    return MinutesFlags(
        can_edit_narrative=can_edit,
        can_regenerate=rules.minutes_generate_refusal(user=user, meeting=meeting, minutes=minutes)
        is None,
        can_circulate=can_edit,
        can_withdraw=rules.minutes_withdraw_refusal(user=user, minutes=minutes) is None,
        can_comment=rules.minutes_comment_refusal(user=user, minutes=minutes) is None,
        can_approve=rules.minutes_approval_refusal(user=user, minutes=minutes) is None,
        can_reopen=rules.minutes_reopen_refusal(user=user, minutes=minutes) is None,
    )
