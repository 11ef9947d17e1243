"""The goal status of a row of the §IX form (SPEC §5: "goal status ... suggested from the
numbers"), stated once: what the figures suggest, which status a row has (the one a person
chose, else the suggestion) and whether that status departs from the suggestion.

The row rules (monitoring.services.validate_row: a departure needs a reason), the save (which
stores the suggestion when nobody chose), the web form, the Excel workbook and the API (which
show a stored suggestion as "as the figures suggest" so it follows the figures), the report
pages, the matrix and the PDF (which show the row's status) all read it here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from monitoring.models import ProgressEntry
from monitoring.selectors.results import ResultStatus, compliance_of, status_of

GoalStatus = ProgressEntry.GoalStatus


def suggest_goal_status(progress: int | None, planned: int) -> str:
    """The status the figures suggest: 100% → achieved; "delayed" exactly when the results
    call it so (compliance = progress ÷ cumulative plan below the at-risk threshold, 60 % by
    default: one vocabulary, docs/architecture.md "Statuses"); 0% with nothing planned yet
    → not started; anything else → in progress (a row short of plan but not delayed still
    needs its justification, monitoring.services.rows). "Cancelled" is never suggested: it
    is a decision and, like any other departure from the suggestion, needs a reason. No
    progress given: no suggestion ("")."""
    if progress is None:
        return ""
    if progress >= 100:
        return GoalStatus.ACHIEVED
    if status_of(compliance_of(Decimal(progress), Decimal(planned))) == ResultStatus.DELAYED:
        return GoalStatus.DELAYED
    if progress == 0:
        return GoalStatus.NOT_STARTED
    return GoalStatus.IN_PROGRESS


@dataclass(frozen=True)
class GoalStatusReading:
    """A row's goal status read against its figures."""

    status: str  # the row's status: the one chosen, else the suggestion ("" if neither)
    suggested: str  # what the figures suggest ("" without progress)

    @property
    def is_override(self) -> bool:
        """A person chose another status than the figures suggest: it needs a reason
        (status_override_reason) and the form shows it as chosen."""
        return bool(self.status) and self.status != self.suggested

    @property
    def chosen(self) -> str:
        """What the form, the workbook and the API show as chosen: the status when it is an
        override, "" ("as the figures suggest") when it is only the suggestion."""
        return self.status if self.is_override else ""

    @property
    def label(self) -> str:
        return str(GoalStatus(self.status).label) if self.status in GoalStatus.values else ""


def goal_status_of(*, chosen: str, progress: int | None, planned: int) -> GoalStatusReading:
    """`chosen`: what a person gave or what a row stores ("" = as the figures suggest);
    `planned`: the activity's cumulative plan at the end of the report's semester
    (Activity.planned_cumulative)."""
    suggested = suggest_goal_status(progress, planned)
    return GoalStatusReading(status=chosen or suggested, suggested=suggested)


def entry_goal_status(entry: ProgressEntry, semester: int) -> GoalStatusReading:
    """goal_status_of for a stored row (its activity loaded) of a report of `semester`."""
    return goal_status_of(
        chosen=entry.goal_status,
        progress=entry.progress,
        planned=entry.activity.planned_cumulative(semester),
    )
