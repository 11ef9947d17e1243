"""The rules of the working groups, the matrices, the documents and the outputs (issue 21;
004), every refusal by its code; an approved output in the archive with its file; the
invitation with the pre-reading dossier to the invited countries' focal points, read as they
read it (parsed from the outbox, each link followed with their own session)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from communications.models import AccessLevel, Delivery, Document
from communications.tests.factories import ooxml_bytes, pdf_bytes, upload
from events import selectors, services
from events.models import Event, EventOutput, Participant, WorkingGroup, WorkingGroupRow
from events.tests.factories import EventFactory, ParticipantFactory
from members.models import Country, User
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CR = zoneinfo.ZoneInfo("America/Costa_Rica")
FIRST, LAST = dt.date(2027, 2, 15), dt.date(2027, 2, 16)
SITE = "https://coalicion.example.org"
URL = re.compile(r"https?://[^\s<>\"')]+")
State = Participant.State


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


def code_of(call) -> str:
    """The code of the one refusal `call` raises."""
    with pytest.raises(ValidationError) as raised:
        call()
    error = raised.value
    if getattr(error, "code", None):
        return error.code
    errors = (
        [e for field in error.error_dict.values() for e in field]
        if hasattr(error, "error_dict")
        else error.error_list
    )
    (only,) = {e.code for e in errors}
    return only


def pdf(name="matriz.pdf", text="Matriz"):
    return upload(name, pdf_bytes(text), "application/pdf")


def xlsx(name="matriz.xlsx"):
    return upload(name, ooxml_bytes("xlsx", "Matriz"))


@pytest.fixture
def event(coalition):
    return EventFactory(invited=[country("HN"), country("GT")], status=Event.Status.CONVENED)


@pytest.fixture
def people(event):
    """Three confirmed participants of the event."""
    return [
        ParticipantFactory(event=event, country=country("HN"), state=State.CONFIRMED)
        for _ in range(3)
    ]


@pytest.fixture
def group(event, people, st_user):
    return services.group_save(
        user=st_user,
        event=event,
        name="Grupo 1: prevención",
        members=people[:2],
        facilitator=people[2],
        rapporteur=people[1],
    )


def closed(event, st_user) -> Event:
    with time_machine.travel(dt.datetime(2027, 2, 16, 18, 0, tzinfo=CR)):
        return services.event_close(user=st_user, event=event, expected_version=None)


# --- Working groups -------------------------------------------------------------------------


def test_an_organiser_creates_a_group_with_its_people(group, people, presidency_user, event):
    assert set(group.members.all()) == set(people[:2])
    assert (group.facilitator, group.rapporteur) == (people[2], people[1])
    # A participant may sit in several groups.
    other = services.group_save(
        user=presidency_user, event=event, name="Grupo 2", members=people, rapporteur=people[0]
    )
    assert set(other.members.all()) == set(people)
    assert people[1].working_groups.count() == 2


@pytest.mark.parametrize("who", ["focal_point_hn", "delegate", "observer"])
def test_only_organisers_keep_the_groups(request, who, event, people):
    user = request.getfixturevalue(who)
    assert code_of(lambda: services.group_save(user=user, event=event, name="G")) == "not_organiser"


def test_members_facilitator_and_rapporteur_are_confirmed_participants_of_this_event(
    event, people, st_user
):
    registered = ParticipantFactory(event=event, country=country("HN"))  # not confirmed
    elsewhere = ParticipantFactory(country=country("HN"), state=State.CONFIRMED)
    for kwargs in (
        {"members": [registered]},
        {"members": [elsewhere]},
        {"facilitator": registered},
        {"members": [people[0], elsewhere], "rapporteur": elsewhere},
    ):

        def call(kwargs=kwargs):
            return services.group_save(user=st_user, event=event, name="G", **kwargs)

        assert code_of(call) == "not_a_participant"
    assert not WorkingGroup.objects.exists()


def test_the_rapporteur_is_a_member(event, people, st_user):
    def call():
        return services.group_save(
            user=st_user, event=event, name="G", members=[people[0]], rapporteur=people[1]
        )

    assert code_of(call) == "rapporteur_not_member"


def test_a_group_name_is_unique_in_its_event(group, event, st_user):
    def call():
        return services.group_save(user=st_user, event=event, name=group.name)

    assert code_of(call) == "group_name_taken"


def test_a_group_is_edited_with_its_version(group, event, people, st_user):
    stale = group.version
    services.group_save(
        user=st_user, event=event, name="Nuevo", group=group, expected_version=group.version
    )

    def call():
        return services.group_save(
            user=st_user, event=event, name="Otro", group=group, expected_version=stale
        )

    assert code_of(call) == "stale_version"
    group.refresh_from_db()
    assert group.name == "Nuevo" and group.members.count() == 0


def test_a_finished_events_groups_are_not_changed(group, event, st_user):
    event = closed(event, st_user)
    assert code_of(lambda: services.group_save(user=st_user, event=event, name="X")) == (
        "event_finished"
    )
    assert code_of(lambda: services.group_delete(user=st_user, group=group)) == "event_finished"


def test_a_group_with_outputs_is_not_deleted(group, event, st_user):
    output = services.output_upload(
        user=st_user, event=event, kind=EventOutput.Kind.CONSOLIDATED, title="M", file=pdf(),
        group=group,
    )  # fmt: skip
    assert code_of(lambda: services.group_delete(user=st_user, group=group)) == "group_has_outputs"
    services.output_delete(user=st_user, output=output)
    services.group_delete(user=st_user, group=group)
    assert not WorkingGroup.objects.exists()


# --- The matrix -----------------------------------------------------------------------------

COLUMNS = ["Objetivo", "Acción estratégica", "Responsable", "Plazo"]


def with_table(group, st_user, rows=2):
    services.matrix_columns_set(
        user=st_user, group=group, columns=COLUMNS, expected_version=group.version
    )
    return [
        services.matrix_row_add(user=st_user, group=group, cells=[f"o{i}", f"a{i}", "ST", "2027"])
        for i in range(rows)
    ]


def test_the_matrix_table_rows_have_one_cell_per_column(group, st_user):
    assert (
        code_of(lambda: services.matrix_row_add(user=st_user, group=group, cells=["a"]))
        == "no_columns"
    )
    first, _second = with_table(group, st_user)
    assert (
        code_of(lambda: services.matrix_row_add(user=st_user, group=group, cells=["a", "b"]))
        == "cells_mismatch"
    )
    assert (
        code_of(
            lambda: services.matrix_row_update(
                user=st_user, row=first, cells=["a"] * 5, expected_version=first.version
            )
        )
        == "cells_mismatch"
    )
    assert (
        code_of(
            lambda: services.matrix_columns_set(
                user=st_user, group=group, columns=["A", " "], expected_version=None
            )
        )
        == "column_blank"
    )


def test_columns_grow_and_shrink_without_losing_text(group, st_user):
    first, second = with_table(group, st_user)
    group.refresh_from_db()
    services.matrix_columns_set(
        user=st_user, group=group, columns=[*COLUMNS, "Indicador"], expected_version=group.version
    )
    first.refresh_from_db()
    assert first.cells == ["o0", "a0", "ST", "2027", ""]
    group.refresh_from_db()

    def call():
        return services.matrix_columns_set(
            user=st_user, group=group, columns=COLUMNS[:3], expected_version=group.version
        )

    assert code_of(call) == "columns_in_use"
    services.matrix_columns_set(
        user=st_user, group=group, columns=COLUMNS, expected_version=group.version
    )
    second.refresh_from_db()
    assert second.cells == ["o1", "a1", "ST", "2027"]


def test_each_row_is_edited_moved_and_deleted_with_its_version(group, st_user):
    first, second, third = with_table(group, st_user, rows=3)
    stale = first.version
    services.matrix_row_update(
        user=st_user, row=first, cells=["x", "y", "z", "w"], expected_version=first.version
    )
    for call in (
        lambda: services.matrix_row_update(
            user=st_user, row=first, cells=["1", "2", "3", "4"], expected_version=stale
        ),
        lambda: services.matrix_row_move(user=st_user, row=first, up=False, expected_version=stale),
        lambda: services.matrix_row_delete(user=st_user, row=first, expected_version=stale),
    ):
        assert code_of(call) == "stale_version"
    # Another row's version is not this one's: editing the second does not stale the first.
    first.refresh_from_db()
    services.matrix_row_move(user=st_user, row=third, up=True, expected_version=third.version)
    order = list(WorkingGroupRow.objects.filter(group=group).values_list("pk", flat=True))
    assert order == [first.pk, third.pk, second.pk]
    assert (
        code_of(
            lambda: services.matrix_row_move(
                user=st_user, row=first, up=True, expected_version=first.version
            )
        )
        == "cannot_move"
    )
    services.matrix_row_delete(user=st_user, row=first, expected_version=first.version)
    assert list(group.rows.values_list("cells", flat=True))[0] == ["o2", "a2", "ST", "2027"]


def test_a_matrix_is_a_file_or_a_table(group, event, st_user, people):
    with_table(group, st_user, rows=1)
    group.refresh_from_db()

    def call():
        return services.matrix_file_upload(
            user=st_user, group=group, file=xlsx(), expected_version=group.version
        )

    assert code_of(call) == "matrix_is_a_table"
    other = services.group_save(user=st_user, event=event, name="Grupo con archivo")
    services.matrix_file_upload(
        user=st_user, group=other, file=xlsx(), expected_version=other.version
    )
    other.refresh_from_db()
    assert other.matrix_file.name.endswith(".xlsx")

    def call():
        return services.matrix_columns_set(
            user=st_user, group=other, columns=COLUMNS, expected_version=other.version
        )

    assert code_of(call) == "matrix_is_a_file"

    def call():
        return services.matrix_row_add(user=st_user, group=other, cells=["a"])

    assert code_of(call) == "matrix_is_a_file"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("matriz.exe", b"MZ\x90\x00binary", "file_wrong_type"),
        ("matriz.pdf", ooxml_bytes("xlsx"), "file_name_mismatch"),
        ("matriz.xlsm", ooxml_bytes("xlsm"), "file_macros"),
    ],
)
def test_a_matrix_file_is_checked_by_its_content(group, st_user, name, content, code):
    def call():
        return services.matrix_file_upload(
            user=st_user, group=group, file=upload(name, content), expected_version=None
        )

    with pytest.raises(ValidationError) as raised:
        call()
    assert [e.code for e in raised.value.error_dict["file"]] == [code]


def test_the_presentation_is_recorded_on_a_day_of_the_event(group, st_user):
    at = dt.datetime(2027, 2, 16, 15, 0, tzinfo=CR)
    services.group_presentation_record(
        user=st_user, group=group, presented_at=at, file=pdf("slides.pdf"), expected_version=None
    )
    group.refresh_from_db()
    assert group.presented_at == at and group.presentation_file.name.endswith(".pdf")
    # 23:30 on the last day in Costa Rica is already the 17th in UTC: still the event's day.
    late = dt.datetime(2027, 2, 16, 23, 30, tzinfo=CR)
    services.group_presentation_record(
        user=st_user, group=group, presented_at=late, expected_version=group.version
    )

    def call():
        return services.group_presentation_record(
            user=st_user,
            group=group,
            presented_at=dt.datetime(2027, 2, 17, 9, 0, tzinfo=CR),
            expected_version=None,
        )

    assert code_of(call) == "presented_outside_event"


# --- Documents ------------------------------------------------------------------------------


def test_organisers_upload_the_events_documents(event, st_user, focal_point_hn):
    document = services.event_document_upload(
        user=st_user, event=event, title="Nota conceptual", file=pdf(), pre_reading=True
    )
    assert document.pre_reading and document.uploaded_by == st_user

    def call():
        return services.event_document_upload(
            user=focal_point_hn, event=event, title="X", file=pdf()
        )

    assert code_of(call) == "not_organiser"

    def call():
        return services.event_document_upload(
            user=st_user, event=event, title="X", file=upload("x.docm", ooxml_bytes("docm"))
        )

    assert code_of(call) == "file_macros"
    services.event_document_delete(user=st_user, document=document)
    assert not event.documents.exists()


# --- Outputs --------------------------------------------------------------------------------


def consolidated(event, st_user, group=None):
    return services.output_upload(
        user=st_user,
        event=event,
        kind=EventOutput.Kind.CONSOLIDATED,
        title="Matriz consolidada del plan",
        file=pdf("consolidada.pdf", "Matriz consolidada"),
        group=group,
    )


def test_an_output_is_approved_only_at_the_close(event, st_user):
    output = consolidated(event, st_user)
    with time_machine.travel(dt.datetime(2027, 2, 15, 18, 0, tzinfo=CR)):

        def call():
            return services.output_approve(user=st_user, output=output, expected_version=None)

        assert code_of(call) == "not_at_close"
    # 23:30 on the 15th in Costa Rica is the 16th in UTC: not yet the last day there.
    with time_machine.travel(dt.datetime(2027, 2, 15, 23, 30, tzinfo=CR)):
        assert code_of(call) == "not_at_close"
    with time_machine.travel(dt.datetime(2027, 2, 16, 8, 0, tzinfo=CR)):
        services.output_approve(user=st_user, output=output, expected_version=output.version)
    output.refresh_from_db()
    assert output.approved_at is not None and output.approved_by == st_user


def test_a_draft_events_output_is_not_approved(coalition, st_user):
    draft = EventFactory(invited=[country("HN")])
    output = consolidated(draft, st_user)
    with time_machine.travel(dt.datetime(2027, 3, 1, tzinfo=CR)):

        def call():
            return services.output_approve(user=st_user, output=output, expected_version=None)

        assert code_of(call) == "not_at_close"


def test_the_approved_output_is_in_the_archive_with_its_file(event, st_user, group):
    output = consolidated(closed(event, st_user), st_user, group=group)
    entry = services.output_approve(user=st_user, output=output, expected_version=output.version)
    (document,) = Document.objects.all()
    assert document == entry
    assert document.source_type == ContentType.objects.get_for_model(EventOutput)
    assert document.source_id == output.pk and document.source == output
    assert (document.kind, document.access, document.date, document.language) == (
        Document.Kind.OTHER,
        AccessLevel.MEMBERS,
        LAST,
        Document.Language.ES,
    )
    assert document.organ == Document.Organ.SECRETARIAT  # the factory's organiser
    assert group.name in document.description
    (version,) = document.versions.all()
    output.file.open("rb")
    assert version.file.read() == output.file.read()
    output.file.close()
    assert "matriz consolidada" in document.search_text


@pytest.mark.parametrize(
    ("organiser", "kind", "organ", "archive_kind"),
    [
        (Event.Organiser.PRESIDENCY, EventOutput.Kind.REPORT, "presidency", "report"),
        (Event.Organiser.BOTH, EventOutput.Kind.SESSION_MINUTES, "", "report"),
    ],
)
def test_the_archive_entrys_organ_and_kind(
    coalition, st_user, organiser, kind, organ, archive_kind
):
    event = EventFactory(
        invited=[country("HN")], status=Event.Status.CLOSED, organised_by=organiser
    )
    output = services.output_upload(user=st_user, event=event, kind=kind, title="R", file=pdf())
    document = services.output_approve(user=st_user, output=output, expected_version=None)
    assert (document.organ, document.kind) == (organ, archive_kind)


def test_an_approved_output_is_final(event, st_user):
    output = consolidated(closed(event, st_user), st_user)
    services.output_approve(user=st_user, output=output, expected_version=None)
    for call in (
        lambda: services.output_approve(user=st_user, output=output, expected_version=None),
        lambda: services.output_replace(
            user=st_user, output=output, file=pdf(), expected_version=None
        ),
        lambda: services.output_delete(user=st_user, output=output),
    ):
        assert code_of(call) == "approved_output_final"
    assert Document.objects.count() == 1


def test_a_refused_approval_leaves_nothing_in_the_archive(event, st_user):
    output = consolidated(closed(event, st_user), st_user)
    stale = output.version
    services.output_replace(user=st_user, output=output, file=pdf(), expected_version=stale)

    def call():
        return services.output_approve(user=st_user, output=output, expected_version=stale)

    assert code_of(call) == "stale_version"
    output.refresh_from_db()
    assert output.approved_at is None and not Document.objects.exists()


def test_outputs_rules(event, st_user, focal_point_hn, coalition):
    other_group = services.group_save(
        user=st_user, event=EventFactory(invited=[country("HN")]), name="Ajeno"
    )

    def call():
        return consolidated(event, st_user, group=other_group)

    assert code_of(call) == "group_of_another_event"
    assert code_of(lambda: consolidated(event, focal_point_hn)) == "not_organiser"
    output = consolidated(event, st_user)

    def call():
        return services.output_approve(user=focal_point_hn, output=output, expected_version=None)

    assert code_of(call) == "not_organiser"
    services.event_cancel(user=st_user, event=event, reason="Sin fondos", expected_version=None)
    assert code_of(lambda: consolidated(event, st_user)) == "event_finished"


def test_the_others_see_only_approved_outputs(event, st_user, focal_point_hn):
    output = consolidated(closed(event, st_user), st_user)
    assert list(selectors.outputs_for(user=focal_point_hn, event=event)) == []
    assert list(selectors.outputs_for(user=st_user, event=event)) == [output]
    services.output_approve(user=st_user, output=output, expected_version=None)
    assert list(selectors.outputs_for(user=focal_point_hn, event=event)) == [output]


# --- The invitation with the pre-reading dossier ---------------------------------------------


@pytest.fixture
def _site(settings):
    settings.SITE_URL = SITE


def convene(event, st_user, capture):
    with capture(execute=True) as callbacks:
        services.event_convene(user=st_user, event=event, expected_version=None)
    return callbacks


@pytest.mark.usefixtures("_site")
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_invited_focal_points_get_the_dossier_in_their_language(
    coalition, st_user, focal_point_gt, django_capture_on_commit_callbacks, language
):
    honduras = country("HN")
    draft = EventFactory(
        invited=[honduras],
        title="Taller del plan",
        host_country=country("CR"),
        venue="Hotel Crowne Plaza",
    )
    reader = UserFactory(
        username="fp-hn-2",
        role=User.Role.FOCAL_POINT,
        national_body=coalition["HN"],
        email="fp@hn.example.org",
        language=language,
    )
    UserFactory(  # an inactive focal point of Honduras is not told
        username="fp-hn-old",
        role=User.Role.FOCAL_POINT,
        national_body=coalition["HN"],
        is_active=False,
    )
    UserFactory(username="delegado-hn", role=User.Role.DELEGATE, national_body=coalition["HN"])
    note = services.event_document_upload(
        user=st_user, event=draft, title="Nota conceptual", file=pdf("nota.pdf", "Nota"),
        pre_reading=True,
    )  # fmt: skip
    plan = services.event_document_upload(
        user=st_user, event=draft, title="Borrador del plan", file=xlsx("plan.xlsx"),
        pre_reading=True,
    )  # fmt: skip
    services.event_document_upload(  # not part of the dossier
        user=st_user, event=draft, title="Presentación", file=pdf("p.pdf"), pre_reading=False
    )

    convene(draft, st_user, django_capture_on_commit_callbacks)

    (message,) = mail.outbox  # Guatemala is not invited: its focal point gets nothing
    assert message.to == ["fp@hn.example.org"]
    assert "Taller del plan" in message.subject
    with translation.override(language):
        assert gettext("Pre-reading dossier (sign in to download each document):") in message.body
    assert "Hotel Crowne Plaza, San José" in message.body
    links = URL.findall(message.body)
    assert all(link.startswith(SITE + "/") for link in links)
    event_page, *documents = links
    assert urlsplit(event_page).path == reverse("events:detail", args=[draft.pk])
    assert len(documents) == 2
    client = Client()
    client.force_login(reader)
    for link, document in zip(documents, [note, plan], strict=True):
        response = client.get(urlsplit(link).path)
        assert response.status_code == 200
        document.file.open("rb")
        assert b"".join(response.streaming_content) == document.file.read()
        document.file.close()
    # The links ask for a session: signed out, the sign-in page.
    assert Client().get(urlsplit(documents[0]).path).status_code == 302

    (delivery,) = Delivery.objects.all()
    assert delivery.kind == Delivery.Kind.EVENT_CONVENED
    assert delivery.user == reader and delivery.language == language
    assert delivery.about == draft and delivery.state == Delivery.State.SENT


@pytest.mark.usefixtures("_site")
def test_the_invitation_leaves_only_once_the_convocation_is_committed(
    coalition, st_user, focal_point_hn, django_capture_on_commit_callbacks
):
    draft = EventFactory(invited=[country("HN")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.event_convene(user=st_user, event=draft, expected_version=None)
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [focal_point_hn.email]


def test_a_focal_point_of_a_country_not_invited_cannot_open_a_draft_events_document(
    coalition, st_user, focal_point_gt
):
    draft = EventFactory(invited=[country("HN")])
    note = services.event_document_upload(
        user=st_user, event=draft, title="Nota", file=pdf(), pre_reading=True
    )
    client = Client()
    client.force_login(focal_point_gt)
    assert client.get(reverse("events:document-download", args=[note.pk])).status_code == 404


@pytest.mark.usefixtures("_site")
def test_an_event_cancelled_before_the_invitation_left_tells_nobody(
    coalition, st_user, focal_point_hn, django_capture_on_commit_callbacks
):
    draft = EventFactory(invited=[country("HN")])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.event_convene(user=st_user, event=draft, expected_version=None)
    services.event_cancel(user=st_user, event=draft, reason="Sin fondos", expected_version=None)
    callbacks[0]()
    assert mail.outbox == [] and not Delivery.objects.exists()
