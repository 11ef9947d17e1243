"""The representation log (003 §VIII Presidency 5: the Presidency represents the Coalition
"de las cuales deberá rendir informe al respecto, en la siguiente reunión de la Coalición
Regional"; 003 §VIII Pleno: every representative promotes its work).

The headline rule: an unreported representation appears on the next plenary's agenda and
leaves it once presented. Each permission and state guard is pinned by its refusal code."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.testing import refused
from meetings import services as meeting_services
from meetings.models import AgendaItem, Meeting
from members.models import Country
from presidency.models import RepresentationDocument, RepresentationEntry
from presidency.selectors import representation as selectors
from presidency.services import representation as services
from presidency.services.agenda import ITEM_TITLE
from presidency.tests.factories import RepresentationEntryFactory

pytestmark = pytest.mark.django_db

ITEM_PREFIX = ITEM_TITLE.split("%")[0]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def plenary(user, day: dt.date, kind=Meeting.Kind.ORDINARY) -> Meeting:
    """A meeting as the Presidency creates it (meetings.services.meeting_create)."""
    starts = dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)
    return meeting_services.meeting_create(
        user=user,
        kind=kind,
        title=f"Reunión {kind} {day}",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8),
        host_country=Country.objects.get(iso_code="HN"),
    )


def held(meeting: Meeting, status=Meeting.Status.IN_SESSION) -> Meeting:
    """The meeting was convened and its session opened (the notices are not this test's)."""
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    return meeting


def close(user, meeting: Meeting) -> Meeting:
    held(meeting)
    return meeting_services.meeting_transition(user=user, meeting=meeting, to=Meeting.Status.CLOSED)


def reports_on(meeting: Meeting) -> list[str]:
    return list(
        AgendaItem.objects.filter(meeting=meeting, title__startswith=ITEM_PREFIX).values_list(
            "title", flat=True
        )
    )


def record(user, **fields) -> RepresentationEntry:
    values = {
        "kind": RepresentationEntry.Kind.REPRESENTATION,
        "event_name": "Conferencia Regional sobre Migración",
        "start_date": dt.date(2026, 11, 3),
        "end_date": dt.date(2026, 11, 4),
        "place": "Ciudad de Guatemala",
        "represented_by": RepresentationEntry.RepresentedBy.PRESIDENCY,
        "person_name": "Presidencia de la Coalición Regional",
        **fields,
    }
    return services.entry_create(user=user, **values)


@pytest.fixture
def p1(presidency_user):
    return plenary(presidency_user, dt.date(2027, 1, 15))


@pytest.fixture
def p2(presidency_user):
    return plenary(presidency_user, dt.date(2027, 3, 15))


@pytest.fixture(autouse=True)
def _no_other_plenaries():
    """The loaded coalition has no meetings of its own: the plenaries are this test's."""
    assert not Meeting.objects.filter(kind__in=Meeting.PLENARY_KINDS, starts_at__year=2027)


# --- The headline rule ----------------------------------------------------------------------


def test_an_unreported_representation_is_on_the_next_plenarys_agenda(presidency_user, p1, p2):
    entry = record(presidency_user)
    assert reports_on(p1) == ["Informe de representación: Conferencia Regional sobre Migración"]
    assert reports_on(p2) == []
    entry.refresh_from_db()
    assert entry.agenda_item.meeting == p1
    assert selectors.entry_page(presidency_user, entry).meeting == p1
    assert list(
        RepresentationEntry.objects.filter(
            status=RepresentationEntry.Status.OPEN, agenda_item__meeting=p1
        )
    ) == [entry]


def test_an_entry_recorded_before_any_plenary_goes_on_the_one_created_later(presidency_user):
    entry = record(presidency_user)
    assert entry.agenda_item is None
    assert selectors.entry_page(presidency_user, entry).waits_for_plenary
    meeting = plenary(presidency_user, dt.date(2027, 1, 15))
    assert len(reports_on(meeting)) == 1
    entry.refresh_from_db()
    assert entry.agenda_item.meeting == meeting


def test_once_reported_it_is_not_on_the_next_plenary(presidency_user, p1):
    entry = record(presidency_user)
    held(p1)
    entry = services.entry_mark_reported(user=presidency_user, entry=entry, meeting=p1)
    assert entry.status == RepresentationEntry.Status.REPORTED
    assert entry.reported_at == p1
    assert entry.reported_on == dt.date(2027, 1, 15)  # the venue's day (Tegucigalpa)
    assert len(reports_on(p1)) == 1  # presented there: stays in that meeting's record
    close(presidency_user, p1)
    after = plenary(presidency_user, dt.date(2027, 5, 10))
    assert reports_on(after) == []


def test_a_plenary_that_ends_without_the_report_passes_it_to_the_following(presidency_user, p1, p2):
    record(presidency_user)
    close(presidency_user, p1)
    assert len(reports_on(p1)) == 1  # the closed meeting's agenda is its record
    assert len(reports_on(p2)) == 1


def test_a_cancelled_plenary_passes_the_report_to_the_following(presidency_user, p1, p2):
    entry = record(presidency_user)
    meeting_services.meeting_cancel(user=presidency_user, meeting=p1, reason="Sin quórum")
    entry.refresh_from_db()
    assert entry.agenda_item.meeting == p2


def test_a_change_of_dates_moves_the_item(presidency_user, p1, p2):
    entry = record(presidency_user)
    services.entry_update(
        user=presidency_user,
        entry=entry,
        version=entry.version,
        start_date=dt.date(2027, 2, 1),
        end_date=dt.date(2027, 2, 2),
    )
    assert reports_on(p1) == []
    assert len(reports_on(p2)) == 1


def test_the_item_follows_the_entrys_title(presidency_user, p1):
    entry = record(presidency_user)
    services.entry_update(
        user=presidency_user, entry=entry, version=entry.version, event_name="Cumbre"
    )
    assert reports_on(p1) == ["Informe de representación: Cumbre"]


def test_deleting_an_open_entry_removes_its_item(presidency_user, p1):
    entry = record(presidency_user)
    services.entry_delete(user=presidency_user, entry=entry)
    assert reports_on(p1) == []
    assert not RepresentationEntry.objects.filter(pk=entry.pk).exists()


def test_an_approved_agenda_keeps_the_report(presidency_user, p1, p2):
    entry = record(presidency_user)
    held(p1)
    meeting_services.agenda_approve(user=presidency_user, meeting=p1)
    services.entry_update(
        user=presidency_user,
        entry=entry,
        version=entry.version,
        start_date=dt.date(2027, 2, 1),
        end_date=dt.date(2027, 2, 2),
    )
    plenary(presidency_user, dt.date(2027, 6, 1))
    assert len(reports_on(p1)) == 1
    assert reports_on(p2) == []


def test_a_plenary_in_session_keeps_the_report_until_its_agenda_is_approved(presidency_user):
    """The agenda is approved at the meeting (003 §VIII Presidency 9): while the session is
    open its report stays there, though the meeting began before now."""
    with time_machine.travel(dt.datetime(2027, 1, 10, tzinfo=dt.UTC), tick=False):
        first = plenary(presidency_user, dt.date(2027, 1, 15))
        entry = record(presidency_user)
    with time_machine.travel(dt.datetime(2027, 1, 15, 18, tzinfo=dt.UTC), tick=False):
        held(first)
        later = plenary(presidency_user, dt.date(2027, 4, 1))
        entry.refresh_from_db()
        assert entry.agenda_item.meeting == first
        assert reports_on(later) == []


def test_committee_and_technical_sessions_never_get_reports(presidency_user, coalition):
    entry = record(presidency_user)
    technical = plenary(presidency_user, dt.date(2027, 1, 10), kind=Meeting.Kind.TECHNICAL)
    assert reports_on(technical) == []
    entry.refresh_from_db()
    assert entry.agenda_item is None


def test_an_entry_ending_after_a_plenary_goes_to_the_one_after_it(presidency_user, p1, p2):
    record(presidency_user, start_date=dt.date(2027, 1, 14), end_date=dt.date(2027, 1, 20))
    assert reports_on(p1) == []
    assert len(reports_on(p2)) == 1


# --- Who records what -----------------------------------------------------------------------


def test_st_records_a_representation_on_behalf_of_the_presidency(st_user, p1):
    entry = record(st_user)
    assert entry.kind == RepresentationEntry.Kind.REPRESENTATION
    assert entry.created_by == st_user
    assert entry.history.first().history_user == st_user


def test_a_focal_point_records_its_own_promotion_in_its_country(focal_point_hn, p1):
    entry = record(
        focal_point_hn,
        kind=RepresentationEntry.Kind.PROMOTION,
        represented_by=RepresentationEntry.RepresentedBy.PRESIDENCY,
        country=Country.objects.get(iso_code="GT"),
    )
    assert entry.represented_by == RepresentationEntry.RepresentedBy.REPRESENTATIVE
    assert entry.country.iso_code == "HN"
    assert len(reports_on(p1)) == 1


def test_a_representative_without_kind_records_a_promotion(delegate):
    fields = {"event_name": "Foro", "place": "Tegucigalpa", "person_name": "Ana Pérez"}
    entry = services.entry_create(
        user=delegate, start_date=dt.date(2026, 11, 1), end_date=dt.date(2026, 11, 1), **fields
    )
    assert entry.kind == RepresentationEntry.Kind.PROMOTION
    assert entry.country.iso_code == "HN"


def test_a_focal_point_does_not_record_a_representation(focal_point_hn):
    with refused("cannot_record_representation"):
        record(focal_point_hn)


@pytest.mark.parametrize("role", ["observer", "partner"])
def test_observers_and_partners_record_nothing(request, role):
    user = request.getfixturevalue(role)
    with refused("cannot_record_representation"):
        record(user)
    with refused("cannot_record_promotion"):
        record(
            user,
            kind=RepresentationEntry.Kind.PROMOTION,
            represented_by=RepresentationEntry.RepresentedBy.REPRESENTATIVE,
        )


def test_a_representation_is_the_presidencys_or_its_delegates(presidency_user):
    with refused("representation_not_by_presidency", field="represented_by"):
        record(presidency_user, represented_by=RepresentationEntry.RepresentedBy.REPRESENTATIVE)
    with refused("delegation_required", field="delegation"):
        record(presidency_user, represented_by=RepresentationEntry.RepresentedBy.DELEGATE)
    entry = record(
        presidency_user,
        represented_by=RepresentationEntry.RepresentedBy.DELEGATE,
        delegation="Nota PRES-12-2026",
    )
    assert entry.delegation == "Nota PRES-12-2026"


def test_a_promotion_is_a_representatives_of_a_member_country(st_user):
    promotion = RepresentationEntry.Kind.PROMOTION
    with refused("promotion_not_by_representative", field="represented_by"):
        record(st_user, kind=promotion)
    with refused("country_required", field="country"):
        record(
            st_user, kind=promotion, represented_by=RepresentationEntry.RepresentedBy.REPRESENTATIVE
        )


def test_an_entry_names_who_and_ends_after_it_begins(presidency_user):
    with refused("person_required", field="__all__"):
        record(presidency_user, person_name="")
    with refused("end_before_start", field="__all__"):
        record(presidency_user, end_date=dt.date(2026, 11, 1))


def test_a_field_the_entry_does_not_have_is_refused(presidency_user):
    with refused("unknown_field"):
        record(presidency_user, status="reported")


# --- Editing --------------------------------------------------------------------------------


def test_a_representative_edits_only_its_own_entries(focal_point_hn, focal_point_gt, st_user):
    promotion = RepresentationEntryFactory(
        kind=RepresentationEntry.Kind.PROMOTION,
        represented_by=RepresentationEntry.RepresentedBy.REPRESENTATIVE,
        country=focal_point_hn.national_body.country,
        created_by=focal_point_hn,
    )
    with refused("cannot_edit_entry"):
        services.entry_update(
            user=focal_point_gt, entry=promotion, version=promotion.version, place="San José"
        )
    with refused("cannot_edit_entry"):
        services.entry_delete(user=focal_point_gt, entry=promotion)
    services.entry_update(
        user=focal_point_hn,
        entry=promotion,
        version=promotion.version,
        place="San José",
        kind=RepresentationEntry.Kind.REPRESENTATION,
    )
    promotion.refresh_from_db()
    assert (promotion.place, promotion.kind) == ("San José", RepresentationEntry.Kind.PROMOTION)
    services.entry_update(user=st_user, entry=promotion, version=promotion.version, place="León")


def test_a_focal_point_does_not_edit_the_presidencys_entry(focal_point_hn):
    entry = RepresentationEntryFactory()
    with refused("cannot_edit_entry"):
        services.entry_update(user=focal_point_hn, entry=entry, version=1, place="X")


def test_an_observer_edits_nothing_even_what_it_recorded(
    observer,
):
    entry = RepresentationEntryFactory(created_by=observer)
    with refused("cannot_edit_entry"):
        services.entry_update(user=observer, entry=entry, version=1, place="X")


def test_a_stale_form_is_refused(presidency_user):
    entry = record(presidency_user)
    services.entry_update(user=presidency_user, entry=entry, version=1, place="León")
    with refused("stale_version"):
        services.entry_update(user=presidency_user, entry=entry, version=1, place="Managua")


def test_a_reported_entry_no_longer_changes(presidency_user, st_user, p1):
    entry = record(presidency_user)
    held(p1)
    services.entry_mark_reported(user=st_user, entry=entry, meeting=p1)
    with refused("entry_reported"):
        services.entry_update(user=st_user, entry=entry, version=None, place="León")
    with refused("entry_reported"):
        services.entry_delete(user=st_user, entry=entry)
    with refused("already_reported"):
        services.entry_mark_reported(user=st_user, entry=entry, meeting=p1)


# --- Marking reported -----------------------------------------------------------------------


def test_only_the_presidency_and_st_mark_reported(focal_point_hn, delegate, p1):
    entry = RepresentationEntryFactory(created_by=focal_point_hn)
    held(p1)
    for user in (focal_point_hn, delegate):
        with refused("cannot_mark_reported"):
            services.entry_mark_reported(user=user, entry=entry, meeting=p1)


def test_a_report_is_marked_at_a_plenary_that_met_after_the_activity_began(presidency_user):
    entry = RepresentationEntryFactory(start_date=dt.date(2027, 2, 1), end_date=dt.date(2027, 2, 2))
    convened = plenary(presidency_user, dt.date(2027, 3, 1))
    Meeting.objects.filter(pk=convened.pk).update(status=Meeting.Status.CONVENED)
    with refused("meeting_not_held"):
        services.entry_mark_reported(user=presidency_user, entry=entry, meeting=convened)
    technical = held(plenary(presidency_user, dt.date(2027, 3, 2), kind=Meeting.Kind.TECHNICAL))
    with refused("not_a_plenary"):
        services.entry_mark_reported(user=presidency_user, entry=entry, meeting=technical)
    before = held(plenary(presidency_user, dt.date(2027, 1, 15)), Meeting.Status.CLOSED)
    with refused("meeting_before_entry"):
        services.entry_mark_reported(user=presidency_user, entry=entry, meeting=before)
    assert list(selectors.plenaries_to_report_at(entry)) == []
    held(convened, Meeting.Status.CLOSED)
    assert list(selectors.plenaries_to_report_at(entry)) == [convened]
    with refused("stale_version"):
        services.entry_mark_reported(user=presidency_user, entry=entry, meeting=convened, version=7)
    services.entry_mark_reported(user=presidency_user, entry=entry, meeting=convened, version=1)


def test_marking_reported_at_an_earlier_plenary_takes_it_off_the_next(presidency_user, p1, p2):
    entry = record(presidency_user)
    close(presidency_user, p1)  # it was presented but nobody marked it
    assert len(reports_on(p2)) == 1
    services.entry_mark_reported(user=presidency_user, entry=entry, meeting=p1)
    assert reports_on(p2) == []


# --- Documents ------------------------------------------------------------------------------


def _pdf(name="informe.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_documents_are_added_and_removed_while_open(presidency_user, focal_point_gt, p1):
    entry = record(presidency_user)
    document = services.document_add(
        user=presidency_user, entry=entry, title="Programa", file=_pdf()
    )
    with refused("cannot_add_document"):
        services.document_add(user=focal_point_gt, entry=entry, title="X", file=_pdf())
    with refused("cannot_remove_document"):
        services.document_remove(user=focal_point_gt, document=document)
    with refused("file_wrong_type", field="file"):
        services.document_add(
            user=presidency_user,
            entry=entry,
            title="X",
            file=SimpleUploadedFile("x.pdf", b"not a pdf"),
        )
    held(p1)
    services.entry_mark_reported(user=presidency_user, entry=entry, meeting=p1)
    with refused("entry_reported"):
        services.document_remove(user=presidency_user, document=document)
    # The report itself may come after the plenary: the Presidency and ST add it.
    services.document_add(user=presidency_user, entry=entry, title="Informe", file=_pdf())
    assert entry.documents.count() == 2


def test_a_representative_adds_documents_to_its_open_entry_only(focal_point_hn, p1):
    entry = record(
        focal_point_hn,
        kind=RepresentationEntry.Kind.PROMOTION,
        represented_by=RepresentationEntry.RepresentedBy.REPRESENTATIVE,
    )
    document = services.document_add(user=focal_point_hn, entry=entry, title="Nota", file=_pdf())
    services.document_remove(user=focal_point_hn, document=document)
    assert not RepresentationDocument.objects.filter(pk=document.pk).exists()
    RepresentationEntry.objects.filter(pk=entry.pk).update(
        status=RepresentationEntry.Status.REPORTED,
        reported_at=held(p1),
        reported_on=dt.date(2027, 1, 15),
    )
    entry.refresh_from_db()
    with refused("entry_reported"):
        services.document_add(user=focal_point_hn, entry=entry, title="Nota", file=_pdf())


# --- Selectors ------------------------------------------------------------------------------


def test_the_list_filters_and_hides_everything_from_partners(presidency_user, partner, observer):
    a = RepresentationEntryFactory(start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 1))
    b = RepresentationEntryFactory(
        kind=RepresentationEntry.Kind.PROMOTION,
        represented_by=RepresentationEntry.RepresentedBy.REPRESENTATIVE,
        country=Country.objects.get(iso_code="HN"),
    )
    assert set(selectors.entry_list(observer)) >= {a, b}
    assert list(selectors.entry_list(partner)) == []
    assert list(selectors.entry_list(observer, year=2025).filter(pk__in=[a.pk, b.pk])) == [a]
    assert list(selectors.entry_list(observer, kind="promotion").filter(pk__in=[a.pk, b.pk])) == [b]
    assert list(selectors.entry_list(observer, country=b.country)) == [b]
    assert list(selectors.entry_list(observer, status="reported").filter(pk__in=[a.pk, b.pk])) == []


def test_the_list_reads_its_relations_in_one_query(presidency_user, p1, django_assert_num_queries):
    for _ in range(3):
        record(presidency_user, person=None)
    with django_assert_num_queries(1):
        rows = list(selectors.entry_list(presidency_user))
        [(r.who, r.country, r.agenda_item.meeting.title, r.reported_at, r.event) for r in rows]


# --- Pages ----------------------------------------------------------------------------------


def url(name, *args):
    return reverse(f"presidency:representation-{name}", args=args)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("st_user", 200),
        ("presidency_user", 200),
        ("focal_point_hn", 200),
        ("delegate", 200),
        ("observer", 200),
        ("partner", 403),
    ],
)
def test_the_list_page(client, request, role, status):
    RepresentationEntryFactory()
    client.force_login(request.getfixturevalue(role))
    assert client.get(url("list")).status_code == status


def test_the_list_page_is_empty_and_paginated(client, presidency_user):
    client.force_login(presidency_user)
    response = client.get(url("list"), {"year": 1999})
    assert response.status_code == 200
    assert b"empty-state" in response.content
    RepresentationEntryFactory.create_batch(
        26, start_date=dt.date(2024, 1, 1), end_date=dt.date(2024, 1, 1)
    )
    response = client.get(url("list"), {"year": 2024, "page": 2})
    assert len(response.context["page"].object_list) == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("presidency_user", 200), ("focal_point_hn", 200), ("observer", 200), ("partner", 404)],
)
def test_the_entry_page(client, request, presidency_user, p1, role, status):
    entry = record(presidency_user)
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("detail", entry.pk))
    assert response.status_code == status
    if status == 200:
        assert reverse("meetings:detail", args=[p1.pk]).encode() in response.content
    assert client.get(url("detail", 999999)).status_code == 404


def test_the_entry_page_offers_what_the_user_may_do(client, presidency_user, focal_point_hn):
    entry = record(presidency_user)
    client.force_login(focal_point_hn)
    flags = client.get(url("detail", entry.pk)).context["flags"]
    assert not (flags.can_edit or flags.can_delete or flags.can_mark_reported)
    assert flags.waits_for_plenary
    client.force_login(presidency_user)
    flags = client.get(url("detail", entry.pk)).context["flags"]
    assert flags.can_edit and flags.can_delete and not flags.can_mark_reported  # none met
    assert client.get(url("report", entry.pk)).status_code == 403


@pytest.mark.parametrize(
    ("role", "status"),
    [("presidency_user", 200), ("focal_point_hn", 200), ("observer", 403), ("partner", 403)],
)
def test_the_create_page(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("create"))
    assert response.status_code == status
    if role == "focal_point_hn":
        assert "kind" not in response.context["form"].fields


def test_a_focal_point_records_through_the_page(client, focal_point_hn, p1):
    client.force_login(focal_point_hn)
    response = client.post(
        url("create"),
        {
            "event_name": "Foro nacional",
            "start_date": "2026-11-20",
            "end_date": "2026-11-20",
            "place": "Tegucigalpa",
            "person_name": "Ana Pérez",
            "positions": "",
            "outcomes": "Se presentó la Coalición.",
        },
    )
    entry = RepresentationEntry.objects.get(event_name="Foro nacional")
    assert response.status_code == 302
    assert response.url == url("detail", entry.pk)
    assert entry.kind == RepresentationEntry.Kind.PROMOTION
    assert entry.country.iso_code == "HN"
    assert reports_on(p1) == ["Informe de representación: Foro nacional"]


def test_the_create_page_shows_the_services_refusal(client, presidency_user):
    client.force_login(presidency_user)
    response = client.post(
        url("create"),
        {
            "kind": "representation",
            "event_name": "Cumbre",
            "start_date": "2026-11-20",
            "end_date": "2026-11-20",
            "place": "Panamá",
            "represented_by": "delegate",
            "person_name": "Ana Pérez",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["delegation"]
    assert not RepresentationEntry.objects.filter(event_name="Cumbre").exists()


def test_the_edit_page(client, presidency_user, focal_point_hn, p1, p2):
    entry = record(presidency_user)
    client.force_login(focal_point_hn)
    assert client.get(url("edit", entry.pk)).status_code == 403
    client.force_login(presidency_user)
    assert client.get(url("edit", entry.pk)).status_code == 200
    data = {
        "version": entry.version,
        "kind": "representation",
        "event_name": "Conferencia",
        "start_date": "2027-02-01",
        "end_date": "2027-02-01",
        "place": "Managua",
        "represented_by": "presidency",
        "person_name": "Presidencia",
    }
    response = client.post(url("edit", entry.pk), data)
    assert response.status_code == 302
    assert reports_on(p1) == [] and reports_on(p2) == ["Informe de representación: Conferencia"]
    response = client.post(url("edit", entry.pk), data)  # the same, stale, form again
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_the_delete_page_asks_first(client, presidency_user, focal_point_gt, p1):
    entry = record(presidency_user)
    client.force_login(focal_point_gt)
    assert client.get(url("delete", entry.pk)).status_code == 403
    assert client.post(url("delete", entry.pk)).status_code == 403
    client.force_login(presidency_user)
    assert client.get(url("delete", entry.pk)).status_code == 200
    assert RepresentationEntry.objects.filter(pk=entry.pk).exists()
    response = client.post(url("delete", entry.pk))
    assert response.url == url("list")
    assert not RepresentationEntry.objects.filter(pk=entry.pk).exists()
    assert reports_on(p1) == []


def test_the_report_page(client, presidency_user, focal_point_hn, p1):
    entry = record(presidency_user)
    held(p1)
    client.force_login(focal_point_hn)
    assert client.get(url("report", entry.pk)).status_code == 403
    client.force_login(presidency_user)
    response = client.get(url("report", entry.pk))
    assert response.status_code == 200
    assert response.context["form"]["meeting"].initial == p1.pk
    response = client.post(url("report", entry.pk), {"meeting": p1.pk, "version": 1})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == RepresentationEntry.Status.REPORTED
    page = client.get(url("detail", entry.pk))
    assert page.context["flags"].meeting == p1
    assert not page.context["flags"].can_edit
    assert client.get(url("report", entry.pk)).status_code == 403
    assert client.get(url("edit", entry.pk)).status_code == 403


def test_the_document_pages(client, presidency_user, focal_point_gt, partner, observer):
    entry = record(presidency_user)
    client.force_login(presidency_user)
    assert client.get(url("document-add", entry.pk)).status_code == 200
    response = client.post(url("document-add", entry.pk), {"title": "Programa", "file": _pdf()})
    assert response.status_code == 302
    document = entry.documents.get()
    client.force_login(observer)
    download = client.get(url("document", document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    client.force_login(partner)
    assert client.get(url("document", document.pk)).status_code == 404
    client.force_login(focal_point_gt)
    assert client.get(url("document-add", entry.pk)).status_code == 403
    client.post(url("document-delete", document.pk))
    assert entry.documents.exists()  # refused, flashed
    client.force_login(presidency_user)
    client.post(url("document-delete", document.pk))
    assert not entry.documents.exists()


def test_the_csv_export(client, presidency_user, partner, p1):
    record(presidency_user, event_name="=Cumbre")
    client.force_login(presidency_user)
    response = client.get(url("export"), {"kind": "representation"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + RepresentationEntry.objects.filter(kind="representation").count()
    assert [rows[1][0], rows[1][2]] == ["'=Cumbre", "2026-11-03"]
    client.force_login(partner)
    assert client.get(url("export")).status_code == 403
