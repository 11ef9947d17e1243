"""Values of the Strategic Plan's indicators (issue #6; source 003 §VII), whatever their
source: the plan's evidence records (plans.indicators), the meeting records
(meetings.selectors, result 4.3) or, for an indicator with no source in the platform, the
Technical Secretariat's yearly measurements.

This module sits in monitoring because it combines plans and meetings (layers members ←
plans ← meetings ← monitoring). Dashboards and the accountability report call
all_indicator_values(), which runs a constant number of queries whatever the number of
records, meetings or agreements."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext_lazy as _

from meetings import selectors as meeting_selectors
from plans.indicators import (
    IndicatorValues,
    country_names,
    plan_years,
    record_values,
)
from plans.models import Indicator, StrategicPlan
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

__all__ = ["IndicatorValues", "all_indicator_values", "indicator_values", "indicators_ordered"]


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
