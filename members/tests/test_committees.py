"""Committees kept on their pages (issue 16; SPEC §2; 003 §I, §X): the Petit Comité as the
sources define it, ST creating and editing committees with history and a version check,
member countries and people with their rules, and who reads or changes the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from common.testing import refused
from members import selectors, services
from members.loaders import load_coalition
from members.models import Committee, CommitteeCountry, Country
from members.tests.factories import DesignationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pc(coalition) -> Committee:
    return Committee.objects.get(code="PC")


def iso(country_qs) -> list[str]:
    return sorted(country_qs.values_list("iso_code", flat=True))


# --- The Petit Comité from the sources (003 §I) -------------------------------------------


def test_the_petit_comite_is_loaded_from_the_source(pc):
    assert (pc.name, pc.kind) == ("Petit Comité", Committee.Kind.PETIT)
    assert iso(selectors.committee_countries_on(pc, dt.date(2026, 3, 10))) == ["CR", "GT", "HN"]
    assert pc.source.startswith("003 §I")
    assert "Línea Base" in pc.mandate


def test_reloading_keeps_what_st_keeps_on_the_page(st_user, pc):
    services.committee_update(
        user=st_user, committee=pc, expected_version=pc.version, work_agenda="1. Línea Base"
    )
    seat = pc.countries.get(country__iso_code="HN")
    services.committee_country_end(user=st_user, seat=seat, end_date=dt.date(2026, 1, 31))
    assert set(load_coalition().values()) == {0}
    pc.refresh_from_db()
    seat.refresh_from_db()
    assert pc.work_agenda == "1. Línea Base"
    assert seat.end_date == dt.date(2026, 1, 31)


# --- Committees ----------------------------------------------------------------------------


def test_st_creates_a_committee_with_a_code(st_user, coalition):
    committee = services.committee_create(
        user=st_user,
        name="Comité de la Estrategia de Comunicación",
        code="ce",
        kind=Committee.Kind.WORKING,
        created_by="POA 2018, actividad 4.1.2.1",
    )
    assert committee.code == "CE"
    with refused("code_required", field="code"):
        services.committee_create(user=st_user, name="Sin código", kind=Committee.Kind.WORKING)


def test_two_committees_cannot_share_a_code(st_user, pc):
    with pytest.raises(ValidationError) as error:
        services.committee_create(user=st_user, name="Otro", code="PC", kind="working")
    assert "committee_code_taken" in [e.code for e in error.value.error_dict["__all__"]]


def test_only_st_creates_or_edits_a_committee(presidency_user, focal_point_hn, pc):
    for user in (presidency_user, focal_point_hn):
        with pytest.raises(PermissionDenied):
            services.committee_create(user=user, name="X", code="X", kind="working")
        with pytest.raises(PermissionDenied):
            services.committee_update(
                user=user, committee=pc, expected_version=pc.version, mandate="x"
            )


def test_an_edit_from_a_stale_form_is_refused_and_history_is_kept(st_user, pc):
    version = pc.version
    services.committee_update(
        user=st_user, committee=pc, expected_version=version, work_agenda="Primera versión"
    )
    with refused("stale_version"):
        services.committee_update(
            user=st_user, committee=pc, expected_version=version, work_agenda="Otra"
        )
    pc.refresh_from_db()
    assert pc.work_agenda == "Primera versión"
    assert pc.history.first().history_user == st_user


# --- Member countries and people ----------------------------------------------------------


def test_a_country_outside_the_coalition_cannot_join_a_committee(st_user, pc):
    outsider = Country.objects.create(iso_code="CO", name_es="Colombia", name_en="Colombia")
    with refused("not_a_member_country"):
        services.committee_country_add(
            user=st_user, committee=pc, country=outsider, start_date=dt.date(2026, 1, 1)
        )


def test_a_country_cannot_hold_two_seats_at_once(st_user, pc):
    with refused("already_a_member"):
        services.committee_country_add(
            user=st_user,
            committee=pc,
            country=Country.objects.get(iso_code="CR"),
            start_date=dt.date(2026, 1, 1),
        )


def test_a_country_joins_and_counts_from_its_start(st_user, pc):
    panama = Country.objects.get(iso_code="PA")
    services.committee_country_add(
        user=st_user, committee=pc, country=panama, start_date=dt.date(2026, 4, 1)
    )
    assert "PA" not in iso(selectors.committee_countries_on(pc, dt.date(2026, 3, 31)))
    assert "PA" in iso(selectors.committee_countries_on(pc, dt.date(2026, 4, 1)))


def test_only_a_representative_of_a_committee_country_sits_on_it(st_user, pc, coalition):
    honduran = DesignationFactory(national_body=coalition["HN"], start_date=dt.date(2025, 1, 1))
    member = services.committee_member_add(
        user=st_user, committee=pc, designation=honduran, start_date=dt.date(2026, 1, 1)
    )
    assert member.designation.national_body.country.iso_code == "HN"
    panamanian = DesignationFactory(national_body=coalition["PA"], start_date=dt.date(2025, 1, 1))
    with refused("not_a_committee_country"):
        services.committee_member_add(
            user=st_user, committee=pc, designation=panamanian, start_date=dt.date(2026, 1, 1)
        )


def test_ending_a_countrys_seat_ends_its_peoples(st_user, pc, coalition):
    honduran = DesignationFactory(national_body=coalition["HN"], start_date=dt.date(2025, 1, 1))
    member = services.committee_member_add(
        user=st_user, committee=pc, designation=honduran, start_date=dt.date(2026, 1, 1)
    )
    seat = CommitteeCountry.objects.get(committee=pc, country__iso_code="HN")
    services.committee_country_end(user=st_user, seat=seat, end_date=dt.date(2026, 6, 30))
    member.refresh_from_db()
    assert member.end_date == dt.date(2026, 6, 30)
    assert iso(selectors.committee_countries_on(pc, dt.date(2026, 7, 1))) == ["CR", "GT"]


# --- Pages ---------------------------------------------------------------------------------


def test_st_creates_and_edits_a_committee_on_its_pages(client, st_user, coalition):
    client.force_login(st_user)
    response = client.post(
        reverse("members:committee-create"),
        {"name": "Comité de Movilización de Recursos", "code": "MR", "kind": "working"},
    )
    committee = Committee.objects.get(code="MR")
    assert response["Location"] == reverse("members:committee-detail", args=[committee.pk])
    edit = reverse("members:committee-edit", args=[committee.pk])
    form = client.get(edit).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(work_agenda="1. Diagnóstico de fuentes", version=committee.version)
    assert client.post(edit, data).status_code == 302
    committee.refresh_from_db()
    assert committee.work_agenda == "1. Diagnóstico de fuentes"
    # The same form posted again, from the version it was read at, is refused.
    response = client.post(edit, data)
    assert response.status_code == 200
    assert "stale_version" in [
        e.code for e in response.context["form"].non_field_errors().as_data()
    ]


def test_the_committee_page_shows_mandate_countries_and_work_agenda(client, delegate, pc):
    client.force_login(delegate)
    html = client.get(reverse("members:committee-detail", args=[pc.pk])).content.decode()
    for text in ("Petit Comité", "Costa Rica", "Guatemala", "Honduras", "Línea Base"):
        assert text in html
    assert reverse("members:committee-edit", args=[pc.pk]) not in html  # read-only for them
    assert reverse("meetings:committee-decisions", args=[pc.pk]) in html


@pytest.mark.parametrize("who", ["delegate", "focal_point_hn", "observer", "presidency_user"])
def test_other_roles_read_committees_but_do_not_change_them(client, request, pc, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("members:committee-list")).status_code == 200
    assert client.get(reverse("members:committee-detail", args=[pc.pk])).status_code == 200
    for name in ("committee-edit", "committee-country-add", "committee-member-add"):
        assert client.get(reverse(f"members:{name}", args=[pc.pk])).status_code == 403
    assert client.post(reverse("members:committee-create"), {"name": "X"}).status_code == 403


def test_a_partner_agency_does_not_read_the_committee_pages(client, partner, pc):
    client.force_login(partner)
    assert client.get(reverse("members:committee-list")).status_code == 403
    assert client.get(reverse("members:committee-detail", args=[pc.pk])).status_code == 403


def test_the_committee_list_reads_in_a_fixed_number_of_queries(
    client, st_user, pc, django_assert_max_num_queries
):
    client.force_login(st_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:committee-list"))
    assert "Petit Comité" in response.content.decode()
