from __future__ import annotations

import pytest
from django.core.management import call_command

from members.loaders import load_coalition
from members.models import Country, Membership, NationalBody, ObserverOrganisation

pytestmark = pytest.mark.django_db

# 003 §III and 000 note 1: one body per member country.
EXPECTED_ACRONYMS = {
    "CR": "CONATT",
    "GT": "CIT",
    "SV": "CNCTP",
    "HN": "CICESCT",
}


def test_loads_nine_member_countries_and_their_bodies():
    load_coalition()
    assert Country.objects.count() == 9
    assert set(Country.objects.values_list("iso_code", flat=True)) == {
        "BZ",
        "CR",
        "SV",
        "GT",
        "HN",
        "MX",
        "NI",
        "PA",
        "DO",
    }
    assert NationalBody.objects.count() == 9
    acronyms = dict(NationalBody.objects.values_list("country__iso_code", "acronym"))
    for iso, acronym in EXPECTED_ACRONYMS.items():
        assert acronyms[iso] == acronym
    assert Membership.objects.filter(status="member").count() == 9
    cr = NationalBody.objects.get(acronym="CONATT")
    assert "9095" in cr.legal_basis
    hn = NationalBody.objects.get(acronym="CICESCT")
    assert "59-2012" in hn.legal_basis


def test_observer_organisations_named_by_the_sources():
    load_coalition()
    acronyms = set(ObserverOrganisation.objects.values_list("acronym", flat=True))
    assert {"OIM", "UNODC"} <= acronyms
    names = " ".join(ObserverOrganisation.objects.values_list("name", flat=True))
    assert "Save the Children" in names


def test_second_run_changes_nothing():
    """The test session loaded the coalition once already (conftest): loading it again
    changes no row and writes no history."""
    assert Country.objects.count() == 9
    history_before = NationalBody.history.count() + Country.history.count()
    second = load_coalition()
    assert set(second.values()) == {0}
    assert NationalBody.history.count() + Country.history.count() == history_before


def test_command_runs_twice(capsys):
    call_command("load_coalition")
    call_command("load_coalition")
    assert "members" in capsys.readouterr().out
    assert Country.objects.count() == 9
