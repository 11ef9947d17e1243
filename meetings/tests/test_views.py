"""Pages: meeting page with live quorum (htmx), voting screen, agreements register with
export, minutes and PDF; query counts do not grow with attendees or agreements."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from meetings import services
from meetings.models import Attendance, Meeting, Motion, Vote
from meetings.tests.factories import (
    AgendaItemFactory,
    AgreementFactory,
    MeetingFactory,
    MotionFactory,
)
from members.models import Country, Designation, User
from members.tests.factories import DesignationFactory, ObserverOrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ISOS = ["BZ", "CR", "DO", "GT", "HN", "MX", "NI", "PA", "SV"]


def populate(meeting, coalition, attend, attend_observer, st_user, size: int):
    """`size` countries with a titular and an accredited alternate, `size` observers, one
    motion voted by all of them and its agreement, a country report each."""
    for iso in ISOS[:size]:
        attend(meeting, coalition[iso])
        attend(meeting, coalition[iso], Designation.Role.ALTERNATE, accredited=True)
    for n in range(size * 2):
        attend_observer(meeting, ObserverOrganisationFactory(acronym=f"OBS{n}"))
    for _ in range(2):
        motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
        if size >= 5:
            services.motion_open(user=st_user, motion=motion)
            for iso in ISOS[:size]:
                services.vote_cast(
                    user=st_user,
                    motion=motion,
                    country=Country.objects.get(iso_code=iso),
                    choice="yes",
                )
            services.motion_close(user=st_user, motion=motion)
    for iso in ISOS[:size]:
        services.country_report_submit(
            user=st_user, meeting=meeting, country=Country.objects.get(iso_code=iso), text="Informe"
        )


@pytest.mark.parametrize("size", [5, 9])
def test_meeting_page_queries_do_not_grow_with_attendees(
    client,
    coalition,
    meeting,
    attend,
    attend_observer,
    st_user,
    size,
    django_assert_max_num_queries,
):
    populate(meeting, coalition, attend, attend_observer, st_user, size)
    services.quorum_verify(user=st_user, meeting=meeting)
    client.force_login(st_user)
    url = reverse("meetings:detail", args=[meeting.pk])
    # Rendered: the page's selector (18) and the meetings stamp (1).
    with django_assert_max_num_queries(20) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quorum" in html or "Quórum" in html
    assert html.count('hx-post="/meetings/attendance/') >= size * 2
    # Kept (nothing changed since): session, user, meeting, stamp and the transaction.
    with django_assert_max_num_queries(6) as kept:
        again = client.get(url)
    assert again.content.decode().count('hx-post="/meetings/attendance/') >= size * 2
    print(
        f"meeting page, {Attendance.objects.count()} attendees: "
        f"{len(ctx.captured_queries)} queries rendered, {len(kept.captured_queries)} kept"
    )


@pytest.mark.parametrize("size", [3, 40])
def test_agreements_register_queries_do_not_grow(
    client, coalition, st_user, size, django_assert_max_num_queries
):
    meeting = MeetingFactory()
    bodies = list(coalition.values())
    for n in range(size):
        agreement = AgreementFactory(meeting=meeting, responsible_organs=["presidency"])
        agreement.responsible_bodies.set(bodies[n % 9 : n % 9 + 2])
    client.force_login(st_user)
    with django_assert_max_num_queries(9) as ctx:
        response = client.get(reverse("meetings:agreements"))
    assert response.status_code == 200
    print(f"agreements register, {size} agreements: {len(ctx.captured_queries)} queries")


def test_agreements_register_filters_and_exports(client, coalition, st_user):
    m1, m2 = MeetingFactory(), MeetingFactory()
    a = AgreementFactory(
        meeting=m1,
        text="Crear el directorio regional",
        due_date=dt.date(2026, 1, 31),  # open and past its due date: reads as overdue
        responsible_organs=["technical_secretariat"],
    )
    a.responsible_bodies.set([coalition["HN"]])
    AgreementFactory(meeting=m2, text="Elaborar el informe bienal", year=2025, number="CR-2025-07")
    client.force_login(st_user)
    url = reverse("meetings:agreements")
    html = client.get(url, {"status": "overdue"}).content.decode()
    assert "Crear el directorio" in html and "informe bienal" not in html
    html = client.get(url, {"body": coalition["HN"].pk}).content.decode()
    assert "Crear el directorio" in html and "informe bienal" not in html
    html = client.get(url, {"year": 2025}).content.decode()
    assert "informe bienal" in html and "Crear el directorio" not in html
    html = client.get(url, {"meeting": m2.pk}).content.decode()
    assert "informe bienal" in html and "Crear el directorio" not in html
    html = client.get(url, {"organ": "technical_secretariat"}).content.decode()
    assert "Crear el directorio" in html and "informe bienal" not in html
    csv = client.get(url, {"format": "csv", "status": "overdue"}).content.decode("utf-8-sig")
    assert "CICESCT" in csv and "Crear el directorio" in csv and "informe bienal" not in csv
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    numbers = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert numbers == ["CR-2025-07", a.number]


def test_attendance_through_htmx_updates_the_live_quorum(client, coalition, meeting, st_user):
    designation = DesignationFactory(national_body=coalition["HN"])
    client.force_login(st_user)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {"person": designation.person.pk, "capacity": "titular"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "attendanceChanged"
    assert designation.person.last_name in response.content.decode()
    quorum = client.get(reverse("meetings:quorum", args=[meeting.pk]), HTTP_HX_REQUEST="true")
    assert 'data-testid="represented">1<' in quorum.content.decode()
    assert 'hx-trigger="every 5s, attendanceChanged from:body"' in quorum.content.decode()
    attendance = Attendance.objects.get()
    client.post(reverse("meetings:attendance-depart", args=[attendance.pk]), HTTP_HX_REQUEST="true")
    quorum = client.get(reverse("meetings:quorum", args=[meeting.pk]), HTTP_HX_REQUEST="true")
    assert 'data-testid="represented">0<' in quorum.content.decode()


def test_refused_attendance_shows_the_reason(client, coalition, meeting, st_user):
    designation = DesignationFactory(national_body=coalition["HN"], role=Designation.Role.ALTERNATE)
    client.force_login(st_user)
    response = client.post(
        reverse("meetings:attendance", args=[meeting.pk]),
        {"person": designation.person.pk, "capacity": "titular"},
        HTTP_HX_REQUEST="true",
    )
    assert 'role="alert"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_delegate_votes_on_the_voting_screen(client, coalition, meeting, attend, st_user):
    rows = [attend(meeting, coalition[iso]) for iso in ISOS[:5]]
    delegate = UserFactory(
        username="del-hn",
        role=User.Role.DELEGATE,
        national_body=coalition["HN"],
        person=rows[4].person,
    )
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    client.force_login(st_user)
    client.post(reverse("meetings:motion-action", args=[motion.pk, "open"]))
    motion.refresh_from_db()
    assert motion.state == Motion.State.OPEN
    client.force_login(delegate)
    response = client.post(reverse("meetings:vote", args=[motion.pk]), {"choice": "yes"})
    assert response.status_code == 302
    assert Vote.objects.get().country.iso_code == "HN"
    response = client.post(reverse("meetings:vote", args=[motion.pk]), {"choice": "no"})
    assert response.status_code == 200 and Vote.objects.count() == 1  # shown as a form error


def test_observer_is_refused_on_the_voting_screen(
    client, coalition, meeting, attend, st_user, observer
):
    for iso in ISOS[:5]:
        attend(meeting, coalition[iso])
    motion = MotionFactory(agenda_item=AgendaItemFactory(meeting=meeting))
    services.motion_open(user=st_user, motion=motion)
    client.force_login(observer)
    response = client.post(reverse("meetings:vote", args=[motion.pk]), {"choice": "yes"})
    assert response.status_code == 200 and not Vote.objects.exists()


def test_presidency_creates_and_convenes_a_meeting_through_the_pages(
    client, coalition, presidency_user
):
    client.force_login(presidency_user)
    response = client.post(
        reverse("meetings:create"),
        {
            "kind": "ordinary",
            "number": 15,
            "title": "XV Reunión Ordinaria",
            "starts_at": "2026-03-10T09:00",
            "ends_at": "2026-03-11T17:00",
            "host_country": coalition["HN"].country.pk,
            "city": "Tegucigalpa",
            "modality": "hybrid",
            "link": "https://meet.example.org/xv",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert [i.standard for i in meeting.agenda_items.all()] == [
        "quorum",
        "agenda",
    ]  # no previous meeting
    client.post(
        reverse("meetings:agenda-item-create", args=[meeting.pk]),
        {"title": "Plan de trabajo regional", "kind": "decision"},
    )  # convening needs business beyond the opening items
    client.post(reverse("meetings:convene", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "convened"
    client.post(reverse("meetings:transition", args=[meeting.pk]), {"to": "in_session"})
    meeting.refresh_from_db()
    assert meeting.status == "in_session"


def test_partner_and_anonymous_cannot_see_meetings(client, partner, meeting):
    assert client.get(reverse("meetings:list")).status_code == 302
    client.force_login(partner)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 403


def test_draft_meetings_are_hidden_from_delegates(client, delegate):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    client.force_login(delegate)
    assert client.get(reverse("meetings:detail", args=[draft.pk])).status_code == 404


def test_minutes_pages_and_pdf(client, coalition, meeting, attend, st_user, delegate):
    for iso in ISOS[:5]:
        attend(meeting, coalition[iso])
    client.force_login(st_user)
    client.post(reverse("meetings:minutes-generate", args=[meeting.pk]))
    response = client.post(
        reverse("meetings:minutes", args=[meeting.pk]),
        {"action": "narrative", "narrative": "Se inauguró la sesión."},
    )
    assert response.status_code == 302
    client.post(reverse("meetings:minutes", args=[meeting.pk]), {"action": "circulate"})
    pdf = client.get(reverse("meetings:minutes-pdf", args=[meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(delegate)
    html = client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    assert "Se inauguró la sesión." in html
    client.post(
        reverse("meetings:minutes", args=[meeting.pk]), {"action": "comment", "text": "De acuerdo."}
    )
    assert (
        "De acuerdo." in client.get(reverse("meetings:minutes", args=[meeting.pk])).content.decode()
    )
    assert meeting.title in client.get(reverse("meetings:minutes-archive")).content.decode()


def test_list_pages_render(client, st_user, coalition):
    MeetingFactory.create_batch(3)
    client.force_login(st_user)
    for name in ("meetings:list", "meetings:agreements", "meetings:minutes-archive"):
        assert client.get(reverse(name)).status_code == 200


def test_forms_of_the_meeting_pages(client, coalition, meeting, st_user, focal_point_hn):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(st_user)
    for name in (
        "meetings:edit",
        "meetings:agenda-item-create",
        "meetings:document-upload",
        "meetings:motion-create",
        "meetings:country-report",
    ):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 200, name
    meeting.status = Meeting.Status.CONVENED
    meeting.save()
    response = client.post(
        reverse("meetings:agenda-item-create", args=[meeting.pk]),
        {"title": "Informe de la Presidencia", "kind": "information"},
    )
    assert response.status_code == 302
    pdf = SimpleUploadedFile("agenda.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(
        reverse("meetings:document-upload", args=[meeting.pk]),
        {"title": "Agenda anotada", "file": pdf},
    )
    assert response.status_code == 302
    document = meeting.documents.get()
    assert client.get(reverse("meetings:document-download", args=[document.pk])).status_code == 200
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("meetings:country-report", args=[meeting.pk]), {"text": "Avances de Honduras"}
    )
    assert response.status_code == 302
    report = meeting.country_reports.get()
    assert report.country.iso_code == "HN" and report.submitted_by == focal_point_hn


def test_agreement_pages(client, coalition, st_user, focal_point_hn):
    agreement = AgreementFactory()
    client.force_login(st_user)
    response = client.post(
        reverse("meetings:agreement-edit", args=[agreement.pk]),
        {
            "text": "Texto revisado",
            "responsible_bodies": [coalition["HN"].pk],
            "responsible_organs": ["presidency"],
            "due_date": "2026-12-31",
            "status": "in_progress",
            "version": agreement.version,
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "in_progress" and agreement.responsible_organs == ["presidency"]
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("meetings:agreement-detail", args=[agreement.pk]),
        {"date": "2026-07-01", "note": "Taller realizado", "new_status": "fulfilled"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "fulfilled"
    assert (
        "Taller realizado"
        in client.get(reverse("meetings:agreement-detail", args=[agreement.pk])).content.decode()
    )


def test_meeting_page_in_english(client, coalition, meeting, st_user):
    client.force_login(st_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert '<html lang="en">' in html and "Motions and decisions" in html
