"""What the meetings services share: the quorum every decision needs (001 §4.A.7)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from meetings import selectors
from meetings.models import Meeting

NO_QUORUM = _("There is no quorum: %(represented)s of %(required)s member countries needed.")


def ensure_quorum(meeting: Meeting) -> selectors.QuorumStatus:
    """Votes, consensus and the approval of minutes are refused without quorum (SPEC §3)."""
    quorum = selectors.meeting_quorum(meeting)
    if not quorum.reached:
        raise ValidationError(
            NO_QUORUM,
            code="no_quorum",
            params={"represented": quorum.represented, "required": quorum.required},
        )
    return quorum
