"""No lost updates (issue 23): every record people edit through a form carries a `version`;
a save from a form read at an older version is refused (code stale_version,
common.versions.claim_version) instead of silently undoing the change that came first.

Per record, 30 writers who all loaded the same version submit a change through the service:
exactly one is accepted, 29 are refused, and the stored value is the accepted one. Each form
page sends the version in a hidden field and shows the refusal with a link to the record's
history. A real-concurrency drill (threads, one connection each) runs on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Agreement, Meeting
from meetings.tests.factories import AgreementFactory, MeetingFactory
from members import services as member_services
from members.models import Designation, Person, User
from members.tests.factories import UserFactory, designate
from plans import services as plan_services
from plans.models import Activity, Actor, Alliance, Axis, GoodPractice
from plans.tests.factories import (
    ActivityFactory,
    ActorFactory,
    AllianceFactory,
    AxisFactory,
    GoodPracticeFactory,
)

WRITERS = 30
ACCEPTED, REFUSED = "accepted", "refused"


def outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except ValidationError as error:
        if getattr(error, "code", None) == "stale_version":
            return REFUSED
        raise
    return ACCEPTED


def stored(model, pk: int, field: str):
    return model.objects.values_list(field, flat=True).get(pk=pk)


# --- 30 writers from one version, through the services --------------------------------------
# Each case: (make the record, write(record, i, version) → service call, model, field read
# back, the value writer i stores).


def _person(st, coalition):
    return designate(st, coalition["HN"]).person


def _designation(st, coalition):
    return designate(st, coalition["HN"])


def _activity_with_responsibles(st, coalition):
    activity = ActivityFactory()
    plan_services.activity_set_responsibles(
        user=st, activity=activity, tokens=["technical_secretariat"]
    )
    return activity


def _draft_meeting(st, coalition):
    return MeetingFactory(status=Meeting.Status.DRAFT)


CASES = {
    "person": (
        _person,
        lambda st, obj, i, v: member_services.person_update(
            user=st, person=obj, expected_version=v, institution=f"Ministerio {i}"
        ),
        Person,
        "institution",
        lambda i: f"Ministerio {i}",
    ),
    "designation-revoke": (
        _designation,
        lambda st, obj, i, v: member_services.designation_revoke(
            user=st,
            designation=obj,
            revoked_on=obj.start_date,
            reason=f"motivo {i}",
            expected_version=v,
        ),
        Designation,
        "revocation_reason",
        lambda i: f"motivo {i}",
    ),
    "meeting-edit": (
        _draft_meeting,
        lambda st, obj, i, v: meeting_services.meeting_update(
            user=st, meeting=obj, expected_version=v, city=f"Ciudad {i}"
        ),
        Meeting,
        "city",
        lambda i: f"Ciudad {i}",
    ),
    "meeting-cancel": (
        _draft_meeting,
        lambda st, obj, i, v: meeting_services.meeting_cancel(
            user=st, meeting=obj, reason=f"motivo {i}", expected_version=v
        ),
        Meeting,
        "status",
        lambda i: Meeting.Status.CANCELLED,
    ),
    "agreement": (
        lambda st, coalition: AgreementFactory(),
        lambda st, obj, i, v: meeting_services.agreement_update(
            user=st, agreement=obj, text=f"Acuerdo {i}", expected_version=v
        ),
        Agreement,
        "text",
        lambda i: f"Acuerdo {i}",
    ),
    "plan-wording": (
        lambda st, coalition: AxisFactory(),
        lambda st, obj, i, v: plan_services.plan_item_update(
            user=st, item=obj, expected_version=v, name=f"Eje {i}"
        ),
        Axis,
        "name",
        lambda i: f"Eje {i}",
    ),
    "activity-wording": (
        _activity_with_responsibles,
        lambda st, obj, i, v: plan_services.activity_update(
            user=st, activity=obj, expected_version=v, description=f"Actividad {i}"
        ),
        Activity,
        "description",
        lambda i: f"Actividad {i}",
    ),
    "actor": (
        lambda st, coalition: ActorFactory(),
        lambda st, obj, i, v: plan_services.actor_update(
            user=st, actor=obj, expected_version=v, contact=f"contacto {i}"
        ),
        Actor,
        "contact",
        lambda i: f"contacto {i}",
    ),
    "alliance": (
        lambda st, coalition: AllianceFactory(),
        lambda st, obj, i, v: plan_services.alliance_update(
            user=st, alliance=obj, expected_version=v, end_date=dt.date(2030, 1, 1 + i)
        ),
        Alliance,
        "end_date",
        lambda i: dt.date(2030, 1, 1 + i),
    ),
    "good-practice": (
        lambda st, coalition: GoodPracticeFactory(
            axis=AxisFactory(), country=coalition["HN"].country
        ),
        lambda st, obj, i, v: plan_services.good_practice_update(
            user=st, practice=obj, expected_version=v, description=f"Práctica {i}"
        ),
        GoodPractice,
        "description",
        lambda i: f"Práctica {i}",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(CASES))
def test_thirty_writers_from_one_version_one_accepted_none_lost(case, st_user, coalition):
    make, write, model, field, value = CASES[case]
    record = make(st_user, coalition)
    version = stored(model, record.pk, "version")
    results = []
    for i in range(WRITERS):
        copy = model.objects.get(pk=record.pk)  # each writer's own copy of the row
        copy.version = version  # ...as they all loaded it
        results.append(outcome(lambda copy=copy, i=i: write(st_user, copy, i, version)))
    counts = Counter(results)
    assert (counts[ACCEPTED], counts[REFUSED]) == (1, WRITERS - 1)
    winner = results.index(ACCEPTED)
    assert stored(model, record.pk, field) == value(winner)  # 0 lost: the accepted one
    assert stored(model, record.pk, "version") == version + 1


@pytest.mark.django_db
def test_a_follow_up_that_moves_the_status_makes_an_open_edit_form_stale(st_user):
    agreement = AgreementFactory()
    version = agreement.version
    meeting_services.agreement_follow_up_add(
        user=st_user, agreement=agreement, note="Avance", new_status=Agreement.Status.IN_PROGRESS
    )
    with pytest.raises(ValidationError) as error:
        meeting_services.agreement_update(
            user=st_user, agreement=agreement, text="otra", expected_version=version
        )
    assert error.value.code == "stale_version"
    assert stored(Agreement, agreement.pk, "status") == Agreement.Status.IN_PROGRESS


# --- The pages: hidden version, refusal with a link to the history -------------------------


def form_data(form) -> dict:
    """What the browser sends back for an unchanged form."""
    data = {}
    for bf in form:
        value = bf.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bf.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bf.html_name] = [str(getattr(v, "pk", v)) for v in value]
        else:
            formatted = bf.field.widget.format_value(value)
            data[bf.html_name] = formatted if formatted is not None else value
    return data


def assert_stale_page(response, record) -> None:
    assert response.status_code == 200
    meta = record._meta
    history = reverse("history-detail", args=[meta.app_label, meta.model_name, record.pk])
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["stale_version"]
    assert f'href="{history}"' in response.content.decode()


def stale_post(client, url: str, change: dict, someone_else: Callable[[], object]):
    """Load the form, let someone else save, then post the loaded form with `change`."""
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.context["form"])
    assert data["version"]
    assert 'name="version"' in page.content.decode()
    someone_else()
    return client.post(url, {**data, **change})


# Each form page of a case above: (URL name, its arguments, what the user changes, and the
# case whose save someone else makes meanwhile, when not the page's own).
PAGES = {
    "person": ("members:person-edit", lambda o: [o.pk], {"institution": "Mía"}),
    "meeting-edit": ("meetings:edit", lambda o: [o.pk], {"city": "Mía"}),
    "meeting-cancel": (
        "meetings:cancel",
        lambda o: [o.pk],
        {"reason": "No hay quórum"},
        "meeting-edit",  # a cancelled meeting's form is closed, not stale
    ),
    "agreement": ("meetings:agreement-edit", lambda o: [o.pk], {"text": "Mío"}),
    "plan-wording": ("plans:item-edit", lambda o: ["axis", o.pk], {"name": "Mío"}),
    "activity-wording": (
        "plans:activity-edit",
        lambda o: [o.operational_objective.poa.year, o.code],
        {"description": "Mía"},
    ),
    "good-practice": ("plans:practice-edit", lambda o: [o.pk], {"description": "Mía"}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(PAGES))
def test_each_form_refuses_a_stale_save_with_a_link_to_history(case, client, st_user, coalition):
    url_name, args_of, change, *other = PAGES[case]
    make = CASES[case][0]
    _, write, model, field, value = CASES[other[0] if other else case]
    record = make(st_user, coalition)
    client.force_login(st_user)
    response = stale_post(
        client,
        reverse(url_name, args=args_of(record)),
        change,
        lambda: write(st_user, model.objects.get(pk=record.pk), 0, record.version),
    )
    assert_stale_page(response, record)
    assert stored(model, record.pk, field) == value(0)  # the save that came first stands


@pytest.mark.django_db
def test_revocation_form_refuses_a_stale_save(client, st_user, coalition):
    designation = _designation(st_user, coalition)
    client.force_login(st_user)
    url = reverse("members:designation-revoke", args=[designation.pk])
    page = client.get(url)
    data = form_data(page.context["form"])
    assert data["version"] == str(designation.version)
    Designation.objects.filter(pk=designation.pk).update(version=designation.version + 1)
    response = client.post(url, {**data, "reason": "error"})
    assert_stale_page(response, designation)
    assert stored(Designation, designation.pk, "revoked_on") is None


@pytest.mark.django_db
def test_a_status_button_from_a_stale_page_is_refused(client, st_user):
    meeting = MeetingFactory(status=Meeting.Status.IN_SESSION)
    client.force_login(st_user)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert f'name="version" value="{meeting.version}"' in page.content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1)
    response = client.post(
        reverse("meetings:transition", args=[meeting.pk]),
        {"to": Meeting.Status.CLOSED, "version": meeting.version},
        follow=True,
    )
    history = reverse("history-detail", args=["meetings", "meeting", meeting.pk])
    assert f'href="{history}"' in response.content.decode()
    assert stored(Meeting, meeting.pk, "status") == Meeting.Status.IN_SESSION


@pytest.mark.django_db
def test_an_edit_form_without_its_version_is_not_saved(client, st_user, coalition):
    person = _person(st_user, coalition)
    client.force_login(st_user)
    url = reverse("members:person-edit", args=[person.pk])
    data = form_data(client.get(url).context["form"])
    del data["version"]
    response = client.post(url, {**data, "institution": "Mía"})
    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert stored(Person, person.pk, "institution") != "Mía"


# --- Real concurrency: threads, one connection each (PostgreSQL) ---------------------------


def run_writers(n: int, work: Callable[[int], object]) -> list[object]:
    barrier = threading.Barrier(n, timeout=60)
    results: list[object] = [None] * n

    def target(i: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait()
            results[i] = work(i)
        except BaseException as exc:  # reported by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return results


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency drill: needs PostgreSQL (its CI pass); SQLite serialises writers",
)
@pytest.mark.django_db(transaction=True)
def test_thirty_people_saving_one_person_at_once_lose_nothing(coalition, capsys):
    st = UserFactory(role=User.Role.SECRETARIAT)
    person = designate(st, coalition["HN"]).person
    version = person.version

    def save(i: int) -> str:
        return outcome(
            lambda: member_services.person_update(
                user=st,
                person=Person.objects.get(pk=person.pk),
                expected_version=version,
                institution=f"Ministerio {i}",
            )
        )

    results = run_writers(WRITERS, save)
    assert not [r for r in results if isinstance(r, BaseException)], results
    counts = Counter(results)
    assert (counts[ACCEPTED], counts[REFUSED]) == (1, WRITERS - 1)
    winner = results.index(ACCEPTED)
    assert stored(Person, person.pk, "institution") == f"Ministerio {winner}"
    assert person.history.count() == Person.objects.get(pk=person.pk).history.count()
    with capsys.disabled():
        print(
            f"\n[drill] {WRITERS} person saves at once: 1 accepted, {WRITERS - 1} refused, 0 lost"
        )
