"""PDF of the minutes (acta), through the platform's one PDF machinery (common.pdf, issue
#7). The PDF is rendered from a plain-data snapshot — the records the minutes were drafted
from (Minutes.records) plus their narrative, state and approval date — so the PDF of
approved minutes is always the same text, whether it is made on the fly by the meeting page
or archived by a report job (reports).

Two things are explicit, never taken from whatever is active in the process:
- the language: the caller's `language` (the meeting page passes the reader's; without it,
  the coalition's working language, settings.LANGUAGE_CODE), rendered under
  translation.override; the report jobs choose theirs around minutes_document;
- what the reader sees of each decision's result: meetings.selectors.motion_result_view
  for the reader's audience; an archived copy, whose readers are not known when it is
  made, is written for the participants (unpublished results stay out);
- whether the reader is a member (meetings.selectors.can_see_restricted): for anyone else
  the restricted agenda items and what was decided on them stay out; an archived copy is
  written for non-members too, as its readers are not known."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime

from common.pdf import PdfDocument, render_pdf
from meetings.models import Minutes
from meetings.selectors import (
    ResultAudience,
    can_see_restricted,
    minutes_content,
    recorded_motion_states,
    result_audience,
)
from members.models import User

TEMPLATE = "pdf/minutes.html"


def minutes_snapshot(minutes: Minutes) -> dict:
    """JSON-serialisable: what the minutes PDF shows, with each recorded motion's state now
    (a result published after the draft counts as published)."""
    return {
        "meeting_id": minutes.meeting_id,
        "records": minutes.records,
        "narrative": minutes.narrative,
        "state": minutes.state,
        "approved_at": timezone.localtime(minutes.approved_at).isoformat()
        if minutes.approved_at
        else None,
        "motion_states": recorded_motion_states(minutes.records),
    }


def _render(
    snapshot: dict, *, base_url: str | None, audience: ResultAudience, members: bool
) -> PdfDocument:
    context = {
        **minutes_content(
            records=snapshot["records"],
            audience=audience,
            members=members,
            states=snapshot.get("motion_states"),
        ),
        "narrative": snapshot.get("narrative", ""),
        "state_label": Minutes.State(snapshot["state"]).label,
        "approved_at": parse_datetime(snapshot["approved_at"])
        if snapshot.get("approved_at")
        else None,
    }
    return render_pdf(TEMPLATE, context, base_url=base_url)


def minutes_document(
    snapshot: dict,
    *,
    base_url: str | None = None,
    language: str | None = None,
    audience: ResultAudience = ResultAudience.PARTICIPANT,
    members: bool = False,
) -> PdfDocument:
    """The PDF of a snapshot, in `language` (or, when None, in the language the caller
    activated: the report jobs render under translation.override), for `audience`, with
    the restricted items only for `members`. No database access."""
    if language is None:
        return _render(snapshot, base_url=base_url, audience=audience, members=members)
    with translation.override(language):
        return _render(snapshot, base_url=base_url, audience=audience, members=members)


def minutes_pdf(
    minutes: Minutes,
    *,
    user: User | None = None,
    language: str | None = None,
    base_url: str | None = None,
) -> bytes:
    """The minutes as `user` may read them (without a user: as circulated to the
    participants, without restricted items), in `language` (default:
    settings.LANGUAGE_CODE, read now)."""
    audience = ResultAudience.PARTICIPANT if user is None else result_audience(user)
    return minutes_document(
        minutes_snapshot(minutes),
        base_url=base_url,
        language=language or settings.LANGUAGE_CODE,
        audience=audience,
        members=can_see_restricted(user),
    ).pdf
