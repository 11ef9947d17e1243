"""Writes of the reports app, by sub-domain: jobs (the PDFs built in the background, issue #7)
and term_reports (the term reports of the Presidency and the Technical Secretariat, issue
17). Callers import from here (`from reports import services`); the names below are the
package's public surface."""

from __future__ import annotations

from reports.services.jobs import (
    MAX_BUILD_ATTEMPTS,
    MAX_TERM_YEARS,
    REPORT_GAVE_UP,
    REPORT_INTERRUPTED,
    REPORT_LANGUAGE_INVALID,
    REPORT_MINUTES_DRAFT,
    REPORT_MINUTES_MISSING,
    REPORT_STALE_AFTER,
    REPORT_TERM_NOT_SECRETARIAT,
    REPORT_TERM_REQUIRED,
    REPORT_TERM_TOO_LONG,
    REPORT_TIME_LIMIT,
    REPORT_YEAR_INVALID,
    REPUBLISH_BATCH,
    TRANSIENT_ERRORS,
    _publish_build,
    report_filename,
    report_job_build,
    report_job_fail,
    report_job_request_accountability,
    report_job_request_minutes,
    report_job_request_progress_report,
    report_jobs_republish,
)
from reports.services.term_reports import (
    MAX_SECTION,
    term_report_archive,
    term_report_default_title,
    term_report_draft,
    term_report_present,
    term_report_refresh_summary,
    term_report_update,
)

__all__ = [
    "MAX_BUILD_ATTEMPTS",
    "MAX_SECTION",
    "MAX_TERM_YEARS",
    "REPORT_GAVE_UP",
    "REPORT_INTERRUPTED",
    "REPORT_LANGUAGE_INVALID",
    "REPORT_MINUTES_DRAFT",
    "REPORT_MINUTES_MISSING",
    "REPORT_STALE_AFTER",
    "REPORT_TERM_NOT_SECRETARIAT",
    "REPORT_TERM_REQUIRED",
    "REPORT_TERM_TOO_LONG",
    "REPORT_TIME_LIMIT",
    "REPORT_YEAR_INVALID",
    "REPUBLISH_BATCH",
    "TRANSIENT_ERRORS",
    "_publish_build",
    "report_filename",
    "report_job_build",
    "report_job_fail",
    "report_job_request_accountability",
    "report_job_request_minutes",
    "report_job_request_progress_report",
    "report_jobs_republish",
    "term_report_archive",
    "term_report_default_title",
    "term_report_draft",
    "term_report_present",
    "term_report_refresh_summary",
    "term_report_update",
]
