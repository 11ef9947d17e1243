"""What a user may do to a statistics return, one refusal function per action (issue 20:
draft → submitted → validated by ST → published, or back to the country with a note).
The services raise the refusal; the page flags (stats.selectors.returns.return_page) are
"no refusal", so a button and its service agree. Each refusal has a code."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stats.models import StatisticsReturn
from stats.permissions import (
    NOT_YOUR_COUNTRY,
    SECRETARIAT_ONLY,
    can_edit_return,
    can_review,
)

State = StatisticsReturn.State

# The country fills its figures while the return is a draft or came back from ST.
EDITABLE_STATES = (State.DRAFT, State.RETURNED)

NOT_EDITABLE = _(
    "This return is %(state)s: its figures change only while it is a draft or returned."
)
NOT_SUBMITTABLE = _("This return is %(state)s: only a draft or a returned return is submitted.")
NOT_SUBMITTED = _("This return is %(state)s: only a submitted return is validated.")
NOT_REVIEWABLE = _(
    "This return is %(state)s: only a submitted or validated return goes back to the country."
)
NOT_VALIDATED = _("This return is %(state)s: only a validated return is published.")


def _state(statistics_return: StatisticsReturn) -> dict:
    return {"state": statistics_return.get_state_display()}


def _not_your_country(statistics_return: StatisticsReturn) -> ValidationError:
    return ValidationError(
        NOT_YOUR_COUNTRY,
        code="not_your_country",
        params={"country": statistics_return.country},
    )


def edit_refusal(user, statistics_return: StatisticsReturn) -> ValidationError | None:
    if not can_edit_return(user, statistics_return.country_id):
        return _not_your_country(statistics_return)
    if statistics_return.state not in EDITABLE_STATES:
        return ValidationError(NOT_EDITABLE, code="not_editable", params=_state(statistics_return))
    return None


def submit_refusal(user, statistics_return: StatisticsReturn) -> ValidationError | None:
    if not can_edit_return(user, statistics_return.country_id):
        return _not_your_country(statistics_return)
    if statistics_return.state not in EDITABLE_STATES:
        return ValidationError(
            NOT_SUBMITTABLE, code="not_submittable", params=_state(statistics_return)
        )
    return None


def validate_refusal(user, statistics_return: StatisticsReturn) -> ValidationError | None:
    if not can_review(user):
        return ValidationError(SECRETARIAT_ONLY, code="secretariat_only")
    if statistics_return.state != State.SUBMITTED:
        return ValidationError(
            NOT_SUBMITTED, code="not_submitted", params=_state(statistics_return)
        )
    return None


def send_back_refusal(user, statistics_return: StatisticsReturn) -> ValidationError | None:
    """ST returns a submitted return, or a validated one not yet published (a mistake seen
    before publication); a published return's figures are public and stay."""
    if not can_review(user):
        return ValidationError(SECRETARIAT_ONLY, code="secretariat_only")
    if statistics_return.state not in (State.SUBMITTED, State.VALIDATED):
        return ValidationError(
            NOT_REVIEWABLE, code="not_reviewable", params=_state(statistics_return)
        )
    return None


def publish_refusal(user, statistics_return: StatisticsReturn) -> ValidationError | None:
    if not can_review(user):
        return ValidationError(SECRETARIAT_ONLY, code="secretariat_only")
    if statistics_return.state != State.VALIDATED:
        return ValidationError(
            NOT_VALIDATED, code="not_validated", params=_state(statistics_return)
        )
    return None
