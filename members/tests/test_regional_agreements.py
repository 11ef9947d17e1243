"""003 §IV.C: the twelve regional agreements, loaded as legal instruments of their own scope
(issue 18) and shown in their own section of the legal framework page."""

from __future__ import annotations

import datetime as dt
import html

import pytest
import yaml
from django.urls import reverse

from members.loaders import LEGAL_FILE, load_legal_framework, load_regional_agreements
from members.models import LegalInstrument
from members.selectors import legal_matrix, regional_agreement_list

pytestmark = pytest.mark.django_db

SOURCE = yaml.safe_load(LEGAL_FILE.read_text(encoding="utf-8"))["regional_agreements"]


def test_the_twelve_agreements_are_loaded_in_the_source_order():
    assert load_regional_agreements() == {"agreements": 12}
    agreements = list(regional_agreement_list())
    assert [a.code for a in agreements] == [f"iv_c_{n:02d}" for n in range(1, 13)]
    assert [a.name for a in agreements] == [row["name"] for row in SOURCE]
    assert {a.scope for a in agreements} == {LegalInstrument.Scope.AGREEMENT}
    first, manual, convenio = agreements[0], agreements[7], agreements[9]
    assert first.year == 2015 and first.date is None and first.source == "003 §IV.C (línea 545)"
    assert "Posible discrepancia" in first.notes
    assert manual.year is None and manual.notes == "La fuente no da año."
    assert convenio.date == dt.date(2007, 12, 11) and convenio.year == 2007


def test_loading_again_changes_nothing():
    load_regional_agreements()
    history = LegalInstrument.history.count()
    assert load_regional_agreements() == {"agreements": 0}
    assert LegalInstrument.objects.filter(scope="agreement").count() == 12
    assert LegalInstrument.history.count() == history


def test_a_corrected_source_row_updates_its_instrument(tmp_path):
    load_regional_agreements()
    rows = [dict(row) for row in SOURCE]
    rows[2]["notes"] = "Nota corregida."
    path = tmp_path / "legal.yaml"
    path.write_text(yaml.safe_dump({"regional_agreements": rows}, allow_unicode=True))
    assert load_regional_agreements(path) == {"agreements": 1}
    assert LegalInstrument.objects.get(code="iv_c_03").notes == "Nota corregida."


def test_the_agreements_stay_out_of_the_ratification_matrix(coalition):
    load_legal_framework()
    load_regional_agreements()
    scopes = {instrument.scope for instrument, _cells in legal_matrix().rows}
    assert scopes == {"international", "regional"}


def test_the_legal_framework_page_shows_them_in_their_own_section(client, coalition, delegate):
    load_legal_framework()
    load_regional_agreements()
    client.force_login(delegate)
    page = html.unescape(client.get(reverse("members:legal-framework")).content.decode())
    section = page.split("Regional agreements (003 §IV.C)", 1)
    if len(section) == 1:  # the page is in Spanish once the lead translates the heading
        section = page.split('id="regional-agreements"', 1)
    assert len(section) == 2
    after = section[1]
    for row in SOURCE:
        assert row["name"] in after
    assert "11/12/2007" in after and "2015" in after and "La fuente no da año." in after


def test_the_page_keeps_its_query_count_with_the_agreements(
    client, coalition, django_assert_max_num_queries
):
    load_legal_framework()
    load_regional_agreements()
    with django_assert_max_num_queries(9) as first:
        client.get(reverse("members:legal-framework"))
    for n in range(20):
        LegalInstrument.objects.create(code=f"extra-{n}", name=f"Extra {n}", scope="agreement")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(reverse("members:legal-framework"))
    assert "Extra 19" in response.content.decode()
