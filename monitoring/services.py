"""Writes of the monitoring app (SPEC §5; 003 §IX). Every rule of the progress reports is
enforced here — 0–100, no silent decrease, justification below plan, "achieved" only at
100% (with evidence for document goals), locks, the focal point's own body, optimistic
concurrency — so the report form, the Excel import, the admin and the API obey them alike.

The row rules live in one function, `validate_row`, that the form save, the submission and
the Excel import all run; nothing is saved unless every row passes."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common.publish import publish
from common.validators import validate_document_upload
from members.models import NationalBody, User
from members.permissions import ensure_secretariat
from members.selectors import member_countries_on
from monitoring.models import Evidence, ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.permissions import ensure_can_edit_report
from monitoring.selectors import previous_progress
from plans.models import POA, Activity
from plans.selectors import activities_for_body, regional_activities

Status = ProgressReport.Status
GoalStatus = ProgressEntry.GoalStatus

# --- Messages -----------------------------------------------------------------------------

PROGRESS_OUT_OF_RANGE = _("Progress is a percentage between 0 and 100.")
PROGRESS_REQUIRED = _("Give the % progress of this activity.")
PROGRESS_DECREASE_NEEDS_REASON = _(
    "Progress is lower than the %(previous)s%% reported for the previous period: "
    "explain the decrease."
)
JUSTIFICATION_REQUIRED = _(
    "Progress is below the %(planned)s%% planned by the end of this semester: "
    "write a justification."
)
STATUS_OVERRIDE_NEEDS_REASON = _(
    "The figures suggest the status “%(suggested)s”: give the reason for choosing another one."
)
ACHIEVED_NEEDS_100 = _("A goal is achieved only at 100% progress.")
ACHIEVED_NEEDS_EVIDENCE = _(
    "This goal is a document: attach it (a file or a link) before marking the goal achieved."
)
GOAL_STATUS_INVALID = _("Unknown goal status: %(value)s.")
ROW_NOT_IN_REPORT = _("This activity is not part of this report.")
ROWS_INVALID = _("Some rows break the reporting rules; nothing was saved.")
REPORT_APPROVED = _(
    "This report is approved and locked. Only the Technical Secretariat can reopen it, "
    "giving a reason."
)
PERIOD_LOCKED = _(
    "The reporting period is closed and locked. Only the Technical Secretariat can reopen a "
    "report, giving a reason."
)
STALE_VERSION = _(
    "Someone else saved this report after you opened it (it is now at version %(current)s; "
    "you started from version %(expected)s). Nothing of yours was saved: look at their "
    "change in the history, reload the report and apply your changes again."
)
CHANGE_REASON_REQUIRED = _("This report was already submitted: give the reason for the change.")
ALREADY_SUBMITTED = _("This report is already submitted and awaits review.")
NOT_SUBMITTED = _("Only a submitted report can be approved or returned.")
COMMENT_REQUIRED = _("Say what must be fixed: your comments go back to the focal point.")
REASON_REQUIRED = _("Give the reason.")
REPORT_NOT_LOCKED = _("This report is not locked; it can be changed without reopening it.")
POA_NOT_APPROVED = _("Only an approved POA can be monitored.")
PERIOD_EXISTS = _("The reporting period of POA %(year)s, semester %(semester)s, already exists.")
DUE_BEFORE_OPENING = _("The due date cannot be before the opening date.")
PERIOD_ALREADY_CLOSED = _("This reporting period is already closed.")
PERIOD_HAS_PENDING_REVIEWS = _(
    "%(n)s report(s) still await review: approve or return them before closing the period."
)
EVIDENCE_FILE_OR_LINK = _("Give either a file or a link.")
EVIDENCE_STILL_NEEDED = _(
    "This row's document goal is marked achieved: it must keep at least one piece of evidence."
)
LINK_INVALID = _("“%(value)s” is not a valid link (it must start with http:// or https://).")


# --- Rules on one row ---------------------------------------------------------------------

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


def suggest_goal_status(progress: int | None, planned: int) -> str:
    """The status the figures suggest (SPEC §5: "suggested from the numbers"):
    100% → achieved; below the cumulative plan → delayed; 0% with nothing planned yet → not
    started; anything else → in progress. "Cancelled" is never suggested: it is a decision
    and, like any other departure from the suggestion, needs a reason."""
    if progress is None:
        return ""
    if progress >= 100:
        return GoalStatus.ACHIEVED
    if progress < planned:
        return GoalStatus.DELAYED
    if progress == 0:
        return GoalStatus.NOT_STARTED
    return GoalStatus.IN_PROGRESS


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
    - a status other than the suggested one needs a reason;
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
    suggested = suggest_goal_status(progress, planned)
    status = row.goal_status or suggested
    if status not in GoalStatus.values:
        _error(errors, "goal_status", GOAL_STATUS_INVALID, "goal_status_invalid", value=status)
        return errors
    if status != suggested and not row.status_override_reason.strip():
        _error(
            errors,
            "status_override_reason",
            STATUS_OVERRIDE_NEEDS_REASON,
            "status_override_needs_reason",
            suggested=GoalStatus(suggested).label,
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


def row_context(*, report: ProgressReport) -> RowContext:
    entries = {
        e.activity_id: e
        for e in ProgressEntry.objects.filter(report=report).select_related(
            "activity__operational_objective"
        )
    }
    evidence = dict(
        Evidence.objects.filter(entry__report=report)
        .values("entry__activity_id")
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


def entry_status_is_override(entry: ProgressEntry, semester: int) -> bool:
    """True when the stored status is a person's choice rather than the suggestion (the
    form then shows it chosen; otherwise it shows "as the figures suggest")."""
    suggested = suggest_goal_status(entry.progress, entry.activity.planned_cumulative(semester))
    return bool(entry.goal_status) and entry.goal_status != suggested


# --- Locks and versions -------------------------------------------------------------------


def _load(report: ProgressReport) -> ProgressReport:
    """The stored report (never the caller's possibly stale copy)."""
    return ProgressReport.objects.select_related("period__poa", "national_body__country").get(
        pk=report.pk
    )


def is_locked(report: ProgressReport) -> bool:
    """SPEC §1: an approved report, or any report of a closed period that ST has not
    reopened, is locked."""
    return report.status == Status.APPROVED or (report.period.is_closed and not report.reopened)


def ensure_not_locked(report: ProgressReport) -> None:
    """SPEC §1: nobody changes a locked period or an approved report, except through an
    explicit, audited reopening by ST (which sets `reopened`)."""
    if report.status == Status.APPROVED:
        raise ValidationError(REPORT_APPROVED, code="report_approved")
    if report.period.is_closed and not report.reopened:
        raise ValidationError(PERIOD_LOCKED, code="period_locked")


def _load_for_edit(user: User, report: ProgressReport) -> ProgressReport:
    report = _load(report)
    ensure_can_edit_report(user, report)
    ensure_not_locked(report)
    return report


def _claim_version(report: ProgressReport, expected_version: int | None) -> None:
    """Optimistic concurrency: one conditional UPDATE moves the version forward only if it
    is still the one the person started from. Concurrent saves serialise on that row lock,
    so the second finds a newer version and is refused — never a silent overwrite. The whole
    service is atomic, so a save refused later (a broken rule) gives the version back."""
    if expected_version is None:
        updated = ProgressReport.objects.filter(pk=report.pk).update(version=F("version") + 1)
    else:
        updated = ProgressReport.objects.filter(pk=report.pk, version=expected_version).update(
            version=F("version") + 1
        )
    if not updated:
        current = ProgressReport.objects.values_list("version", flat=True).get(pk=report.pk)
        raise ValidationError(
            STALE_VERSION,
            code="stale_version",
            params={"current": current, "expected": expected_version},
        )
    report.version = ProgressReport.objects.values_list("version", flat=True).get(pk=report.pk)


def _save_report(report: ProgressReport, user: User, fields: list[str], reason: str = "") -> None:
    report.full_clean()
    report._history_user = user
    if reason:
        report._change_reason = reason
    report.save(update_fields=[*fields, "updated_at"])


# --- Reporting periods --------------------------------------------------------------------


@transaction.atomic
def reporting_period_open(
    *, user: User, poa: POA, semester: int, opens_on: dt.date, due_on: dt.date
) -> ReportingPeriod:
    """ST opens a POA semester for reporting (SPEC §5, 003 §VIII ST). One draft report is
    created for each national body of a member country in force on the opening date that
    has activities to report, and one regional report for the regional organs' activities;
    each with one row per activity that concerns it. The focal points are told by e-mail
    after commit."""
    from monitoring.tasks import notify_period_opened

    ensure_secretariat(user)
    if not poa.is_approved:
        raise ValidationError(POA_NOT_APPROVED, code="poa_not_approved")
    if ReportingPeriod.objects.filter(poa=poa, semester=semester).exists():
        raise ValidationError(
            PERIOD_EXISTS, code="period_exists", params={"year": poa.year, "semester": semester}
        )
    if due_on < opens_on:
        raise ValidationError(DUE_BEFORE_OPENING, code="due_before_opening")
    period = ReportingPeriod(
        poa=poa, semester=semester, opens_on=opens_on, due_on=due_on, opened_by=user
    )
    period.full_clean()
    period._history_user = user
    period.save()

    plan: list[tuple[ProgressReport, list[int]]] = []
    bodies = NationalBody.objects.filter(country__in=member_countries_on(opens_on))
    for body in bodies.order_by("pk"):
        ids = list(activities_for_body(poa=poa, body=body).values_list("pk", flat=True))
        if ids:
            plan.append((ProgressReport(period=period, national_body=body), ids))
    regional = list(regional_activities(poa=poa).values_list("pk", flat=True))
    if regional:
        plan.append((ProgressReport(period=period, is_regional=True), regional))
    reports = bulk_create_with_history([r for r, _ids in plan], ProgressReport, default_user=user)
    entries = [
        ProgressEntry(report=report, activity_id=activity_id)
        for report, (_r, ids) in zip(reports, plan, strict=True)
        for activity_id in ids
    ]
    bulk_create_with_history(entries, ProgressEntry, default_user=user)
    transaction.on_commit(lambda: publish(notify_period_opened, period.pk))
    return period


@transaction.atomic
def reporting_period_set_due(
    *, user: User, period: ReportingPeriod, due_on: dt.date
) -> ReportingPeriod:
    """ST may move the due date of an open period (e.g. extended by the Plenary)."""
    ensure_secretariat(user)
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(PERIOD_ALREADY_CLOSED, code="period_already_closed")
    if due_on < period.opens_on:
        raise ValidationError(DUE_BEFORE_OPENING, code="due_before_opening")
    period.due_on = due_on
    period.full_clean()
    period._history_user = user
    period.save(update_fields=["due_on"])
    return period


@transaction.atomic
def reporting_period_close(*, user: User, period: ReportingPeriod) -> ReportingPeriod:
    """ST closes a period; from then on it is locked (SPEC §5). Reports still awaiting
    review must be decided first, so no submission is left in limbo behind the lock."""
    ensure_secretariat(user)
    period = ReportingPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if period.is_closed:
        raise ValidationError(PERIOD_ALREADY_CLOSED, code="period_already_closed")
    pending = period.reports.filter(status=Status.SUBMITTED).count()
    if pending:
        raise ValidationError(
            PERIOD_HAS_PENDING_REVIEWS, code="period_has_pending_reviews", params={"n": pending}
        )
    period.status = ReportingPeriod.Status.CLOSED
    period.closed_at = timezone.now()
    period.closed_by = user
    period.full_clean()
    period._history_user = user
    period.save(update_fields=["status", "closed_at", "closed_by"])
    # A report reopened while the period was open loses its exception with the close.
    period.reports.filter(reopened=True).update(reopened=False)
    return period


# --- Filling a report ---------------------------------------------------------------------

ENTRY_FIELDS = (
    "progress",
    "goal_status",
    "status_override_reason",
    "justification",
    "decrease_reason",
)


@transaction.atomic
def progress_report_save(
    *,
    user: User,
    report: ProgressReport,
    expected_version: int,
    rows: Sequence[RowInput],
    change_reason: str = "",
) -> ProgressReport:
    """Save rows of a report (the form, the Excel import and the API all come here).

    Refused as a whole when: the user is not the report's author (focal point of the body,
    or ST for the regional report); the report is approved or its period closed (unless
    reopened); somebody saved since `expected_version` (code stale_version); any row breaks
    a rule (ReportRowsInvalid, per row and field); or the report was already submitted and
    no `change_reason` is given. Each changed row gets a history record with the user and
    the reason (who, when, old → new)."""
    report = _load_for_edit(user, report)
    _claim_version(report, expected_version)
    context = row_context(report=report)
    errors = validate_rows(context=context, rows=rows)
    if errors:
        raise ReportRowsInvalid(errors)
    semester = report.period.semester
    reason = change_reason.strip()
    changed: list[tuple[ProgressEntry, list[str]]] = []
    new_links: list[tuple[ProgressEntry, str]] = []
    for row in rows:
        entry = context.entries[row.activity_id]
        planned = entry.activity.planned_cumulative(semester)
        values = {
            "progress": row.progress,
            "goal_status": row.goal_status or suggest_goal_status(row.progress, planned),
            "status_override_reason": row.status_override_reason.strip(),
            "justification": row.justification.strip(),
            "decrease_reason": row.decrease_reason.strip(),
        }
        fields = [name for name in ENTRY_FIELDS if getattr(entry, name) != values[name]]
        for name in fields:
            setattr(entry, name, values[name])
        if fields:
            changed.append((entry, fields))
        new_links += [(entry, link) for link in row.links]
    if (changed or new_links) and report.was_submitted and not reason:
        raise ValidationError(CHANGE_REASON_REQUIRED, code="change_reason_required")
    if changed:
        # One UPDATE and one history INSERT for the whole report, not two statements a row
        # (a 160-row report at a deadline: issue #10). Uniqueness and the 0–100 check are
        # not re-queried per row, nor the existence of the report and the activity (a
        # query each): they never change here, validate_row checked the range and the
        # database enforces the constraints.
        for entry, _fields in changed:
            entry.full_clean(
                exclude=["report", "activity"], validate_unique=False, validate_constraints=False
            )
            entry._history_user = user
            entry._change_reason = reason or None
        bulk_update_with_history(
            [entry for entry, _fields in changed],
            ProgressEntry,
            sorted({name for _entry, fields in changed for name in fields}),
            default_user=user,
            default_change_reason=reason or None,
        )
    for entry, link in new_links:
        evidence = Evidence(entry=entry, url=link, uploaded_by=user)
        evidence.full_clean()
        evidence._history_user = user
        evidence._change_reason = reason or None
        evidence.save()
    return report


@transaction.atomic
def evidence_add(
    *,
    user: User,
    entry: ProgressEntry,
    file: UploadedFile | None = None,
    url: str = "",
    description: str = "",
    change_reason: str = "",
) -> Evidence:
    """Attach a file (PDF or image, checked by content) or a link to a row. After submission
    this is a change like any other and needs a reason."""
    report = _load_for_edit(user, entry.report)
    url = (url or "").strip()
    if bool(file) == bool(url):
        raise ValidationError(EVIDENCE_FILE_OR_LINK, code="evidence_file_or_link")
    if report.was_submitted and not change_reason.strip():
        raise ValidationError(CHANGE_REASON_REQUIRED, code="change_reason_required")
    if file:
        validate_document_upload(file)
    evidence = Evidence(entry=entry, url=url, description=description.strip(), uploaded_by=user)
    if file:
        evidence.file.save(file.name, file, save=False)
    try:
        evidence.full_clean()
        evidence._history_user = user
        evidence._change_reason = change_reason.strip() or None
        evidence.save()
    except BaseException:
        # The file is already in storage, which the rollback does not undo: no orphan.
        if evidence.file:
            evidence.file.delete(save=False)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, user: User, evidence: Evidence, change_reason: str = "") -> None:
    entry = ProgressEntry.objects.select_related("activity", "report").get(pk=evidence.entry_id)
    report = _load_for_edit(user, entry.report)
    if report.was_submitted and not change_reason.strip():
        raise ValidationError(CHANGE_REASON_REQUIRED, code="change_reason_required")
    if (
        entry.goal_status == GoalStatus.ACHIEVED
        and is_document_goal(entry.activity)
        and entry.evidence.count() == 1
    ):
        raise ValidationError(EVIDENCE_STILL_NEEDED, code="evidence_still_needed")
    evidence._history_user = user
    evidence._change_reason = change_reason.strip() or None
    evidence.delete()


# --- Workflow -----------------------------------------------------------------------------


@transaction.atomic
def progress_report_submit(
    *, user: User, report: ProgressReport, expected_version: int
) -> ProgressReport:
    """draft/returned → submitted (SPEC §5). Every row must be complete and pass the rules
    again (the previous period may have changed since the rows were saved)."""
    report = _load_for_edit(user, report)
    if report.status == Status.SUBMITTED:
        raise ValidationError(ALREADY_SUBMITTED, code="already_submitted")
    _claim_version(report, expected_version)
    context = row_context(report=report)
    rows = [RowInput.from_entry(e) for e in context.entries.values()]
    errors = validate_rows(context=context, rows=rows, complete=True)
    if errors:
        raise ReportRowsInvalid(errors)
    now = timezone.now()
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    report.first_submitted_at = report.first_submitted_at or now
    report.report_date = timezone.localdate(now)
    _save_report(
        report,
        user,
        ["status", "submitted_at", "submitted_by", "first_submitted_at", "report_date"],
    )
    return report


def _ensure_reviewable(user: User, report: ProgressReport) -> ProgressReport:
    ensure_secretariat(user)
    report = _load(report)
    ensure_not_locked(report)
    if report.status != Status.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED, code="not_submitted")
    return report


@transaction.atomic
def progress_report_return(
    *, user: User, report: ProgressReport, expected_version: int, comment: str
) -> ProgressReport:
    """ST sends a submitted report back with comments; it is editable again (SPEC §5)."""
    from monitoring.tasks import notify_report_reviewed

    report = _ensure_reviewable(user, report)
    if not comment.strip():
        raise ValidationError(COMMENT_REQUIRED, code="comment_required")
    _claim_version(report, expected_version)
    report.status = Status.RETURNED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    _save_report(report, user, ["status", "review_comment", "reviewed_at", "reviewed_by"])
    transaction.on_commit(lambda: publish(notify_report_reviewed, report.pk))
    return report


@transaction.atomic
def progress_report_approve(
    *, user: User, report: ProgressReport, expected_version: int, comment: str = ""
) -> ProgressReport:
    """ST approves: from now on the report's figures count in the official results and
    the report is locked again (a reopening ends here)."""
    from monitoring.tasks import notify_report_reviewed

    report = _ensure_reviewable(user, report)
    _claim_version(report, expected_version)
    report.status = Status.APPROVED
    report.review_comment = comment.strip()
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.reopened = False
    _save_report(
        report, user, ["status", "review_comment", "reviewed_at", "reviewed_by", "reopened"]
    )
    transaction.on_commit(lambda: publish(notify_report_reviewed, report.pk))
    return report


@transaction.atomic
def progress_report_reopen(*, user: User, report: ProgressReport, reason: str) -> ProgressReport:
    """The lock exception (SPEC §1, §5): ST reopens one approved report, or one report of a
    closed period, with a written reason kept in its history. The report goes back to its
    focal point as returned, with the reason as comment."""
    from monitoring.tasks import notify_report_reviewed

    ensure_secretariat(user)
    report = _load(report)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    if report.status != Status.APPROVED and not report.period.is_closed:
        raise ValidationError(REPORT_NOT_LOCKED, code="report_not_locked")
    if report.reopened and report.status != Status.APPROVED:
        raise ValidationError(REPORT_NOT_LOCKED, code="report_not_locked")
    _claim_version(report, None)
    report.status = Status.RETURNED
    report.reopened = True
    report.reopened_reason = reason.strip()
    report.reopened_at = timezone.now()
    report.review_comment = reason.strip()
    _save_report(
        report,
        user,
        ["status", "reopened", "reopened_reason", "reopened_at", "review_comment"],
        reason=reason.strip(),
    )
    transaction.on_commit(lambda: publish(notify_report_reviewed, report.pk))
    return report


# --- Excel import -------------------------------------------------------------------------


@transaction.atomic
def progress_report_import(
    *, user: User, report: ProgressReport, upload: UploadedFile, change_reason: str = ""
) -> ProgressReport:
    """A focal point uploads the pre-filled workbook they downloaded and filled offline
    (SPEC §5). Every row goes through the same rules as the form (validate_row); errors are
    reported per row and cell ("Row 9, column H: ..."), and nothing is saved unless the
    whole file is valid. The version written in the file is the optimistic-concurrency
    token: a file downloaded before somebody else's save is refused."""
    from monitoring import excel

    report = _load_for_edit(user, report)
    parsed = excel.read_report_workbook(upload, report=report)
    if parsed.version != report.version:
        # Checked first: the rows of a file made before somebody else's save mean nothing.
        raise ValidationError(
            STALE_VERSION,
            code="stale_version",
            params={"current": report.version, "expected": parsed.version},
        )
    errors = list(parsed.errors)
    if parsed.rows:
        rule_errors = validate_rows(context=row_context(report=report), rows=parsed.rows)
        errors += excel.cell_errors(rule_errors, parsed.row_numbers)
    if errors:
        raise excel.ImportRejected(errors)
    return progress_report_save(
        user=user,
        report=report,
        expected_version=parsed.version,
        rows=parsed.rows,
        change_reason=change_reason,
    )


# --- Notifications (called by Celery tasks) -----------------------------------------------


def _recipients_for(report: ProgressReport) -> list[User]:
    users = User.objects.filter(is_active=True).exclude(email="")
    if report.is_regional:
        return list(users.filter(role=User.Role.SECRETARIAT))
    return list(users.filter(role=User.Role.FOCAL_POINT, national_body_id=report.national_body_id))


def period_opened_notify(*, period: ReportingPeriod) -> int:
    """E-mail every focal point with a report in the new period; returns how many left."""
    from monitoring import notices

    sent = 0
    reports = period.reports.filter(is_regional=False).values_list("national_body_id", flat=True)
    users = User.objects.filter(
        is_active=True, role=User.Role.FOCAL_POINT, national_body_id__in=reports
    ).exclude(email="")
    for user in users:
        notices.period_opened_message(period=period, user=user).send()
        sent += 1
    return sent


def report_reviewed_notify(*, report: ProgressReport) -> int:
    """E-mail the report's authors that it was returned (with the comments) or approved."""
    from monitoring import notices

    sent = 0
    for user in _recipients_for(report):
        notices.report_reviewed_message(report=report, user=user).send()
        sent += 1
    return sent


def due_reminders_send(*, today: dt.date | None = None, days: Iterable[int] = (7,)) -> int:
    """Daily (Celery beat): remind the focal points whose report of an open period is not
    submitted yet, `days` days before the due date. Returns how many e-mails were sent."""
    from monitoring import notices

    today = today or timezone.localdate()
    due_dates = [today + dt.timedelta(days=n) for n in days]
    reports = ProgressReport.objects.filter(
        is_regional=False,
        period__status=ReportingPeriod.Status.OPEN,
        period__due_on__in=due_dates,
        status__in=[Status.DRAFT, Status.RETURNED],
    ).select_related("period__poa", "national_body")
    by_body = {r.national_body_id: r for r in reports}
    users = User.objects.filter(
        is_active=True, role=User.Role.FOCAL_POINT, national_body_id__in=by_body
    ).exclude(email="")
    sent = 0
    for user in users:
        report = by_body[user.national_body_id]
        notices.due_reminder_message(report=report, user=user, today=today).send()
        sent += 1
    return sent
