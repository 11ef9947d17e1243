"""Institutions and contact points (issue 19): freshness at its edges, a focal point kept to
their own country on every path, versions, identity numbers refused, reminders, home task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from common.testing import refused
from communications.models import Delivery
from directories import services
from directories.models import ContactPoint
from directories.selectors import freshness_board, home_tasks, stale_q
from directories.tests.factories import ContactPointFactory, InstitutionFactory
from members.models import Country

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 7, 1)


def _country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


def _stale_ids(today=TODAY) -> set[int]:
    return set(ContactPoint.objects.filter(stale_q(today)).values_list("pk", flat=True))


# --- Freshness ---------------------------------------------------------------------------


@pytest.mark.parametrize("days", [30, 90, 180, 365])
def test_fresh_on_the_due_day_stale_the_day_after(days):
    verified = TODAY - dt.timedelta(days=days)
    on_due_day = ContactPointFactory(verified_on=verified, review_interval_days=days)
    day_after = ContactPointFactory(
        verified_on=verified - dt.timedelta(days=1), review_interval_days=days
    )
    assert not on_due_day.is_stale(TODAY)
    assert day_after.is_stale(TODAY)
    stale = _stale_ids()
    assert on_due_day.pk not in stale
    assert day_after.pk in stale


def test_never_verified_is_stale():
    entry = ContactPointFactory(verified_on=None)
    assert entry.is_stale(TODAY)
    assert entry.pk in _stale_ids()


def test_freshness_board_counts_per_country_and_type(coalition):
    ContactPointFactory(verified_on=TODAY)
    ContactPointFactory(verified_on=None)
    ContactPointFactory(country=_country("GT"), type="consulate", verified_on=TODAY)
    types, rows = freshness_board(TODAY)
    by_country = {row.country.iso_code: row for row in rows}
    column = [t for t, _label in types].index("attention_centre")
    assert (by_country["HN"].cells[column].fresh, by_country["HN"].cells[column].stale) == (1, 1)
    consulate = [t for t, _label in types].index("consulate")
    assert by_country["GT"].cells[consulate].fresh == 1
    assert by_country["GT"].stale == 0


def test_freshness_board_is_for_st_only(client, st_user, focal_point_hn):
    url = reverse("contacts:freshness")
    client.force_login(focal_point_hn)
    assert client.get(url).status_code == 403
    client.force_login(st_user)
    assert client.get(url).status_code == 200


# --- Every path keeps a focal point to their own country -------------------------------


def _fields(**extra):
    data = {
        "country": _country("GT"),
        "type": "attention_centre",
        "name": "Centro de atención a personas migrantes",
        "email": "centro@example.org",
        "phone": "+502 2411-0000",
        "areas": ["attention"],
    }
    return {**data, **extra}


def test_focal_point_refused_on_another_countrys_entries_in_services(focal_point_hn):
    gt_entry = ContactPointFactory(country=_country("GT"))
    with pytest.raises(PermissionDenied):
        services.contact_point_create(user=focal_point_hn, **_fields())
    with pytest.raises(PermissionDenied):
        services.contact_point_update(
            user=focal_point_hn, contact_point=gt_entry, expected_version=1, name="x"
        )
    with pytest.raises(PermissionDenied):
        services.contact_point_verify(user=focal_point_hn, contact_point=gt_entry)
    with pytest.raises(PermissionDenied):
        services.institution_create(
            user=focal_point_hn, country=_country("GT"), name="x", sector="state", level="technical"
        )
    gt_institution = InstitutionFactory(country=_country("GT"))
    with pytest.raises(PermissionDenied):
        services.institution_update(
            user=focal_point_hn, institution=gt_institution, expected_version=1, name="x"
        )
    # Nor may they move their own entry to another country.
    own = ContactPointFactory()
    with pytest.raises(PermissionDenied):
        services.contact_point_update(
            user=focal_point_hn, contact_point=own, expected_version=1, country=_country("GT")
        )
    own.refresh_from_db()
    assert own.country.iso_code == "HN"


def test_focal_point_keeps_own_country_and_st_everything(focal_point_hn, st_user):
    entry = services.contact_point_create(user=focal_point_hn, **_fields(country=_country("HN")))
    assert entry.review_interval_days == 180
    services.contact_point_verify(user=focal_point_hn, contact_point=entry, today=TODAY)
    assert entry.verified_on == TODAY
    gt = services.contact_point_create(
        user=st_user, **_fields(type="public_ministry", function="prosecutor")
    )
    assert gt.review_interval_days == 90  # the Public Ministry team's default
    assert gt.history.count() == 1


def test_focal_point_refused_on_another_countrys_pages(client, focal_point_hn):
    gt_entry = ContactPointFactory(country=_country("GT"))
    gt_institution = InstitutionFactory(country=_country("GT"))
    client.force_login(focal_point_hn)
    assert client.get(reverse("contacts:edit", args=[gt_entry.pk])).status_code == 403
    post = {
        "country": gt_entry.country_id,
        "type": "attention_centre",
        "name": "x",
        "review_interval_days": 180,
        "version": 1,
    }
    assert client.post(reverse("contacts:edit", args=[gt_entry.pk]), post).status_code == 403
    assert client.post(reverse("contacts:verify", args=[gt_entry.pk])).status_code == 403
    assert (
        client.post(reverse("contacts:institution-edit", args=[gt_institution.pk]), {})
    ).status_code == 403
    # Creating for Guatemala: the country is not among the form's choices, nothing saved.
    response = client.post(reverse("contacts:create"), post)
    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    gt_entry.refresh_from_db()
    assert gt_entry.name != "x" and gt_entry.verified_on == dt.date(2026, 1, 1)
    assert not ContactPoint.objects.filter(name="x").exists()


def test_focal_point_creates_and_verifies_own_entry_through_pages(client, focal_point_hn):
    client.force_login(focal_point_hn)
    hn = _country("HN")
    response = client.post(
        reverse("contacts:create"),
        {
            "country": hn.pk,
            "type": "consulate",
            "name": "Consulado (demo)",
            "email": "consulado@example.org",
            "phone": "+504 2237-0000",
            "areas": ["consular"],
            "review_interval_days": 180,
        },
    )
    entry = ContactPoint.objects.get(name="Consulado (demo)")
    assert response.status_code == 302
    assert entry.verified_on is None
    client.post(reverse("contacts:verify", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.verified_on is not None


def test_a_stale_form_is_refused(focal_point_hn):
    entry = ContactPointFactory()
    services.contact_point_update(
        user=focal_point_hn, contact_point=entry, expected_version=1, name="Primero"
    )
    with refused("stale_version"):
        services.contact_point_update(
            user=focal_point_hn, contact_point=entry, expected_version=1, name="Segundo"
        )


# --- Bad input ---------------------------------------------------------------------------


def test_passport_number_in_notes_is_refused(focal_point_hn):
    with refused("identity_number", field="notes"):
        services.contact_point_create(
            user=focal_point_hn,
            **_fields(country=_country("HN"), notes="Atendió a la víctima, pasaporte G1234567"),
        )


@pytest.mark.parametrize(
    "field,value,code",
    [
        ("email", "not-an-email", "invalid"),
        ("phone", "call 2237", "invalid_phone"),
        ("phone", "12345", "invalid_phone"),
        ("phone", "+504 " + "1" * 21, "invalid_phone"),
        ("website", "notaurl", "invalid"),
        ("areas", ["weather"], "invalid_areas"),
    ],
)
def test_invalid_contact_data_is_refused(focal_point_hn, field, value, code):
    with refused(code, field=field):
        services.contact_point_create(
            user=focal_point_hn, **_fields(country=_country("HN"), **{field: value})
        )


def test_type_specific_fields(st_user):
    with refused("authority_status_required", field="authority_status"):
        services.contact_point_create(user=st_user, **_fields(type="central_authority"))
    with refused("function_required", field="function"):
        services.contact_point_create(user=st_user, **_fields(type="public_ministry"))
    other = InstitutionFactory()  # Honduras
    with refused("institution_country", field="institution"):
        services.contact_point_create(user=st_user, **_fields(institution=other))
    entry = services.contact_point_create(
        user=st_user,
        **_fields(
            type="central_authority",
            authority_status="pending",
            designating_act="Acuerdo ministerial (demo)",
        ),
    )
    assert entry.authority_status == "pending"


# --- Reminders and home task -------------------------------------------------------------


def test_each_country_gets_one_reminder_listing_its_stale_entries(
    focal_point_hn, focal_point_gt, delegate
):
    stale = ContactPointFactory(name="Centro vencido", verified_on=None)
    ContactPointFactory(name="Centro al día", verified_on=TODAY)
    sent = services.stale_reminders_send(today=TODAY)
    assert sent == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [focal_point_hn.email]
    assert "Centro vencido" in message.body and "Centro al día" not in message.body
    assert reverse("contacts:detail", args=[stale.pk]) in message.body
    delivery = Delivery.objects.get(user=focal_point_hn)
    assert delivery.kind == "directory_review"


def test_home_task_for_focal_points_with_stale_entries(focal_point_hn, focal_point_gt):
    ContactPointFactory(verified_on=None)
    [task] = home_tasks(focal_point_hn, TODAY)
    assert "stale=on" in task.url
    assert home_tasks(focal_point_gt, TODAY) == []


def test_verified_with_bad_data_stays_refused():
    with pytest.raises(ValidationError):
        ContactPointFactory.build(phone="abc").full_clean()


def test_demo_directory_loads_once():
    from django.core.management import call_command

    call_command("load_demo_directory")
    n = ContactPoint.objects.filter(name__endswith="(demo)").count()
    assert n == 14
    call_command("load_demo_directory")
    assert ContactPoint.objects.filter(name__endswith="(demo)").count() == n


def test_daily_task_sends_the_reminders(focal_point_hn):
    from directories.tasks import send_stale_reminders

    ContactPointFactory(verified_on=None)
    assert send_stale_reminders.delay().get() == 1


def test_focal_point_adds_an_institution_of_their_country_only(client, focal_point_hn):
    client.force_login(focal_point_hn)
    hn, gt = _country("HN"), _country("GT")
    data = {
        "name": "Secretaría (demo)",
        "sector": "state",
        "level": "political",
        "areas": ["protection"],
    }
    cicesct, cit = hn.principal_body, gt.principal_body
    client.post(
        reverse("contacts:institution-create"),
        {**data, "country": gt.pk, "national_bodies": [cit.pk]},
    )
    assert not hn.institutions.exists() and not gt.institutions.exists()
    # Its country's body only: Guatemala's CIT is not even a choice on the form.
    response = client.post(
        reverse("contacts:institution-create"),
        {**data, "country": hn.pk, "national_bodies": [cit.pk]},
    )
    assert response.status_code == 200 and not hn.institutions.exists()
    response = client.post(
        reverse("contacts:institution-create"),
        {**data, "country": hn.pk, "national_bodies": [cicesct.pk]},
    )
    assert response.status_code == 302
    assert list(hn.institutions.get().national_bodies.all()) == [cicesct]
    assert client.get(reverse("contacts:institutions")).status_code == 200
