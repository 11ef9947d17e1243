"""The term reports of the Presidency and the Technical Secretariat as documents (issue 17;
003 §VIII Presidency 12, ST 13): who drafts which, the summary pre-filled from the records,
draft → presented (at a plenary of the term) → archived with every refused transition, the
version check, the pages, and the biennial accountability report that prints the presented
reports and never a draft (read back from the PDF with pypdf)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.urls import reverse

from common.testing import refused
from meetings.models import Meeting
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members.models import Country, Office, User
from members.tests.factories import OfficeFactory
from monitoring import selectors as monitoring_selectors
from monitoring.tests.factories import open_period, report_approved, report_of, small_poa
from plans.models import Alliance
from plans.tests.factories import AllianceFactory
from reports import selectors, services
from reports.models import ReportJob, TermReport
from reports.render import render_snapshot
from reports.tasks import build_report
from reports.tests.scenario import flat, pdf_text, plenary_held

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("America/Guatemala")
ST_TEXT = "La Secretaría Técnica mantuvo la base de datos y el archivo de actas del periodo."
PRESIDENCY_DRAFT = "Borrador de la Presidencia que todavía no fue presentado al Pleno."


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


@pytest.fixture
def term(coalition, st_user, focal_point_hn):
    """A demo-like term (members.management.commands.load_demo): El Salvador holds the
    Technical Secretariat and Guatemala the Presidency from 2025-01-01 to 2026-12-31, after a
    previous ST term. In it: POA 2025 with semester I reported by Honduras and the regional
    report, approved; a plenary meeting held in 2025 with five countries represented and two
    agreements (one fulfilled); a technical session; a plenary convened but not held; a
    plenary of the previous term; alliances in force, and some that do not count."""
    sv, gt = (Country.objects.get(iso_code=iso) for iso in ("SV", "GT"))
    previous = OfficeFactory(
        kind=Office.Kind.TECHNICAL_SECRETARIAT,
        country=Country.objects.get(iso_code="CR"),
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2024, 12, 31),
    )
    secretariat = OfficeFactory(kind=Office.Kind.TECHNICAL_SECRETARIAT, country=sv)
    presidency = OfficeFactory(kind=Office.Kind.PRESIDENCY, country=gt)

    poa = small_poa(2025)
    period = open_period(st_user, poa, opens_on=dt.date(2025, 6, 1), due_on=dt.date(2025, 7, 15))
    hn = report_of(period, coalition["HN"])
    regional = report_of(period, None)
    report_approved(hn, focal_point_hn, st_user, {"1.1.1": 80, "1.1.2": 40})
    report_approved(regional, st_user, st_user, {"2.1.1": 50})

    plenary = plenary_held(
        st_user,
        coalition,
        title="XXX Reunión Ordinaria de la Coalición",
        starts_at=at(dt.date(2025, 9, 12)),
        designated_since=dt.date(2024, 1, 1),
        second_agreement="Crear el comité de prensa",
    )
    technical = MeetingFactory(
        kind=Meeting.Kind.TECHNICAL,
        title="Sesión técnica de seguimiento",
        starts_at=at(dt.date(2025, 5, 5)),
    )
    not_held = MeetingFactory(
        title="XXXI Reunión Ordinaria",
        starts_at=at(dt.date(2026, 3, 3)),
        status=Meeting.Status.CONVENED,
    )
    old_plenary = MeetingFactory(
        title="XXVIII Reunión Ordinaria", starts_at=at(dt.date(2024, 6, 4))
    )

    AllianceFactory(start_date=dt.date(2024, 3, 1))  # the Coalition's, in force
    AllianceFactory(
        country=Country.objects.get(iso_code="HN"),
        start_date=dt.date(2025, 5, 1),
        type=Alliance.Type.FINANCIAL,
    )
    AllianceFactory(start_date=dt.date(2025, 2, 1), status=Alliance.Status.NEGOTIATION)
    AllianceFactory(start_date=dt.date(2025, 2, 1), validated_at=None)
    AllianceFactory(
        start_date=dt.date(2021, 1, 1), end_date=dt.date(2023, 12, 31), status=Alliance.Status.ENDED
    )
    return {
        "secretariat": secretariat,
        "presidency": presidency,
        "previous": previous,
        "poa": poa,
        "plenary": plenary,
        "technical": technical,
        "not_held": not_held,
        "old_plenary": old_plenary,
    }


def write(report: TermReport, user: User, **sections) -> TermReport:
    return services.term_report_update(
        user=user,
        report=report,
        expected_version=report.version,
        title=sections.pop("title", report.title),
        **sections,
    )


def presented(term, st_user, presidency_user) -> TermReport:
    report = services.term_report_draft(user=st_user, office=term["secretariat"])
    report = write(report, st_user, actions=ST_TEXT)
    return services.term_report_present(
        user=presidency_user,
        report=report,
        meeting=term["plenary"],
        expected_version=report.version,
    )


# --- Pre-filled from the records ----------------------------------------------------------


def test_a_draft_starts_from_the_records_of_the_term(term, st_user):
    report = services.term_report_draft(user=st_user, office=term["secretariat"])
    assert report.kind == TermReport.Kind.SECRETARIAT and report.is_draft
    assert report.created_by == st_user and report.version == 1
    assert "El Salvador" in report.title and "2025–2026" in report.title
    s = TermReport.objects.get(pk=report.pk).summary  # as stored (JSON)

    assert s["term"]["years"] == [2025, 2026]
    assert s["term"]["country"]["iso"] == "SV"
    # Meetings held in the term's years (the plenary and the technical session; neither the
    # one convened and not held nor the previous term's), with the countries represented.
    titles = [m["title"] for m in s["meetings"]["items"]]
    assert titles == ["Sesión técnica de seguimiento", "XXX Reunión Ordinaria de la Coalición"]
    assert s["meetings"]["held"] == 2 and s["meetings"]["plenary"] == 1
    assert s["meetings"]["items"][1]["represented"] == ["CR", "GT", "HN", "MX", "PA"]
    participation = {row["country"]["iso"]: row["years"] for row in s["participation"]}
    assert participation["HN"]["2025"] == [1, 1]
    assert participation["BZ"]["2025"] == [0, 1]
    # Agreements and their fulfilment.
    assert s["agreements"]["adopted"] == 2
    assert s["agreements"]["by_status"]["fulfilled"] == 1
    assert s["agreements"]["fulfilled_by_year"] == {"2025": 1, "2026": 0}
    # Alliances in force during the term, validated, never under negotiation.
    assert s["alliances"]["total"] == 2 and s["alliances"]["regional"] == 1
    assert s["alliances"]["by_type"] == {"technical": 1, "financial": 1}
    # The POA results as the dashboard gives them; no POA for 2026.
    dashboard = monitoring_selectors.poa_dashboard(poa=term["poa"])
    year_2025, year_2026 = s["results"]
    assert year_2025["achieved"] == pytest.approx(float(dashboard.official.root.achieved))
    assert year_2025["planned"] == pytest.approx(float(dashboard.official.root.planned))
    assert year_2025["semester"] == 1
    assert [a["code"] for a in year_2025["axes"]] == [a.code for a in dashboard.official.axes]
    assert year_2026 == {"year": 2026, "poa": None}


def test_taking_the_summary_again_keeps_the_text(term, st_user):
    report = services.term_report_draft(user=st_user, office=term["secretariat"])
    report = write(report, st_user, actions=ST_TEXT)
    AgreementFactory(meeting=term["plenary"], year=2025, sequence=3)
    report = services.term_report_refresh_summary(
        user=st_user, report=report, expected_version=report.version
    )
    report.refresh_from_db()
    assert report.summary["agreements"]["adopted"] == 3
    assert report.actions == ST_TEXT
    with refused("stale_version"):
        services.term_report_refresh_summary(user=st_user, report=report, expected_version=1)


# --- Who drafts which report ---------------------------------------------------------------


def test_each_office_holder_drafts_its_own_report_only(
    term, st_user, presidency_user, focal_point_hn, delegate, observer, partner
):
    with pytest.raises(PermissionDenied):
        services.term_report_draft(user=st_user, office=term["presidency"])
    with pytest.raises(PermissionDenied):
        services.term_report_draft(user=presidency_user, office=term["secretariat"])
    for user in (focal_point_hn, delegate, observer, partner):
        for office in (term["secretariat"], term["presidency"]):
            with pytest.raises(PermissionDenied):
                services.term_report_draft(user=user, office=office)
    assert not TermReport.objects.exists()

    mine = services.term_report_draft(user=presidency_user, office=term["presidency"])
    assert mine.kind == TermReport.Kind.PRESIDENCY
    theirs = services.term_report_draft(user=st_user, office=term["secretariat"])
    assert theirs.kind == TermReport.Kind.SECRETARIAT
    # The pages offer each holder its own term, once.
    assert selectors.term_report_draftable(user=st_user) is None
    assert selectors.term_report_draftable(user=focal_point_hn) is None


def test_one_report_per_current_term_of_the_two_offices(term, st_user):
    assert selectors.term_report_draftable(user=st_user) == term["secretariat"]
    with refused("term_report_not_current_term"):
        services.term_report_draft(user=st_user, office=term["previous"])
    coordinator = OfficeFactory(
        kind=Office.Kind.COORDINATOR, start_date=dt.date(2011, 9, 16), end_date=dt.date(2013, 1, 1)
    )
    with refused("term_report_office_kind"):
        services.term_report_draft(user=st_user, office=coordinator)
    services.term_report_draft(user=st_user, office=term["secretariat"])
    with refused("term_report_exists"):
        services.term_report_draft(user=st_user, office=term["secretariat"])
    assert TermReport.objects.count() == 1


# --- Editing a draft -----------------------------------------------------------------------


def test_only_the_author_edits_a_draft_with_the_version_it_read(term, st_user, presidency_user):
    report = services.term_report_draft(user=st_user, office=term["secretariat"])
    read_at = report.version
    report = write(report, st_user, actions=ST_TEXT, introduction="  Periodo 2025–2026.  ")
    assert report.version == read_at + 1
    report.refresh_from_db()
    assert report.actions == ST_TEXT and report.introduction == "Periodo 2025–2026."
    assert report.history.first().history_user == st_user

    # A form read before that save is refused, and saves nothing.
    with refused("stale_version"):
        services.term_report_update(
            user=st_user, report=report, expected_version=read_at, title="x", actions="other"
        )
    report.refresh_from_db()
    assert report.actions == ST_TEXT and report.version == read_at + 1

    with pytest.raises(PermissionDenied):
        write(report, presidency_user, actions="La Presidencia reescribe el informe de la ST")
    with refused("term_report_title", field="title"):
        write(report, st_user, title="   ")
    with refused("term_report_too_long", field="actions"):
        write(report, st_user, actions="x" * (services.MAX_SECTION + 1))
    report.refresh_from_db()
    assert report.actions == ST_TEXT and report.version == read_at + 1


# --- Draft → presented → archived ----------------------------------------------------------


def test_a_report_is_presented_at_a_plenary_held_during_the_term(
    term, st_user, presidency_user, focal_point_hn
):
    report = services.term_report_draft(user=st_user, office=term["secretariat"])

    def present(meeting, user=presidency_user, version=None):
        return services.term_report_present(
            user=user,
            report=report,
            meeting=meeting,
            expected_version=report.version if version is None else version,
        )

    with refused("term_report_empty"):
        present(term["plenary"])
    report = write(report, st_user, actions=ST_TEXT)
    with refused("term_report_meeting_required"):
        present(None)
    with refused("term_report_meeting_not_plenary"):
        present(term["technical"])
    with refused("term_report_meeting_not_held"):
        present(term["not_held"])
    with refused("term_report_meeting_outside_term"):
        present(term["old_plenary"])
    with refused("stale_version"):
        present(term["plenary"], version=report.version - 1)
    with pytest.raises(PermissionDenied):
        present(term["plenary"], user=focal_point_hn)
    report.refresh_from_db()
    assert report.is_draft and report.meeting is None
    # The page offers the plenaries of the term only.
    assert selectors.term_report_meetings(office=term["secretariat"]) == [term["plenary"]]

    # The Presidency records the ST's report as presented (ST or the Presidency may).
    report = present(term["plenary"])
    report.refresh_from_db()
    assert report.is_presented and report.meeting == term["plenary"]
    assert report.presented_on == dt.date(2025, 9, 12) and report.presented_by == presidency_user

    # Frozen from then on.
    with refused("term_report_not_draft"):
        present(term["plenary"])
    with refused("term_report_not_draft"):
        write(report, st_user, actions="Cambio tardío")
    with refused("term_report_not_draft"):
        services.term_report_refresh_summary(
            user=st_user, report=report, expected_version=report.version
        )


def test_the_secretariat_archives_a_presented_report(term, st_user, presidency_user):
    draft = services.term_report_draft(user=presidency_user, office=term["presidency"])
    with refused("term_report_not_presented"):
        services.term_report_archive(user=st_user, report=draft, expected_version=draft.version)

    report = presented(term, st_user, presidency_user)
    with pytest.raises(PermissionDenied):  # ST keeps the archives (003 §VIII ST 12)
        services.term_report_archive(
            user=presidency_user, report=report, expected_version=report.version
        )
    with refused("stale_version"):
        services.term_report_archive(user=st_user, report=report, expected_version=1)
    report = services.term_report_archive(
        user=st_user, report=report, expected_version=report.version
    )
    report.refresh_from_db()
    assert report.is_archived and report.archived_by == st_user and report.archived_at
    assert report.meeting == term["plenary"]  # still where it was presented

    with refused("term_report_archived"):
        services.term_report_archive(user=st_user, report=report, expected_version=report.version)
    with refused("term_report_not_draft"):
        services.term_report_present(
            user=st_user, report=report, meeting=term["plenary"], expected_version=report.version
        )
    with refused("term_report_not_draft"):
        write(report, st_user, actions="Cambio tardío")
    statuses = [h.status for h in report.history.order_by("history_date", "history_id")]
    assert statuses[0] == "draft" and statuses[-2:] == ["presented", "archived"]


# --- The biennial accountability report ----------------------------------------------------


def build(user, **kwargs) -> ReportJob:
    job, created = services.report_job_request_accountability(user=user, **kwargs)
    assert created
    build_report.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.state == ReportJob.State.READY, job.error
    return job


def stored_pdf(job: ReportJob) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()


def test_the_biennial_report_prints_the_presented_term_reports_never_a_draft(
    term, st_user, presidency_user
):
    report = presented(term, st_user, presidency_user)
    draft = services.term_report_draft(user=presidency_user, office=term["presidency"])
    write(draft, presidency_user, actions=PRESIDENCY_DRAFT)

    job = build(st_user, office=term["secretariat"], language="en")
    text = pdf_text(stored_pdf(job))
    assert flat(ST_TEXT) in text and flat(report.title) in text
    assert flat("XXX Reunión Ordinaria de la Coalición") in text
    assert flat(PRESIDENCY_DRAFT) not in text
    assert flat("The Presidency's term report has not been presented yet.") in text
    snap = ReportJob.objects.values_list("snapshot", flat=True).get(pk=job.pk)
    assert snap["term_reports"]["presidency"] is None
    assert snap["term_reports"]["secretariat"]["presented_on"] == "2025-09-12"
    assert "narratives" not in snap

    # Archived, it is still printed; a report built before term reports were documents
    # (free-text narratives in its snapshot) renders as it did.
    services.term_report_archive(user=st_user, report=report, expected_version=report.version)
    job = build(st_user, office=term["secretariat"], language="es")
    assert flat(ST_TEXT) in pdf_text(stored_pdf(job))
    old = dict(snap)
    del old["term_reports"]
    old["narratives"] = {"presidency": "Texto libre de la Presidencia", "secretariat": ""}
    text = pdf_text(render_snapshot("accountability", old, language="en").pdf)
    assert flat("Texto libre de la Presidencia") in text
    assert flat("The Technical Secretariat's term report has not been presented yet.") in text


def test_the_request_form_no_longer_takes_free_text(client, coalition, st_user):
    client.force_login(st_user)
    page = client.get(reverse("reports:job-list")).content.decode()
    assert "presidency_narrative" not in page and "secretariat_narrative" not in page
    assert reverse("reports:term-report-list") in page


# --- Pages -------------------------------------------------------------------------------


def test_the_pages_draft_edit_present_and_archive(client, term, st_user, presidency_user):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the messages in their source words
    list_url = reverse("reports:term-report-list")
    client.force_login(st_user)
    page = client.get(list_url)
    assert page.status_code == 200
    assert "No term report has been drafted yet." in page.content.decode()

    response = client.post(reverse("reports:term-report-draft"), {"office": term["secretariat"].pk})
    report = TermReport.objects.get()
    edit_url = reverse("reports:term-report-edit", args=[report.pk])
    detail_url = reverse("reports:term-report-detail", args=[report.pk])
    assert response.status_code == 302 and response["Location"] == edit_url
    # Again: refused with the reason, nothing created.
    response = client.post(
        reverse("reports:term-report-draft"), {"office": term["secretariat"].pk}, follow=True
    )
    assert "This term has its report already" in response.content.decode()
    assert TermReport.objects.count() == 1

    form = client.get(edit_url).context["form"]
    data = {key: form[key].value() or "" for key in form.fields}
    data["actions"] = ST_TEXT
    response = client.post(edit_url, data)
    assert response.status_code == 302 and response["Location"] == detail_url
    # The same form posted again (read at the old version) is refused with a clear message.
    response = client.post(edit_url, data | {"actions": "Otra versión"})
    assert response.status_code == 200
    assert response.context["form"].has_error(NON_FIELD_ERRORS, "stale_version")
    assert "Someone saved this record after you opened it" in response.content.decode()
    report.refresh_from_db()
    assert report.actions == ST_TEXT

    detail = client.get(detail_url)
    body = detail.content.decode()
    assert detail.status_code == 200 and ST_TEXT in body
    assert "XXX Reunión Ordinaria de la Coalición" in body  # the summary from the records
    assert detail.context["page"].can_edit and detail.context["page"].can_present
    assert not detail.context["page"].can_archive

    # The Presidency sees it, may record its presentation, may not edit it.
    client.force_login(presidency_user)
    assert client.get(edit_url).status_code == 403
    present_url = reverse("reports:term-report-present", args=[report.pk])
    page = client.get(present_url)
    assert page.status_code == 200
    assert [str(m.pk) for m in page.context["meetings"]] == [str(term["plenary"].pk)]
    response = client.post(present_url, {"meeting": term["plenary"].pk, "version": report.version})
    assert response.status_code == 200  # the confirmation box is required
    response = client.post(
        present_url,
        {"meeting": term["old_plenary"].pk, "version": report.version, "confirm": "on"},
    )
    assert response.status_code == 200
    assert "This meeting was not held during the term" in response.content.decode()
    response = client.post(
        present_url, {"meeting": term["plenary"].pk, "version": report.version, "confirm": "on"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_presented
    assert client.get(reverse("reports:term-report-archive", args=[report.pk])).status_code == 403

    # Presented: the edit page sends back to the report with the reason.
    client.force_login(st_user)
    response = client.get(edit_url, follow=True)
    assert response.redirect_chain[-1][0] == detail_url
    assert "can no longer be changed" in response.content.decode()
    archive_url = reverse("reports:term-report-archive", args=[report.pk])
    assert client.get(archive_url).status_code == 200
    response = client.post(archive_url, {"version": report.version, "confirm": "on"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_archived
    listing = client.get(list_url).content.decode()
    assert report.title in listing and "Archived" in listing


def test_nobody_else_sees_term_reports(
    client, term, st_user, focal_point_hn, delegate, observer, partner
):
    report = services.term_report_draft(user=st_user, office=term["secretariat"])
    urls = [
        reverse("reports:term-report-list"),
        reverse("reports:term-report-detail", args=[report.pk]),
        reverse("reports:term-report-edit", args=[report.pk]),
        reverse("reports:term-report-present", args=[report.pk]),
        reverse("reports:term-report-archive", args=[report.pk]),
    ]
    for user in (focal_point_hn, delegate, observer, partner):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403, (user.role, url)
        response = client.post(
            reverse("reports:term-report-draft"), {"office": term["secretariat"].pk}
        )
        assert response.status_code == 403
    client.force_login(st_user)
    missing = reverse("reports:term-report-detail", args=[report.pk + 1000])
    assert client.get(missing).status_code == 404
    assert selectors.term_report_list(user=focal_point_hn).count() == 0
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to the login page
