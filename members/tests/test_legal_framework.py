"""003 §IV tables loaded exactly, blanks kept blank."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from members.loaders import load_legal_framework
from members.models import LegalInstrument, NationalLaw, Ratification

pytestmark = pytest.mark.django_db


def cell(code: str, iso: str) -> Ratification | None:
    return Ratification.objects.filter(instrument__code=code, country__iso_code=iso).first()


def test_palermo_trafficking_protocol_for_honduras(coalition):
    load_legal_framework()
    assert cell("palermo_trafficking", "HN").date == dt.date(2008, 4, 1)
    assert cell("palermo_smuggling", "HN").date == dt.date(2008, 11, 18)


def test_regional_table_dates_are_read_month_first(coalition):
    """Table IV.B writes 11/13/95: month/day/two-digit year (OAS format)."""
    load_legal_framework()
    assert cell("belem_do_para", "SV").date == dt.date(1995, 11, 13)
    assert cell("belem_do_para", "SV").deposit_date == dt.date(1996, 1, 26)


def test_blanks_in_the_source_stay_blank(coalition):
    load_legal_framework()
    assert cell("opcat", "SV") is None
    assert not Ratification.objects.filter(country__iso_code="BZ").exists()
    assert Ratification.objects.count() == 134


def test_adhesions_and_counts(coalition):
    first = load_legal_framework()
    assert first == {"instruments": 18, "ratifications": 134, "laws": 12}
    assert cell("inter_american_traffic_in_minors", "DO").adhesion
    assert cell("inter_american_traffic_in_minors", "DO").date == dt.date(2011, 9, 23)
    assert cell("cat", "DO").date == dt.date(2012, 1, 24)
    assert load_legal_framework() == {"instruments": 0, "ratifications": 0, "laws": 0}
    assert NationalLaw.objects.filter(country__iso_code="HN", name__contains="59-2012").exists()


def test_legal_matrix_page_is_public_with_constant_queries(
    client, coalition, django_assert_max_num_queries
):
    load_legal_framework()
    with django_assert_max_num_queries(8) as first:
        response = client.get(reverse("members:legal-framework"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "01/04/2008" in html
    for n in range(20):
        LegalInstrument.objects.create(code=f"extra-{n}", name=f"Extra {n}", scope="regional")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("members:legal-framework"))
