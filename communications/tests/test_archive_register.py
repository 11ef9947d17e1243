"""One register of the coalition's documents (issue 18; 003 §VIII ST 12): the regional
agreements of 003 §IV.C loaded into the archive, and what meetings and reports register as
they work — meeting documents (restricted ones RESTRICTED), approved minutes and their PDF,
presented term reports — plus `archive_backfill` for what existed before."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from communications.loaders import load_regional_agreements_archive
from communications.models import AccessLevel, Document, DocumentVersion
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting, Minutes
from meetings.tests.factories import AgendaItemFactory, MeetingFactory
from members.loaders import load_regional_agreements
from members.models import LegalInstrument
from members.tests.factories import DesignationFactory
from reports import services as report_services
from reports.models import TermReport
from reports.tests.test_term_reports import presented, term  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def entry_of(source) -> Document:
    return Document.objects.get(source_id=source.pk, source_type__model=source._meta.model_name)


# --- 003 §IV.C -------------------------------------------------------------------------------


def test_the_twelve_agreements_are_public_archive_documents():
    load_regional_agreements()
    assert load_regional_agreements_archive() == {"archive_agreements": 12}
    documents = Document.objects.filter(kind=Document.Kind.REGIONAL_AGREEMENT)
    assert documents.count() == 12
    assert set(documents.values_list("access", flat=True)) == {AccessLevel.PUBLIC}
    assert not documents.filter(legal_instrument__isnull=True).exists()
    assert not DocumentVersion.objects.filter(document__in=documents).exists()  # no file
    first = documents.get(legal_instrument__code="iv_c_01")
    assert first.reference == "003 §IV.C (línea 545)" and first.year == 2015
    assert first.organ == Document.Organ.EXTERNAL and first.language == Document.Language.ES
    assert first.title.startswith("Declaración Conjunta") and first.source is not None
    convenio = documents.get(legal_instrument__code="iv_c_10")
    assert convenio.date == dt.date(2007, 12, 11) and convenio.year == 2007
    assert "narcoactividad" in convenio.search_text


def test_loading_the_archive_again_changes_nothing():
    load_regional_agreements()
    load_regional_agreements_archive()
    history = Document.history.count()
    assert load_regional_agreements_archive() == {"archive_agreements": 0}
    assert Document.objects.filter(kind=Document.Kind.REGIONAL_AGREEMENT).count() == 12
    assert Document.history.count() == history


def test_the_source_loading_command_loads_instruments_then_the_archive():
    call_command("load_coalition", stdout=io.StringIO())
    assert LegalInstrument.objects.filter(scope=LegalInstrument.Scope.AGREEMENT).count() == 12
    agreements = Document.objects.filter(
        kind=Document.Kind.REGIONAL_AGREEMENT, legal_instrument__isnull=False
    )
    assert agreements.filter(access=AccessLevel.PUBLIC).count() == 12


# --- Meeting documents -------------------------------------------------------------------------


def upload(user, meeting, title, item=None, restricted=False):
    return meeting_services.document_upload(
        user=user,
        meeting=meeting,
        title=title,
        file=SimpleUploadedFile("informe.pdf", PDF, "application/pdf"),
        agenda_item=item,
        restricted=restricted,
    )


def test_an_uploaded_meeting_document_is_registered_with_its_file(presidency_user):
    meeting = MeetingFactory(title="XV Reunión Ordinaria")
    document = upload(presidency_user, meeting, "Informe de Honduras")
    entry = entry_of(document)
    assert entry.kind == Document.Kind.MEETING_DOCUMENT and entry.access == AccessLevel.MEMBERS
    assert entry.title == "Informe de Honduras" and entry.date == meeting.date
    assert entry.organ == Document.Organ.PLENARY and entry.description == meeting.title
    version = entry.versions.get()
    assert version.sha256 == hashlib.sha256(PDF).hexdigest() and version.size == len(PDF)
    assert version.uploaded_by == presidency_user


def test_a_restricted_document_or_one_of_a_restricted_item_is_restricted(presidency_user):
    meeting = MeetingFactory()
    secret_item = AgendaItemFactory(meeting=meeting, restricted=True)
    by_flag = upload(presidency_user, meeting, "Nota reservada", restricted=True)
    by_item = upload(presidency_user, meeting, "Anexo del punto", item=secret_item)
    assert entry_of(by_flag).access == AccessLevel.RESTRICTED
    assert entry_of(by_item).access == AccessLevel.RESTRICTED


def test_an_item_made_restricted_takes_its_documents_along(presidency_user):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT)
    item = AgendaItemFactory(meeting=meeting)
    document = upload(presidency_user, meeting, "Anexo", item=item)
    assert entry_of(document).access == AccessLevel.MEMBERS
    item = meeting_services.agenda_item_update(user=presidency_user, item=item, restricted=True)
    assert entry_of(document).access == AccessLevel.RESTRICTED
    assert entry_of(document).versions.count() == 1  # access only: no new version
    meeting_services.agenda_item_update(user=presidency_user, item=item, restricted=False)
    assert entry_of(document).access == AccessLevel.MEMBERS


# --- Minutes -----------------------------------------------------------------------------------


def approve_minutes(coalition, st_user, presidency_user) -> Minutes:
    held = MeetingFactory(title="XV Reunión Ordinaria", status=Meeting.Status.CLOSED)
    minutes = meeting_services.minutes_generate(user=st_user, meeting=held, narrative="Se abrió")
    meeting_services.minutes_circulate(user=st_user, minutes=minutes)
    nxt = meeting_services.meeting_create(
        user=presidency_user,
        kind=Meeting.Kind.ORDINARY,
        title="XVI Reunión Ordinaria",
        starts_at=dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 9, 1, 17, tzinfo=dt.UTC),
    )
    item = nxt.agenda_items.get(standard=AgendaItem.Standard.MINUTES)
    meeting_services.agenda_item_create(user=presidency_user, meeting=nxt, title="Plan 2027")
    meeting_services.meeting_convene(user=presidency_user, meeting=nxt)
    meeting_services.meeting_transition(user=presidency_user, meeting=nxt, to="in_session")
    for iso in sorted(coalition)[:5]:
        designation = DesignationFactory(national_body=coalition[iso], role="titular")
        meeting_services.attendance_record(
            user=st_user, meeting=nxt, person=designation.person, capacity="titular"
        )
    item.meeting.refresh_from_db()
    return meeting_services.minutes_approve(user=presidency_user, minutes=minutes, agenda_item=item)


def test_approved_minutes_are_registered_then_their_pdf_added(coalition, st_user, presidency_user):
    minutes = approve_minutes(coalition, st_user, presidency_user)
    entry = entry_of(minutes)
    assert entry.kind == Document.Kind.MINUTES and entry.access == AccessLevel.MEMBERS
    assert entry.title == "Acta · XV Reunión Ordinaria" and entry.date == minutes.meeting.date
    assert not entry.versions.exists()
    job, _created = report_services.report_job_request_minutes(
        user=st_user, meeting=minutes.meeting, language="es"
    )
    job = report_services.report_job_build(job_id=job.pk)
    assert job.is_ready
    version = entry_of(minutes).versions.get()
    assert version.mime_type == "application/pdf" and version.size == job.file_size


def test_a_draft_minutes_pdf_is_not_archived(coalition, st_user):
    held = MeetingFactory(status=Meeting.Status.CLOSED)
    meeting_services.minutes_generate(user=st_user, meeting=held)
    job, _created = report_services.report_job_request_minutes(user=st_user, meeting=held)
    assert report_services.report_job_build(job_id=job.pk).is_ready
    assert not Document.objects.filter(kind=Document.Kind.MINUTES).exists()


# --- Term reports ------------------------------------------------------------------------------


def test_a_presented_term_report_is_registered_restricted(term, st_user, presidency_user):  # noqa: F811
    report = presented(term, st_user, presidency_user)
    entry = entry_of(report)
    assert entry.kind == Document.Kind.REPORT and entry.access == AccessLevel.RESTRICTED
    assert entry.organ == Document.Organ.SECRETARIAT and entry.country.iso_code == "SV"
    assert entry.date == report.presented_on and "archivo de actas" in entry.description
    report = report_services.term_report_archive(
        user=st_user, report=report, expected_version=report.version
    )
    assert report.status == TermReport.Status.ARCHIVED
    assert Document.objects.filter(kind=Document.Kind.REPORT).count() == 1


def test_a_draft_term_report_is_not_registered(term, st_user):  # noqa: F811
    report_services.term_report_draft(user=st_user, office=term["secretariat"])
    assert not Document.objects.filter(kind=Document.Kind.REPORT).exists()


# --- Backfill ----------------------------------------------------------------------------------


def test_backfill_registers_what_existed_and_is_idempotent(coalition, st_user, presidency_user):
    load_regional_agreements()
    meeting = MeetingFactory(kind=Meeting.Kind.TECHNICAL)  # not the plenary before "XVI"
    secret = upload(presidency_user, meeting, "Nota reservada", restricted=True)
    plain = upload(presidency_user, meeting, "Informe")
    minutes = approve_minutes(coalition, st_user, presidency_user)
    job, _created = report_services.report_job_request_minutes(
        user=st_user, meeting=minutes.meeting
    )
    report_services.report_job_build(job_id=job.pk)
    Document.objects.all().delete()  # as before the archive existed

    call_command("archive_backfill", stdout=io.StringIO())
    assert entry_of(secret).access == AccessLevel.RESTRICTED
    assert entry_of(plain).access == AccessLevel.MEMBERS
    assert entry_of(plain).versions.count() == 1
    assert entry_of(minutes).versions.count() == 1  # the approved minutes' PDF
    assert Document.objects.filter(kind=Document.Kind.REGIONAL_AGREEMENT).count() == 12
    counts = (Document.objects.count(), DocumentVersion.objects.count(), Document.history.count())

    call_command("archive_backfill", stdout=io.StringIO())
    assert (
        Document.objects.count(),
        DocumentVersion.objects.count(),
        Document.history.count(),
    ) == counts
