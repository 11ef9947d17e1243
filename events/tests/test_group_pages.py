"""The working groups' pages (issue 21): who opens which page, the board on the event page
(each group's people, matrix, presentation and outputs; the documents with the dossier
first; the approve button by the flags), the matrix editor, the uploads, the approval that
archives, and the event page's queries not growing with groups, rows and members. Tests run
in Spanish: they read the structure (data-* hooks, links, forms, counts)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from communications.models import Document
from communications.tests.factories import ooxml_bytes, pdf_bytes, upload
from events import services
from events.models import Event, EventOutput, Participant, WorkingGroup, WorkingGroupRow
from events.tests.factories import EventFactory, ParticipantFactory
from members.models import Country

pytestmark = pytest.mark.django_db

CR = zoneinfo.ZoneInfo("America/Costa_Rica")
State = Participant.State


def url(name: str, *args) -> str:
    return reverse(f"events:{name}", args=args)


def page(client, user, path, status=200):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == status, response.status_code
    return html.fromstring(response.content) if status == 200 else None


def actions(doc) -> set[str]:
    return set(doc.xpath(".//*[@data-action]/@data-action"))


def field_errors(response, name) -> list[str]:
    return response.context["form"].errors.get(name, [])


def pdf(name="doc.pdf", text="Documento"):
    return upload(name, pdf_bytes(text), "application/pdf")


@pytest.fixture
def hn(coalition):
    return Country.objects.get(iso_code="HN")


@pytest.fixture
def event(hn):
    return EventFactory(invited=[hn], status=Event.Status.CONVENED)


@pytest.fixture
def people(event, hn):
    return [ParticipantFactory(event=event, country=hn, state=State.CONFIRMED) for _ in range(3)]


@pytest.fixture
def group(event, people, st_user):
    return services.group_save(
        user=st_user,
        event=event,
        name="Grupo 1",
        members=people[:2],
        facilitator=people[2],
        rapporteur=people[0],
    )


# --- Who opens which page -------------------------------------------------------------------


def organiser_pages(event, group):
    return [
        url("group-create", event.pk),
        url("group-edit", group.pk),
        url("group-delete", group.pk),
        url("group-matrix", group.pk),
        url("matrix-upload", group.pk),
        url("group-presentation", group.pk),
        url("document-upload", event.pk),
        url("output-upload", event.pk),
    ]


@pytest.mark.parametrize("who", ["st_user", "presidency_user"])
def test_organisers_open_the_pages(client, request, who, event, group):
    user = request.getfixturevalue(who)
    for path in organiser_pages(event, group):
        page(client, user, path)


@pytest.mark.parametrize("who", ["focal_point_hn", "delegate", "observer"])
def test_the_others_are_refused(client, request, who, event, group):
    user = request.getfixturevalue(who)
    for path in organiser_pages(event, group):
        page(client, user, path, status=403)


def test_partners_and_visitors_are_kept_out(client, partner, event, group):
    for path in organiser_pages(event, group):
        page(client, partner, path, status=403)
    client.logout()
    assert client.get(url("group-create", event.pk)).status_code == 302


def test_a_finished_events_groups_are_read_only(client, st_user, event, group):
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CLOSED)
    page(client, st_user, url("group-edit", group.pk), status=403)
    doc = page(client, st_user, url("detail", event.pk))
    assert not {"group-add", "group-edit", "document-upload"} & actions(doc)
    assert "output-upload" in actions(doc)  # outputs are uploaded at the close


# --- The board ------------------------------------------------------------------------------


def test_the_board_shows_each_group_its_people_matrix_and_presentation(
    client, st_user, focal_point_hn, event, group, people
):
    services.matrix_columns_set(
        user=st_user, group=group, columns=["Objetivo", "Acción"], expected_version=None
    )
    services.matrix_row_add(user=st_user, group=group, cells=["Prevenir", "Campaña"])
    services.group_presentation_record(
        user=st_user,
        group=group,
        presented_at=dt.datetime(2027, 2, 16, 15, 0, tzinfo=CR),
        file=pdf("slides.pdf"),
        expected_version=None,
    )
    other = services.group_save(user=st_user, event=event, name="Grupo 2", members=[people[0]])
    matrix = ooxml_bytes("xlsx")  # once: the zip records the time it was made
    services.matrix_file_upload(
        user=st_user, group=other, file=upload("m.xlsx", matrix), expected_version=None
    )
    services.event_document_upload(user=st_user, event=event, title="Otro", file=pdf())
    services.event_document_upload(
        user=st_user, event=event, title="Nota", file=pdf(), pre_reading=True
    )

    doc = page(client, focal_point_hn, url("detail", event.pk))
    (card,) = doc.xpath(f'//*[@data-group="{group.pk}"]')
    assert card.xpath("string(.//*[@data-facilitator])") == people[2].full_name
    assert card.xpath("string(.//*[@data-rapporteur])") == people[0].full_name
    assert {int(pk) for pk in card.xpath(".//*[@data-member]/@data-member")} == {
        people[0].pk,
        people[1].pk,
    }
    assert card.xpath(".//th/text()") == ["Objetivo", "Acción"]
    assert card.xpath(".//*[@data-row]/td/text()") == ["Prevenir", "Campaña"]
    slides = card.xpath(".//*[@data-presentation-file]/@href")
    assert slides == [url("group-file", group.pk, "presentation")]
    (other_card,) = doc.xpath(f'//*[@data-group="{other.pk}"]')
    (matrix_link,) = other_card.xpath(".//*[@data-matrix-file]//a/@href")
    assert matrix_link == url("group-file", other.pk, "matrix")
    # The dossier first.
    documents = doc.xpath("//*[@data-document]")
    assert [d.get("data-pre-reading") is not None for d in documents] == [True, False]
    # A focal point reads; it has no buttons of the organisers.
    assert not {"group-add", "group-edit", "group-matrix", "document-upload"} & actions(doc)
    client.force_login(focal_point_hn)
    response = client.get(matrix_link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == matrix


def test_the_approve_button_appears_at_the_close_only(client, st_user, focal_point_hn, event):
    output = services.output_upload(
        user=st_user, event=event, kind=EventOutput.Kind.CONSOLIDATED, title="Consolidado",
        file=pdf(),
    )  # fmt: skip
    with time_machine.travel(dt.datetime(2027, 2, 15, 12, 0, tzinfo=CR)):
        doc = page(client, st_user, url("detail", event.pk))
        assert "output-approve" not in actions(doc) and "output-delete" in actions(doc)
    with time_machine.travel(dt.datetime(2027, 2, 16, 12, 0, tzinfo=CR)):
        doc = page(client, st_user, url("detail", event.pk))
        assert "output-approve" in actions(doc)
        # A focal point does not see a draft output, nor download it.
        doc = page(client, focal_point_hn, url("detail", event.pk))
        assert doc.xpath("//*[@data-output]") == []
        page(client, focal_point_hn, url("output-download", output.pk), status=404)

        client.force_login(st_user)
        response = client.post(
            url("output-action", output.pk, "approve"), {"version": output.version}
        )
        assert response.status_code == 302
    (document,) = Document.objects.all()
    assert document.source == output
    doc = page(client, focal_point_hn, url("detail", event.pk))
    assert doc.xpath(f'//*[@data-output="{output.pk}"]/@data-approved') == [""]
    doc = page(client, st_user, url("detail", event.pk))
    assert not {"output-approve", "output-delete"} & actions(doc)
    client.force_login(focal_point_hn)
    assert client.get(url("output-download", output.pk)).status_code == 200


# --- Forms ----------------------------------------------------------------------------------


def test_st_creates_a_group_and_a_refusal_lands_on_its_field(client, st_user, event, people):
    client.force_login(st_user)
    data = {
        "name": "Grupo de investigación",
        "topic": "",
        "members": [people[0].pk, people[1].pk],
        "facilitator": people[2].pk,
        "rapporteur": people[2].pk,  # not a member
    }
    response = client.post(url("group-create", event.pk), data)
    assert response.status_code == 200 and field_errors(response, "rapporteur")
    data["rapporteur"] = people[1].pk
    response = client.post(url("group-create", event.pk), data)
    group = WorkingGroup.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#group-{group.pk}")
    assert group.rapporteur == people[1] and group.members.count() == 2


def test_only_confirmed_participants_are_offered(client, st_user, event, people, hn):
    waiting = ParticipantFactory(event=event, country=hn)  # registered, not confirmed
    doc = page(client, st_user, url("group-create", event.pk))
    offered = {int(v) for v in doc.xpath('//input[@name="members"]/@value')}
    assert offered == {p.pk for p in people} and waiting.pk not in offered


def test_the_matrix_editor(client, st_user, group):
    client.force_login(st_user)
    response = client.post(
        url("group-matrix", group.pk), {"columns": "Objetivo\nAcción\n", "version": group.version}
    )
    assert response.status_code == 302
    for cells in (["a", "b"], ["c", "d"]):
        response = client.post(
            url("matrix-row-add", group.pk), {"cell_0": cells[0], "cell_1": cells[1]}
        )
        assert response.status_code == 302
    first, second = WorkingGroupRow.objects.filter(group=group)
    doc = page(client, st_user, url("group-matrix", group.pk))
    assert len(doc.xpath("//*[@data-row]")) == 2
    assert {"row-add", "row-edit", "row-down", "row-up", "row-delete"} <= actions(doc)
    client.post(url("matrix-row-action", second.pk, "up"), {"version": second.version})
    assert list(group.rows.values_list("pk", flat=True)) == [second.pk, first.pk]
    # A stale button is refused: the row stays.
    response = client.post(url("matrix-row-action", first.pk, "delete"), {"version": 1})
    assert response.status_code == 302 and group.rows.count() == 2
    first.refresh_from_db()
    response = client.post(
        url("matrix-row-edit", first.pk), {"cell_0": "x", "cell_1": "y", "version": first.version}
    )
    first.refresh_from_db()
    assert response.status_code == 302 and first.cells == ["x", "y"]
    client.post(url("matrix-row-action", first.pk, "delete"), {"version": first.version})
    assert list(group.rows.values_list("pk", flat=True)) == [second.pk]
    assert client.post(url("matrix-row-action", second.pk, "sideways")).status_code == 404


def test_uploads_through_the_pages(client, st_user, event, group):
    client.force_login(st_user)
    response = client.post(
        url("matrix-upload", group.pk),
        {"file": upload("matriz.docm", ooxml_bytes("docm")), "version": group.version},
    )
    assert response.status_code == 200 and field_errors(response, "file")
    response = client.post(
        url("matrix-upload", group.pk),
        {"file": upload("matriz.docx", ooxml_bytes("docx")), "version": group.version},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    response = client.post(
        url("group-presentation", group.pk),
        {"presented_at": "2027-02-20T10:00", "version": group.version},
    )
    assert response.status_code == 200 and field_errors(response, "presented_at")
    response = client.post(
        url("group-presentation", group.pk),
        {"presented_at": "2027-02-16T21:30", "version": group.version},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.presented_at == dt.datetime(2027, 2, 16, 21, 30, tzinfo=CR)
    response = client.post(
        url("document-upload", event.pk),
        {"title": "Nota conceptual", "file": pdf(), "pre_reading": "on"},
    )
    assert response.status_code == 302 and event.documents.get().pre_reading
    response = client.post(
        url("output-upload", event.pk),
        {"kind": EventOutput.Kind.CONSOLIDATED, "title": "M", "group": group.pk, "file": pdf()},
    )
    assert response.status_code == 302 and event.outputs.get().group == group


# --- Queries --------------------------------------------------------------------------------


def _add_groups(event, st_user, people, first, last):
    for n in range(first, last):
        group = services.group_save(
            user=st_user,
            event=event,
            name=f"Grupo {n}",
            members=people[: 2 + n % 3],
            facilitator=people[3],
            rapporteur=people[0],
        )
        services.matrix_columns_set(
            user=st_user, group=group, columns=["A", "B"], expected_version=None
        )
        for _ in range(n % 3 + 1):
            services.matrix_row_add(user=st_user, group=group, cells=["1", "2"])
        services.output_upload(
            user=st_user, event=event, kind=EventOutput.Kind.CONSOLIDATED, title=f"S{n}",
            file=pdf(), group=group,
        )  # fmt: skip
        services.event_document_upload(
            user=st_user, event=event, title=f"D{n}", file=pdf(), pre_reading=n % 2 == 0
        )


def _queries(client, event) -> tuple[int, int, int]:
    """The page's queries, those of the board (its tables), and the groups shown."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("detail", event.pk))
    assert response.status_code == 200
    board = [
        q
        for q in captured.captured_queries
        if any(t in q["sql"] for t in ("events_workinggroup", "events_eventdocument"))
    ]
    groups = len(html.fromstring(response.content).xpath("//*[@data-group]"))
    return len(captured), len(board), groups


def test_the_event_page_queries_do_not_grow_with_groups(client, st_user, event, hn):
    people = [ParticipantFactory(event=event, country=hn, state=State.CONFIRMED) for _ in range(4)]
    client.force_login(st_user)
    _add_groups(event, st_user, people, 0, 2)
    total_2, board_2, shown_2 = _queries(client, event)
    _add_groups(event, st_user, people, 2, 10)
    total_10, board_10, shown_10 = _queries(client, event)
    assert (shown_2, shown_10) == (2, 10)
    # The board: groups (with facilitator and rapporteur), members, rows, outputs, documents.
    assert board_2 == board_10 == 5
    assert total_2 == total_10
