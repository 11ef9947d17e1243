"""What the dashboards show of a POA (SPEC §5): which POA by default, the official and
pending figures of a period, planned vs achieved per semester, and each country's figure
(the dashboard's country filter, also read by the accountability report)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from members.models import NationalBody, User
from monitoring import rollup  # a module, not its names: rollup reads monitoring.selectors
from monitoring.models import ProgressReport, ReportingPeriod
from monitoring.selectors.results import (
    PoaResults,
    PoaTree,
    ProgressRow,
    Result,
    poa_results,
    poa_tree,
    progress_rows,
    rows_up_to,
)
from plans.models import POA
from plans.selectors import activities_by_body, poa_list


def dashboard_poas(*, user: User | None) -> QuerySet[POA]:
    """The POAs a dashboard or the progress API may show `user`, newest first: those
    plans.selectors.poa_list lets them read (drafts only for whoever may see drafts), each
    with `reported` (it has a reporting period)."""
    return poa_list(user=user).annotate(
        reported=Exists(ReportingPeriod.objects.filter(poa=OuterRef("pk")))
    )


def dashboard_default_poa(*, user: User | None, readable: list[POA] | None = None) -> POA | None:
    """The POA the web dashboard and /api/v1/progress/ show when none is asked for: the
    newest that has been reported on, else the newest — always among the POAs `user` may
    read, so a draft is never the default for someone who may not see drafts.

    `readable`: dashboard_poas(user=user) when the caller has loaded it already (the
    dashboard, for its choices); otherwise one query (a POA a year: a short list)."""
    poas = readable if readable is not None else list(dashboard_poas(user=user))
    return next((poa for poa in poas if poa.reported), poas[0] if poas else None)


@dataclass
class SemesterPoint:
    period: ReportingPeriod
    results: PoaResults

    @property
    def root(self) -> Result:
        return self.results.root

    @property
    def achieved(self) -> Decimal:
        return self.results.root.achieved

    @property
    def planned(self) -> Decimal:
        return self.results.root.planned

    @property
    def by_axis(self) -> list[Result]:
        return self.results.axes


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
    # What the figures were worked out from, for more figures of the same POA
    # (country_results): its tree, and its progress rows when they were read (None when
    # the figures came from the roll-up kept).
    tree: PoaTree | None = field(default=None, repr=False)
    rows: list[ProgressRow] | None = field(default=None, repr=False)


def poa_dashboard(
    *,
    poa: POA,
    semester: int | None = None,
    include_pending: bool = False,
    body: NationalBody | None = None,
    from_rows: bool = False,
) -> PoaDashboard:
    """The tree is read once, and the figures of every period of the POA-wide view come from
    its roll-up kept between changes (monitoring.rollup); a country's view, or any view with
    `from_rows` (the accountability report's frozen figures and their comparison with
    today: an official document never rests on a kept value), reads the progress rows once
    (progress_rows). Every figure — official and pending for the chosen period, one per
    other semester — is worked out from them."""
    periods = list(
        ReportingPeriod.objects.filter(poa=poa).select_related("poa").order_by("semester")
    )
    by_semester = {p.semester: p for p in periods}
    period = by_semester.get(semester) if semester else (periods[-1] if periods else None)
    tree = poa_tree(poa=poa, body=body)
    kept = rows = None
    if periods and body is None and not from_rows:
        kept = rollup.kept_results(poa=poa, periods=periods)
    elif periods:
        rows = progress_rows(poa_id=poa.pk, up_to_semester=periods[-1].semester, body=body)

    def figures_of(p: ReportingPeriod | None, pending: bool) -> PoaResults:
        return poa_results(
            poa=poa,
            period=p,
            include_pending=pending,
            body=body,
            tree=tree,
            rows=rows,
            kept=kept.get(p, pending) if kept is not None and p is not None else None,
        )

    official = figures_of(period, False)
    results = figures_of(period, True) if include_pending else official
    semesters = [
        SemesterPoint(p, results if p == period else figures_of(p, include_pending))
        for p in periods
    ]
    return PoaDashboard(periods, period, official, results, semesters, tree, rows)


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
    *,
    poa: POA,
    period: ReportingPeriod,
    include_pending: bool = False,
    tree: PoaTree | None = None,
    rows: list[ProgressRow] | None = None,
) -> list[CountryResult]:
    """Per national body with a report in the period, the same figure the dashboard shows
    when filtered by that country. The POA tree and its progress rows are read once and
    shared (or given: the POA-wide `tree` and `rows` of a poa_dashboard, rows of later
    semesters left out), and the activities that concern each body read at once
    (activities_by_body)."""
    reports = list(
        period.reports.filter(is_regional=False)
        .select_related("national_body__country")
        .order_by("national_body__country__name_es")
    )
    if tree is not None and tree.body is not None:
        raise ValueError("country_results needs the POA-wide tree, not a body's")
    base = tree or poa_tree(poa=poa)
    bodies = [(r, r.national_body) for r in reports if r.national_body is not None]
    concerned_of = activities_by_body(poa=poa, bodies=[body for _r, body in bodies])
    by_owner: dict[int | None, list] = {}  # progress_rows by owner (its third field)
    for row in rows_up_to(period, rows):
        by_owner.setdefault(row[2], []).append(row)
    out = []
    for report, body in bodies:
        tree = base.for_body(body, concerned_of[body.pk])
        results = poa_results(
            poa=poa,
            period=period,
            include_pending=include_pending,
            body=body,
            tree=tree,
            rows=by_owner.get(report.national_body_id, []),
        )
        out.append(CountryResult(body, report, results))
    return out
