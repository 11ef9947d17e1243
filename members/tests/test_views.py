from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Designation, Person
from members.tests.factories import DesignationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_public_directory_lists_the_nine_bodies(client, coalition, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):  # the countries' bodies: one prefetch
        response = client.get(reverse("members:directory"))
    assert response.status_code == 200
    for acronym in ("CONATT", "CIT", "CICESCT", "CNCTP"):
        assert acronym in response.content.decode()


def test_body_page_shows_current_and_past_representatives(client, st_user, coalition):
    hn = coalition["HN"]
    DesignationFactory(national_body=hn, person__first_name="Ana", person__last_name="Actual")
    DesignationFactory(
        national_body=hn,
        person__first_name="Pedro",
        person__last_name="Pasado",
        start_date=dt.date(2019, 1, 1),
        end_date=dt.date(2020, 12, 31),
    )
    client.force_login(st_user)
    html = client.get(reverse("members:body-detail", args=["CICESCT"])).content.decode()
    current, past = html.split("Representantes anteriores")
    assert "Ana Actual" in current and "Pedro Pasado" not in current
    assert "Pedro Pasado" in past


def test_anonymous_visitor_does_not_see_representatives(client, coalition):
    DesignationFactory(national_body=coalition["HN"], person__last_name="Reservado")
    html = client.get(reverse("members:body-detail", args=["CICESCT"])).content.decode()
    assert "Reservado" not in html


def test_focal_point_of_honduras_cannot_designate_for_guatemala(client, focal_point_hn, coalition):
    guatemalan = PersonFactory(country=coalition["GT"].country)
    client.force_login(focal_point_hn)
    url = reverse("members:designation-create", args=["CIT"])
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "person": guatemalan.pk,
            "role": "titular",
            "start_date": "2025-01-01",
        },
    )
    assert response.status_code == 403
    assert not Designation.objects.exists()


def test_focal_point_cannot_edit_or_revoke_in_another_country(client, focal_point_hn, coalition):
    guatemalan = PersonFactory(country=coalition["GT"].country, last_name="Original")
    designation = DesignationFactory(national_body=coalition["GT"])
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("members:person-edit", args=[guatemalan.pk]),
        {"first_name": "X", "last_name": "Cambiado", "institution": "X", "language": "es"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("members:designation-revoke", args=[designation.pk]),
        {"revoked_on": "2025-02-01", "reason": "intento"},
    )
    assert response.status_code == 403
    guatemalan.refresh_from_db()
    designation.refresh_from_db()
    assert guatemalan.last_name == "Original"
    assert designation.revoked_on is None


def test_focal_point_adds_a_person_to_their_own_country(client, focal_point_hn, coalition):
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("members:person-create"),
        {
            "first_name": "Lucía",
            "last_name": "Mejía",
            "institution": "Ministerio Público",
            "language": "es",
            "country": coalition["GT"].country.pk,  # ignored: not in their form
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(last_name="Mejía").country == coalition["HN"].country


def test_observer_cannot_edit_anything(client, observer, coalition):
    person = PersonFactory(country=coalition["HN"].country)
    client.force_login(observer)
    assert client.get(reverse("members:person-create")).status_code == 403
    assert client.post(reverse("members:person-edit", args=[person.pk]), {}).status_code == 403
    url = reverse("members:designation-create", args=["CICESCT"])
    assert (
        client.post(
            url, {"person": person.pk, "role": "titular", "start_date": "2025-01-01"}
        ).status_code
        == 403
    )
    assert not Designation.objects.exists()


def test_designation_form_shows_the_two_titulars_message(client, focal_point_hn, coalition):
    hn = coalition["HN"]
    DesignationFactory.create_batch(2, national_body=hn)
    person = PersonFactory(country=hn.country)
    client.force_login(focal_point_hn)
    response = client.post(
        reverse("members:designation-create", args=["CICESCT"]),
        {
            "person": person.pk,
            "role": "titular",
            "start_date": "2025-03-01",
        },
    )
    assert response.status_code == 200
    assert "ya tiene 2 representantes titulares" in response.content.decode()
    assert Designation.objects.filter(person=person).count() == 0


def test_designation_with_letter_through_the_form(client, st_user, coalition):
    from django.core.files.uploadedfile import SimpleUploadedFile

    hn = coalition["HN"]
    person = PersonFactory(country=hn.country)
    client.force_login(st_user)
    letter = SimpleUploadedFile("carta.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(
        reverse("members:designation-create", args=["CICESCT"]),
        {
            "person": person.pk,
            "role": "alternate",
            "start_date": "2025-03-01",
            "accreditation_letter": letter,
        },
    )
    assert response.status_code == 302
    designation = Designation.objects.get(person=person)
    download = client.get(reverse("members:designation-letter-download", args=[designation.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("size", [3, 30])
def test_people_directory_queries_do_not_grow(
    client, st_user, coalition, size, django_assert_max_num_queries
):
    for body in list(coalition.values())[:3]:
        DesignationFactory.create_batch(1, national_body=body)
    PersonFactory.create_batch(size, country=coalition["HN"].country)
    client.force_login(st_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:person-list"))
    assert response.status_code == 200


def test_people_directory_filters_and_exports(client, st_user, coalition):
    hn, gt = coalition["HN"], coalition["GT"]
    DesignationFactory(
        national_body=hn, person__last_name="Titular", person__institution="Fiscalía"
    )
    PersonFactory(country=gt.country, last_name="Guatemalteco", institution="SVET")
    client.force_login(st_user)
    html = client.get(reverse("members:person-list"), {"country": hn.country.pk}).content.decode()
    assert "Titular" in html and "Guatemalteco" not in html
    html = client.get(reverse("members:person-list"), {"role": "titular"}).content.decode()
    assert "Titular" in html and "Guatemalteco" not in html
    csv = client.get(reverse("members:person-list"), {"format": "csv", "institution": "svet"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Guatemalteco" in csv.content.decode(
        "utf-8-sig"
    ) and "Titular" not in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("members:person-list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["Guatemalteco", "Titular"]


def test_directory_needs_login(client, coalition):
    response = client.get(reverse("members:person-list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_history_view_is_for_the_secretariat(client, st_user, focal_point_hn, coalition):
    person = PersonFactory(country=coalition["HN"].country, last_name="Antes")
    person.last_name = "Después"
    person.save()
    client.force_login(focal_point_hn)
    assert client.get(reverse("history")).status_code == 403
    client.force_login(st_user)
    assert "Después" in client.get(reverse("history")).content.decode()
    detail = client.get(reverse("history-detail", args=["members", "person", person.pk]))
    html = detail.content.decode()
    assert "Antes" in html and "Después" in html


def test_partner_agencies_do_not_read_the_contacts_directory(client, partner, coalition):
    PersonFactory(country=coalition["HN"].country, email="privado@example.org")
    client.force_login(partner)
    assert client.get(reverse("members:person-list")).status_code == 403
    assert client.get(reverse("members:person-list"), {"format": "csv"}).status_code == 403


def test_people_count_is_pluralised_in_spanish(client, st_user, coalition):
    PersonFactory.create_batch(2, country=coalition["HN"].country)
    client.force_login(st_user)
    assert "2 personas" in client.get(reverse("members:person-list")).content.decode()
