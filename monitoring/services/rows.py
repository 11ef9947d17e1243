"""The rules of one row of the §IX form (SPEC §5), in one function, `validate_row`, that
the form save, the submission, the Excel import and the API all run; nothing is saved
unless every row passes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Count

from monitoring.models import Evidence, ProgressEntry, ProgressReport
from monitoring.selectors import goal_status_of, previous_progress
from monitoring.services.messages import (
    ACHIEVED_NEEDS_100,
    ACHIEVED_NEEDS_EVIDENCE,
    GOAL_STATUS_INVALID,
    JUSTIFICATION_REQUIRED,
    LINK_INVALID,
    PROGRESS_DECREASE_NEEDS_REASON,
    PROGRESS_OUT_OF_RANGE,
    PROGRESS_REQUIRED,
    ROW_NOT_IN_REPORT,
    ROWS_INVALID,
    STATUS_OVERRIDE_NEEDS_REASON,
)
from plans.models import Activity

GoalStatus = ProgressEntry.GoalStatus


# Interpretation (SPEC §5: "achieved needs evidence for document-type goals"): the POA matrix
# has no goal type, so a goal is a document when its goal or indicator names one. These are
# the words the POA 2018 matrix uses for its deliverables (003 §X).
DOCUMENT_WORDS = (
    "documento",
    "document",
    "informe",
    "report",
    "diagnostico",
    "estrategia",
    "strategy",
    "protocolo",
    "protocol",
    "linea base",
    "baseline",
    "directorio",
    "directory",
    "guia",
    "manual",
    "reglamento",
    "presupuesto",
    "agenda de trabajo",
)


def plain_text(text: object) -> str:
    """Lower case without accents or surrounding spaces, so "Diagnóstico" and "diagnostico"
    match (document goals here, goal statuses typed in a spreadsheet)."""
    decomposed = unicodedata.normalize("NFKD", str(text or ""))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().lower()


def is_document_goal(activity: Activity) -> bool:
    text = plain_text(f"{activity.goal} {activity.indicator}")
    return any(word in text for word in DOCUMENT_WORDS)


@dataclass
class RowInput:
    """What a person (form row, spreadsheet row, API item) says about one activity.
    An empty goal_status means "the one the figures suggest"."""

    activity_id: int
    progress: int | None
    goal_status: str = ""
    status_override_reason: str = ""
    justification: str = ""
    decrease_reason: str = ""
    links: list[str] = field(default_factory=list)  # new evidence links (Excel column)

    @classmethod
    def from_entry(cls, entry: ProgressEntry) -> RowInput:
        return cls(
            activity_id=entry.activity_id,
            progress=entry.progress,
            goal_status=entry.goal_status,
            status_override_reason=entry.status_override_reason,
            justification=entry.justification,
            decrease_reason=entry.decrease_reason,
        )


RowErrors = dict[str, list[ValidationError]]


def _error(errors: RowErrors, name: str, message, code: str, **params) -> None:
    errors.setdefault(name, []).append(ValidationError(message, code=code, params=params or None))


def validate_row(
    row: RowInput,
    *,
    activity: Activity,
    semester: int,
    previous: int | None,
    evidence_count: int,
    complete: bool,
) -> RowErrors:
    """Every rule of one row of the §IX form (SPEC §5), errors keyed by field name:

    - progress is 0–100 (required when the report is submitted: `complete`);
    - progress below the previous period's (semester I of the same POA) needs a reason;
    - progress below the plan (activity.planned_cumulative: semester I target, or
      min(100, I + II) at the end of the year) needs a justification;
    - a status other than the suggested one needs a reason (selectors.goal_status);
    - "achieved" needs 100%, and evidence (existing or given now) for a document goal.
    """
    errors: RowErrors = {}
    progress = row.progress
    if progress is None:
        if complete:
            _error(errors, "progress", PROGRESS_REQUIRED, "progress_required")
        return errors
    if not 0 <= progress <= 100:
        _error(errors, "progress", PROGRESS_OUT_OF_RANGE, "progress_out_of_range")
        return errors
    planned = activity.planned_cumulative(semester)
    if previous is not None and progress < previous and not row.decrease_reason.strip():
        _error(
            errors,
            "decrease_reason",
            PROGRESS_DECREASE_NEEDS_REASON,
            "progress_decrease_needs_reason",
            previous=previous,
        )
    if progress < planned and not row.justification.strip():
        _error(
            errors,
            "justification",
            JUSTIFICATION_REQUIRED,
            "justification_required",
            planned=planned,
        )
    reading = goal_status_of(chosen=row.goal_status, progress=progress, planned=planned)
    status = reading.status
    if status not in GoalStatus.values:
        _error(errors, "goal_status", GOAL_STATUS_INVALID, "goal_status_invalid", value=status)
        return errors
    if reading.is_override and not row.status_override_reason.strip():
        _error(
            errors,
            "status_override_reason",
            STATUS_OVERRIDE_NEEDS_REASON,
            "status_override_needs_reason",
            suggested=GoalStatus(reading.suggested).label,
        )
    if status == GoalStatus.ACHIEVED:
        if progress != 100:
            _error(errors, "goal_status", ACHIEVED_NEEDS_100, "achieved_needs_100")
        elif is_document_goal(activity) and evidence_count + len(row.links) == 0:
            _error(errors, "goal_status", ACHIEVED_NEEDS_EVIDENCE, "achieved_needs_evidence")
    for link in row.links:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            _error(errors, "links", LINK_INVALID, "link_invalid", value=link)
    return errors


class ReportRowsInvalid(ValidationError):
    """Errors of several rows at once. `rows` maps activity id → field → errors, so the
    form shows each message next to its field and the Excel import names each cell."""

    def __init__(self, rows: dict[int, RowErrors]):
        super().__init__(ROWS_INVALID, code="rows_invalid")
        self.rows = rows

    def codes(self) -> set[str]:
        return {e.code for fields in self.rows.values() for es in fields.values() for e in es}


# --- Report context -----------------------------------------------------------------------


@dataclass
class RowContext:
    """What the row rules need, fetched in a fixed number of queries (3) for the report."""

    report: ProgressReport
    entries: dict[int, ProgressEntry]  # activity id → entry (with its activity)
    previous: dict[int, int]  # activity id → progress declared in the previous period
    evidence: dict[int, int]  # activity id → number of pieces of evidence


def row_context(*, report: ProgressReport, activity_ids: Iterable[int] | None = None) -> RowContext:
    """What the rules read for the report's rows — all of them, or those of `activity_ids`
    (a save of one axis's page reads that axis's rows, not the whole report's)."""
    # Unordered: the models' orderings name their relations, which the database would join
    # up to the POA to sort rows that go into dictionaries.
    entries_qs = ProgressEntry.objects.filter(report=report).order_by()
    evidence_qs = Evidence.objects.filter(entry__report=report).order_by()
    if activity_ids is not None:
        ids = set(activity_ids)
        entries_qs = entries_qs.filter(activity_id__in=ids)
        evidence_qs = evidence_qs.filter(entry__activity_id__in=ids)
    entries = {
        e.activity_id: e for e in entries_qs.select_related("activity__operational_objective")
    }
    evidence = dict(
        evidence_qs.values("entry__activity_id")
        .annotate(n=Count("pk"))
        .values_list("entry__activity_id", "n")
    )
    return RowContext(
        report=report,
        entries=entries,
        previous=previous_progress(report=report),
        evidence=evidence,
    )


def validate_rows(
    *, context: RowContext, rows: Iterable[RowInput], complete: bool = False
) -> dict[int, RowErrors]:
    """validate_row for each row; a row for an activity outside the report is an error too
    (e.g. a spreadsheet row for another country's activity)."""
    semester = context.report.period.semester
    result: dict[int, RowErrors] = {}
    for row in rows:
        entry = context.entries.get(row.activity_id)
        if entry is None:
            result[row.activity_id] = {
                "activity": [ValidationError(ROW_NOT_IN_REPORT, code="row_not_in_report")]
            }
            continue
        errors = validate_row(
            row,
            activity=entry.activity,
            semester=semester,
            previous=context.previous.get(row.activity_id),
            evidence_count=context.evidence.get(row.activity_id, 0),
            complete=complete,
        )
        if errors:
            result[row.activity_id] = errors
    return result
