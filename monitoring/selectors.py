"""Reads that combine several apps (top layer, STYLE.md): the home page's "what to do next",
the weighted results of the POAs (SPEC §5, 003 §IX), timeliness, the country × activity
matrix, the review inbox and the reports with their history.

Every read here runs a fixed number of queries whatever the number of countries, activities
or reports: aggregates in the database, the (small) plan tree loaded once and walked in
Python, never one query per row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.cache import history_stamp
from common.home import HomeTask
from members.models import NationalBody, User
from monitoring.models import Evidence, ProgressEntry, ProgressReport, ReportingPeriod
from plans.models import POA, Activity
from plans.selectors import POA_PAGE_MODELS, Share, activities_for_body, effective_shares

ReportStatus = ProgressReport.Status
HUNDRED = Decimal(100)
ZERO = Decimal(0)


# --- Home page ----------------------------------------------------------------------------


def home_tasks(*, user: User, today: dt.date) -> list[HomeTask]:
    """Monitoring's part of the home page: the focal point's report of each open period
    (to fill or submit, with its due date) and returned reports to fix; for ST, reports
    awaiting review, bodies overdue and the regional report to fill. Three queries at most."""
    tasks: list[HomeTask] = []
    if user.is_focal_point and user.national_body_id:
        reports = (
            ProgressReport.objects.filter(national_body_id=user.national_body_id)
            .filter(Q(period__status=ReportingPeriod.Status.OPEN) | Q(reopened=True))
            .exclude(status=ReportStatus.APPROVED)
            .select_related("period__poa")
        )
        for report in reports:
            url = reverse("monitoring:report-edit", args=[report.pk])
            due = date_format(report.period.due_on, "SHORT_DATE_FORMAT")
            if report.status == ReportStatus.RETURNED:
                tasks.append(
                    HomeTask(
                        _(
                            "Your report %(period)s was returned with comments: fix it and submit it again."
                        )
                        % {"period": report.period},
                        url,
                        "warning",
                    )
                )
            elif report.status == ReportStatus.DRAFT:
                late = report.period.due_on < today
                text = (
                    _("Your report %(period)s was due on %(due)s: fill it in and submit it.")
                    if late
                    else _("Fill in and submit your report %(period)s by %(due)s.")
                )
                tasks.append(
                    HomeTask(
                        text % {"period": report.period, "due": due},
                        url,
                        "warning" if late else "info",
                    )
                )
    if user.is_secretariat:
        regional = (
            ProgressReport.objects.filter(is_regional=True)
            .filter(Q(period__status=ReportingPeriod.Status.OPEN) | Q(reopened=True))
            .filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
            .select_related("period__poa")
        )
        for report in regional:
            tasks.append(
                HomeTask(
                    _("Regional report %(period)s: fill it in and submit it (due on %(due)s).")
                    % {
                        "period": report.period,
                        "due": date_format(report.period.due_on, "SHORT_DATE_FORMAT"),
                    },
                    reverse("monitoring:report-edit", args=[report.pk]),
                    "warning" if report.period.due_on < today else "info",
                )
            )
        counts = ProgressReport.objects.aggregate(
            awaiting=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
            overdue=Count(
                "pk",
                filter=Q(
                    is_regional=False,
                    period__status=ReportingPeriod.Status.OPEN,
                    period__due_on__lt=today,
                    status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
                ),
            ),
        )
        url = reverse("monitoring:inbox")
        if counts["awaiting"]:
            tasks.append(
                HomeTask(
                    _("%(n)s progress report(s) await your review.") % {"n": counts["awaiting"]},
                    url,
                    "warning",
                )
            )
        if counts["overdue"]:
            tasks.append(
                HomeTask(
                    _("%(n)s national body(ies) have not submitted a report that is past due.")
                    % {"n": counts["overdue"]},
                    url,
                    "warning",
                )
            )
    return tasks


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
    return dict(qs.values_list("activity_id", "progress"))


# --- Weighted results ---------------------------------------------------------------------


class ResultStatus:
    """Compliance status (SPEC §5) with thresholds from settings.MONITORING_COMPLIANCE_THRESHOLDS."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DELAYED = "delayed"
    LABELS = {ON_TRACK: _("On track"), AT_RISK: _("At risk"), DELAYED: _("Delayed")}


def compliance_of(achieved: Decimal, planned: Decimal) -> Decimal | None:
    """Compliance = achieved ÷ planned, in percent. Nothing planned yet: not applicable."""
    if planned <= 0:
        return None
    return achieved * HUNDRED / planned


def status_of(compliance: Decimal | None) -> str:
    """on track ≥ on_track threshold (90 by default); at risk ≥ at_risk (60) and below
    on_track; delayed below at_risk. Nothing planned yet counts as on track: nothing is late."""
    thresholds = settings.MONITORING_COMPLIANCE_THRESHOLDS
    if compliance is None or compliance >= thresholds["on_track"]:
        return ResultStatus.ON_TRACK
    if compliance >= thresholds["at_risk"]:
        return ResultStatus.AT_RISK
    return ResultStatus.DELAYED


@dataclass
class Result:
    """One node of the results tree: POA, axis, strategic objective, operational objective
    or activity, with its share among its siblings and its achieved and planned progress."""

    level: str  # poa | axis | objective | operational | activity
    pk: int
    code: str
    label: str
    share: Share | None = None
    achieved: Decimal = ZERO
    planned: Decimal = ZERO
    has_data: bool = False
    reported: int = 0  # activities: reports whose figure counts
    expected: int = 0  # activities: reports that carry the row
    children: list[Result] = field(default_factory=list)
    obj: object = None

    @property
    def compliance(self) -> Decimal | None:
        return compliance_of(self.achieved, self.planned)

    @property
    def status(self) -> str:
        return status_of(self.compliance)

    @property
    def status_label(self) -> str:
        return ResultStatus.LABELS[self.status]

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class PoaResults:
    poa: POA
    period: ReportingPeriod | None
    semester: int
    include_pending: bool
    body: NationalBody | None
    root: Result

    @property
    def axes(self) -> list[Result]:
        return self.root.children

    def activities(self) -> list[Result]:
        return [r for r in self.root.walk() if r.level == "activity"]


def _weighted(node: Result) -> Result:
    """node.achieved / node.planned = Σ shareᵢ·xᵢ / Σ shareᵢ over its children. Over all
    siblings the shares add up to 100, so this is the weighted mean of SPEC §5; when some
    children are left out (a country's view) the remaining shares are rescaled."""
    total = sum((c.share.share for c in node.children), ZERO)
    if total > 0:
        node.achieved = sum((c.share.share * c.achieved for c in node.children), ZERO) / total
        node.planned = sum((c.share.share * c.planned for c in node.children), ZERO) / total
    node.has_data = any(c.has_data for c in node.children)
    return node


def latest_period(*, poa: POA) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(poa=poa).order_by("-semester").first()


def counted_statuses(include_pending: bool) -> list[str]:
    """Only approved reports count in official results; "including pending" adds the
    reports awaiting review (SPEC §5)."""
    if include_pending:
        return [ReportStatus.APPROVED, ReportStatus.SUBMITTED]
    return [ReportStatus.APPROVED]


def activity_figures(
    *, period: ReportingPeriod, include_pending: bool = False, body: NationalBody | None = None
) -> dict[int, dict]:
    """ONE aggregate query: per activity, the mean progress over the counted reports of the
    period (bodies' reports, or the regional report for the regional organs' activities —
    each activity has rows only in the reports that concern it), how many reports count
    and how many carry the row."""
    counted = Q(report__status__in=counted_statuses(include_pending), progress__isnull=False)
    qs = ProgressEntry.objects.filter(report__period=period)
    if body is not None:
        qs = qs.filter(report__national_body=body)
    rows = (
        qs.values("activity_id")
        .annotate(
            mean=Avg("progress", filter=counted),
            reported=Count("pk", filter=counted),
            expected=Count("pk"),
        )
        .order_by()
    )
    return {row["activity_id"]: row for row in rows}


@dataclass
class PoaTree:
    """The activities of a POA with their operational objective, strategic objective and
    axis (one query), and for a country's view the activities that concern its body."""

    poa: POA
    activities: list[Activity]
    body: NationalBody | None = None
    concerned: set[int] | None = None


def poa_tree(*, poa: POA, body: NationalBody | None = None) -> PoaTree:
    activities = list(
        Activity.objects.filter(operational_objective__poa=poa)
        .select_related("operational_objective__strategic_objective__axis")
        .order_by(
            "operational_objective__strategic_objective__axis__number",
            "operational_objective__strategic_objective__position",
            "operational_objective__position",
            "position",
        )
    )
    concerned = None
    if body is not None:
        concerned = set(activities_for_body(poa=poa, body=body).values_list("pk", flat=True))
    return PoaTree(poa, activities, body, concerned)


def poa_results(
    *,
    poa: POA,
    period: ReportingPeriod | None = None,
    include_pending: bool = False,
    body: NationalBody | None = None,
    tree: PoaTree | None = None,
) -> PoaResults:
    """The weighted results of a POA for a reporting period (SPEC §5, 003 §IX "resultados
    ponderados"); the one computation behind the pages, the exports, the API and the PDF.

    - Activity: achieved = mean of the % progress of the approved reports that concern it
      (the bodies' reports, or the regional report that ST fills for the regional organs);
      with `include_pending`, reports awaiting review count too. An activity without any
      counted figure counts as 0% achieved and is marked "no data" (has_data False).
      Planned = the cumulative plan at the end of the period's semester: semester I target,
      or min(100, I + II) at the end of the year (Activity.planned_cumulative).
    - Operational objective = Σ wᵢ·aᵢ / Σ wᵢ over its activities, w = effective share
      (plans.selectors.effective_shares: explicit weights summing 100, or equal shares);
      strategic objective, axis and POA likewise over their children. Planned rolls up with
      the same weights.
    - Compliance = achieved ÷ planned; on track ≥ 90%, at risk 60–90%, delayed < 60%
      (settings.MONITORING_COMPLIANCE_THRESHOLDS).
    - `body`: one country's results: only the activities that concern it, only its report.
    - No period given: the POA's latest period; a POA without periods shows the year's plan
      with nothing achieved.

    Queries: 2 when the period is given (the activities with their tree, one aggregate of
    the progress rows), 3 without (the latest period), one more for a body — whatever the
    size of the POA. Several figures of one POA (official and pending, each semester) share
    the tree: see poa_dashboard."""
    if period is None:
        period = latest_period(poa=poa)
    tree = tree or poa_tree(poa=poa, body=body)
    semester = period.semester if period else ReportingPeriod.Semester.SECOND
    figures = (
        activity_figures(period=period, include_pending=include_pending, body=tree.body)
        if period
        else {}
    )
    root = Result(level="poa", pk=poa.pk, code=str(poa.year), label=str(poa), obj=poa)

    # Group the tree: axis → objective → operational objective → activities (matrix order).
    grouped: dict = {}
    for activity in tree.activities:
        op = activity.operational_objective
        objective = op.strategic_objective
        grouped.setdefault(objective.axis, {}).setdefault(objective, {}).setdefault(op, []).append(
            activity
        )

    axis_shares = effective_shares(list(grouped))
    for axis, objectives in grouped.items():
        axis_node = Result(
            "axis", axis.pk, str(axis.number), axis.name, axis_shares[axis.pk], obj=axis
        )
        objective_shares = effective_shares(list(objectives))
        for objective, ops in objectives.items():
            so_node = Result(
                "objective",
                objective.pk,
                objective.code,
                objective.text,
                objective_shares[objective.pk],
                obj=objective,
            )
            op_shares = effective_shares(list(ops))
            for op, op_activities in ops.items():
                op_node = Result("operational", op.pk, op.code, op.text, op_shares[op.pk], obj=op)
                activity_shares = effective_shares(op_activities)
                for activity in op_activities:
                    if tree.concerned is not None and activity.pk not in tree.concerned:
                        continue
                    figure = figures.get(activity.pk, {})
                    mean = figure.get("mean")
                    op_node.children.append(
                        Result(
                            "activity",
                            activity.pk,
                            activity.code,
                            activity.description,
                            activity_shares[activity.pk],
                            achieved=Decimal(str(mean)) if mean is not None else ZERO,
                            planned=Decimal(activity.planned_cumulative(semester)),
                            has_data=mean is not None,
                            reported=figure.get("reported", 0),
                            expected=figure.get("expected", 0),
                            obj=activity,
                        )
                    )
                if op_node.children:
                    so_node.children.append(_weighted(op_node))
            if so_node.children:
                axis_node.children.append(_weighted(so_node))
        if axis_node.children:
            root.children.append(_weighted(axis_node))
    _weighted(root)
    return PoaResults(
        poa=poa,
        period=period,
        semester=semester,
        include_pending=include_pending,
        body=tree.body,
        root=root,
    )


def results_stamp() -> str:
    """Moves with any change to what the dashboard shows: the plan's tree and weights, the
    periods, the reports and their rows (common.cache: one query)."""
    return history_stamp((*POA_PAGE_MODELS, ReportingPeriod, ProgressReport, ProgressEntry))


@dataclass
class SemesterPoint:
    period: ReportingPeriod
    achieved: Decimal
    planned: Decimal
    by_axis: list[Result]


@dataclass
class PoaDashboard:
    """What the dashboard shows of a POA: the official results of the chosen period, the
    same including reports awaiting review (when asked), and planned vs achieved at the end
    of each reported semester."""

    periods: list[ReportingPeriod]
    period: ReportingPeriod | None
    official: PoaResults
    results: PoaResults
    semesters: list[SemesterPoint]


def poa_dashboard(
    *,
    poa: POA,
    semester: int | None = None,
    include_pending: bool = False,
    body: NationalBody | None = None,
) -> PoaDashboard:
    """The tree is loaded once; each figure is one aggregate query (at most 4: official and
    pending for the chosen period, one per other semester)."""
    periods = list(
        ReportingPeriod.objects.filter(poa=poa).select_related("poa").order_by("semester")
    )
    by_semester = {p.semester: p for p in periods}
    period = by_semester.get(semester) if semester else (periods[-1] if periods else None)
    tree = poa_tree(poa=poa, body=body)
    official = poa_results(poa=poa, period=period, body=body, tree=tree)
    results = (
        poa_results(poa=poa, period=period, include_pending=True, body=body, tree=tree)
        if include_pending
        else official
    )
    semesters = []
    for p in periods:
        r = (
            results
            if p == period
            else poa_results(
                poa=poa, period=p, include_pending=include_pending, body=body, tree=tree
            )
        )
        semesters.append(SemesterPoint(p, r.root.achieved, r.root.planned, r.axes))
    return PoaDashboard(periods, period, official, results, semesters)


# --- Timeliness ---------------------------------------------------------------------------


class Timeliness:
    ON_TIME = "on_time"
    LATE = "late"
    NOT_SUBMITTED = "not_submitted"
    NOT_YET_DUE = "not_yet_due"
    LABELS = {
        ON_TIME: _("On time"),
        LATE: _("Late"),
        NOT_SUBMITTED: _("Not submitted"),
        NOT_YET_DUE: _("Not submitted yet (not due)"),
    }


@dataclass
class TimelinessRow:
    report: ProgressReport
    state: str
    days_late: int | None = None

    @property
    def label(self) -> str:
        return Timeliness.LABELS[self.state]


@dataclass
class PeriodTimeliness:
    period: ReportingPeriod
    rows: list[TimelinessRow]

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return self.count(Timeliness.ON_TIME) + self.count(Timeliness.LATE)

    @property
    def reporting_rate(self) -> Decimal | None:
        """Reports submitted ÷ reports expected, in percent (DHIS2's reporting rate)."""
        return Decimal(self.submitted) * HUNDRED / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> Decimal | None:
        return (
            Decimal(self.count(Timeliness.ON_TIME)) * HUNDRED / self.expected
            if self.expected
            else None
        )


def period_timeliness(*, period: ReportingPeriod, today: dt.date | None = None) -> PeriodTimeliness:
    """Per national body, whether its report came on time (first submission on or before the
    due date, local time), late, or not at all — like DHIS2's reporting rate and reporting
    rate on time. A later resubmission after a return does not change the timeliness. One
    query."""
    today = today or timezone.localdate()
    reports = (
        period.reports.filter(is_regional=False)
        .select_related("national_body__country")
        .order_by("national_body__country__name_es")
    )
    rows = []
    for report in reports:
        if report.first_submitted_at:
            day = timezone.localdate(report.first_submitted_at)
            late = (day - period.due_on).days
            state = Timeliness.ON_TIME if late <= 0 else Timeliness.LATE
            rows.append(TimelinessRow(report, state, max(late, 0)))
        elif period.is_closed or today > period.due_on:
            rows.append(TimelinessRow(report, Timeliness.NOT_SUBMITTED))
        else:
            rows.append(TimelinessRow(report, Timeliness.NOT_YET_DUE))
    return PeriodTimeliness(period, rows)


# --- Country × activity matrix ------------------------------------------------------------


@dataclass
class MatrixCell:
    concerned: bool = False
    counted: bool = False
    progress: int | None = None
    goal_status: str = ""
    report_status: str = ""
    status: str = ""  # compliance status of a counted cell

    @property
    def goal_status_label(self) -> str:
        return ProgressEntry.GoalStatus(self.goal_status).label if self.goal_status else ""


@dataclass
class MatrixRow:
    activity: Activity
    planned: int
    cells: list[MatrixCell]
    regional: MatrixCell

    @property
    def all_cells(self) -> list[MatrixCell]:
        """The countries' cells, then the regional one (the table's columns)."""
        return [*self.cells, self.regional]


@dataclass
class ProgressMatrix:
    period: ReportingPeriod
    bodies: list[NationalBody]
    rows: list[MatrixRow]
    include_pending: bool
    page: Page | None = None  # the activities shown, when the matrix is paged


def progress_matrix(
    *,
    period: ReportingPeriod,
    include_pending: bool = False,
    axis_number: int | None = None,
    body: NationalBody | None = None,
    page: int | str | None = None,
    page_size: int | None = None,
) -> ProgressMatrix:
    """Country × activity matrix of a period (SPEC §5 dashboards), each cell coloured by the
    compliance status of that country's figure (achieved ÷ planned); cells of reports that
    do not count (not approved) are marked as such. With `body`, only the activities that
    concern that body's report. With `page_size`, one page of activities (the dashboard:
    90 countries × 200 activities is 18,000 cells, too many to read or to render at once;
    the exports take the whole matrix). Three queries, four when paged."""
    counted = set(counted_statuses(include_pending))
    reports = list(
        period.reports.filter(is_regional=False)
        .select_related("national_body__country")
        .order_by("national_body__country__name_es")
    )
    if body is not None:
        reports = [r for r in reports if r.national_body_id == body.pk]
    bodies = [r.national_body for r in reports]
    column = {r.pk: i for i, r in enumerate(reports)}
    activities = Activity.objects.filter(operational_objective__poa_id=period.poa_id)
    if axis_number:
        activities = activities.filter(
            operational_objective__strategic_objective__axis__number=axis_number
        )
    if body is not None:
        activities = activities.filter(
            Exists(
                ProgressEntry.objects.filter(
                    activity=OuterRef("pk"),
                    report__period=period,
                    report__national_body=body,
                    report__is_regional=False,
                )
            )
        )
    activities = activities.select_related("operational_objective").order_by(
        "operational_objective__strategic_objective__axis__number",
        "operational_objective__strategic_objective__position",
        "operational_objective__position",
        "position",
    )
    shown = None
    if page_size:
        shown = Paginator(activities, page_size).get_page(page)
        activities = list(shown.object_list)
    else:
        activities = list(activities)
    entries = ProgressEntry.objects.filter(
        report__period=period, activity__in=[a.pk for a in activities]
    ).values_list(
        "report_id",
        "activity_id",
        "progress",
        "goal_status",
        "report__status",
        "report__is_regional",
    )
    cells: dict[int, dict] = defaultdict(dict)
    for report_id, activity_id, progress, goal_status, report_status, is_regional in entries:
        key = "regional" if is_regional else column.get(report_id)
        if key is None:
            continue
        cells[activity_id][key] = MatrixCell(
            concerned=True,
            counted=report_status in counted and progress is not None,
            progress=progress,
            goal_status=goal_status,
            report_status=report_status,
        )
    rows = []
    for activity in activities:
        planned = activity.planned_cumulative(period.semester)
        row_cells = [cells[activity.pk].get(i, MatrixCell()) for i in range(len(reports))]
        regional = cells[activity.pk].get("regional", MatrixCell())
        for cell in [*row_cells, regional]:
            if cell.counted:
                cell.status = status_of(compliance_of(Decimal(cell.progress), Decimal(planned)))
        rows.append(MatrixRow(activity, planned, row_cells, regional))
    return ProgressMatrix(period, bodies, rows, include_pending, shown)


# --- Periods, inbox and reports -----------------------------------------------------------


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


def _report_qs() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related(
        "period__poa", "national_body__country", "submitted_by", "reviewed_by"
    ).annotate(
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


def report_detail(*, pk: int) -> ProgressReport:
    """A report with its rows (activity, operational objective, evidence) and, on each row,
    `previous` (the previous period's declared figure) and `planned`. Four queries."""
    entries = ProgressEntry.objects.select_related(
        "activity__operational_objective"
    ).prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by"))
    )
    report = (
        ProgressReport.objects.select_related(
            "period__poa", "national_body__country", "submitted_by", "reviewed_by"
        )
        .prefetch_related(Prefetch("entries", queryset=entries, to_attr="rows"))
        .get(pk=pk)
    )
    previous = previous_progress(report=report)
    for entry in report.rows:
        entry.previous = previous.get(entry.activity_id)
        entry.planned = entry.activity.planned_cumulative(report.period.semester)
    return report


@dataclass
class Change:
    """One line of a report's history: who, when, what (row or report), old → new, why."""

    when: dt.datetime
    user: User | None
    subject: str
    kind: str  # + created, ~ changed, - deleted
    changes: list[tuple[str, object, object]]
    reason: str


REPORT_HISTORY_FIELDS = [
    "status",
    "review_comment",
    "reopened",
    "reopened_reason",
]
ENTRY_HISTORY_FIELDS = [
    "progress",
    "goal_status",
    "status_override_reason",
    "justification",
    "decrease_reason",
]


def _diffs(versions, fields: list[str], model) -> list[tuple[object, list]]:
    previous: dict[int, object] = {}
    result = []
    for version in versions:
        old = previous.get(version.id)
        changes = []
        if old is not None and version.history_type == "~":
            delta = version.diff_against(old, included_fields=fields)
            changes = [
                (str(model._meta.get_field(c.field).verbose_name), c.old, c.new)
                for c in delta.changes
            ]
        previous[version.id] = version
        result.append((version, changes))
    return result


def report_history(*, report: ProgressReport) -> list[Change]:
    """Every change of a report and its rows and evidence, newest first (SPEC §5: who
    changed what, when, old → new, with the reason given). Three queries."""
    activity_codes = dict(
        ProgressEntry.objects.filter(report=report).values_list("pk", "activity__code")
    )
    changes: list[Change] = []
    report_versions = report.history.select_related("history_user").order_by("history_date")
    for version, diff in _diffs(report_versions, REPORT_HISTORY_FIELDS, ProgressReport):
        if version.history_type == "~" and not diff:
            continue
        changes.append(
            Change(
                version.history_date,
                version.history_user,
                str(_("Report")),
                version.history_type,
                diff,
                version.history_change_reason or "",
            )
        )
    entry_versions = (
        ProgressEntry.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    for version, diff in _diffs(entry_versions, ENTRY_HISTORY_FIELDS, ProgressEntry):
        if version.history_type != "~" or not diff:
            continue
        changes.append(
            Change(
                version.history_date,
                version.history_user,
                str(_("Activity %(code)s") % {"code": activity_codes.get(version.id, "?")}),
                version.history_type,
                diff,
                version.history_change_reason or "",
            )
        )
    evidence_versions = (
        Evidence.history.filter(entry_id__in=list(activity_codes))
        .select_related("history_user")
        .order_by("history_date")
    )
    for version in evidence_versions:
        what = version.url or version.file or ""
        changes.append(
            Change(
                version.history_date,
                version.history_user,
                str(
                    _("Evidence of activity %(code)s")
                    % {"code": activity_codes.get(version.entry_id, "?")}
                ),
                version.history_type,
                [
                    (
                        str(_("evidence")),
                        "" if version.history_type == "+" else what,
                        what if version.history_type == "+" else "",
                    )
                ],
                version.history_change_reason or "",
            )
        )
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


# --- Figures for the reports (issue #7) ---------------------------------------------------


@dataclass
class CountryResult:
    """One national body's weighted result for a period: poa_results restricted to the
    activities that concern it and to its own report (the dashboard's country filter)."""

    body: NationalBody
    report: ProgressReport
    results: PoaResults

    @property
    def root(self) -> Result:
        return self.results.root


def country_results(
    *, poa: POA, period: ReportingPeriod, include_pending: bool = False
) -> list[CountryResult]:
    """Per national body with a report in the period, the same figure the dashboard shows
    when filtered by that country. The POA tree is loaded once and shared; then two queries
    per body (the activities that concern it, the aggregate of its rows)."""
    reports = list(
        period.reports.filter(is_regional=False)
        .select_related("national_body__country")
        .order_by("national_body__country__name_es")
    )
    base = poa_tree(poa=poa)
    out = []
    for report in reports:
        body = report.national_body
        concerned = set(activities_for_body(poa=poa, body=body).values_list("pk", flat=True))
        tree = PoaTree(poa, base.activities, body, concerned)
        results = poa_results(
            poa=poa, period=period, include_pending=include_pending, body=body, tree=tree
        )
        out.append(CountryResult(body, report, results))
    return out


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
