"""A country's national bodies per crime (003 §VIII Pleno: the representatives are
designated by the rector entities "para cada uno de los delitos"): ST records a second
rector body for smuggling of migrants; never two bodies of a country for the same crime;
each body designates its own 2 + 2; "the national bodies" of the plan stay one per country."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext
from knox.models import AuthToken
from rest_framework.test import APIClient

from common.testing import refused
from members import services
from members.models import Country, NationalBody
from members.models.registry import ONE_BODY_PER_CRIME
from members.tests.factories import CountryFactory, UserFactory, designate
from plans.loaders import load_plan
from plans.models import POA, Activity, ActivityResponsible
from plans.selectors import activities_for_body

pytestmark = pytest.mark.django_db


def smuggling_body(st_user, iso="GT", **fields) -> NationalBody:
    return services.national_body_create(
        user=st_user,
        country=Country.objects.get(iso_code=iso),
        **{
            "name": "Comisión contra el Tráfico Ilícito de Migrantes (prueba)",
            "acronym": f"CTIM-{iso}",
            "kind": NationalBody.Kind.COMMISSION,
            "crimes": NationalBody.Crimes.SMUGGLING,
            **fields,
        },
    )


def test_st_adds_a_smuggling_rector_through_the_page(client, st_user, coalition):
    client.force_login(st_user)
    gt = coalition["GT"].country
    page = client.get(reverse("members:body-create") + "?country=gt")
    assert page.status_code == 200
    assert page.context["form"].initial["country"] == gt
    response = client.post(
        reverse("members:body-create"),
        {
            "country": gt.pk,
            "crimes": "smuggling",
            "name": "Comisión contra el Tráfico Ilícito de Migrantes (prueba)",
            "acronym": "CTIM-GT",
            "kind": "commission",
            "source": "Acuerdo de prueba",
        },
    )
    body = NationalBody.objects.get(acronym="CTIM-GT")
    assert response.status_code == 302
    assert response.url == reverse("members:body-detail", args=["CTIM-GT"])
    assert body.history.get().history_user == st_user
    assert list(gt.national_bodies.all()) == [coalition["GT"], body]  # principal first
    assert gt.principal_body == coalition["GT"] and not body.is_principal
    assert list(NationalBody.objects.principal().filter(country=gt)) == [coalition["GT"]]


@pytest.mark.parametrize(
    ("iso", "crimes"),
    [
        ("GT", "trafficking"),  # CIT is its trafficking rector
        ("GT", "both"),  # … so no body may cover both
        ("CR", "smuggling"),  # CONATT covers both crimes
        ("CR", "trafficking"),
    ],
)
def test_a_second_body_for_a_crime_already_covered_is_refused(st_user, coalition, iso, crimes):
    with refused("crime_already_covered", field="crimes") as error:
        smuggling_body(st_user, iso=iso, crimes=crimes)
    assert error.value.error_dict["crimes"][0].params["body"] == coalition[iso].acronym
    assert NationalBody.objects.filter(country__iso_code=iso).count() == 1


def test_a_third_body_is_refused_once_both_crimes_have_their_rector(st_user, coalition):
    smuggling_body(st_user)
    with refused("crime_already_covered", field="crimes"):
        smuggling_body(st_user, acronym="OTRO-GT")


@pytest.mark.parametrize("crimes", ["trafficking", "smuggling"])
def test_the_database_backs_up_one_body_per_crime(coalition, crimes):
    """What the admin or a script would try past the service: the partial unique
    constraints refuse a body for "both" beside one for either crime."""
    country = CountryFactory(iso_code="CO")
    NationalBody.objects.create(
        country=country, name="x", acronym="X1", kind="commission", crimes=crimes
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        NationalBody.objects.create(
            country=country, name="y", acronym="X2", kind="commission", crimes="both"
        )
    other = "smuggling" if crimes == "trafficking" else "trafficking"
    NationalBody.objects.create(
        country=country, name="z", acronym="X3", kind="commission", crimes=other
    )


def test_the_admin_form_says_why(client, admin_user, coalition):
    """The admin validates the constraint with its message (not a server error)."""
    client.force_login(admin_user)
    gt = coalition["GT"].country
    response = client.post(
        reverse("admin:members_nationalbody_add"),
        {"country": gt.pk, "name": "y", "acronym": "X2", "kind": "commission", "crimes": "both"},
    )
    assert response.status_code == 200
    assert str(ONE_BODY_PER_CRIME) in response.content.decode()
    assert not NationalBody.objects.filter(acronym="X2").exists()


def test_only_st_adds_a_body(client, coalition, focal_point_gt, presidency_user):
    for user in (focal_point_gt, presidency_user):
        with pytest.raises(PermissionDenied):
            smuggling_body(user)
        client.force_login(user)
        assert client.get(reverse("members:body-create")).status_code == 403
    assert not NationalBody.objects.filter(acronym="CTIM-GT").exists()


def test_each_rector_designates_its_own_two_titulars(st_user, coalition):
    cit = coalition["GT"]
    ctim = smuggling_body(st_user)
    designate(st_user, cit)
    designate(st_user, cit)
    designate(st_user, ctim)
    designate(st_user, ctim)  # the country now has four titulars, two per body
    with refused("too_many_in_force"):
        designate(st_user, ctim)


def test_a_focal_point_of_one_body_does_not_designate_for_the_other(
    client, st_user, coalition, focal_point_gt
):
    ctim = smuggling_body(st_user)
    with pytest.raises(PermissionDenied):
        designate(focal_point_gt, ctim)
    client.force_login(focal_point_gt)
    assert client.get(reverse("members:designation-create", args=[ctim.acronym])).status_code == 403
    own = UserFactory(username="fp-ctim", role="focal_point", national_body=ctim)
    assert designate(own, ctim).national_body == ctim


def test_the_national_bodies_of_the_plan_are_one_per_country(st_user, coalition):
    """An activity of "the national bodies" is reported by each country's principal body,
    never a second time by its smuggling rector; one named after that rector is its own."""
    ctim = smuggling_body(st_user)
    load_plan()
    poa = POA.objects.get(year=2018)
    every_body = Activity.objects.filter(
        operational_objective__poa=poa,
        responsibles__kind=ActivityResponsible.Kind.NATIONAL_BODIES,
    ).first()
    assert every_body is not None
    assert every_body in activities_for_body(poa=poa, body=coalition["GT"])
    assert not activities_for_body(poa=poa, body=ctim).exists()
    ActivityResponsible.objects.create(
        activity=every_body, kind=ActivityResponsible.Kind.NATIONAL_BODY, national_body=ctim
    )
    assert list(activities_for_body(poa=poa, body=ctim)) == [every_body]


def test_pages_and_api_show_both_bodies(client, st_user, coalition, partner):
    ctim = smuggling_body(st_user)
    client.force_login(st_user)
    directory = client.get(reverse("members:directory")).content.decode()
    assert (
        "CIT" in directory and "CTIM-GT" in directory and gettext("Add a rector body") in directory
    )
    detail = client.get(reverse("members:body-detail", args=["CIT"])).content.decode()
    assert reverse("members:body-detail", args=["CTIM-GT"]) in detail
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=partner)[1]}")
    row = api.get("/api/v1/countries/?iso_code=GT").json()["results"][0]
    assert row["national_body"] == "CIT"
    assert row["national_bodies"] == ["CIT", ctim.acronym]
    client.logout()
    public = client.get(reverse("members:directory")).content.decode()
    assert "CTIM-GT" in public and gettext("Add a rector body") not in public
