"""The messages people read when a monitoring rule refuses something (STYLE.md: module
constants, so tests assert on them and translators see each once). Raised with a
ValidationError code of the same name in lower case."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

PROGRESS_OUT_OF_RANGE = _("Progress is a percentage between 0 and 100.")
PROGRESS_REQUIRED = _("Give the % progress of this activity.")
PROGRESS_DECREASE_NEEDS_REASON = _(
    "Progress is lower than the %(previous)s%% reported for the previous period: "
    "explain the decrease."
)
JUSTIFICATION_REQUIRED = _(
    "Progress is below the %(planned)s%% planned by the end of this semester: "
    "write a justification."
)
STATUS_OVERRIDE_NEEDS_REASON = _(
    "The figures suggest the status “%(suggested)s”: give the reason for choosing another one."
)
ACHIEVED_NEEDS_100 = _("A goal is achieved only at 100% progress.")
ACHIEVED_NEEDS_EVIDENCE = _(
    "This goal is a document: attach it (a file or a link) before marking the goal achieved."
)
GOAL_STATUS_INVALID = _("Unknown goal status: %(value)s.")
ROW_NOT_IN_REPORT = _("This activity is not part of this report.")
ROWS_INVALID = _("Some rows break the reporting rules; nothing was saved.")
REPORT_APPROVED = _(
    "This report is approved and locked. Only the Technical Secretariat can reopen it, "
    "giving a reason."
)
PERIOD_LOCKED = _(
    "The reporting period is closed and locked. Only the Technical Secretariat can reopen a "
    "report, giving a reason."
)
STALE_VERSION = _(
    "Someone else saved this report after you opened it (it is now at version %(current)s; "
    "you started from version %(expected)s). Nothing of yours was saved: look at their "
    "change in the history, reload the report and apply your changes again."
)
CHANGE_REASON_REQUIRED = _("This report was already submitted: give the reason for the change.")
ALREADY_SUBMITTED = _("This report is already submitted and awaits review.")
NOT_SUBMITTED = _("Only a submitted report can be approved or returned.")
COMMENT_REQUIRED = _("Say what must be fixed: your comments go back to the focal point.")
REASON_REQUIRED = _("Give the reason.")
REPORT_NOT_LOCKED = _("This report is not locked; it can be changed without reopening it.")
POA_NOT_APPROVED = _("Only an approved POA can be monitored.")
PERIOD_EXISTS = _("The reporting period of POA %(year)s, semester %(semester)s, already exists.")
DUE_BEFORE_OPENING = _("The due date cannot be before the opening date.")
PERIOD_ALREADY_CLOSED = _("This reporting period is already closed.")
PERIOD_HAS_PENDING_REVIEWS = ngettext_lazy(
    "%(n)s report still awaits review: approve or return it before closing the period.",
    "%(n)s reports still await review: approve or return them before closing the period.",
    "n",
)
EVIDENCE_FILE_OR_LINK = _("Give either a file or a link.")
EVIDENCE_STILL_NEEDED = _(
    "This row's document goal is marked achieved: it must keep at least one piece of evidence."
)
LINK_INVALID = _("“%(value)s” is not a valid link (it must start with http:// or https://).")
