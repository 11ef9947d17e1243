"""The results roll-up kept between changes (issue 24).

A POA's dashboard needs, for each reporting period and for the official figures as well as
those including reports awaiting review, every activity's counted figures and every
operational objective's coverage (monitoring.selectors.results.raw_figures_and_coverage).
Worked out from the POA's progress rows, that is the dashboard's costliest part at 10× the
coalition (28,880 rows read and walked). It changes only when a report, a row, a period or
the plan changes, so it is kept in the database (ResultRollup, one row per POA) beside the
stamp it was computed under (results_stamp, the same stamp as the dashboard's kept page):

- `kept_results` gives it to poa_dashboard: the stored roll-up when its stamp is the current
  one, else it computes it from the rows, stores it and gives it. A change that nobody
  announced but that leaves history (the admin, an import, a script through the models)
  moves the stamp: the roll-up is recomputed. A change without history (a queryset
  `update()`, raw SQL) does not, as for every kept page: it shows once the roll-up is
  older than RESULTS_ROLLUP_SECONDS. The accountability report and its comparison with
  today never read a kept roll-up (poa_dashboard's `from_rows`).
- `rollup_refresh` recomputes it after a change that moves official or pending figures (a
  report submitted, returned, approved or reopened, a submitted report's rows corrected):
  the reviews call it once their transaction commits, so the first reader after an approval
  renders the page without re-reading the rows.

The stamp is read under READ COMMITTED (common.cache): a change that commits after a higher
history id was read can leave a roll-up one change behind under an unchanged stamp;
`settings.RESULTS_ROLLUP_SECONDS` bounds how long a roll-up is trusted, as
PAGE_CACHE_SECONDS bounds a kept page."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from monitoring.models import ReportingPeriod, ResultRollup
from monitoring.selectors.results import (
    Coverage,
    RawFigures,
    finished_figures,
    progress_rows,
    raw_figures_and_coverage,
    results_stamp,
)
from plans.models import POA

# The regional report's owner (None in the roll-up) as stored: no national body has id 0.
REGIONAL = 0


def _key(period_id: int, include_pending: bool) -> str:
    return f"{period_id}:{int(include_pending)}"


def _owners(owners: set) -> list[int]:
    return sorted(REGIONAL if owner is None else owner for owner in owners)


def _encoded(figures: RawFigures, coverage: Coverage) -> dict:
    return {
        "f": {
            str(activity_id): [f["total"], f["reported"], f["carried"], f["expected"]]
            for activity_id, f in figures.items()
        },
        "c": {
            str(op_id): [_owners(counted), _owners(expected)]
            for op_id, (counted, expected) in coverage.items()
        },
    }


def _decoded(stored: dict) -> tuple[dict[int, dict], Coverage]:
    raw = {
        int(activity_id): {"total": t, "reported": r, "carried": c, "expected": e}
        for activity_id, (t, r, c, e) in stored["f"].items()
    }
    coverage = {
        int(op_id): ({o or None for o in counted}, {o or None for o in expected})
        for op_id, (counted, expected) in stored["c"].items()
    }
    return finished_figures(raw), coverage


class KeptResults:
    """The roll-up of one POA, decoded period by period as poa_results asks for it."""

    def __init__(self, stored: dict) -> None:
        self._stored = stored

    def get(self, period: ReportingPeriod, include_pending: bool) -> tuple[dict, Coverage]:
        return _decoded(self._stored[_key(period.pk, include_pending)])


def _computed(poa: POA, periods: list[ReportingPeriod]) -> dict:
    """Every period's figures, official and with pending reports, from one read of the
    POA's progress rows."""
    rows = progress_rows(poa_id=poa.pk, up_to_semester=max(p.semester for p in periods))
    stored = {}
    for period in periods:
        period_rows = [row for row in rows if row[3] <= period.semester]
        for include_pending in (False, True):
            figures, coverage = raw_figures_and_coverage(period, period_rows, include_pending)
            stored[_key(period.pk, include_pending)] = _encoded(figures, coverage)
    return stored


def _store(poa: POA, periods: list[ReportingPeriod], stamp: str) -> dict:
    stored = _computed(poa, periods)
    ResultRollup.objects.bulk_create(
        [ResultRollup(poa=poa, stamp=stamp, computed_at=timezone.now(), figures=stored)],
        update_conflicts=True,
        unique_fields=["poa"],
        update_fields=["stamp", "computed_at", "figures"],
    )
    return stored


def kept_results(*, poa: POA, periods: list[ReportingPeriod]) -> KeptResults:
    """The POA's roll-up for `periods` (its reporting periods, at least one): the kept one
    when it was computed under the current stamp less than RESULTS_ROLLUP_SECONDS ago,
    else computed now and kept. Queries: 2 when kept (the stamp, the roll-up); 2 more
    when computed (the rows, the upsert)."""
    stamp = results_stamp()
    trusted_since = timezone.now() - dt.timedelta(seconds=settings.RESULTS_ROLLUP_SECONDS)
    stored = (
        ResultRollup.objects.filter(poa=poa, stamp=stamp, computed_at__gte=trusted_since)
        .values_list("figures", flat=True)
        .first()
    )
    if stored is None or any(_key(p.pk, False) not in stored for p in periods):
        stored = _store(poa, periods, stamp)
    return KeptResults(stored)


def rollup_refresh(*, poa_id: int) -> None:
    """Recompute and keep the POA's roll-up under the current stamp (after a change to its
    figures has committed). Nothing to keep for a POA without reporting periods."""
    periods = list(
        ReportingPeriod.objects.filter(poa_id=poa_id).select_related("poa").order_by("semester")
    )
    if periods:
        _store(periods[0].poa, periods, results_stamp())
