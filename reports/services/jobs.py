"""Writes of the report jobs (issue #7; SPEC §6): ST or the Presidency asks for a PDF, a job
row records the request, and a Celery task builds it on commit. Part of the reports.services
package."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from meetings.models import Minutes
from members.models import Office, User
from monitoring.models import ProgressReport
from reports.annex import accountability_stem, annex_filename, annex_workbook
from reports.models import ReportJob, report_upload_to
from reports.permissions import ensure_can_use_reports
from reports.render import render_snapshot
from reports.services.archiving import archive_report_job
from reports.snapshot import snapshot_for, term_years
from reports.storage import store_atomically

# --- Report jobs (issue #7; SPEC §6) -------------------------------------------------------
#
# ST (or the Presidency) asks for a PDF; a job row records the request and a Celery task
# (reports.tasks.build_report, queued on commit) builds it: the figures are gathered once
# into the job's snapshot, rendered to PDF and stored. A ready job never changes.

REPORT_TERM_REQUIRED = _("Choose a term of the Technical Secretariat or the first of two years.")
REPORT_TERM_NOT_SECRETARIAT = _("This office is not a term of the Technical Secretariat.")
REPORT_TERM_TOO_LONG = _(
    "A term of %(n)s years is too long for one report: choose two POA years instead."
)
REPORT_YEAR_INVALID = _("%(year)s is not a year the Strategic Plan can report on.")
REPORT_LANGUAGE_INVALID = _("Choose Spanish or English.")
REPORT_MINUTES_MISSING = _("This meeting has no minutes yet.")
REPORT_MINUTES_DRAFT = _("Only the Technical Secretariat can archive draft minutes.")
REPORT_TIME_LIMIT = _("The build took longer than its time limit and was stopped.")
REPORT_INTERRUPTED = _(
    "The build was interrupted (the worker stopped or the queue lost it) and was given up."
)
REPORT_GAVE_UP = _("Gave up after %(n)s attempts.")

MAX_TERM_YEARS = 3  # a two-year term that starts mid-year touches three calendar years
MAX_BUILD_ATTEMPTS = 5
REPORT_STALE_AFTER = dt.timedelta(hours=1)  # longer than the task's time limit and retries

# Errors worth retrying (with backoff) rather than failing the job at once: the database or
# the storage was briefly unreachable, or SQLite was locked by another writer.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)


def _language(language: str) -> str:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(REPORT_LANGUAGE_INVALID, code="report_language_invalid")
    return language


def _expire_stale_job(params_key: str) -> None:
    """An active job older than REPORT_STALE_AFTER lost its task (hard time limit, worker or
    broker lost): it is marked failed so it no longer blocks a new request."""

    limit = timezone.now() - REPORT_STALE_AFTER
    stale = (
        ReportJob.objects.select_for_update(of=("self",))
        .filter(params_key=params_key, state__in=ReportJob.ACTIVE_STATES)
        .filter(Q(started_at__lt=limit) | Q(started_at__isnull=True, queued_at__lt=limit))
    )
    for job in stale:
        job.state = ReportJob.State.FAILED
        job.error = str(REPORT_INTERRUPTED)
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])


def _job_request(
    *, user: User, kind: str, title: str, params: dict, params_key: str, language: str
):
    """Create the job and queue its build on commit, or return the job already queued or
    building for the same parameters (the UniqueConstraint settles a race)."""

    _expire_stale_job(params_key)
    active = ReportJob.objects.filter(
        params_key=params_key, state__in=ReportJob.ACTIVE_STATES
    ).first()
    if active is not None:
        return active, False
    job = ReportJob(
        kind=kind,
        title=title[:250],
        params=params,
        params_key=params_key,
        language=language,
        requested_by=user,
        task_id=str(uuid.uuid4()),
    )
    job.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        return ReportJob.objects.get(
            params_key=params_key, state__in=ReportJob.ACTIVE_STATES
        ), False
    transaction.on_commit(lambda: _publish_build(job.pk, job.task_id))
    return job, True


REPUBLISH_BATCH = 100


def _publish_build(job_id: int, task_id: str) -> bool:
    """Hand a job's build to the broker. When it cannot be reached the job, committed
    already, stays queued with a blank task id, which marks it for report_jobs_republish."""
    from reports.tasks import build_report

    if publish(build_report, job_id, task_id=task_id):
        return True
    ReportJob.objects.filter(pk=job_id, task_id=task_id, state=ReportJob.State.QUEUED).update(
        task_id=""
    )
    return False


def report_jobs_republish() -> int:
    """Queue again the builds that could not be handed to the broker (called by the beat
    task reports.republish_report_jobs): queued jobs with a blank task id, oldest first.
    Each gets a new task id before it is published; a publish that fails again leaves it
    blank for the next run. A duplicate message (a publish reported as failed that reached
    the broker after all) is harmless: report_job_build is idempotent. Returns how many
    builds were queued."""

    with transaction.atomic():
        pending = list(
            ReportJob.objects.select_for_update(skip_locked=True)
            .filter(state=ReportJob.State.QUEUED, task_id="")
            .order_by("queued_at", "pk")
            .values_list("pk", flat=True)[:REPUBLISH_BATCH]
        )
        task_ids = {pk: str(uuid.uuid4()) for pk in pending}
        for pk, task_id in task_ids.items():
            ReportJob.objects.filter(pk=pk).update(task_id=task_id)
    return sum(_publish_build(pk, task_id) for pk, task_id in task_ids.items())


@transaction.atomic
def report_job_request_accountability(
    *,
    user: User,
    office: Office | None = None,
    first_year: int | None = None,
    language: str = "es",
):
    """ST or the Presidency asks for the biennial accountability report (003 §IX) of an ST
    term (an Office of the members registry: the POA years it touches, see
    reports.snapshot.term_years) or of two POA years starting at `first_year`. The
    Presidency's and ST's term reports (003 §VIII Presidency 12, ST 13) are documents of
    their own (reports.models.TermReport): the snapshot prints those of the term that were
    presented when it is built. Returns (job, created): a request identical to one still
    queued or building reuses that one."""

    ensure_can_use_reports(user)
    language = _language(language)
    if office is not None:
        if office.kind != Office.Kind.TECHNICAL_SECRETARIAT:
            raise ValidationError(REPORT_TERM_NOT_SECRETARIAT, code="report_term_not_secretariat")
        years = term_years(office)
        if len(years) > MAX_TERM_YEARS:
            raise ValidationError(
                REPORT_TERM_TOO_LONG, code="report_term_too_long", params={"n": len(years)}
            )
    elif first_year is not None:
        if not 2000 <= first_year <= 2100:
            raise ValidationError(
                REPORT_YEAR_INVALID, code="report_year_invalid", params={"year": first_year}
            )
        years = [first_year, first_year + 1]
    else:
        raise ValidationError(REPORT_TERM_REQUIRED, code="report_term_required")
    span = f"{years[0]}–{years[-1]}"
    title = f"{span} · {office.country.name_es}" if office is not None else span
    return _job_request(
        user=user,
        kind=ReportJob.Kind.ACCOUNTABILITY,
        title=title,
        params={
            "years": years,
            "office": office.pk if office is not None else None,
            "language": language,
        },
        params_key=f"accountability:{years[0]}-{years[-1]}:{office.pk if office else '-'}:{language}",
        language=language,
    )


@transaction.atomic
def report_job_request_progress_report(*, user: User, report: ProgressReport, language: str = "es"):
    """The PDF of a national body's (or the regional) progress report, in the §IX form."""

    ensure_can_use_reports(user)
    language = _language(language)
    period = report.period
    body = report.national_body
    who = body.acronym if body is not None else "Regional"
    return _job_request(
        user=user,
        kind=ReportJob.Kind.PROGRESS_REPORT,
        title=f"{who} · POA {period.poa.year} · S{period.semester}",
        params={"report": report.pk, "language": language},
        params_key=f"progress_report:{report.pk}:{language}",
        language=language,
    )


@transaction.atomic
def report_job_request_minutes(*, user: User, meeting, language: str = "es"):
    """Archive the PDF of a meeting's minutes (003 §VIII ST 12: ST is the depositary of the
    minutes). Draft minutes only for ST, as on the meeting page."""

    ensure_can_use_reports(user)
    language = _language(language)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise ValidationError(REPORT_MINUTES_MISSING, code="report_minutes_missing")
    if minutes.state == Minutes.State.DRAFT and not user.is_secretariat:
        raise ValidationError(REPORT_MINUTES_DRAFT, code="report_minutes_draft")
    return _job_request(
        user=user,
        kind=ReportJob.Kind.MINUTES,
        title=meeting.title,
        params={"meeting": meeting.pk, "language": language},
        params_key=f"minutes:{meeting.pk}:{language}",
        language=language,
    )


def _job_claim(job_id: int):
    """Start an attempt: None when there is nothing to do (ready or failed: a ready report
    never changes; a failed one is requested again as a new job)."""

    with transaction.atomic():
        job = ReportJob.objects.select_for_update(of=("self",)).get(pk=job_id)
        if job.state in (ReportJob.State.READY, ReportJob.State.FAILED):
            return None
        now = timezone.now()
        if job.attempts >= MAX_BUILD_ATTEMPTS:
            job.state = ReportJob.State.FAILED
            job.error = str(REPORT_GAVE_UP % {"n": job.attempts})
            job.finished_at = now
            job.save(update_fields=["state", "error", "finished_at"])
            return None
        job.state = ReportJob.State.BUILDING
        job.attempts += 1
        job.started_at = now
        job.save(update_fields=["state", "attempts", "started_at"])
        return job


def report_filename(job) -> str:
    """The file's name, readable by whoever downloads it."""

    params = job.params
    if job.kind == ReportJob.Kind.ACCOUNTABILITY:
        years = params["years"]
        return f"{accountability_stem(years, job.language)}.pdf"
    if job.kind == ReportJob.Kind.PROGRESS_REPORT:
        return f"informe-de-seguimiento-{params['report']}-{job.language}.pdf"
    return f"acta-{params['meeting']}-{job.language}.pdf"


def _job_finish(job, name: str, document, timings: dict, annex_name: str = ""):

    with transaction.atomic():
        current = ReportJob.objects.select_for_update(of=("self",)).defer("snapshot").get(pk=job.pk)
        if current.state == ReportJob.State.READY:
            return current  # a duplicate attempt finished first: same name, one file
        current.state = ReportJob.State.READY
        current.file.name = name
        current.annex.name = annex_name
        current.pages = document.pages
        current.file_size = document.size
        current.finished_at = timezone.now()
        current.error = ""
        current.timings = timings
        current.save(
            update_fields=[
                *("state", "file", "annex", "pages", "file_size"),
                *("finished_at", "error", "timings"),
            ]
        )
        archive_report_job(job=current, snapshot=job.snapshot)  # approved minutes' PDF
        return current


def report_job_fail(*, job_id: int, error: BaseException | str, attempt: int | None = None):
    """Mark a job failed with the error the page shows. An attempt that is no longer the
    latest (a newer one claimed the job) or a job already ready is left alone."""

    if isinstance(error, SoftTimeLimitExceeded | TimeLimitExceeded):
        text = str(REPORT_TIME_LIMIT)
    elif isinstance(error, ValidationError):
        text = " ".join(str(m) for m in error.messages)
    elif isinstance(error, BaseException):
        text = f"{type(error).__name__}: {error}"
    else:
        text = str(error)
    with transaction.atomic():
        job = ReportJob.objects.select_for_update(of=("self",)).defer("snapshot").get(pk=job_id)
        if job.state == ReportJob.State.READY:
            return job
        if attempt is not None and job.attempts != attempt:
            return job
        job.state = ReportJob.State.FAILED
        job.error = text[:5000]
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at"])
        return job


def report_job_build(*, job_id: int):
    """Build a job's PDF (called by reports.tasks.build_report). Idempotent:

    - a ready or failed job is left as it is (a duplicated task does nothing);
    - the figures are gathered once and stored in the job before rendering; a retried
      attempt renders the stored snapshot, never newer figures;
    - the file has one name per job, written to a temporary name then moved
      (reports.storage), so retries and duplicates leave one complete file.

    Transient errors (TRANSIENT_ERRORS) propagate so the task retries with backoff; any
    other error marks the job failed with the error, for the page to show."""

    job = _job_claim(job_id)
    if job is None:
        return ReportJob.objects.defer("snapshot").get(pk=job_id)
    attempt = job.attempts
    timings: dict[str, float] = {}
    try:
        if job.snapshot is None:
            start = time.perf_counter()
            data = snapshot_for(job.kind, job.params)
            timings["gather"] = round(time.perf_counter() - start, 3)
            ReportJob.objects.filter(pk=job.pk, snapshot__isnull=True).update(
                snapshot=data, snapshot_at=timezone.now()
            )
            # A duplicate attempt may have stored its snapshot first: render that one.
            job.snapshot = ReportJob.objects.values_list("snapshot", flat=True).get(pk=job.pk)
        document = render_snapshot(job.kind, job.snapshot, language=job.language)
        timings.update(
            html=round(document.html_seconds, 3),
            layout=round(document.layout_seconds, 3),
            write=round(document.write_seconds, 3),
        )
        start = time.perf_counter()
        name = store_atomically(
            job.file.storage, report_upload_to(job, report_filename(job)), document.pdf
        )
        timings["store"] = round(time.perf_counter() - start, 3)
        annex_name = ""
        if job.kind == ReportJob.Kind.ACCOUNTABILITY:
            start = time.perf_counter()
            workbook = annex_workbook(job.snapshot, language=job.language)
            annex_name = store_atomically(
                job.annex.storage,
                report_upload_to(job, annex_filename(job.snapshot, job.language)),
                workbook,
            )
            timings["annex"] = round(time.perf_counter() - start, 3)
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:  # any other error is the job's failure, shown on its page
        logging.getLogger(__name__).exception("report job %s failed", job_id)
        return report_job_fail(job_id=job_id, error=exc, attempt=attempt)
    return _job_finish(job, name, document, timings, annex_name)
