"""The country × activity matrix of a period (SPEC §5 dashboards; annex of the
accountability report): each country's figure for each activity, coloured by compliance."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef

from members.models import NationalBody
from monitoring.models import ProgressEntry, ReportingPeriod
from monitoring.selectors.goal_status import goal_status_of
from monitoring.selectors.results import compliance_of, counted_statuses, status_of
from plans.models import Activity


@dataclass
class MatrixCell:
    concerned: bool = False
    counted: bool = False
    progress: int | None = None
    goal_status: str = ""
    report_status: str = ""
    status: str = ""  # compliance status of a counted cell


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
    entries = (
        ProgressEntry.objects.filter(report__period=period, activity__in=[a.pk for a in activities])
        .values_list(
            "report_id",
            "activity_id",
            "progress",
            "goal_status",
            "report__status",
            "report__is_regional",
        )
        .order_by()  # placed by report and activity below: the model's ordering joins 5 tables
    )
    planned_of = {a.pk: a.planned_cumulative(period.semester) for a in activities}
    cells: dict[int, dict] = defaultdict(dict)
    # A page's 2,250 cells (10×) take a handful of (status, figure, plan) combinations.
    goal_statuses: dict[tuple[str, int | None, int], str] = {}
    for report_id, activity_id, progress, goal_status, report_status, is_regional in entries:
        key = "regional" if is_regional else column.get(report_id)
        if key is None:
            continue
        planned = planned_of[activity_id]
        reading = goal_statuses.get((goal_status, progress, planned))
        if reading is None:
            reading = goal_statuses[goal_status, progress, planned] = goal_status_of(
                chosen=goal_status, progress=progress, planned=planned
            ).status
        cells[activity_id][key] = MatrixCell(
            concerned=True,
            counted=report_status in counted and progress is not None,
            progress=progress,
            goal_status=reading,
            report_status=report_status,
        )
    rows = []
    statuses: dict[tuple[int, int], str] = {}  # per (figure, plan): a handful a page
    for activity in activities:
        planned = planned_of[activity.pk]
        row_cells = [cells[activity.pk].get(i, MatrixCell()) for i in range(len(reports))]
        regional = cells[activity.pk].get("regional", MatrixCell())
        for cell in [*row_cells, regional]:
            if cell.counted:
                status = statuses.get((cell.progress, planned))
                if status is None:
                    status = statuses[cell.progress, planned] = status_of(
                        compliance_of(Decimal(cell.progress), Decimal(planned))
                    )
                cell.status = status
        rows.append(MatrixRow(activity, planned, row_cells, regional))
    return ProgressMatrix(period, bodies, rows, include_pending, shown)
