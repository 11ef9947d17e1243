"""An agreement reads as overdue the day after its due date while it is pending or in
progress — with no scheduled job (the embedded default runs none): the status is derived
when read (meetings.selectors.agreements) by the register, its filter and export, the
detail page, the API and its filter, and the home page's tasks. People never set
"overdue"; what the old daily job had stored goes back to the status it replaced."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meetings import selectors, services
from meetings.models import Agreement
from meetings.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()  # the clock the pages read


@pytest.fixture
def register(coalition):
    """One agreement of each kind; only the first two read as overdue today."""
    yesterday, long_ago = today() - dt.timedelta(days=1), today() - dt.timedelta(days=300)
    rows = {
        "past pending": AgreementFactory(text="Pendiente vencido", due_date=yesterday),
        "past in progress": AgreementFactory(
            text="En curso vencido", due_date=long_ago, status="in_progress"
        ),
        "due today": AgreementFactory(text="Vence hoy", due_date=today()),
        "past fulfilled": AgreementFactory(text="Cumplido", due_date=long_ago, status="fulfilled"),
        "past cancelled": AgreementFactory(text="Cancelado", due_date=long_ago, status="cancelled"),
        "no due date": AgreementFactory(text="Sin plazo"),
    }
    rows["past pending"].responsible_bodies.set([coalition["HN"]])
    return rows


def test_overdue_is_read_from_the_due_date_and_the_status(register):
    read = {a.pk: a.current_status for a in selectors.agreement_list()}
    assert {name: read[a.pk] for name, a in register.items()} == {
        "past pending": "overdue",
        "past in progress": "overdue",
        "due today": "pending",
        "past fulfilled": "fulfilled",
        "past cancelled": "cancelled",
        "no due date": "pending",
    }
    stored = set(Agreement.objects.values_list("status", flat=True))
    assert "overdue" not in stored  # read, never written


def test_no_job_is_scheduled_for_it():
    tasks = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert not any("agreement" in task for task in tasks)


def test_the_register_filters_exports_and_shows_overdue(client, register, st_user):
    client.force_login(st_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("meetings:agreements")
    html = client.get(url, {"status": "overdue"}).content.decode()
    assert "Pendiente vencido" in html and "En curso vencido" in html
    assert "Vence hoy" not in html and "Cumplido" not in html
    assert "text-bg-danger" in html  # the overdue badge
    csv = client.get(url, {"format": "csv", "status": "overdue"}).content.decode("utf-8-sig")
    assert csv.count("Overdue") == 2 and "Sin plazo" not in csv
    detail = client.get(reverse("meetings:agreement-detail", args=[register["past pending"].pk]))
    assert "Overdue" in detail.content.decode()


def test_the_api_reads_and_filters_overdue(register, st_user):
    api = APIClient()
    api.force_authenticate(st_user)
    rows = api.get("/api/v1/agreements/", {"page_size": 50}).json()["results"]
    statuses = {r["text"]: r["status"] for r in rows}
    assert statuses["Pendiente vencido"] == statuses["En curso vencido"] == "overdue"
    assert statuses["Vence hoy"] == "pending" and statuses["Cumplido"] == "fulfilled"
    overdue = api.get("/api/v1/agreements/", {"status": "overdue"}).json()["results"]
    assert sorted(r["text"] for r in overdue) == ["En curso vencido", "Pendiente vencido"]


def test_home_tasks_name_the_overdue_agreements(register, st_user, focal_point_hn, focal_point_gt):
    def overdue_tasks(user):
        tasks = selectors.home_tasks(user=user, today=today())
        return [t for t in tasks if "status=overdue" in t.url]

    (st_task,) = overdue_tasks(st_user)
    assert st_task.text.startswith("2 ") and st_task.level == "warning"
    (hn_task,) = overdue_tasks(focal_point_hn)
    assert hn_task.text.startswith("1 ")
    assert f"body={focal_point_hn.national_body_id}" in hn_task.url
    assert overdue_tasks(focal_point_gt) == []  # Guatemala is responsible for none


def test_fulfilling_an_overdue_agreement_makes_it_read_fulfilled(register, st_user):
    agreement = register["past pending"]
    services.agreement_follow_up_add(
        user=st_user, agreement=agreement, note="Hecho", new_status="fulfilled"
    )
    assert selectors.agreement_detail(pk=agreement.pk).current_status == "fulfilled"


def test_nobody_sets_overdue_by_hand(register, st_user):
    with pytest.raises(ValidationError):
        services.agreement_update(user=st_user, agreement=register["due today"], status="overdue")
    with pytest.raises(ValidationError):
        services.agreement_follow_up_add(
            user=st_user, agreement=register["due today"], note="x", new_status="overdue"
        )
    assert Agreement.objects.get(pk=register["due today"].pk).status == "pending"


def test_the_migration_gives_back_the_status_the_old_job_replaced(coalition, st_user):
    agreement = AgreementFactory(due_date=dt.date(2026, 1, 1))
    services.agreement_update(
        user=st_user, agreement=agreement, status="in_progress", due_date=agreement.due_date
    )
    stale = AgreementFactory(due_date=dt.date(2026, 1, 1))
    for row in (agreement, stale):  # what the old daily job wrote (saved, with history)
        row.refresh_from_db()
        row.status = "overdue"
        row.save(update_fields=["status"])
    migration = importlib.import_module("meetings.migrations.0004_agenda_minutes")
    migration.unstore_overdue(apps, None)
    assert Agreement.objects.get(pk=agreement.pk).status == "in_progress"
    assert Agreement.objects.get(pk=stale.pk).status == "pending"


def test_the_demo_agreement_reads_overdue_once_past_its_due_date(db):
    """The issue's case: CR-2026-01 of the demo, due 30/06/2026, read "Pendiente" after that
    day because nothing ran the job. The demo loads through the services (its upcoming
    meeting is convened with an agenda beyond the opening items)."""
    import io

    from django.core.management import call_command

    from meetings.models import Meeting

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo_meetings", stdout=io.StringIO())
    agreement = Agreement.objects.get(number="CR-2026-01")
    assert agreement.due_date == dt.date(2026, 6, 30) and agreement.status == "pending"
    read = selectors.agreement_detail(pk=agreement.pk).current_status
    assert read == ("overdue" if today() > agreement.due_date else "pending")
    assert Meeting.objects.get(number=25).status == Meeting.Status.CONVENED
