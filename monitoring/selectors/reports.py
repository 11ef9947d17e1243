"""Reads of the reporting periods and the progress reports (SPEC §5): which reports a person
may read, the review inbox, one report with its rows, and the figures the accountability
report quotes from them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import NationalBody, User
from monitoring.models import Evidence, ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.permissions import report_visibility_q
from monitoring.selectors.goal_status import goal_status_of
from monitoring.selectors.results import counted_statuses
from plans.models import POA

ReportStatus = ProgressReport.Status


def previous_progress(*, report: ProgressReport) -> dict[int, int]:
    """Progress the same body (or the regional report) declared for each activity in the
    previous period of the same POA — semester I when this is semester II. Only declared
    figures count (submitted or approved), not drafts. A new POA starts from zero."""
    period = report.period
    if period.semester == ReportingPeriod.Semester.FIRST:
        return {}
    qs = ProgressEntry.objects.filter(
        report__period__poa_id=period.poa_id,
        report__period__semester=period.semester - 1,
        report__status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        progress__isnull=False,
    )
    if report.is_regional:
        qs = qs.filter(report__is_regional=True)
    else:
        qs = qs.filter(report__national_body_id=report.national_body_id)
    return dict(qs.order_by().values_list("activity_id", "progress"))


def period_list(*, poa: POA | None = None) -> QuerySet[ReportingPeriod]:
    """Periods with their report counts by status (one query)."""
    qs = ReportingPeriod.objects.select_related("poa").annotate(
        n_reports=Count("reports"),
        n_submitted=Count("reports", filter=Q(reports__status=ReportStatus.SUBMITTED)),
        n_approved=Count("reports", filter=Q(reports__status=ReportStatus.APPROVED)),
    )
    if poa is not None:
        qs = qs.filter(poa=poa)
    return qs.order_by("-poa__year", "-semester")


def period_detail(*, pk: int) -> ReportingPeriod:
    return ReportingPeriod.objects.select_related("poa", "opened_by", "closed_by").get(pk=pk)


# Who submitted or reviewed a report is in its history; no page shows those accounts, so they
# are not joined (two more tables of ~15 columns: half the header query's time at 10×).
def _report_qs() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related("period__poa", "national_body__country").annotate(
        n_rows=Count("entries"),
        n_filled=Count("entries", filter=Q(entries__progress__isnull=False)),
    )


@dataclass
class Inbox:
    awaiting: list[ProgressReport]
    returned: list[ProgressReport]
    overdue: list[ProgressReport]


def review_inbox(*, today: dt.date | None = None) -> Inbox:
    """ST's review inbox (SPEC §5): reports awaiting review (oldest submission first),
    reports returned and not yet resubmitted, and bodies overdue in open periods. One query."""
    today = today or timezone.localdate()
    open_period = Q(period__status=ReportingPeriod.Status.OPEN) | Q(reopened=True)
    reports = (
        _report_qs()
        .filter(
            Q(status=ReportStatus.SUBMITTED)
            | (open_period & Q(status=ReportStatus.RETURNED))
            | (
                Q(period__status=ReportingPeriod.Status.OPEN)
                & Q(period__due_on__lt=today)
                & Q(status=ReportStatus.DRAFT)
            )
        )
        .order_by("submitted_at", "period__due_on", "national_body__country__name_es")
    )
    inbox = Inbox([], [], [])
    for report in reports:
        if report.status == ReportStatus.SUBMITTED:
            inbox.awaiting.append(report)
        elif report.status == ReportStatus.RETURNED:
            inbox.returned.append(report)
        if report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED) and (
            not report.period.is_closed and report.period.due_on < today
        ):
            inbox.overdue.append(report)
    return inbox


def reports_visible_to(user: User) -> QuerySet[ProgressReport]:
    """The reports `user` may read, with their row counts: the rule of
    monitoring.permissions.can_view_report as one filter (report_visibility_q), so the API's
    list and the pages' per-report check cannot disagree. One query."""
    return _report_qs().filter(report_visibility_q(user))


def reports_for_body(*, body: NationalBody) -> QuerySet[ProgressReport]:
    """A body's reports, newest period first (the focal point's "my reports")."""
    return (
        _report_qs().filter(national_body=body).order_by("-period__poa__year", "-period__semester")
    )


def period_reports(*, period: ReportingPeriod) -> QuerySet[ProgressReport]:
    return (
        _report_qs()
        .filter(period=period)
        .order_by("-is_regional", "national_body__country__name_es")
    )


AXIS_OF_ENTRY = "activity__operational_objective__strategic_objective__axis"


def _report_header_qs() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related("period__poa", "national_body__country")


def report_header(*, pk: int) -> ProgressReport:
    """A report without its rows: what a save needs to check who may write it. One query."""
    return _report_header_qs().get(pk=pk)


def report_detail(*, pk: int, axis: int | None = None) -> ProgressReport:
    """A report with its rows (activity, operational objective, evidence) and, on each row,
    `previous` (the previous period's declared figure), `planned` and `status_reading` (the
    row's goal status against its figures, selectors.goal_status). Four queries. With
    `axis` (a strategic axis number), only that axis's rows: one page of a form that is
    filled an axis at a time (report_form_parts)."""
    # The models' orderings name their relations ("report", "entry"), which PostgreSQL joins
    # up to the POA to sort by; within one report (one entry) these orders are the same, and
    # the last key breaks ties (a failed save pairs the rows with the posted forms by order).
    entries = (
        ProgressEntry.objects.select_related("activity__operational_objective")
        .prefetch_related(
            Prefetch(
                "evidence",
                # Who attached it shows on the evidence page only (its own query).
                queryset=Evidence.objects.order_by("entry_id", "uploaded_at", "pk"),
            )
        )
        .order_by("activity__operational_objective__position", "activity__position", "activity_id")
    )
    if axis is not None:
        entries = entries.filter(**{f"{AXIS_OF_ENTRY}__number": axis})
    report = (
        _report_header_qs()
        .prefetch_related(Prefetch("entries", queryset=entries, to_attr="rows"))
        .get(pk=pk)
    )
    previous = previous_progress(report=report)
    for entry in report.rows:
        entry.previous = previous.get(entry.activity_id)
        entry.planned = entry.activity.planned_cumulative(report.period.semester)
        entry.status_reading = goal_status_of(
            chosen=entry.goal_status, progress=entry.progress, planned=entry.planned
        )
    return report


@dataclass(frozen=True)
class FormPart:
    """One strategic axis of a report whose form is filled an axis at a time (issue 24: a
    160-row form is one page of 966 fields; an axis is about a quarter of it)."""

    number: int
    name: str
    rows: int
    filled: int  # rows with a progress figure
    current: bool = False

    @property
    def is_complete(self) -> bool:
        return self.filled == self.rows


def report_form_parts(*, report_id: int, page_rows: int) -> list[FormPart]:
    """The axes a report's rows belong to, in order, with how many rows each has and how many
    carry a figure — when the report has more than `page_rows` rows over more than one axis;
    otherwise [] (the form is one page). One query."""
    counts = list(
        ProgressEntry.objects.filter(report_id=report_id)
        .values(f"{AXIS_OF_ENTRY}__number", f"{AXIS_OF_ENTRY}__name")
        .annotate(rows=Count("pk"), filled=Count("progress"))
        .order_by(f"{AXIS_OF_ENTRY}__number")
        .values_list(f"{AXIS_OF_ENTRY}__number", f"{AXIS_OF_ENTRY}__name", "rows", "filled")
    )
    if len(counts) < 2 or sum(c[2] for c in counts) <= page_rows:
        return []
    return [FormPart(number, name, rows, filled) for number, name, rows, filled in counts]


def report_row_axes(*, report_id: int) -> dict[int, int]:
    """Activity id → strategic axis number, for each row of a report. One query."""
    return dict(
        ProgressEntry.objects.filter(report_id=report_id).values_list(
            "activity_id", f"{AXIS_OF_ENTRY}__number"
        )
    )


@dataclass
class Justification:
    activity_id: int
    country: str  # ISO code; "" for the regional report
    body: str  # acronym; "" for the regional report
    progress: int | None
    goal_status: str
    text: str


def period_justifications(
    *, period: ReportingPeriod, activity_ids: list[int], include_pending: bool = False
) -> dict[int, list[Justification]]:
    """The justifications the counted reports of a period give for the listed activities
    (SPEC §5: required when progress is below plan), by activity. One query."""
    rows = (
        ProgressEntry.objects.filter(
            report__period=period,
            report__status__in=counted_statuses(include_pending),
            activity_id__in=activity_ids,
        )
        .exclude(justification="")
        .order_by("report__is_regional", "report__national_body__country__name_es")
        .values_list(
            "activity_id",
            "report__national_body__country__iso_code",
            "report__national_body__acronym",
            "progress",
            "goal_status",
            "justification",
        )
    )
    out: dict[int, list[Justification]] = defaultdict(list)
    for activity_id, iso, acronym, progress, goal_status, text in rows:
        out[activity_id].append(
            Justification(activity_id, iso or "", acronym or "", progress, goal_status, text)
        )
    return dict(out)
