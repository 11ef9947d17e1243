"""Settings and limits of the report jobs: the build task's time limits and what they are
calibrated against, and the request forms' languages, read when they are used."""

from __future__ import annotations

from django.conf import settings

from reports.services import REPORT_STALE_AFTER
from reports.tasks import (
    REPORT_MAX_RETRIES,
    REPORT_SOFT_TIME_LIMIT,
    REPORT_TIME_LIMIT,
    build_report,
    report_retry_countdown,
)


def test_the_build_task_carries_the_time_limits_of_the_code():
    assert build_report.soft_time_limit == REPORT_SOFT_TIME_LIMIT
    assert build_report.time_limit == REPORT_TIME_LIMIT
    assert REPORT_SOFT_TIME_LIMIT < REPORT_TIME_LIMIT


def test_a_build_releases_its_message_before_the_broker_hands_it_to_another_worker():
    """The broker's visibility timeout must exceed the longest a build may hold its message
    (hard limit plus the last retry's countdown), and come before the app gives the job up
    as stale: a build still running is never started twice, a lost one is not left waiting."""
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    longest_hold = REPORT_TIME_LIMIT + report_retry_countdown(REPORT_MAX_RETRIES - 1)
    assert longest_hold < visibility < REPORT_STALE_AFTER.total_seconds()


def test_the_request_forms_offer_the_languages_in_force_when_they_are_built(settings, db):
    """Read when a form is built, not when the module was imported."""
    from reports.forms import AccountabilityRequestForm, MinutesPdfForm, ProgressReportPdfForm

    settings.LANGUAGES = [("es", "Español"), ("en", "English"), ("pt", "Português")]
    for form_class in (AccountabilityRequestForm, ProgressReportPdfForm, MinutesPdfForm):
        choices = [code for code, _label in form_class().fields["language"].choices]
        assert choices == ["es", "en", "pt"], form_class
