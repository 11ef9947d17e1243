"""POA activity indicators measured from records kept by apps above plans (issue 16).

An activity's indicator is a sentence of the matrix (003 §X). An app above plans that keeps
the records it asks for lists its sources on its AppConfig (`activity_indicator_sources()`,
as `load_source_data()` is listed), so plans computes without importing it. A source
measures the activities whose indicator reads as its `wording` (case, spaces and a final
full stop aside)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps

from plans.models import Activity

SemesterKey = tuple[int, int]  # (year, semester 1 or 2)


@dataclass(frozen=True)
class ActivitySource:
    key: str
    wording: str  # the indicator as the POA matrix writes it
    label: str
    explanation: str
    count: Callable[[list[int]], dict[int, dict[SemesterKey, int]]]  # activity id -> counts


@dataclass(frozen=True)
class ActivityMeasure:
    activity_id: int
    source: str  # ActivitySource.key
    label: str
    explanation: str
    by_semester: dict[SemesterKey, int]

    @property
    def total(self) -> int:
        return sum(self.by_semester.values())

    def in_semester(self, year: int, semester: int) -> int:
        return self.by_semester.get((year, semester), 0)


def _wording_key(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def activity_indicator_sources() -> list[ActivitySource]:
    """Every source the installed apps provide, in INSTALLED_APPS order."""
    sources: list[ActivitySource] = []
    for config in apps.get_app_configs():
        provide = getattr(config, "activity_indicator_sources", None)
        if provide is not None:
            sources.extend(provide())
    return sources


def activity_measures(activities: Iterable[Activity]) -> dict[int, ActivityMeasure]:
    """The measured value of each activity whose indicator a source measures, keyed by
    activity id; the others are absent (their progress is reported, not counted). One
    query per source that concerns any of the activities."""
    by_wording = {_wording_key(source.wording): source for source in activity_indicator_sources()}
    wanted: dict[str, list[int]] = defaultdict(list)
    sources: dict[str, ActivitySource] = {}
    for activity in activities:
        source = by_wording.get(_wording_key(activity.indicator or ""))
        if source is not None:
            wanted[source.key].append(activity.pk)
            sources[source.key] = source
    out: dict[int, ActivityMeasure] = {}
    for key, ids in wanted.items():
        source = sources[key]
        counts = source.count(ids)
        for activity_id in ids:
            out[activity_id] = ActivityMeasure(
                activity_id=activity_id,
                source=key,
                label=str(source.label),
                explanation=str(source.explanation),
                by_semester=dict(counts.get(activity_id, {})),
            )
    return out
