"""The Strategic Plan's indicators computed from the plan's evidence records (issue #6;
source 003 §VII), per year and per country where it applies.

Only validated records count (a focal point registers, the Technical Secretariat validates).
Values are of two sorts:

- *state at the end of the year* ("by 31 December of year Y"): instruments by stage, good
  practices replicated, alliances in force. An instrument "reached" a stage on the earliest
  validated date of that stage or of any later one (an instrument implemented has been drafted
  and approved); a national indicator counts countries, each once, whatever the number of its
  documents; a regional (milestone) indicator is 1 once the Coalition's instrument reached the
  stage, else 0;
- *events during the year*: joint actions (in the year they took place).

The two indicators measured from meetings (agreements fulfilled, participation) live above
plans and are added by monitoring.indicators, which also dispatches manual indicators here.

Every function runs a fixed number of aggregate queries whatever the number of records, so
dashboards and the accountability report can compute the twelve indicators at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Country, Membership
from plans.models import (
    ActorKind,
    Alliance,
    GoodPractice,
    Indicator,
    IndicatorMeasurement,
    IndicatorTarget,
    JointAction,
    Level,
    PlanInstrument,
    Replication,
    Scope,
    Stage,
    StrategicPlan,
)

Number = int | Decimal
REGIONAL_KEY = ""  # by_country key of the Coalition's own (regional) records

EXPLAIN_INSTRUMENTS_NATIONAL = _(
    "Counts the member countries whose validated %(kind)s reached each stage by 31 December "
    "of the year (the headline value is the stage the indicator names: %(stage)s). A later "
    "stage implies the earlier ones."
)
EXPLAIN_INSTRUMENTS_REGIONAL = _(
    "1 once the Coalition's validated regional %(kind)s reached the stage the indicator names "
    "(%(stage)s) by 31 December of the year, otherwise 0. A later stage implies the earlier "
    "ones."
)
EXPLAIN_PRACTICES = _(
    "Counts the validated good practices that, by 31 December of the year, had been replicated "
    "(validated replication) in at least one other country that was a member on the date of "
    "the replication. Per country: practices of other countries it adopted."
)
EXPLAIN_ALLIANCES = _(
    "Counts the validated alliances with regional spaces in force at some time during the "
    "year (started by 31 December, not ended before 1 January). The breakdowns cover every "
    "alliance, with any actor (POA 2018 activity 4.1.1.2)."
)
EXPLAIN_JOINT_ACTIONS = _(
    "Counts the validated joint actions carried out during the year with at least one other "
    "regional space. The breakdown by kind of actor covers every joint action."
)
EXPLAIN_MANUAL = _(
    "The platform has no records to compute this indicator from: the Technical Secretariat "
    "enters its yearly values."
)
BY_STAGE = _("By stage reached")
BY_ACTOR_KIND = _("All alliances, by kind of actor")
BY_TYPE = _("All alliances, by type")
BY_LEVEL = _("All alliances, by level")
JOINT_BY_ACTOR_KIND = _("All joint actions, by kind of actor taking part")
REGIONAL_LABEL = _("Regional Coalition")


@dataclass
class Breakdown:
    """A table of counts by category and year (e.g. protocols by stage, alliances by type)."""

    title: str
    rows: list[tuple[str, str, dict[int, int]]]  # (key, label, year -> count)

    def table(self, years: Sequence[int]) -> list[tuple[str, list[int]]]:
        return [(label, [counts.get(y, 0) for y in years]) for _key, label, counts in self.rows]

    def counts(self, key: str) -> dict[int, int]:
        return next(counts for k, _label, counts in self.rows if k == key)


@dataclass
class IndicatorValues:
    """An indicator's values per year for the region and, where it applies, per country.

    `cumulative` tells a state at the end of the year (True) from events during the year.
    `country_labels` replaces a country's number where a word says more (the stage reached,
    "attended/held" meetings). `computed` is False only for manual indicators."""

    indicator: Indicator
    years: list[int]
    measure: str
    computed: bool
    cumulative: bool
    region: dict[int, Number | None]
    by_country: dict[str, dict[int, Number]] = field(default_factory=dict)
    country_labels: dict[str, dict[int, str]] = field(default_factory=dict)
    breakdowns: list[Breakdown] = field(default_factory=list)
    country_names: dict[str, str] = field(default_factory=dict)
    explanation: str = ""

    def value(self, year: int) -> Number | None:
        return self.region.get(year)

    @property
    def latest(self) -> Number | None:
        """The value of the last year shown (the current year while the plan runs)."""
        return self.region.get(self.years[-1]) if self.years else None

    @property
    def total(self) -> Number | None:
        """Events over every year shown (flows only; a state is not summed)."""
        if self.cumulative:
            return self.latest
        values = [v for v in self.region.values() if v is not None]
        return sum(values) if values else None

    def region_cells(self) -> list[Number | None]:
        return [self.region.get(y) for y in self.years]

    def running_totals(self) -> list[Number | None]:
        """For events, the total since the plan's first year, year by year."""
        out, total = [], 0
        for y in self.years:
            total += self.region.get(y) or 0
            out.append(total)
        return out

    def country_rows(self) -> list[tuple[str, str, list]]:
        """(iso, name, cells) in the order of country names; regional records last."""
        keys = set(self.by_country) | set(self.country_labels)
        rows = []
        for iso in keys:
            values = self.by_country.get(iso, {})
            labels = self.country_labels.get(iso, {})
            cells = [labels.get(y, values.get(y)) for y in self.years]
            name = self.country_names.get(iso, iso) if iso else str(REGIONAL_LABEL)
            rows.append((iso, name, cells))
        rows.sort(key=lambda r: (r[0] == REGIONAL_KEY, r[1]))
        return rows

    def breakdown_tables(self) -> list[tuple[str, list[tuple[str, list[int]]]]]:
        return [(b.title, b.table(self.years)) for b in self.breakdowns]


def plan_years(plan: StrategicPlan, today: dt.date | None = None) -> list[int]:
    """The plan's years up to the current one (a value for a future year says nothing)."""
    today = today or timezone.localdate()
    last = max(plan.start_year, min(plan.end_year, today.year))
    return list(range(plan.start_year, last + 1))


def country_names() -> dict[str, str]:
    return {c.iso_code: c.name for c in Country.objects.only("iso_code", "name_es", "name_en")}


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def _year_start(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def _new(indicator: Indicator, years: list[int], **kwargs) -> IndicatorValues:
    return IndicatorValues(
        indicator=indicator,
        years=years,
        measure=indicator.measure,
        computed=indicator.measure != Indicator.Measure.MANUAL,
        **kwargs,
    )


def _shared(
    indicators: Sequence[Indicator],
    years: list[int],
    *,
    region: dict[int, Number],
    by_country: dict[str, dict[int, Number]],
    **kwargs,
) -> dict[int, IndicatorValues]:
    """Indicators of one measure count the same records: each gets its own copy of the
    figures."""
    return {
        i.pk: _new(
            i,
            years,
            region=dict(region),
            by_country={iso: dict(v) for iso, v in by_country.items()},
            **kwargs,
        )
        for i in indicators
    }


# --- Instruments by stage (indicators 1, 2, 3, 4, 5, 7, 10) --------------------------------


def instrument_stage_values(
    indicators: Sequence[Indicator], years: list[int]
) -> dict[int, IndicatorValues]:
    """One aggregate query for every instrument indicator: per (indicator, type, country),
    the earliest validated date at which a validated instrument reached each stage or a
    later one."""
    indicators = [i for i in indicators if i.measure == Indicator.Measure.INSTRUMENT_STAGE]
    if not indicators:
        return {}
    stages = list(Stage)
    rows = (
        PlanInstrument.objects.filter(
            validated_at__isnull=False, indicator_id__in=[i.pk for i in indicators]
        )
        .values("indicator_id", "kind", "country__iso_code")
        .annotate(
            **{
                f"s{s.value}": Min(
                    "stages__date",
                    filter=Q(stages__validated_at__isnull=False, stages__stage__gte=s.value),
                )
                for s in stages
            }
        )
        .order_by()
    )
    by_indicator: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_indicator[row["indicator_id"]].append(row)
    out = {}
    for indicator in indicators:
        national = indicator.instrument_scope == Scope.NATIONAL
        relevant = [
            r
            for r in by_indicator[indicator.pk]
            if r["kind"] == indicator.instrument_kind
            and (r["country__iso_code"] is not None) == national
        ]
        counts: dict[int, dict[int, int]] = {s.value: {} for s in stages}
        for s in stages:
            for y in years:
                reached = [
                    r for r in relevant if r[f"s{s.value}"] and r[f"s{s.value}"] <= _year_end(y)
                ]
                counts[s.value][y] = len(reached) if national else min(1, len(reached))
        values = _new(
            indicator,
            years,
            cumulative=True,
            region={y: counts[indicator.target_stage][y] for y in years},
            breakdowns=[
                Breakdown(
                    str(BY_STAGE),
                    [(s.name.lower(), str(s.label), counts[s.value]) for s in stages],
                )
            ],
            explanation=str(
                (EXPLAIN_INSTRUMENTS_NATIONAL if national else EXPLAIN_INSTRUMENTS_REGIONAL)
                % {
                    "kind": indicator.get_instrument_kind_display().lower(),
                    "stage": Stage(indicator.target_stage).label.lower(),
                }
            ),
        )
        if national:
            for r in relevant:
                iso = r["country__iso_code"]
                for y in years:
                    reached = [
                        s for s in stages if r[f"s{s.value}"] and r[f"s{s.value}"] <= _year_end(y)
                    ]
                    values.by_country.setdefault(iso, {})[y] = int(
                        any(s.value >= indicator.target_stage for s in reached)
                    )
                    values.country_labels.setdefault(iso, {})[y] = (
                        str(reached[-1].label) if reached else "—"
                    )
        out[indicator.pk] = values
    return out


# --- Good practices replicated (indicator 6) ------------------------------------------------


def counted_replications():
    """Validated replications of validated practices in another country, which was a member
    of the Coalition on the date of the replication (§VII: "replicadas entre los países
    miembros")."""
    member_then = Membership.objects.filter(
        country=OuterRef("country"),
        status=Membership.Status.MEMBER,
        start_date__lte=OuterRef("date"),
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=OuterRef("date")))
    return (
        Replication.objects.filter(validated_at__isnull=False, practice__validated_at__isnull=False)
        .exclude(country=F("practice__country"))
        .filter(Exists(member_then))
    )


def good_practice_values(
    indicators: Sequence[Indicator], years: list[int]
) -> dict[int, IndicatorValues]:
    """Two aggregate queries: practices replicated by the end of each year, and per adopting
    country the practices it adopted."""
    indicators = [i for i in indicators if i.measure == Indicator.Measure.GOOD_PRACTICES_REPLICATED]
    if not indicators:
        return {}
    first = counted_replications().filter(practice=OuterRef("pk")).order_by("date")
    totals = (
        GoodPractice.objects.filter(validated_at__isnull=False)
        .annotate(first_replicated=Subquery(first.values("date")[:1]))
        .aggregate(
            **{f"y{y}": Count("pk", filter=Q(first_replicated__lte=_year_end(y))) for y in years}
        )
        if years
        else {}
    )
    per_country = (
        counted_replications()
        .values("country__iso_code")
        .annotate(
            **{
                f"y{y}": Count("practice", distinct=True, filter=Q(date__lte=_year_end(y)))
                for y in years
            }
        )
        .order_by()
        if years
        else []
    )
    by_country = {r["country__iso_code"]: {y: r[f"y{y}"] for y in years} for r in per_country}
    return _shared(
        indicators,
        years,
        cumulative=True,
        region={y: totals[f"y{y}"] for y in years},
        by_country=by_country,
        explanation=str(EXPLAIN_PRACTICES),
    )


# --- Alliances and joint actions (indicators 8 and 9) ---------------------------------------


def _in_force_during(year: int) -> Q:
    return Q(start_date__lte=_year_end(year)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=_year_start(year))
    )


def _labelled(choices, counts: dict[str, dict[int, int]]) -> list[tuple[str, str, dict[int, int]]]:
    return [(value, str(label), counts[value]) for value, label in choices if value in counts]


def alliance_values(
    indicators: Sequence[Indicator], years: list[int]
) -> dict[int, IndicatorValues]:
    """One aggregate query grouped by (actor kind, type, level, country), a count per year
    of the alliances in force; the indicator takes the regional spaces, the breakdowns
    every alliance (POA 2018 activity 4.1.1.2: "por actor, tipo y nivel")."""
    indicators = [i for i in indicators if i.measure == Indicator.Measure.ALLIANCES_REGIONAL_SPACES]
    if not indicators:
        return {}
    rows = (
        list(
            Alliance.objects.filter(
                validated_at__isnull=False, status__in=Alliance.COUNTED_STATUSES
            )
            .values("actor__kind", "type", "level", "country__iso_code")
            .annotate(**{f"y{y}": Count("pk", filter=_in_force_during(y)) for y in years})
            .order_by()
        )
        if years
        else []
    )
    region = dict.fromkeys(years, 0)
    by_country: dict[str, dict[int, int]] = {}
    dims: dict[str, dict[str, dict[int, int]]] = {"actor__kind": {}, "type": {}, "level": {}}
    for r in rows:
        for dim, counts in dims.items():
            slot = counts.setdefault(r[dim], dict.fromkeys(years, 0))
            for y in years:
                slot[y] += r[f"y{y}"]
        if r["actor__kind"] != ActorKind.REGIONAL_SPACE:
            continue
        iso = r["country__iso_code"] or REGIONAL_KEY
        slot = by_country.setdefault(iso, dict.fromkeys(years, 0))
        for y in years:
            region[y] += r[f"y{y}"]
            slot[y] += r[f"y{y}"]
    breakdowns = [
        Breakdown(str(BY_ACTOR_KIND), _labelled(ActorKind.choices, dims["actor__kind"])),
        Breakdown(str(BY_TYPE), _labelled(Alliance.Type.choices, dims["type"])),
        Breakdown(str(BY_LEVEL), _labelled(Level.choices, dims["level"])),
    ]
    return _shared(
        indicators,
        years,
        cumulative=True,
        region=region,
        by_country=by_country,
        breakdowns=breakdowns,
        explanation=str(EXPLAIN_ALLIANCES),
    )


def joint_action_values(
    indicators: Sequence[Indicator], years: list[int]
) -> dict[int, IndicatorValues]:
    """Two aggregate queries: joint actions with a regional space per (year, country), and
    every joint action per (year, kind of actor)."""
    indicators = [
        i for i in indicators if i.measure == Indicator.Measure.JOINT_ACTIONS_REGIONAL_SPACES
    ]
    if not indicators:
        return {}
    validated = JointAction.objects.filter(validated_at__isnull=False, date__year__in=years)
    rows = (
        validated.filter(actors__kind=ActorKind.REGIONAL_SPACE)
        .values("date__year", "country__iso_code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    region = dict.fromkeys(years, 0)
    by_country: dict[str, dict[int, int]] = {}
    for r in rows:
        y, iso = r["date__year"], r["country__iso_code"] or REGIONAL_KEY
        region[y] += r["n"]
        by_country.setdefault(iso, dict.fromkeys(years, 0))[y] += r["n"]
    kinds: dict[str, dict[int, int]] = {}
    for r in (
        validated.values("date__year", "actors__kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    ):
        kinds.setdefault(r["actors__kind"], dict.fromkeys(years, 0))[r["date__year"]] = r["n"]
    breakdowns = [Breakdown(str(JOINT_BY_ACTOR_KIND), _labelled(ActorKind.choices, kinds))]
    return _shared(
        indicators,
        years,
        cumulative=False,
        region=region,
        by_country=by_country,
        breakdowns=breakdowns,
        explanation=str(EXPLAIN_JOINT_ACTIONS),
    )


# --- Manual indicators ----------------------------------------------------------------------


def manual_values(indicators: Sequence[Indicator], years: list[int]) -> dict[int, IndicatorValues]:
    """The Secretariat's yearly values (IndicatorMeasurement), in one query."""
    indicators = [i for i in indicators if i.measure == Indicator.Measure.MANUAL]
    if not indicators:
        return {}
    out = {
        i.pk: _new(i, years, cumulative=True, region={}, explanation=str(EXPLAIN_MANUAL))
        for i in indicators
    }
    rows = IndicatorMeasurement.objects.filter(
        indicator_id__in=list(out), year__in=years
    ).values_list("indicator_id", "year", "country__iso_code", "value")
    for indicator_id, year, iso, value in rows:
        values = out[indicator_id]
        if iso is None:
            values.region[year] = value
        else:
            values.by_country.setdefault(iso, {})[year] = value
    return out


def yearly_targets(
    indicators: Iterable[Indicator], years: Iterable[int]
) -> dict[int, dict[int, Decimal]]:
    """The Technical Secretariat's yearly targets (IndicatorTarget), indicator id -> year ->
    value, in one query. A year absent has no target set (never read as 0)."""
    out: dict[int, dict[int, Decimal]] = {i.pk: {} for i in indicators}
    rows = IndicatorTarget.objects.filter(indicator_id__in=list(out), year__in=list(years))
    for indicator_id, year, value in rows.values_list("indicator_id", "year", "value"):
        out[indicator_id][year] = value
    return out


PLAN_MEASURES = (
    Indicator.Measure.INSTRUMENT_STAGE,
    Indicator.Measure.GOOD_PRACTICES_REPLICATED,
    Indicator.Measure.ALLIANCES_REGIONAL_SPACES,
    Indicator.Measure.JOINT_ACTIONS_REGIONAL_SPACES,
    Indicator.Measure.MANUAL,
)


def record_values(
    indicators: Iterable[Indicator], years: list[int], names: dict[str, str] | None = None
) -> dict[int, IndicatorValues]:
    """Values of every indicator measured inside plans (records or manual), keyed by
    indicator id, in at most seven queries whatever the number of indicators or records."""
    indicators = list(indicators)
    out: dict[int, IndicatorValues] = {}
    for compute in (
        instrument_stage_values,
        good_practice_values,
        alliance_values,
        joint_action_values,
        manual_values,
    ):
        out.update(compute(indicators, years))
    if names is not None:
        for values in out.values():
            values.country_names = names
    return out
