"""An official's data (issue 23, data protection): the export of everything the platform
holds on a person, their erasure on request (person_anonymise) and the retention rule
(persons_due_for_anonymisation)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from meetings import services as meeting_services
from meetings.models import Attendance
from meetings.tests.factories import MeetingFactory
from members.models import Designation, Person, User
from members.selectors.privacy import person_data_export, persons_due_for_anonymisation
from members.services.privacy import person_anonymise
from members.tests.factories import DesignationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(coalition, st_user):
    """A Honduran titular who attended a meeting, has an account, and left office in 2025."""
    designation = DesignationFactory(
        national_body=coalition["HN"],
        person__first_name="Ana",
        person__last_name="Reyes",
        person__email="ana.reyes@gob.hn",
        person__phone="+504 2222-3333",
        start_date=dt.date(2024, 1, 1),
    )
    person = designation.person
    meeting = MeetingFactory()
    meeting_services.attendance_record(
        user=st_user,
        meeting=meeting,
        person=person,
        capacity=Attendance.Capacity.TITULAR,
        designation=designation,
    )
    Designation.objects.filter(pk=designation.pk).update(end_date=dt.date(2025, 12, 31))
    person.refresh_from_db()
    UserFactory(
        username="areyes",
        first_name="Ana",
        last_name="Reyes",
        email="ana.reyes@gob.hn",
        person=person,
        role=User.Role.DELEGATE,
        national_body=coalition["HN"],
    )
    return person


def test_the_export_gathers_everything_held_on_the_person(official):
    data = person_data_export(official)
    assert data["person"]["last_name"] == "Reyes"
    assert data["person"]["email"] == "ana.reyes@gob.hn"
    assert data["user_account"]["username"] == "areyes"
    assert "password" not in data["user_account"]
    assert [d["national_body_text"] for d in data["designations"]] == [
        str(official.designations.get().national_body)
    ]
    assert len(data["related"]["meetings.Attendance"]) == 1
    assert data["person_history"] and data["person_history"][0]["last_name"] == "Reyes"
    json.dumps(data)  # serialisable as it is


def test_st_and_the_person_download_it_others_not(client, official, st_user, coalition):
    url = reverse("members:person-export", args=[official.pk])
    client.force_login(st_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert json.loads(response.content)["person"]["first_name"] == "Ana"
    client.force_login(User.objects.get(username="areyes"))
    assert client.get(url).status_code == 200
    other = PersonFactory()
    assert client.get(reverse("members:person-export", args=[other.pk])).status_code == 403
    client.force_login(UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["HN"]))
    assert client.get(url).status_code == 403


def test_anonymise_scrubs_the_person_history_and_account_and_keeps_the_record(official, st_user):
    designation = official.designations.get()
    person_anonymise(st_user, official, "Solicitud de la persona, 2026-03-01")
    official.refresh_from_db()
    placeholder = f"Persona anonimizada #{official.pk}"
    assert str(official) == placeholder
    assert (official.email, official.phone) == ("", "")
    assert official.anonymised_at is not None
    names = set(official.history.values_list("first_name", "last_name", "email", "phone"))
    assert names == {("Persona anonimizada", f"#{official.pk}", "", "")}
    account = User.objects.get(person=official)
    assert not account.is_active and account.email == "" and account.first_name != "Ana"
    assert not account.history.filter(email="ana.reyes@gob.hn").exists()
    assert not account.history.filter(username="areyes").exists()
    # the institutional record stays
    designation.refresh_from_db()
    assert (designation.start_date, designation.end_date) == (
        dt.date(2024, 1, 1),
        dt.date(2025, 12, 31),
    )
    assert designation.national_body.country.iso_code == "HN"
    assert Attendance.objects.filter(person=official, designation=designation).count() == 1
    assert official.history.latest().history_change_reason.startswith("Solicitud")


def test_anonymise_is_refused_while_a_designation_is_in_force(official, st_user):
    Designation.objects.filter(person=official).update(end_date=None)
    with pytest.raises(ValidationError) as exc:
        person_anonymise(st_user, official, "Solicitud")
    assert exc.value.code == "person_in_office"
    official.refresh_from_db()
    assert official.last_name == "Reyes" and official.anonymised_at is None


def test_anonymise_needs_st_and_a_reason(official, st_user, coalition):
    focal_point = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition["HN"])
    with pytest.raises(PermissionDenied):
        person_anonymise(focal_point, official, "Solicitud")
    with pytest.raises(ValidationError) as exc:
        person_anonymise(st_user, official, "  ")
    assert exc.value.error_dict["reason"][0].code == "reason_required"
    person_anonymise(st_user, official, "Solicitud")
    with pytest.raises(ValidationError) as exc:
        person_anonymise(st_user, official, "Solicitud")
    assert exc.value.code == "person_anonymised"


def test_the_confirmation_page_erases_on_post(client, official, st_user):
    url = reverse("members:person-anonymise", args=[official.pk])
    client.force_login(st_user)
    page = client.get(url)
    assert page.status_code == 200 and b"Reyes" in page.content
    assert client.post(url, {"reason": ""}).status_code == 200  # reason required
    response = client.post(url, {"reason": "Solicitud de la persona"})
    assert response.status_code == 302
    official.refresh_from_db()
    assert official.anonymised_at is not None


def test_the_retention_rule_lists_who_is_past_it(official, settings, coalition):
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    # ended 2025-12-31: due from 2030-12-31 on, not before
    assert official not in persons_due_for_anonymisation(dt.date(2030, 12, 30))
    assert official in persons_due_for_anonymisation(dt.date(2030, 12, 31))
    settings.PERSONAL_DATA_RETENTION_YEARS = 6
    assert official not in persons_due_for_anonymisation(dt.date(2030, 12, 31))
    # a later designation in force keeps the person out
    settings.PERSONAL_DATA_RETENTION_YEARS = 5
    DesignationFactory(
        national_body=coalition["HN"], person=official, start_date=dt.date(2030, 1, 1)
    )
    assert official not in persons_due_for_anonymisation(dt.date(2031, 6, 1))


def test_the_retention_command_lists_them(official, settings):
    settings.PERSONAL_DATA_RETENTION_YEARS = 0
    out = io.StringIO()
    call_command("persons_due_for_anonymisation", stdout=out)
    assert f"{official.pk}\tAna Reyes" in out.getvalue()
    assert Person.objects.filter(pk=official.pk, anonymised_at__isnull=True).exists()


def test_the_privacy_notice_is_public_and_linked(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 200
    assert b"identity" in response.content or "identidad" in response.content.decode()
    assert reverse("privacy").encode() in client.get(reverse("home")).content
