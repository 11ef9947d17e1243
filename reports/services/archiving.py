"""What reports put in the archive (issue 18; 003 §VIII ST 12): a term report when it is
presented to the Plenary (and again when archived), and the PDF of approved minutes when
its report job is ready (a new version of the minutes' archive entry, which meetings
registered on approval). `backfill` registers what existed before (`manage.py
archive_backfill`, through reports.apps).

Access: a term report is read by ST and the Presidency (reports.permissions); once
presented to the Plenary it is registered RESTRICTED (the members' side, never observers or
partners). The accountability report's PDFs are not registered here: until they are
published nobody but ST and the Presidency reads them (reports.permissions.can_use_reports),
a level the archive does not have; ST registers a final edition by hand.

Term reports have no file (their text is on their page): the entry carries the text of
the actions carried out as its description, which the archive searches."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.models import ContentType

from communications.models import AccessLevel, Document, DocumentVersion
from communications.services.archive import document_register
from meetings.models import Minutes
from meetings.services.archiving import archive_minutes
from members.models import User
from reports.models import ReportJob, TermReport

ORGAN_OF_KIND = {
    TermReport.Kind.PRESIDENCY: Document.Organ.PRESIDENCY,
    TermReport.Kind.SECRETARIAT: Document.Organ.SECRETARIAT,
}


def _term_report_values(report: TermReport) -> dict:
    return {
        "title": report.title[:300],
        "kind": Document.Kind.REPORT,
        "access": AccessLevel.RESTRICTED,
        "date": report.presented_on,
        "language": Document.Language.ES,
        "description": report.actions,
        "organ": ORGAN_OF_KIND[report.kind],
        "country": report.office.country,
    }


def archive_term_report(*, report: TermReport, by: User | None) -> Document | None:
    """Register a presented (or archived) term report; a draft is not registered."""
    if report.status not in TermReport.SHOWN_STATUSES:
        return None
    return document_register(source=report, by=by, **_term_report_values(report))


def _approved_minutes_of(job: ReportJob, snapshot: dict | None) -> Minutes | None:
    """The minutes a ready minutes job printed, when it printed them approved."""
    if job.kind != ReportJob.Kind.MINUTES or not snapshot:
        return None
    if snapshot.get("state") != Minutes.State.APPROVED:
        return None  # a draft or circulated copy: ST's working file, not the archive's
    return (
        Minutes.objects.select_related("meeting__committee")
        .filter(meeting_id=job.params.get("meeting"))
        .first()
    )


def archive_report_job(*, job: ReportJob, snapshot: dict | None) -> Document | None:
    """A report job became ready: the PDF of approved minutes is archived as a new version
    of the minutes' entry. Other kinds are not registered (see the module's docstring)."""
    minutes = _approved_minutes_of(job, snapshot)
    if minutes is None or not job.file:
        return None
    return archive_minutes(minutes=minutes, by=job.requested_by, pdf=job.file)


def _has_version(source, content_hash: str) -> bool:
    return DocumentVersion.objects.filter(
        document__source_type=ContentType.objects.get_for_model(source),
        document__source_id=source.pk,
        sha256=content_hash,
    ).exists()


def _sha256(job: ReportJob) -> str:
    digest = hashlib.sha256()
    with job.file.storage.open(job.file.name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backfill() -> dict[str, int]:
    """Register the presented term reports and the ready PDFs of approved minutes that
    existed before the archive. Idempotent: an unchanged entry is not written again, and a
    PDF whose bytes the entry holds already is not added again."""
    counts = {"term_reports": 0, "minutes_pdfs": 0}
    reports = TermReport.objects.filter(status__in=TermReport.SHOWN_STATUSES).select_related(
        "office__country", "presented_by"
    )
    for report in reports.order_by("pk"):
        values = _term_report_values(report)
        entry = Document.objects.filter(
            source_type=ContentType.objects.get_for_model(report), source_id=report.pk
        ).first()
        if entry is not None and all(getattr(entry, k) == v for k, v in values.items()):
            continue
        archive_term_report(report=report, by=report.presented_by)
        counts["term_reports"] += 1
    jobs = ReportJob.objects.filter(kind=ReportJob.Kind.MINUTES, state=ReportJob.State.READY)
    for job in jobs.select_related("requested_by").order_by("finished_at", "pk"):
        minutes = _approved_minutes_of(job, job.snapshot)
        if minutes is None or not job.file or _has_version(minutes, _sha256(job)):
            continue
        archive_minutes(minutes=minutes, by=job.requested_by, pdf=job.file)
        counts["minutes_pdfs"] += 1
    return counts
