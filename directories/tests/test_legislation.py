"""Comparative legislation (issue 19): the seeded dimensions, the matrix's validation flow
(a focal point proposes its own country's cells, ST validates or returns them), proposals
never public, the reform tracker flagging the matrix, the language of the dimensions, the
export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.testing import refused
from directories.loaders import load_legislation_dimensions
from directories.models import LegislationCell, LegislationDimension, Reform
from directories.services import legislation as services
from directories.tests.factories import (
    LegislationCellFactory,
    LegislationDimensionFactory,
    ReformFactory,
)
from members.models import Country

pytestmark = pytest.mark.django_db

MATRIX = "/legislation/"


@pytest.fixture
def dimensions():
    load_legislation_dimensions()
    return {d.code: d for d in LegislationDimension.objects.all()}


@pytest.fixture
def hn(coalition):
    return Country.objects.get(iso_code="HN")


@pytest.fixture
def gt(coalition):
    return Country.objects.get(iso_code="GT")


def propose(user, country, dimension, *, article="Art. 6, Decreto 59-2012", **kwargs):
    values = {"excerpt": "Comete el delito de trata de personas...", "source": "Decreto 59-2012"}
    values.update(kwargs)
    return services.cell_propose(
        user=user, country=country, dimension=dimension, article=article, **values
    )


def html_of(client, url=MATRIX):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- Seeded dimensions ---------------------------------------------------------------------


def test_dimensions_are_seeded_once_with_both_names_and_their_sources():
    first = load_legislation_dimensions()
    again = load_legislation_dimensions()
    assert first["legislation dimensions"] == LegislationDimension.objects.count() >= 8
    assert again == {"legislation dimensions": 0}
    codes = list(LegislationDimension.objects.values_list("code", flat=True))
    for code in (
        "crime-definition",
        "penalties",
        "aggravating-circumstances",
        "non-punishment",
        "protection-assistance",
        "smuggling-offence",
        "jurisdiction",
        "confiscation",
    ):
        assert code in codes
    for dimension in LegislationDimension.objects.all():
        assert dimension.name_es and dimension.name_en and dimension.source
    assert "Palermo" in LegislationDimension.objects.get(code="crime-definition").name_es
    assert "002 e.A" in LegislationDimension.objects.get(code="smuggling-offence").source
    assert not LegislationCell.objects.exists()  # the sources give no cell values


def test_dimension_names_follow_the_language(client, dimensions):
    assert "Circunstancias agravantes" in html_of(client)
    client.post(reverse("set_language"), {"language": "en", "next": MATRIX})
    html = html_of(client)
    assert "Aggravating circumstances" in html
    assert "Circunstancias agravantes" not in html


# --- Who proposes ---------------------------------------------------------------------------


def test_a_focal_point_proposes_its_own_countrys_cell(focal_point_hn, hn, dimensions):
    cell = propose(focal_point_hn, hn, dimensions["penalties"])
    assert cell.state == LegislationCell.State.PROPOSED
    assert cell.proposed_by == focal_point_hn and not cell.is_public
    assert cell.history.count() == 1


def test_a_honduras_focal_point_is_refused_on_guatemalas_cells(focal_point_hn, gt, dimensions):
    with refused("not_your_country"):
        propose(focal_point_hn, gt, dimensions["penalties"])
    assert not LegislationCell.objects.exists()


def test_the_secretariat_does_not_propose_cells(st_user, hn, dimensions):
    with refused("not_your_country"):
        propose(st_user, hn, dimensions["penalties"])


def test_the_cell_page_refuses_another_countrys_focal_point(client, focal_point_hn, dimensions):
    url = reverse("legislation:cell-edit", args=["GT", "penalties"])
    client.force_login(focal_point_hn)
    assert client.get(url).status_code == 403
    data = {"article": "Art. 202 Ter", "excerpt": "x", "source": "Código Penal"}
    assert client.post(url, data).status_code == 403
    assert not LegislationCell.objects.exists()
    assert client.get(reverse("legislation:cell-edit", args=["HN", "penalties"])).status_code == 200


def test_the_cell_page_saves_a_proposal(client, focal_point_hn, hn, dimensions):
    client.force_login(focal_point_hn)
    url = reverse("legislation:cell-edit", args=["HN", "penalties"])
    data = {"article": "Art. 52", "excerpt": "Prisión de 10 a 15 años.", "source": "Decreto"}
    assert client.post(url, data).status_code == 302
    cell = LegislationCell.objects.get(country=hn)
    assert cell.article == "Art. 52" and cell.state == LegislationCell.State.PROPOSED


def test_an_excerpt_longer_than_600_characters_is_refused(client, focal_point_hn, hn, dimensions):
    with refused("max_length", field="excerpt"):
        propose(focal_point_hn, hn, dimensions["penalties"], excerpt="a" * 601)
    client.force_login(focal_point_hn)
    url = reverse("legislation:cell-edit", args=["HN", "penalties"])
    response = client.post(url, {"article": "Art. 1", "excerpt": "a" * 601, "source": "Ley"})
    assert response.status_code == 200 and not LegislationCell.objects.exists()


# --- Validation flow ------------------------------------------------------------------------


def test_validation_flow(client, focal_point_hn, st_user, hn, dimensions):
    """Proposed (not public) → returned with a note (not public) → proposed again →
    validated (public) → edited again: proposed, while the public keeps the validated text."""
    dimension = dimensions["non-punishment"]
    cell = propose(focal_point_hn, hn, dimension, article="Art. 10 (borrador)")
    assert "Art. 10 (borrador)" not in html_of(client)

    cell = services.cell_return(
        user=st_user, cell=cell, note="Falta el número de decreto.", expected_version=cell.version
    )
    assert cell.state == LegislationCell.State.RETURNED
    assert "Art. 10 (borrador)" not in html_of(client)
    client.force_login(focal_point_hn)
    html = html_of(client)
    assert "Falta el número de decreto." in html and 'data-state="returned"' in html
    client.logout()

    cell = propose(focal_point_hn, hn, dimension, article="Art. 10", expected_version=cell.version)
    assert cell.state == LegislationCell.State.PROPOSED and cell.return_note == ""
    cell = services.cell_validate(user=st_user, cell=cell, expected_version=cell.version)
    assert cell.state == LegislationCell.State.VALIDATED and cell.validated_by == st_user
    assert "Art. 10" in html_of(client)

    cell = propose(focal_point_hn, hn, dimension, article="Art. 11", expected_version=cell.version)
    assert cell.state == LegislationCell.State.PROPOSED
    public = html_of(client)
    assert "Art. 10" in public and "Art. 11" not in public
    assert cell.history.count() == 5


def test_only_the_secretariat_validates_or_returns(focal_point_hn, delegate, hn, dimensions):
    cell = propose(focal_point_hn, hn, dimensions["penalties"])
    for user in (focal_point_hn, delegate):
        with refused("secretariat_only"):
            services.cell_validate(user=user, cell=cell, expected_version=cell.version)
        with refused("secretariat_only"):
            services.cell_return(user=user, cell=cell, note="no", expected_version=cell.version)
    cell.refresh_from_db()
    assert cell.state == LegislationCell.State.PROPOSED


def test_the_review_page_is_the_secretariats(client, focal_point_hn, st_user, hn, dimensions):
    cell = propose(focal_point_hn, hn, dimensions["penalties"])
    url = reverse("legislation:cell-review", args=[cell.pk])
    client.force_login(focal_point_hn)
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": cell.version, "action": "validate"}).status_code == 403
    client.force_login(st_user)
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": cell.version, "action": "validate"}).status_code == 302
    cell.refresh_from_db()
    assert cell.state == LegislationCell.State.VALIDATED


def test_only_a_proposed_cell_is_validated_or_returned(st_user, dimensions):
    cell = LegislationCellFactory(dimension=dimensions["penalties"], validated=True)
    with refused("not_proposed"):
        services.cell_validate(user=st_user, cell=cell, expected_version=cell.version)
    with refused("not_proposed"):
        services.cell_return(user=st_user, cell=cell, note="?", expected_version=cell.version)


def test_returning_needs_a_note(client, st_user, focal_point_hn, hn, dimensions):
    cell = propose(focal_point_hn, hn, dimensions["penalties"])
    with refused("note_required", field="note"):
        services.cell_return(user=st_user, cell=cell, note="  ", expected_version=cell.version)
    client.force_login(st_user)
    url = reverse("legislation:cell-review", args=[cell.pk])
    response = client.post(url, {"version": cell.version, "action": "return", "note": ""})
    assert response.status_code == 200
    cell.refresh_from_db()
    assert cell.state == LegislationCell.State.PROPOSED


def test_a_stale_form_is_refused(client, focal_point_hn, st_user, hn, dimensions):
    cell = propose(focal_point_hn, hn, dimensions["penalties"])
    read_at = cell.version
    propose(focal_point_hn, hn, dimensions["penalties"], article="Art. 2", expected_version=read_at)
    with refused("stale_version"):
        propose(focal_point_hn, hn, dimensions["penalties"], expected_version=read_at)
    with refused("stale_version"):  # a form for a new cell, created meanwhile
        propose(focal_point_hn, hn, dimensions["penalties"])
    with refused("stale_version"):
        services.cell_validate(user=st_user, cell=cell, expected_version=read_at)
    client.force_login(focal_point_hn)
    url = reverse("legislation:cell-edit", args=["HN", "penalties"])
    data = {"article": "Art. 3", "excerpt": "x", "source": "y", "version": read_at}
    response = client.post(url, data)
    assert response.status_code == 200 and "historial" in response.content.decode()
    cell.refresh_from_db()
    assert cell.article == "Art. 2"


# --- Proposals are never public -------------------------------------------------------------


def test_proposals_are_seen_only_by_st_and_the_countrys_focal_point(
    client, focal_point_hn, focal_point_gt, st_user, observer, hn, dimensions
):
    propose(focal_point_hn, hn, dimensions["jurisdiction"], article="Art. 5 propuesto")
    for user in (None, focal_point_gt, observer):
        if user:
            client.force_login(user)
        assert "Art. 5 propuesto" not in html_of(client)
        assert "Art. 5 propuesto" not in html_of(client, MATRIX + "?format=csv")
        client.logout()
    for user in (st_user, focal_point_hn):
        client.force_login(user)
        html = html_of(client)
        assert "Art. 5 propuesto" in html and 'data-state="proposed"' in html


def test_public_export_holds_validated_cells_only(client, dimensions, hn):
    LegislationCellFactory(
        dimension=dimensions["penalties"], article="Art. público", validated=True
    )
    LegislationCellFactory(
        dimension=dimensions["jurisdiction"], article="Art. propuesto", country=hn
    )
    response = client.get(MATRIX + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[4] for r in rows[1:]] == ["Art. público"]
    response = client.get(MATRIX + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Art. público" in values and "Art. propuesto" not in values


# --- Reform tracker -------------------------------------------------------------------------


def reform(user, country, **fields):
    values = {"title": "Reforma a la Ley contra la Trata", "stage": Reform.Stage.INTRODUCED}
    values.update(fields)
    dims = values.pop("dimensions", [])
    return services.reform_save(user=user, country=country, dimensions=dims, **values)


def test_a_focal_point_records_only_its_own_countrys_reforms(
    client, focal_point_hn, st_user, hn, gt, dimensions
):
    assert reform(focal_point_hn, hn).country == hn
    assert reform(st_user, gt).country == gt  # ST follows every country's reviews
    with refused("not_your_country"):
        reform(focal_point_hn, gt)
    guatemalan = ReformFactory(country=gt)
    with refused("not_your_country"):
        services.reform_save(
            user=focal_point_hn,
            country=hn,
            reform=guatemalan,
            dimensions=[],
            expected_version=guatemalan.version,
            title="Cambiado",
        )
    client.force_login(focal_point_hn)
    url = reverse("legislation:reform-edit", args=[guatemalan.pk])
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"title": "Cambiado", "stage": "drafted", "version": 1}).status_code == 403
    )
    guatemalan.refresh_from_db()
    assert guatemalan.title != "Cambiado"


def test_reform_dates_in_order_and_an_enacted_reform_names_its_act(focal_point_hn, hn):
    with refused("dates_out_of_order", field="last_change_on"):
        reform(
            focal_point_hn,
            hn,
            introduced_on=dt.date(2024, 5, 1),
            last_change_on=dt.date(2024, 4, 1),
        )
    with refused("act_required", field="resulting_act"):
        reform(focal_point_hn, hn, stage=Reform.Stage.ENACTED)
    with refused("stale_version"):
        existing = ReformFactory(country=hn)
        services.reform_save(
            user=focal_point_hn, country=hn, reform=existing, dimensions=[], expected_version=9
        )


def test_an_enacted_reform_flags_the_cells_it_affects(
    client, focal_point_hn, st_user, hn, gt, dimensions
):
    penalties, jurisdiction = dimensions["penalties"], dimensions["jurisdiction"]
    hn_penalties = LegislationCellFactory(country=hn, dimension=penalties, validated=True)
    hn_jurisdiction = LegislationCellFactory(country=hn, dimension=jurisdiction, validated=True)
    gt_penalties = LegislationCellFactory(country=gt, dimension=penalties, validated=True)
    bill = reform(focal_point_hn, hn, stage=Reform.Stage.APPROVED, dimensions=[penalties])
    hn_penalties.refresh_from_db()
    assert not hn_penalties.needs_review  # approved is not enacted yet
    services.reform_save(
        user=focal_point_hn,
        country=hn,
        reform=bill,
        dimensions=[penalties],
        expected_version=bill.version,
        stage=Reform.Stage.ENACTED,
        resulting_act="Decreto 35-2025",
    )
    for cell in (hn_penalties, hn_jurisdiction, gt_penalties):
        cell.refresh_from_db()
    assert hn_penalties.needs_review and hn_penalties.review_reform_id == bill.pk
    assert not hn_jurisdiction.needs_review and not gt_penalties.needs_review
    assert 'data-review="1"' in html_of(client)

    cell = propose(focal_point_hn, hn, penalties, expected_version=hn_penalties.version)
    assert cell.needs_review  # until ST validates the new text
    cell = services.cell_validate(user=st_user, cell=cell, expected_version=cell.version)
    assert not cell.needs_review and cell.review_reform is None


def test_reform_tracker_is_public_per_country(client, hn, gt, dimensions):
    ReformFactory(country=hn, title="Reforma hondureña")
    ReformFactory(country=gt, title="Reforma guatemalteca")
    html = html_of(client, "/legislation/reforms/?country=HN")
    assert "Reforma hondureña" in html and "Reforma guatemalteca" not in html
    html = html_of(client, "/legislation/reforms/")
    assert "Reforma hondureña" in html and "Reforma guatemalteca" in html


def test_reform_pages_save(client, focal_point_hn, hn, dimensions):
    client.force_login(focal_point_hn)
    data = {
        "title": "Reforma al Código Penal",
        "stage": "enacted",
        "resulting_act": "Decreto 1-2026",
        "dimensions": [dimensions["penalties"].pk],
    }
    response = client.post(reverse("legislation:reform-create"), data)
    assert response.status_code == 302
    bill = Reform.objects.get()
    assert bill.country == hn and list(bill.dimensions.all()) == [dimensions["penalties"]]
    url = reverse("legislation:reform-edit", args=[bill.pk])
    assert client.get(url).status_code == 200
    data |= {"title": "Reforma al Código Penal (2)", "version": bill.version}
    assert client.post(url, data).status_code == 302
    bill.refresh_from_db()
    assert bill.title == "Reforma al Código Penal (2)"
    LegislationDimensionFactory()  # a dimension added later shows on the form
    assert client.get(url).status_code == 200
