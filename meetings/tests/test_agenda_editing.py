"""The agenda until it is approved (003 §VIII Presidency 9–11): every plenary opens with the
verification of the quorum and the approval of the agenda (an ordinary one also with the
previous minutes), those opening items keep their place, the other items are edited,
removed (after a confirmation) and reordered, and a meeting is not convened with an agenda
of only its opening items. Each guard is pinned by its refusal code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from meetings import selectors, services
from meetings.models import AgendaItem, Meeting
from meetings.tests.checks import accepted, refused
from meetings.tests.factories import AgendaItemFactory, MotionFactory

pytestmark = pytest.mark.django_db


def plenary(presidency_user, kind=Meeting.Kind.ORDINARY, day=dt.date(2026, 9, 1)) -> Meeting:
    starts = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
    return services.meeting_create(
        user=presidency_user,
        kind=kind,
        title=f"Reunión {kind} {day}",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=8),
    )


def orders(meeting: Meeting) -> list[tuple[int, str]]:
    return list(meeting.agenda_items.order_by("order").values_list("order", "title"))


@pytest.fixture
def drafted(presidency_user):
    """A draft ordinary plenary after a previous one: three opening items and three more."""
    plenary(presidency_user, day=dt.date(2026, 3, 10))
    meeting = plenary(presidency_user)
    for title in ("Punto A", "Punto B", "Punto C"):
        services.agenda_item_create(user=presidency_user, meeting=meeting, title=title)
    return meeting


# --- Opening items ------------------------------------------------------------------------


def test_every_plenary_opens_with_quorum_and_agenda_and_ordinary_ones_with_the_minutes(
    presidency_user,
):
    first = plenary(presidency_user, day=dt.date(2026, 3, 10))
    extraordinary = plenary(
        presidency_user, kind=Meeting.Kind.EXTRAORDINARY, day=dt.date(2026, 5, 4)
    )
    ordinary = plenary(presidency_user, day=dt.date(2026, 9, 1))
    technical = plenary(presidency_user, kind=Meeting.Kind.TECHNICAL, day=dt.date(2026, 9, 2))
    standards = {
        m.kind + str(m.pk): [i.standard for i in m.agenda_items.order_by("order")]
        for m in (first, extraordinary, ordinary, technical)
    }
    assert standards[f"ordinary{first.pk}"] == ["quorum", "agenda"]  # no previous plenary
    assert standards[f"extraordinary{extraordinary.pk}"] == ["quorum", "agenda"]
    assert standards[f"ordinary{ordinary.pk}"] == ["quorum", "agenda", "minutes"]
    assert standards[f"technical{technical.pk}"] == []
    reading = ordinary.agenda_items.get(standard=AgendaItem.Standard.MINUTES)
    assert reading.minutes_of == extraordinary  # the previous plenary, of either kind


# --- Convening needs an agenda ------------------------------------------------------------


def test_a_meeting_with_only_its_opening_items_is_not_convened(presidency_user):
    meeting = plenary(presidency_user)
    refused("agenda_empty", services.meeting_convene, user=presidency_user, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.DRAFT
    page = selectors.meeting_page(meeting=Meeting.objects.get(pk=meeting.pk), user=presidency_user)
    assert not page.flags.can_convene
    services.agenda_item_create(user=presidency_user, meeting=meeting, title="Plan de trabajo")
    page = selectors.meeting_page(meeting=Meeting.objects.get(pk=meeting.pk), user=presidency_user)
    assert page.flags.can_convene
    services.meeting_convene(user=presidency_user, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED


def test_a_session_without_items_is_not_convened_either(presidency_user):
    meeting = plenary(presidency_user, kind=Meeting.Kind.TECHNICAL)
    refused("agenda_empty", services.meeting_convene, user=presidency_user, meeting=meeting)


def test_convening_an_empty_agenda_through_the_page_changes_nothing(client, presidency_user):
    meeting = plenary(presidency_user)
    client.force_login(presidency_user)
    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:convene", args=[meeting.pk]) not in html
    client.post(reverse("meetings:convene", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT and not meeting.invitations.exists()


# --- Editing ------------------------------------------------------------------------------


def test_items_are_edited_until_the_agenda_is_approved(drafted, presidency_user):
    item = drafted.agenda_items.get(title="Punto A")
    services.agenda_item_update(
        user=presidency_user,
        item=item,
        version=item.version,
        title="Punto A revisado",
        presenter="Secretaría Técnica",
        restricted=True,
    )
    item.refresh_from_db()
    assert (item.title, item.presenter, item.restricted) == (
        "Punto A revisado",
        "Secretaría Técnica",
        True,
    )
    assert item.history.first().history_user == presidency_user
    Meeting.objects.filter(pk=drafted.pk).update(
        status=Meeting.Status.IN_SESSION, agenda_approved_at=timezone.now()
    )
    refused(
        "agenda_locked",
        services.agenda_item_update,
        user=presidency_user,
        item=AgendaItem.objects.get(pk=item.pk),
        title="Tarde",
    )
    assert AgendaItem.objects.get(pk=item.pk).title == "Punto A revisado"


def test_an_edit_from_a_stale_form_is_refused(drafted, presidency_user, st_user):
    item = drafted.agenda_items.get(title="Punto A")
    read_at = item.version
    services.agenda_item_update(user=st_user, item=item, version=read_at, presenter="ST")
    refused(
        "stale_version",
        services.agenda_item_update,
        user=presidency_user,
        item=item,
        version=read_at,
        presenter="Presidencia",
    )
    assert AgendaItem.objects.get(pk=item.pk).presenter == "ST"


def test_an_opening_item_keeps_its_title_and_kind(drafted, presidency_user):
    quorum = drafted.agenda_items.get(standard=AgendaItem.Standard.QUORUM)
    refused(
        "opening_item",
        services.agenda_item_update,
        user=presidency_user,
        item=quorum,
        title="Otra cosa",
    )
    refused(
        "opening_item",
        services.agenda_item_update,
        user=presidency_user,
        item=quorum,
        kind=AgendaItem.Kind.DECISION,
    )
    services.agenda_item_update(user=presidency_user, item=quorum, duration_minutes=10)
    quorum.refresh_from_db()
    assert (quorum.title, quorum.duration_minutes) == ("Verificación del quórum", 10)


def test_only_those_who_steer_edit_the_agenda(drafted, delegate):
    with pytest.raises(PermissionDenied):
        services.agenda_item_update(
            user=delegate, item=drafted.agenda_items.get(title="Punto A"), title="No"
        )


def test_the_edit_page_saves_through_the_service(client, drafted, presidency_user):
    item = drafted.agenda_items.get(title="Punto B")
    client.force_login(presidency_user)
    url = reverse("meetings:agenda-item-edit", args=[item.pk])
    assert client.get(url).status_code == 200
    data = {"title": "Punto B revisado", "kind": "decision", "version": item.version}
    response = client.post(url, data)
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).title == "Punto B revisado"
    response = client.post(url, {**data, "title": "Otra vez"})  # the same (stale) version
    assert response.status_code == 200 and "version" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).title == "Punto B revisado"


# --- Removal ------------------------------------------------------------------------------


def test_removal_asks_for_confirmation_then_renumbers(client, drafted, presidency_user):
    item = drafted.agenda_items.get(title="Punto A")
    client.force_login(presidency_user)
    url = reverse("meetings:agenda-item-remove", args=[item.pk])
    html = client.get(url).content.decode()
    assert "Punto A" in html and 'method="post"' in html  # the confirmation page
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    client.post(url)
    assert orders(drafted) == [
        (1, "Verificación del quórum"),
        (2, "Aprobación de la agenda"),
        (3, "Lectura y aprobación del acta anterior"),
        (4, "Punto B"),
        (5, "Punto C"),
    ]


def test_opening_items_and_items_with_motions_are_not_removed(drafted, presidency_user):
    agenda = drafted.agenda_items.get(standard=AgendaItem.Standard.AGENDA)
    refused("opening_item", services.agenda_item_remove, user=presidency_user, item=agenda)
    decided = drafted.agenda_items.get(title="Punto C")
    MotionFactory(agenda_item=decided)
    refused("item_has_motions", services.agenda_item_remove, user=presidency_user, item=decided)
    assert drafted.agenda_items.count() == 6


def test_removal_is_refused_once_the_agenda_is_approved(drafted, presidency_user):
    Meeting.objects.filter(pk=drafted.pk).update(
        status=Meeting.Status.IN_SESSION, agenda_approved_at=timezone.now()
    )
    item = AgendaItem.objects.get(meeting=drafted, title="Punto A")
    refused("agenda_locked", services.agenda_item_remove, user=presidency_user, item=item)


# --- Reordering ---------------------------------------------------------------------------


def test_items_move_up_and_down_and_the_opening_items_stay_at_the_top(drafted, presidency_user):
    c = drafted.agenda_items.get(title="Punto C")
    services.agenda_item_move(user=presidency_user, item=c, direction="up")
    assert [t for _o, t in orders(drafted)][3:] == ["Punto A", "Punto C", "Punto B"]
    services.agenda_item_move(user=presidency_user, item=c, direction="up")
    assert orders(drafted)[3:] == [(4, "Punto C"), (5, "Punto A"), (6, "Punto B")]
    refused("opening_item", services.agenda_item_move, user=presidency_user, item=c, direction="up")
    b = drafted.agenda_items.get(title="Punto B")
    refused(
        "cannot_move", services.agenda_item_move, user=presidency_user, item=b, direction="down"
    )
    minutes = drafted.agenda_items.get(standard=AgendaItem.Standard.MINUTES)
    refused(
        "opening_item",
        services.agenda_item_move,
        user=presidency_user,
        item=minutes,
        direction="down",
    )
    assert [t for _o, t in orders(drafted)][:3] == [
        "Verificación del quórum",
        "Aprobación de la agenda",
        "Lectura y aprobación del acta anterior",
    ]


def test_reordering_is_refused_once_the_agenda_is_approved(drafted, presidency_user):
    Meeting.objects.filter(pk=drafted.pk).update(
        status=Meeting.Status.IN_SESSION, agenda_approved_at=timezone.now()
    )
    item = AgendaItem.objects.get(meeting=drafted, title="Punto B")
    refused(
        "agenda_locked", services.agenda_item_move, user=presidency_user, item=item, direction="up"
    )


def test_reorder_buttons_with_htmx_swap_the_agenda_and_without_it_come_back(
    client, drafted, presidency_user
):
    b = drafted.agenda_items.get(title="Punto B")
    client.force_login(presidency_user)
    url = reverse("meetings:agenda-item-move", args=[b.pk, "up"])
    html = client.get(reverse("meetings:detail", args=[drafted.pk])).content.decode()
    assert url in html
    response = client.post(url, HTTP_HX_REQUEST="true")
    partial = response.content.decode()
    assert response.status_code == 200 and partial.startswith('<section id="agenda"')
    assert partial.index("Punto B") < partial.index("Punto A")
    response = client.post(reverse("meetings:agenda-item-move", args=[b.pk, "down"]))
    assert response.status_code == 302 and response["Location"].endswith("#agenda")
    assert [t for _o, t in orders(drafted)][3:] == ["Punto A", "Punto B", "Punto C"]


def test_a_delegate_cannot_reorder(client, drafted, delegate):
    b = drafted.agenda_items.get(title="Punto B")
    client.force_login(delegate)
    Meeting.objects.filter(pk=drafted.pk).update(status=Meeting.Status.CONVENED)
    response = client.post(reverse("meetings:agenda-item-move", args=[b.pk, "up"]))
    assert response.status_code == 403
    assert [t for _o, t in orders(drafted)][3:] == ["Punto A", "Punto B", "Punto C"]


@pytest.mark.parametrize("role", ["presidency_user", "delegate"])
@pytest.mark.parametrize("approved", [False, True])
def test_each_rows_buttons_agree_with_the_services(request, drafted, role, approved):
    user = request.getfixturevalue(role)
    MotionFactory(agenda_item=drafted.agenda_items.get(title="Punto C"))
    if approved:
        Meeting.objects.filter(pk=drafted.pk).update(
            status=Meeting.Status.IN_SESSION, agenda_approved_at=timezone.now()
        )
    page = selectors.meeting_page(meeting=Meeting.objects.get(pk=drafted.pk), user=user)
    for row in page.agenda:
        item = row.item

        def fresh(item=item):
            return AgendaItem.objects.get(pk=item.pk)

        calls = {
            "can_edit": lambda: services.agenda_item_update(user=user, item=fresh(), presenter="x"),
            "can_remove": lambda: services.agenda_item_remove(user=user, item=fresh()),
            "can_move_up": lambda: services.agenda_item_move(
                user=user, item=fresh(), direction="up"
            ),
            "can_move_down": lambda: services.agenda_item_move(
                user=user, item=fresh(), direction="down"
            ),
        }
        for flag, call in calls.items():
            assert getattr(row, flag) == accepted(call), f"{role}: {item.title} {flag}"


def test_a_document_of_a_restricted_item_is_restricted(drafted, presidency_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = AgendaItemFactory(meeting=drafted, restricted=True)
    document = services.document_upload(
        user=presidency_user,
        meeting=drafted,
        title="Anexo",
        file=SimpleUploadedFile("anexo.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
        agenda_item=item,
    )
    assert document.restricted


@pytest.mark.parametrize(
    "name", ["meetings/_agenda.html", "meetings/agenda_item_remove.html", "meetings/vote.html"]
)
def test_the_agenda_templates_compare_no_status_or_role_strings(name):
    import re
    from pathlib import Path

    from django.conf import settings

    source = (Path(settings.BASE_DIR) / "templates" / name).read_text()
    found = re.findall(r"\b(?:status|state|role|decision_method|capacity|standard)\s*[!=]=", source)
    assert not found, found
