"""The history of a progress report (SPEC §5: every change is kept — who, when, old → new,
with the reason given)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from common.history_display import displayed_changes
from members.models import User
from monitoring.models import Evidence, ProgressEntry, ProgressReport


@dataclass
class Change:
    """One line of a report's history: who, when, what (row or report), old → new, why."""

    when: dt.datetime
    user: User | None
    subject: str
    kind: str  # + created, ~ changed, - deleted
    changes: list[tuple[str, object, object]]  # stored values
    reason: str
    # What the page shows: field labels, choice labels, Yes/No, localized dates and numbers.
    shown: list[tuple[str, str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.shown:
            self.shown = [(str(f), str(o), str(n)) for f, o, n in self.changes]


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


def _diffs(versions, fields: list[str], model) -> list[tuple[object, list, list]]:
    previous: dict[int, object] = {}
    result = []
    for version in versions:
        old = previous.get(version.id)
        changes: list = []
        shown: list = []
        if old is not None and version.history_type == "~":
            delta = version.diff_against(old, included_fields=fields)
            changes = [
                (str(model._meta.get_field(c.field).verbose_name), c.old, c.new)
                for c in delta.changes
            ]
            shown = displayed_changes(model, delta.changes)  # labels, not codes
        previous[version.id] = version
        result.append((version, changes, shown))
    return result


def report_history(*, report: ProgressReport) -> list[Change]:
    """Every change of a report and its rows and evidence, newest first (SPEC §5: who
    changed what, when, old → new, with the reason given). Three queries."""
    activity_codes = dict(
        ProgressEntry.objects.filter(report=report).values_list("pk", "activity__code")
    )
    changes: list[Change] = []
    report_versions = report.history.select_related("history_user").order_by("history_date")
    for version, diff, shown in _diffs(report_versions, REPORT_HISTORY_FIELDS, ProgressReport):
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
                shown,
            )
        )
    entry_versions = (
        ProgressEntry.history.filter(report_id=report.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    for version, diff, shown in _diffs(entry_versions, ENTRY_HISTORY_FIELDS, ProgressEntry):
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
                shown,
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
