"""The weighted results of a POA (SPEC §5, 003 §IX "resultados ponderados"): the one
computation behind the dashboards, the exports, the API and the PDFs. A fixed number of
queries whatever the size of the POA: aggregates in the database, the (small) plan tree
loaded once and walked in Python."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.cache import history_stamp
from members.models import NationalBody
from monitoring.models import ProgressEntry, ProgressReport, ReportingPeriod
from plans.models import POA, Activity
from plans.selectors import (
    POA_PAGE_MODELS,
    POAWeights,
    Share,
    activities_for_body,
    effective_shares,
    poa_weights,
)

ReportStatus = ProgressReport.Status
HUNDRED = Decimal(100)
ZERO = Decimal(0)


class ResultStatus:
    """Compliance status (SPEC §5) with thresholds from settings.MONITORING_COMPLIANCE_THRESHOLDS.

    The one vocabulary of results and rows (docs/architecture.md, "Statuses"): "delayed"
    always means compliance below the at-risk threshold (a report row's suggested goal
    status uses the same rule, monitoring.selectors.goal_status); "not started" means no
    reporting period was opened for the POA yet, so nothing can be late."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    DELAYED = "delayed"
    LABELS = {
        NOT_STARTED: _("Not started"),
        ON_TRACK: _("On track"),
        AT_RISK: _("At risk"),
        DELAYED: _("Delayed"),
    }
    COMPLIANCE = (ON_TRACK, AT_RISK, DELAYED)


def coverage_is_partial(reported: int, expected: int) -> bool:
    """A regional figure is partial when it rests on fewer approved reports than
    settings.MONITORING_COVERAGE_PARTIAL_BELOW percent of those expected (the reports of
    the period that carry its activities)."""
    if expected <= 0:
        return False
    return reported * HUNDRED < expected * settings.MONITORING_COVERAGE_PARTIAL_BELOW


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


# A node's owners before coverage is worked out: empty, never mutated (shared by every node).
_NO_OWNERS: tuple[AbstractSet, AbstractSet] = (frozenset(), frozenset())


@dataclass(slots=True)
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
    # Coverage: the reports whose figure counts, of the reports of the period that carry
    # the node's activities (for an activity, its rows; above, distinct reports).
    reported: int = 0
    expected: int = 0
    carried: int = 0  # of `reported`: figures carried from an earlier semester's report
    started: bool = True  # False: no reporting period opened for the POA yet
    owners: tuple[AbstractSet, AbstractSet] = field(default=_NO_OWNERS, repr=False)
    children: list[Result] = field(default_factory=list)
    obj: object = None

    @property
    def compliance(self) -> Decimal | None:
        return compliance_of(self.achieved, self.planned)

    @property
    def status(self) -> str:
        if not self.started:
            return ResultStatus.NOT_STARTED
        return status_of(self.compliance)

    @property
    def partial(self) -> bool:
        return coverage_is_partial(self.reported, self.expected)

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
        """The tree's leaves in order (poa_results builds it four levels deep: axis,
        strategic objective, operational objective, activity)."""
        return [
            activity
            for axis in self.root.children
            for objective in axis.children
            for operational in objective.children
            for activity in operational.children
        ]


def _unite_coverage(node: Result) -> tuple[AbstractSet, AbstractSet]:
    """Distinct reports under `node` (reported, expected), set on every node above the
    activities; a figure is carried when one of its activities' figures is."""
    if node.level == "activity":
        return set(), set()
    if node.level == "operational":
        reported, expected = node.owners
        expected = expected | reported
    else:
        reported, expected = set(), set()
        for child in node.children:
            r, e = _unite_coverage(child)
            reported |= r
            expected |= e
    node.reported, node.expected = len(reported), len(expected)
    node.carried = sum(c.carried for c in node.children)
    return reported, expected


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


# One progress row of a POA as the roll-up reads it, a plain tuple (tens of thousands are
# read at 10×): (activity id, its operational objective's id, owner — the report's national
# body, None for the regional report (report_regional_iff_no_body) —, semester, period id,
# the report's status, progress or None).
ProgressRow = tuple[int, int, int | None, int, int, str, int | None]


def progress_rows(
    *, poa_id: int, up_to_semester: int, body: NationalBody | None = None
) -> list[ProgressRow]:
    """ONE query: the rows of the POA's periods up to a semester (of `body`'s reports only,
    when given). The figures of every period and status of a POA are worked out from them
    in Python (figures_and_coverage), so a dashboard reads them once. The SQL
    form of "the last counted figure of each owner" was a correlated subquery per row, which
    PostgreSQL at 10× ran as 28,880 index probes per figure (bench/RESULTS.md, issue 24)."""
    qs = ProgressEntry.objects.filter(
        report__period__poa_id=poa_id, report__period__semester__lte=up_to_semester
    )
    if body is not None:
        qs = qs.filter(report__national_body=body)
    return list(
        qs.values_list(
            "activity_id",
            "activity__operational_objective_id",
            "report__national_body_id",
            "report__period__semester",
            "report__period_id",
            "report__status",
            "progress",
        ).order_by()
    )


def rows_up_to(
    period: ReportingPeriod, rows: list[ProgressRow] | None, body: NationalBody | None = None
) -> list[ProgressRow]:
    """The progress rows a period's figures rest on (its semester and earlier): those of
    `rows` when given (read once for several periods), else read now."""
    if rows is None:
        return progress_rows(poa_id=period.poa_id, up_to_semester=period.semester, body=body)
    semester = period.semester
    return [row for row in rows if row[3] <= semester]


def _latest_counted(
    rows: list[ProgressRow], include_pending: bool
) -> dict[tuple[int, int | None], ProgressRow]:
    """Per (activity, owner): the owner's last counted figure (counted_statuses, a value
    given) — a semester-II figure, else the semester-I one, which is then carried."""
    statuses = set(counted_statuses(include_pending))
    latest: dict[tuple[int, int | None], ProgressRow] = {}
    for row in rows:
        activity_id, _objective, owner, semester, _period, status, progress = row
        if progress is None or status not in statuses:
            continue
        key = (activity_id, owner)
        if key not in latest or semester > latest[key][3]:
            latest[key] = row
    return latest


# Per activity: the sum of its counted figures (total), how many count (reported), how many
# of them are carried from semester I (carried), how many reports of the period carry the
# row (expected); per operational objective: the owners counted and the owners expected.
RawFigures = dict[int, dict[str, int]]
Coverage = dict[int, tuple[set, set]]


def figures_and_coverage(
    period: ReportingPeriod, rows: list[ProgressRow], include_pending: bool
) -> tuple[dict[int, dict], Coverage]:
    """raw_figures_and_coverage with each activity's mean (finished_figures)."""
    figures, coverage = raw_figures_and_coverage(period, rows, include_pending)
    return finished_figures(figures), coverage


# An activity without a row in the period: no counted figure, none expected.
_NO_FIGURE: Mapping[str, Any] = MappingProxyType(
    {"mean": None, "reported": 0, "carried": 0, "expected": 0}
)


def finished_figures(raw: RawFigures) -> dict[int, dict]:
    """Each activity's mean of its counted figures (None when none counts) in place of their
    sum; the sums are what monitoring.rollup keeps."""
    figures = {}
    for activity_id, figure in raw.items():
        total, reported = figure["total"], figure["reported"]
        mean = Decimal(total) if reported else None
        if reported > 1:  # one figure (every figure of a country's view) is its own mean
            mean = Decimal(total) / reported
        figures[activity_id] = {
            "mean": mean,
            "reported": reported,
            "carried": figure["carried"],
            "expected": figure["expected"],
        }
    return figures


def raw_figures_and_coverage(
    period: ReportingPeriod, rows: list[ProgressRow], include_pending: bool
) -> tuple[RawFigures, Coverage]:
    """One pass over the POA's progress_rows, one over each owner's last counted figure
    (_latest_counted):

    - per activity: the mean of the last counted cumulative figure of each report owner up
      to the period, how many figures count, how many of them are carried from an earlier
      semester, and how many reports of the period carry the row (bodies' reports, or the
      regional report for the regional organs' activities);
    - per operational objective: the report owners (a national body's id, or None for the
      regional report) whose figure counts for one of its activities, and those whose
      report of the period carries one of them; poa_results unites them up the tree, so
      every regional figure says how many reports it rests on."""
    pk, semester = period.pk, period.semester
    figures: dict[int, dict] = {}
    coverage: dict[int, tuple[set, set]] = {}
    for activity_id, objective_id, owner, _semester, period_id, _status, _progress in rows:
        figure = figures.get(activity_id)
        if figure is None:
            figure = figures[activity_id] = {"total": 0, "reported": 0, "carried": 0, "expected": 0}
        owners = coverage.get(objective_id)
        if owners is None:
            owners = coverage[objective_id] = (set(), set())
        if period_id == pk:
            figure["expected"] += 1
            owners[1].add(owner)
    for (activity_id, owner), row in _latest_counted(rows, include_pending).items():
        figure = figures[activity_id]
        figure["total"] += row[6]
        figure["reported"] += 1
        figure["carried"] += row[3] < semester
        coverage[row[1]][0].add(owner)
    return figures, coverage


@dataclass
class PoaTree:
    """The activities of a POA with their operational objective, strategic objective and
    axis (one query), the POA's own axis and objective weights (one query), and for a
    country's view the activities that concern its body. Several figures of one POA share
    one tree (poa_dashboard, country_results)."""

    poa: POA
    activities: list[Activity]
    weights: POAWeights
    body: NationalBody | None = None
    concerned: set[int] | None = None
    layout: list[tuple] | None = field(default=None, repr=False)
    # semester → {activity id: planned_cumulative as a Decimal}, shared with for_body's trees.
    planned_of: dict[int, dict[int, Decimal]] = field(default_factory=dict, repr=False)

    def grouped(self) -> list[tuple]:
        """The tree in matrix order — [(axis, share, [(objective, share, [(operational
        objective, share, [(activity, share)])])])] — each element with its effective share
        among all its siblings. A body's view weighs its activities by the same shares (the
        weighted means renormalise over what concerns it), so the layout is worked out once
        per POA and shared by every body's tree (for_body)."""
        if self.layout is None:
            grouped: dict = {}
            for activity in self.activities:
                op = activity.operational_objective
                objective = op.strategic_objective
                grouped.setdefault(objective.axis, {}).setdefault(objective, {}).setdefault(
                    op, []
                ).append(activity)
            axis_shares = self.weights.axis_shares(list(grouped))
            layout = []
            for axis, objectives in grouped.items():
                objective_shares = self.weights.objective_shares(list(objectives))
                children = []
                for objective, ops in objectives.items():
                    op_shares = effective_shares(list(ops))
                    children.append(
                        (
                            objective,
                            objective_shares[objective.pk],
                            [
                                (op, op_shares[op.pk], _with_shares(activities))
                                for op, activities in ops.items()
                            ],
                        )
                    )
                layout.append((axis, axis_shares[axis.pk], children))
            self.layout = layout
        return self.layout

    def planned(self, semester: int) -> dict[int, Decimal]:
        """Each activity's cumulative plan at the end of `semester`
        (Activity.planned_cumulative), worked out once per POA and semester."""
        planned = self.planned_of.get(semester)
        if planned is None:
            planned = self.planned_of[semester] = {
                a.pk: Decimal(a.planned_cumulative(semester)) for a in self.activities
            }
        return planned

    def for_body(self, body: NationalBody, concerned: set[int]) -> PoaTree:
        """The same POA seen by one national body, sharing this tree's layout and plans."""
        return PoaTree(
            self.poa,
            self.activities,
            self.weights,
            body,
            concerned,
            self.grouped(),
            self.planned_of,
        )


def _with_shares(activities: list[Activity]) -> list[tuple[Activity, object]]:
    shares = effective_shares(activities)
    return [(activity, shares[activity.pk]) for activity in activities]


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
    return PoaTree(poa, activities, poa_weights(poa), body, concerned)


def poa_results(
    *,
    poa: POA,
    period: ReportingPeriod | None = None,
    include_pending: bool = False,
    body: NationalBody | None = None,
    tree: PoaTree | None = None,
    rows: list[ProgressRow] | None = None,
    kept: tuple[dict[int, dict], Coverage] | None = None,
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

    - `kept`: the period's figures and coverage as monitoring.rollup keeps them (the
      POA-wide view only); the progress rows are then not read.

    Queries: 2 when the period is given (the activities with their tree, one read of the
    progress rows, progress_rows, shared by the figures and the coverage; none when `rows`
    or `kept` are given, e.g. by poa_dashboard for all its figures), 3 without (the latest
    period), one more for a body — whatever the size of the POA. Several figures of one
    POA (official and pending, each semester) share the tree: see poa_dashboard."""
    if period is None:
        period = latest_period(poa=poa)
    tree = tree or poa_tree(poa=poa, body=body)
    semester = period.semester if period else ReportingPeriod.Semester.SECOND
    figures: dict[int, dict] = {}
    coverage: dict[int, tuple[set, set]] = {}
    if period is not None and kept is not None:
        figures, coverage = kept
    elif period is not None:
        figures, coverage = figures_and_coverage(
            period, rows_up_to(period, rows, tree.body), include_pending
        )
        if tree.body is not None:
            coverage = {}  # a country's figures: its own report, no coverage to unite
    started = period is not None
    root = Result(
        level="poa", pk=poa.pk, code=str(poa.year), label=str(poa), obj=poa, started=started
    )

    concerned, planned = tree.concerned, tree.planned(semester)
    for axis, axis_share, objectives in tree.grouped():
        axis_node = Result("axis", axis.pk, str(axis.number), axis.name, axis_share, obj=axis)
        for objective, objective_share, ops in objectives:
            so_node = Result(
                "objective",
                objective.pk,
                objective.code,
                objective.text,
                objective_share,
                obj=objective,
            )
            for op, op_share, activities in ops:
                op_node = Result("operational", op.pk, op.code, op.text, op_share, obj=op)
                children = op_node.children
                for activity, activity_share in activities:
                    pk = activity.pk
                    if concerned is not None and pk not in concerned:
                        continue
                    figure: Mapping[str, Any] | None = figures.get(pk)
                    if figure is None:
                        figure = _NO_FIGURE
                    mean = figure["mean"]  # a Decimal (finished_figures) or None
                    children.append(
                        Result(
                            "activity",
                            pk,
                            activity.code,
                            activity.description,
                            activity_share,
                            achieved=ZERO if mean is None else mean,
                            planned=planned[pk],
                            has_data=mean is not None,
                            reported=figure["reported"],
                            expected=max(figure["expected"], figure["reported"]),
                            carried=figure["carried"],
                            started=started,
                            obj=activity,
                        )
                    )
                if op_node.children:
                    op_node.started = started
                    own = {tree.body.pk} if tree.body is not None else set()
                    op_node.owners = coverage.get(op.pk) or (
                        own if any(a.reported for a in op_node.children) else set(),
                        own,
                    )
                    so_node.children.append(_weighted(op_node))
            if so_node.children:
                so_node.started = started
                axis_node.children.append(_weighted(so_node))
        if axis_node.children:
            axis_node.started = started
            root.children.append(_weighted(axis_node))
    _weighted(root)
    _unite_coverage(root)
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
