"""Values of the Strategic Plan's indicators (issue #6; source 003 §VII), whatever their
source: the plan's evidence records (plans.indicators), the meeting records
(meetings.selectors, result 4.3) or, for an indicator with no source in the platform, the
Technical Secretariat's yearly measurements.

This module sits in monitoring because it combines plans and meetings (layers members ←
plans ← meetings ← monitoring). Dashboards and the accountability report call
all_indicator_values(), which runs a constant number of queries whatever the number of
records, meetings or agreements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from meetings import selectors as meeting_selectors
from plans.indicators import (
    IndicatorValues,
    Number,
    country_names,
    plan_years,
    record_values,
    yearly_targets,
)
from plans.models import Axis, ExpectedResult, Indicator, StrategicPlan
from plans.selectors import plan_current

EXPLAIN_AGREEMENTS = _(
    "Counts the Coalition's agreements fulfilled during the year (the year the agreement's "
    "status became fulfilled), from the agreements register."
)
EXPLAIN_PARTICIPATION = _(
    "Counts, during the year, the participations of member countries in the ordinary and "
    "extraordinary meetings held: one per country represented (a titular, or an alternate "
    "accredited for the meeting) at each meeting. Per country: meetings attended / meetings "
    "held while it was a member."
)

__all__ = [
    "IndicatorValues",
    "TrackingCell",
    "TrackingRow",
    "TrackingTable",
    "all_indicator_values",
    "indicator_values",
    "indicators_ordered",
    "tracking_table",
]


def indicators_ordered():
    """The plan's indicators in the order of §VII (axis, objective, result, position)."""
    return Indicator.objects.select_related("result__objective__axis__plan").order_by(
        "result__objective__axis__plan__start_year",
        "result__objective__axis__number",
        "result__objective__position",
        "result__position",
        "position",
    )


def _agreement_values(indicator: Indicator, years: list[int]) -> IndicatorValues:
    by_year = meeting_selectors.agreements_fulfilled_by_year()
    return IndicatorValues(
        indicator=indicator,
        years=years,
        measure=indicator.measure,
        computed=True,
        cumulative=False,
        region={y: by_year.get(y, 0) for y in years},
        explanation=str(EXPLAIN_AGREEMENTS),
    )


def _participation_values(indicator: Indicator, years: list[int]) -> IndicatorValues:
    values = IndicatorValues(
        indicator=indicator,
        years=years,
        measure=indicator.measure,
        computed=True,
        cumulative=False,
        region=dict.fromkeys(years, 0),
        explanation=str(EXPLAIN_PARTICIPATION),
    )
    wanted = set(years)
    for p in meeting_selectors.participation_by_country_year():
        if p.year not in wanted:
            continue
        values.region[p.year] += p.attended
        values.by_country.setdefault(p.country, {})[p.year] = p.attended
        values.country_labels.setdefault(p.country, {})[p.year] = f"{p.attended}/{p.held}"
    return values


def _compute(indicators: Sequence[Indicator], years: list[int]) -> dict[int, IndicatorValues]:
    names = country_names()
    out = record_values(indicators, years, names)
    meeting_measures = {
        Indicator.Measure.AGREEMENTS_FULFILLED: _agreement_values,
        Indicator.Measure.MEETING_PARTICIPATION: _participation_values,
    }
    cache: dict[str, IndicatorValues] = {}
    for indicator in indicators:
        compute = meeting_measures.get(indicator.measure)
        if compute is None:
            continue
        if indicator.measure not in cache:
            cache[indicator.measure] = compute(indicator, years)
        values = cache[indicator.measure]
        out[indicator.pk] = IndicatorValues(
            **{**values.__dict__, "indicator": indicator, "country_names": names}
        )
    return out


def _years_for(indicator: Indicator, years: Iterable[int] | None) -> list[int]:
    if years is not None:
        return sorted(set(years))
    return plan_years(indicator.result.objective.axis.plan)


def indicator_values(indicator: Indicator, years: Iterable[int] | None = None) -> IndicatorValues:
    """One indicator's values per year (default: the plan's years up to the current one)."""
    years = _years_for(indicator, years)
    return _compute([indicator], years)[indicator.pk]


def all_indicator_values(
    years: Iterable[int] | None = None, *, plan: StrategicPlan | None = None
) -> list[IndicatorValues]:
    """Every indicator of the plan (default: the plan in force), in §VII order, for
    dashboards and the accountability report. At most 14 queries: the plan, the indicators,
    the country names, seven for the plan records and manual values, four for the meeting
    records."""
    plan = plan or plan_current()
    if plan is None:
        return []
    indicators = list(indicators_ordered().filter(result__objective__axis__plan=plan))
    if not indicators:
        return []
    years = _years_for(indicators[0], years)
    computed = _compute(indicators, years)
    return [computed[i.pk] for i in indicators]


# --- The indicator tracking table (issue 17, after TolaData's IPTT) -------------------------


@dataclass(frozen=True)
class TrackingCell:
    """One year of one indicator: the Secretariat's target (None: no target set, never 0)
    and the actual value (None: a year not reached yet, or a manual indicator without a
    measurement)."""

    year: int
    target: Decimal | None
    actual: Number | None

    @property
    def percent_met(self) -> Decimal | None:
        """Actual / target in whole percent, where both exist and the target is not 0."""
        if self.target is None or self.actual is None or not self.target:
            return None
        ratio = Decimal(self.actual) * 100 / Decimal(self.target)
        return ratio.quantize(Decimal(1), rounding=ROUND_HALF_UP)


@dataclass
class TrackingRow:
    indicator: Indicator
    values: IndicatorValues
    cells: list[TrackingCell]

    @property
    def baseline(self) -> Decimal | None:
        return self.indicator.baseline

    @property
    def final_target(self) -> Decimal | None:
        """The plan's target for its last year (Indicator.target_2027)."""
        return self.indicator.target_2027

    @property
    def from_meetings(self) -> bool:
        return self.indicator.measure in (
            Indicator.Measure.AGREEMENTS_FULFILLED,
            Indicator.Measure.MEETING_PARTICIPATION,
        )


@dataclass
class TrackingResultGroup:
    result: ExpectedResult
    rows: list[TrackingRow] = field(default_factory=list)


@dataclass
class TrackingAxisGroup:
    axis: Axis
    results: list[TrackingResultGroup] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.results)


@dataclass
class TrackingTable:
    """Rows = the plan's indicators grouped by axis and expected result (§VII order);
    columns = baseline, then per year target, actual and % met, then the plan's final
    target. `measured_years` are the years that have an actual value (up to the current
    one); a later year shows its target only."""

    plan: StrategicPlan | None
    years: list[int]
    measured_years: list[int]
    axes: list[TrackingAxisGroup] = field(default_factory=list)

    def rows(self) -> Iterator[TrackingRow]:
        for axis in self.axes:
            for group in axis.results:
                yield from group.rows

    @property
    def targets_set(self) -> int:
        return sum(1 for row in self.rows() for cell in row.cells if cell.target is not None)


def tracking_table(
    plan: StrategicPlan | None = None,
    years: Iterable[int] | None = None,
    *,
    today: dt.date | None = None,
) -> TrackingTable:
    """The indicator tracking table of `plan` (default: the plan in force) for `years`
    (default: every year of the plan). A year outside the plan, or after the current one,
    has no actual value; only a year of the plan can have a target. A constant number of
    queries whatever the number of indicators, records or targets: the indicators, the
    targets, and all_indicator_values' computations."""
    plan = plan or plan_current()
    if plan is None:
        return TrackingTable(plan=None, years=sorted(set(years or [])), measured_years=[])
    years = sorted(set(range(plan.start_year, plan.end_year + 1) if years is None else years))
    measurable = set(plan_years(plan, today))
    measured = [y for y in years if y in measurable]
    indicators = list(indicators_ordered().filter(result__objective__axis__plan=plan))
    table = TrackingTable(plan=plan, years=years, measured_years=measured)
    if not indicators:
        return table
    targets = yearly_targets(indicators, years)
    computed = _compute(indicators, measured)
    axes: dict[int, TrackingAxisGroup] = {}
    results: dict[int, TrackingResultGroup] = {}
    for indicator in indicators:
        result = indicator.result
        axis = result.objective.axis
        if axis.pk not in axes:
            axes[axis.pk] = TrackingAxisGroup(axis=axis)
            table.axes.append(axes[axis.pk])
        if result.pk not in results:
            results[result.pk] = TrackingResultGroup(result=result)
            axes[axis.pk].results.append(results[result.pk])
        values = computed[indicator.pk]
        cells = [
            TrackingCell(year=y, target=targets[indicator.pk].get(y), actual=values.region.get(y))
            for y in years
        ]
        results[result.pk].rows.append(TrackingRow(indicator=indicator, values=values, cells=cells))
    return table
