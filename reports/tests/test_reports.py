"""The PDFs of issue #7 built through the report jobs: the biennial accountability report of a
term (003 §IX), a national body's progress report (the §IX form) and the minutes, with the
job's life (queued → building → ready / failed), idempotency, retries and the frozen
snapshot. PDFs are read back with pypdf and checked against the selectors' own figures.

The task runs in-process here (Task.apply), in both CI passes; the real broker and worker
are exercised by test_reports_worker.py."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils import timezone, translation

from meetings import services as meeting_services
from meetings.models import Agreement, Meeting
from meetings.tests.factories import MeetingFactory
from members.models import Country, Office, User
from members.tests.factories import OfficeFactory, UserFactory
from monitoring import selectors
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.templatetags.monitoring_tags import pct
from monitoring.tests.factories import (
    approve,
    fill,
    open_period,
    report_approved,
    report_of,
    submit,
)
from reports import selectors as report_selectors
from reports import services as report_services
from reports.models import ReportJob
from reports.render import render_snapshot
from reports.storage import files_of
from reports.tasks import build_report
from reports.tests.scenario import approved_poa_2018, flat, pdf_text, plenary_held, values_for

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Guatemala")
DELAY = "Retraso por falta de fondos de cooperación"


# --- Data ---------------------------------------------------------------------------------


def stored_pdf(job: ReportJob) -> bytes:
    job.refresh_from_db()
    with job.file.open("rb") as fh:
        return fh.read()


@pytest.fixture
def term(coalition, st_user, focal_point_hn, focal_point_gt):
    """The real Strategic Plan and POA 2018 (003 §X) with semester I reported: Honduras at
    80 %, Guatemala at 20 % (with a justification) and the regional report at 50 %, all
    approved; El Salvador's report submitted but not approved (it must not count). A
    plenary meeting of 2018 with 5 countries represented and two agreements of 2018, one
    fulfilled."""
    poa = approved_poa_2018()
    period = open_period(st_user, poa, opens_on=dt.date(2018, 6, 1), due_on=dt.date(2018, 7, 15))
    hn = report_of(period, coalition["HN"])
    gt = report_of(period, coalition["GT"])
    regional = report_of(period, None)
    report_approved(hn, focal_point_hn, st_user, values_for(hn, 80))
    fill(gt, focal_point_gt, values_for(gt, 20), justification=DELAY)
    submit(gt, focal_point_gt)
    approve(gt, st_user)
    report_approved(regional, st_user, st_user, values_for(regional, 50))
    fp_sv = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["SV"])
    sv = report_of(period, coalition["SV"])
    fill(sv, fp_sv, values_for(sv, 90))
    submit(sv, fp_sv)

    meeting = plenary_held(
        st_user,
        coalition,
        title="XX Reunión Ordinaria de la Coalición",
        starts_at=dt.datetime(2018, 9, 12, 9, 0, tzinfo=TZ),
        designated_since=dt.date(2017, 1, 1),
        second_agreement="Crear el comité de comunicación",
    )
    return {"poa": poa, "period": period, "meeting": meeting}


def request_and_build(user, **kwargs) -> ReportJob:
    job, created = report_services.report_job_request_accountability(user=user, **kwargs)
    assert created
    build_report.apply(args=[job.pk])
    job.refresh_from_db()
    return job


# --- The accountability report --------------------------------------------------------------


def test_accountability_report_shows_the_selectors_figures(term, st_user, coalition):
    job = request_and_build(st_user, first_year=2018)
    assert job.state == ReportJob.State.READY, job.error
    assert job.pages and job.pages > 10
    assert set(job.timings) >= {"gather", "html", "layout", "write"}
    text = pdf_text(stored_pdf(job))

    # The weighted results are the dashboard's: poa_results of the same period.
    results = selectors.poa_results(poa=term["poa"], period=term["period"])
    with translation.override("es"):
        overall = flat(pct(results.root.achieved))
        axes = [(a.label, flat(pct(a.achieved)), flat(pct(a.compliance))) for a in results.axes]
    assert overall in text
    for name, achieved, compliance in axes:
        assert flat(name) in text
        assert achieved in text and compliance in text
    assert "Prevención" in text and "AtenciónIntegral" in text

    # Per country: the dashboard's country filter, for the bodies that reported.
    hn = selectors.poa_results(poa=term["poa"], period=term["period"], body=coalition["HN"])
    with translation.override("es"):
        assert flat(pct(hn.root.achieved)) in text
    for country in ("Honduras", "Guatemala", "ElSalvador", "RepúblicaDominicana"):
        assert country in text
    assert flat(DELAY) in text  # the justification of a delayed activity

    # Meetings, participation and agreements of the term.
    assert "XXReuniónOrdinariadelaCoalición" in text
    assert "CR-2018-01" in text and "CR-2018-02" in text
    agreements = job_snapshot(job)["agreements"]
    assert agreements["adopted"] == 2
    assert agreements["by_status"]["fulfilled"] == 1
    assert agreements["fulfilled_by_year"] == {"2018": 1, "2019": 0}

    # No term report presented (reports/tests/test_term_reports.py), and the year without POA.
    assert job_snapshot(job)["term_reports"] == {"presidency": None, "secretariat": None}
    assert job_snapshot(job)["years"][1] == {"year": 2019, "poa": None}


def job_snapshot(job: ReportJob) -> dict:
    return ReportJob.objects.values_list("snapshot", flat=True).get(pk=job.pk)


def test_snapshot_uses_only_approved_reports_and_the_computed_indicators(term, st_user):
    job = request_and_build(st_user, first_year=2018)
    snap = job_snapshot(job)
    year = snap["years"][0]
    assert year["reports_approved"] == 3 and year["reports_pending"] == 1
    countries = {c["country"]["iso"]: c for c in year["countries"]}
    assert countries["HN"]["achieved"] == pytest.approx(80)
    assert countries["GT"]["achieved"] == pytest.approx(20)
    assert countries["SV"]["has_data"] is False  # submitted, not approved: not counted
    timeliness = year["timeliness"][0]
    assert timeliness["expected"] == 9 and timeliness["submitted"] == 3
    # The two indicators computed from the meeting records (003 §VII result 4.3).
    from_meetings = {i["measure"]: i for i in snap["indicators"] if i["from_meetings"]}
    assert from_meetings["agreements_fulfilled"]["values"] == [1, 0]
    assert from_meetings["meeting_participation"]["values"] == [5, 0]
    assert snap["meetings"][0]["represented"] == ["CR", "GT", "HN", "MX", "PA"]


def test_term_of_an_office_sets_the_years_and_the_cover(term, st_user):
    office = OfficeFactory(
        kind=Office.Kind.TECHNICAL_SECRETARIAT,
        country=Country.objects.get(iso_code="SV"),
        start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    OfficeFactory(
        kind=Office.Kind.PRESIDENCY,
        country=Country.objects.get(iso_code="GT"),
        start_date=dt.date(2018, 1, 1),
        end_date=dt.date(2019, 12, 31),
    )
    job = request_and_build(st_user, office=office, language="en")
    assert job.params["years"] == [2018, 2019]
    text = pdf_text(stored_pdf(job))
    term_snap = job_snapshot(job)["term"]
    assert term_snap["secretariat"]["country"]["iso"] == "SV"
    assert term_snap["presidency"]["country"]["iso"] == "GT"
    # English version: country names in English.
    assert "ElSalvador" in text and "DominicanRepublic" in text and "Mexico" in text


def test_report_without_any_data_shows_empty_states(coalition, st_user):
    job = request_and_build(st_user, first_year=2030)
    assert job.state == ReportJob.State.READY, job.error
    snap = job_snapshot(job)
    assert [y["poa"] for y in snap["years"]] == [None, None]
    assert snap["meetings"] == [] and snap["agreements"]["adopted"] == 0
    assert "2030" in pdf_text(stored_pdf(job))


def test_only_the_secretariat_and_the_presidency_request_reports(
    term, focal_point_hn, delegate, observer, presidency_user
):
    for user in (focal_point_hn, delegate, observer):
        with pytest.raises(PermissionDenied):
            report_services.report_job_request_accountability(user=user, first_year=2018)
    job, created = report_services.report_job_request_accountability(
        user=presidency_user, first_year=2018
    )
    assert created and job.requested_by == presidency_user


def test_a_term_must_be_a_technical_secretariat_term(coalition, st_user):
    presidency = OfficeFactory(
        kind=Office.Kind.PRESIDENCY, country=Country.objects.get(iso_code="GT")
    )
    for kwargs, code in [
        ({}, "report_term_required"),
        ({"office": presidency}, "report_term_not_secretariat"),
        ({"first_year": 2018, "language": "fr"}, "report_language_invalid"),
        ({"first_year": 1999}, "report_year_invalid"),
    ]:
        with pytest.raises(ValidationError) as error:
            report_services.report_job_request_accountability(user=st_user, **kwargs)
        assert error.value.code == code


# --- Jobs: queue, duplicates, idempotency, failures ---------------------------------------


def test_request_queues_the_build_on_commit(coalition, st_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        job, created = report_services.report_job_request_accountability(
            user=st_user, first_year=2030
        )
    assert created and len(callbacks) == 1
    assert job.state == ReportJob.State.QUEUED and job.task_id
    assert job.queued_at and job.started_at is None


def test_a_duplicate_request_while_one_is_queued_reuses_it(coalition, st_user, presidency_user):
    job, created = report_services.report_job_request_accountability(user=st_user, first_year=2030)
    again, created_again = report_services.report_job_request_accountability(
        user=presidency_user, first_year=2030
    )
    assert created and not created_again and again.pk == job.pk
    # Another language is another report.
    _other, created_en = report_services.report_job_request_accountability(
        user=st_user, first_year=2030, language="en"
    )
    assert created_en
    # Once built, the same request makes a new report (the old one stays in the archive).
    build_report.apply(args=[job.pk])
    newer, created_newer = report_services.report_job_request_accountability(
        user=st_user, first_year=2030
    )
    assert created_newer and newer.pk != job.pk


def test_the_database_refuses_two_active_jobs_with_the_same_parameters(coalition, st_user):
    from django.db import IntegrityError, transaction

    job, _ = report_services.report_job_request_accountability(user=st_user, first_year=2030)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJob.objects.create(
            kind=job.kind,
            title=job.title,
            params=job.params,
            params_key=job.params_key,
            language=job.language,
            requested_by=st_user,
        )


def test_a_task_run_twice_leaves_one_file_and_one_snapshot(term, st_user):
    job = request_and_build(st_user, first_year=2018)
    first = stored_pdf(job)
    directory = job.file.name.rsplit("/", 1)[0]
    snapshot = job_snapshot(job)
    assert files_of(job.file.storage, directory) == sorted([job.filename, job.annex_filename])

    # A duplicated message for a ready job does nothing.
    assert build_report.apply(args=[job.pk]).get() == "ready"
    # A redelivered message for a job whose worker died before marking it ready (acks_late)
    # builds again: same name, same snapshot, still one complete file.
    ReportJob.objects.filter(pk=job.pk).update(state=ReportJob.State.BUILDING)
    assert build_report.apply(args=[job.pk]).get() == "ready"
    job.refresh_from_db()
    assert job.attempts == 2
    assert files_of(job.file.storage, directory) == sorted([job.filename, job.annex_filename])
    assert job_snapshot(job) == snapshot
    assert pdf_text(stored_pdf(job)) == pdf_text(first)


def test_a_failure_marks_the_job_failed_with_the_error(term, st_user):
    report = ProgressReport.objects.filter(period=term["period"], is_regional=False).first()
    job, _ = report_services.report_job_request_progress_report(user=st_user, report=report)
    ReportJob.objects.filter(pk=job.pk).update(params={"report": 0, "language": "es"})
    assert build_report.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED
    assert "DoesNotExist" in job.error
    assert job.finished_at and not job.file
    # A failed job is final: running its task again changes nothing.
    build_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and job.attempts == 1


class FlakyStorage(Storage):
    """A remote-like storage (objects, no local path: like S3) kept in memory, whose
    connection drops `failures` times before it works."""

    failures = 0
    objects: dict[str, bytes] = {}

    def __init__(self, **options):
        pass

    def _save(self, name, content):
        if FlakyStorage.failures:
            FlakyStorage.failures -= 1
            raise ConnectionError("storage unreachable")
        FlakyStorage.objects[name] = content.read()
        return name

    def _open(self, name, mode="rb"):
        return ContentFile(FlakyStorage.objects[name], name=name)

    def exists(self, name):
        return name in FlakyStorage.objects

    def delete(self, name):
        FlakyStorage.objects.pop(name, None)

    def size(self, name):
        return len(FlakyStorage.objects[name])

    def listdir(self, path):
        prefix = path.rstrip("/") + "/"
        return [], [n[len(prefix) :] for n in FlakyStorage.objects if n.startswith(prefix)]


@pytest.fixture
def flaky_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "reports.tests.test_reports.FlakyStorage",
        },
    }
    yield FlakyStorage
    FlakyStorage.failures = 0
    FlakyStorage.objects.clear()


def test_a_transient_error_is_retried_with_backoff(coalition, st_user, flaky_storage):
    flaky_storage.failures = 1
    job, _ = report_services.report_job_request_accountability(user=st_user, first_year=2030)
    assert build_report.apply(args=[job.pk]).get() == "ready"
    job.refresh_from_db()
    assert job.state == ReportJob.State.READY and job.attempts == 2
    assert default_storage.exists(job.file.name)
    assert files_of(default_storage, job.file.name.rsplit("/", 1)[0]) == sorted(
        [job.filename, job.annex_filename]
    )
    assert pdf_text(stored_pdf(job))


def test_a_transient_error_that_persists_fails_the_job(coalition, st_user, flaky_storage):
    flaky_storage.failures = 99
    job, _ = report_services.report_job_request_accountability(user=st_user, first_year=2030)
    assert build_report.apply(args=[job.pk]).get() == "failed"
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED
    assert "ConnectionError" in job.error and job.attempts == 5


def test_a_stale_job_no_longer_blocks_a_new_request(coalition, st_user):
    job, _ = report_services.report_job_request_accountability(user=st_user, first_year=2030)
    ReportJob.objects.filter(pk=job.pk).update(
        state=ReportJob.State.BUILDING, started_at=timezone.now() - dt.timedelta(hours=2)
    )
    newer, created = report_services.report_job_request_accountability(
        user=st_user, first_year=2030
    )
    assert created and newer.pk != job.pk
    job.refresh_from_db()
    assert job.state == ReportJob.State.FAILED and job.error


# --- Frozen snapshot -----------------------------------------------------------------------


def test_a_report_re_renders_to_the_same_numbers_after_the_data_changed(term, st_user):
    job = request_and_build(st_user, first_year=2018)
    issued = pdf_text(stored_pdf(job))
    before = selectors.poa_results(poa=term["poa"], period=term["period"]).root.achieved

    # The data change afterwards: every approved figure becomes 100 %.
    ProgressEntry.objects.filter(report__period=term["period"]).update(progress=100)
    Agreement.objects.update(status=Agreement.Status.CANCELLED)
    after = selectors.poa_results(poa=term["poa"], period=term["period"]).root.achieved
    assert after != before

    job.refresh_from_db()
    again = render_snapshot(job.kind, job.snapshot, language=job.language)
    assert pdf_text(again.pdf) == issued  # identical text, figures included
    with translation.override("es"):
        assert flat(pct(before)) in issued
    # Building the ready job again does not touch it either.
    build_report.apply(args=[job.pk])
    assert pdf_text(stored_pdf(job)) == issued

    changes = {
        d.what: (d.frozen, d.today) for d in report_selectors.report_job_differences(job=job)
    }
    assert changes["2018 · overall · achieved"] == (round(float(before), 2), 100.0)
    assert changes["agreements · cancelled"] == (0, 2)


# --- The other PDFs --------------------------------------------------------------------------


def test_progress_report_pdf_has_the_ix_form_layout(term, st_user, coalition):
    report = report_of(term["period"], coalition["GT"])
    job, _ = report_services.report_job_request_progress_report(user=st_user, report=report)
    build_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == ReportJob.State.READY, job.error
    text = pdf_text(stored_pdf(job))
    assert "Guatemala" in text and flat(coalition["GT"].name) in text
    assert flat(DELAY) in text
    codes = ProgressEntry.objects.filter(report=report).values_list("activity__code", flat=True)
    assert all(code in text for code in codes)
    assert "20%" in text.replace("\xa0", "")


def test_minutes_pdf_goes_through_the_same_machinery(term, st_user, presidency_user):
    meeting = term["meeting"]
    meeting_services.minutes_generate(
        user=st_user, meeting=meeting, narrative="Se abrió la sesión a las nueve."
    )
    with pytest.raises(ValidationError) as error:
        report_services.report_job_request_minutes(user=presidency_user, meeting=meeting)
    assert error.value.code == "report_minutes_draft"
    job, _ = report_services.report_job_request_minutes(user=st_user, meeting=meeting)
    build_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == ReportJob.State.READY, job.error
    text = pdf_text(stored_pdf(job))
    assert "XXReuniónOrdinariadelaCoalición" in text and "Seabriólasesiónalasnueve." in text
    assert "Honduras" in text and "Panamá" in text
    no_minutes = MeetingFactory(status=Meeting.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        report_services.report_job_request_minutes(user=st_user, meeting=no_minutes)
    assert error.value.code == "report_minutes_missing"
