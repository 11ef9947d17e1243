"""Offices over time (issue 16; SPEC §2; 003 §II, §VIII, §IX): the 2011 executive committee
closed as the sources allow, one holder per office at a time, the Technical Secretariat's
two-year term, and the offices page that shows holders, terms and electing agreements."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from common.testing import refused
from members import selectors, services
from members.models import Country, Office
from members.tests.factories import OfficeFactory

pytestmark = pytest.mark.django_db

ST = Office.Kind.TECHNICAL_SECRETARIAT
PRESIDENCY = Office.Kind.PRESIDENCY


def country(iso: str) -> Country:
    return Country.objects.get(iso_code=iso)


def record(user, iso: str, start: dt.date, end: dt.date | None = None, kind=PRESIDENCY, **fields):
    """A new holder of an office recorded through the service, its rules applied."""
    return services.office_holder_record(
        user=user, kind=kind, country=country(iso), start_date=start, end_date=end, **fields
    )


# --- The 2011 executive committee (003 §II, línea 100) ------------------------------------


def test_the_2011_offices_are_closed_by_the_latest_day_the_sources_allow(coalition):
    terms = {
        o.kind: o
        for o in Office.objects.filter(start_date=dt.date(2011, 9, 16)).select_related("country")
    }
    assert {k: t.country.iso_code for k, t in terms.items()} == {
        Office.Kind.COORDINATOR: "NI",
        ST: "CR",
        Office.Kind.VOCAL: "GT",
    }
    # 003 §IX: the ST's two-year period of work; 003 §VIII: the 2018-2027 plan's organs have
    # no coordinator or vocal. Bounds, never dates the sources state.
    assert terms[ST].end_date == dt.date(2013, 9, 15)
    assert terms[Office.Kind.COORDINATOR].end_date == dt.date(2017, 12, 31)
    assert terms[Office.Kind.VOCAL].end_date == dt.date(2017, 12, 31)
    assert all(t.end_is_latest for t in terms.values())
    assert "003 §IX" in terms[ST].source and "003 §VIII" in terms[Office.Kind.VOCAL].source


def test_costa_rica_no_longer_reads_as_technical_secretariat(coalition):
    assert selectors.office_holder(kind=ST, day=dt.date(2012, 1, 1)).country.iso_code == "CR"
    assert selectors.office_holder(kind=ST, day=dt.date(2013, 9, 16)) is None
    assert selectors.office_holder(kind=ST) is None


def test_the_offices_page_shows_holder_term_and_electing_agreement(client, coalition):
    html = client.get(reverse("members:offices")).content.decode()
    assert "Primera reunión formal de la Coalición Regional" in html
    # The bound is shown as a bound, not as a date the sources give.
    assert html.count('data-end="latest"') == 3
    assert "15/09/2013" in html


# --- One holder per office at a time -------------------------------------------------------


def test_a_new_holder_closes_the_previous_holders_term(st_user, coalition):
    old = record(st_user, "GT", dt.date(2025, 1, 1))
    new = record(st_user, "HN", dt.date(2026, 7, 1), electing_agreement="CR-2026-03")
    old.refresh_from_db()
    assert old.end_date == dt.date(2026, 6, 30)
    assert selectors.office_holder(kind=PRESIDENCY, day=dt.date(2026, 6, 30)) == old
    assert selectors.office_holder(kind=PRESIDENCY, day=dt.date(2026, 7, 1)) == new
    assert new.electing_agreement == "CR-2026-03"
    assert old.history.count() == 2  # the hand-over is in the history


def test_a_term_overlapping_a_later_one_is_refused(st_user, coalition):
    record(st_user, "GT", dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    with refused("office_term_overlaps"):
        record(st_user, "HN", dt.date(2026, 1, 1), dt.date(2027, 3, 31))
    assert Office.objects.filter(kind=PRESIDENCY).count() == 1


def test_two_holders_starting_the_same_day_are_refused(st_user, coalition):
    record(st_user, "GT", dt.date(2026, 1, 1))
    with refused("office_term_overlaps"):
        record(st_user, "HN", dt.date(2026, 1, 1))


def test_extending_a_term_into_the_next_holders_is_refused(st_user, coalition):
    first = record(st_user, "GT", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    record(st_user, "HN", dt.date(2026, 1, 1))
    with refused("office_term_overlaps"):
        services.office_update(
            user=st_user,
            office=first,
            expected_version=first.version,
            end_date=dt.date(2026, 3, 31),
        )


def test_the_database_keeps_one_open_term_per_office(coalition):
    OfficeFactory(
        kind=PRESIDENCY, country=country("GT"), start_date=dt.date(2025, 1, 1), end_date=None
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.create(
            kind=PRESIDENCY, country=country("HN"), start_date=dt.date(2026, 1, 1)
        )


def test_only_a_member_country_holds_an_office(st_user, coalition):
    outsider = Country.objects.create(iso_code="CO", name_es="Colombia", name_en="Colombia")
    with refused("not_a_member_country", field="country"):
        services.office_holder_record(
            user=st_user, kind=PRESIDENCY, country=outsider, start_date=dt.date(2026, 1, 1)
        )


def test_only_st_records_an_office_holder(presidency_user, coalition):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        record(presidency_user, "GT", dt.date(2026, 1, 1))


# --- The Technical Secretariat's two-year term (003 §IX) ----------------------------------


def test_the_secretariat_term_is_two_years_by_default(st_user, coalition):
    term = record(st_user, "SV", dt.date(2025, 1, 1), kind=ST)
    assert term.end_date == dt.date(2026, 12, 31)
    assert services.secretariat_term_last_day(dt.date(2024, 2, 29)) == dt.date(2026, 2, 28)


def test_a_secretariat_term_longer_than_two_years_is_refused(st_user, coalition):
    with refused("secretariat_term_too_long", field="end_date"):
        record(st_user, "SV", dt.date(2025, 1, 1), dt.date(2027, 1, 1), kind=ST)
    assert not Office.objects.filter(kind=ST, country__iso_code="SV").exists()


# --- Pages ---------------------------------------------------------------------------------


def test_st_records_a_holder_on_the_offices_page(client, st_user, coalition):
    client.force_login(st_user)
    response = client.post(
        reverse("members:office-create"),
        {
            "kind": ST,
            "country": country("PA").pk,
            "start_date": "2026-02-01",
            "electing_agreement": "CR-2026-01",
        },
    )
    assert response.status_code == 302
    holder = selectors.office_holder(kind=ST, day=dt.date(2026, 2, 1))
    assert (holder.country.iso_code, holder.end_date) == ("PA", dt.date(2028, 1, 31))
    html = client.get(reverse("members:offices")).content.decode()
    assert "CR-2026-01" in html and "Panamá" in html


def test_a_stale_office_edit_is_refused(client, st_user, coalition):
    term = record(st_user, "GT", dt.date(2025, 1, 1))
    services.office_update(
        user=st_user, office=term, expected_version=1, end_date=None, electing_agreement="A"
    )
    with refused("stale_version"):
        services.office_update(
            user=st_user, office=term, expected_version=1, end_date=None, electing_agreement="B"
        )
    term.refresh_from_db()
    assert term.electing_agreement == "A"


@pytest.mark.parametrize("who", ["focal_point_hn", "delegate", "observer", "presidency_user"])
def test_only_st_reaches_the_office_forms(client, request, coalition, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("members:office-create")).status_code == 403
    term = Office.objects.filter(kind=ST).first()
    assert client.get(reverse("members:office-edit", args=[term.pk])).status_code == 403
