"""The frozen figures of a report (issue #7: "the numbers the report shows are computed once,
by the same selectors as the dashboards, and stored with the job (JSON), so a report can be
re-rendered identically later and compared with today's numbers").

Everything a PDF shows comes from one of these dictionaries — figures and the texts they
describe (axis names, activity descriptions, country names in both languages) — so
rendering needs no database and a report rendered in 2030 shows what it showed when it was
issued. Only the interface words (headings, status labels) are translated at rendering.

Numbers are stored as JSON floats, unrounded: the template rounds them for display, the
same way whenever it runs. Codes (compliance status, goal status, meeting kind) are stored,
not their labels.

The package, by part: values (how numbers, dates and countries are stored), terms, results
(one POA year), records (indicators, meetings, agreements), statistics (the regional
statistics as the public sees them: suppressed cells frozen as suppressed), kinds (the three snapshots and
snapshot_for) and compare (figures, differences). The names below are its public surface."""

from __future__ import annotations

from reports.snapshot.compare import differences, figures
from reports.snapshot.kinds import (
    accountability_snapshot,
    minutes_snapshot,
    progress_report_snapshot,
    snapshot_for,
)
from reports.snapshot.results import MAX_BODIES_LISTED, MAX_JUSTIFICATION_GROUPS
from reports.snapshot.terms import term_years
from reports.snapshot.values import REGIONAL, SNAPSHOT_VERSION, num

__all__ = [
    "MAX_BODIES_LISTED",
    "MAX_JUSTIFICATION_GROUPS",
    "REGIONAL",
    "SNAPSHOT_VERSION",
    "accountability_snapshot",
    "differences",
    "figures",
    "minutes_snapshot",
    "num",
    "progress_report_snapshot",
    "snapshot_for",
    "term_years",
]
