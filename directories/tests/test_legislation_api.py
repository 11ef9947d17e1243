"""/api/v1/legislation-cells/ and /api/v1/legislation-reforms/ (issue 19), called with real
tokens: every token reads what the public matrix shows — the text ST validated last, never a
proposal's or a returned cell's, member countries only — and the public reform tracker;
the filters; the same number of queries at 1× and 10×."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from directories.models import LegislationCell, Reform
from directories.services import legislation as services
from directories.tests.factories import (
    LegislationCellFactory,
    LegislationDimensionFactory,
    ReformFactory,
)
from members.models import Country, User
from members.services import api_token_create
from members.tests.factories import CountryFactory, MembershipFactory

pytestmark = pytest.mark.django_db

CELLS = "/api/v1/legislation-cells/"
REFORMS = "/api/v1/legislation-reforms/"
PROPOSAL = "Texto propuesto que nadie validó todavía"


def token_api(st_user, **fields) -> APIClient:
    issued = api_token_create(
        user=st_user,
        label=fields.pop("label", "Portal de datos"),
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        **fields,
    )
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.token}")
    return client


@pytest.fixture
def partner_api(st_user):
    return token_api(st_user, scope=User.Role.PARTNER, agency="OIM")


@pytest.fixture
def fp_hn_api(st_user, coalition):
    return token_api(
        st_user, label="Sistema HN", scope=User.Role.FOCAL_POINT, national_body=coalition["HN"]
    )


@pytest.fixture
def dims():
    return {
        code: LegislationDimensionFactory(code=code, name_es=f"{code} (es)", name_en=f"{code} (en)")
        for code in ("crime-definition", "penalties", "jurisdiction")
    }


@pytest.fixture
def matrix(coalition, focal_point_hn, st_user, dims):
    """HN: one cell validated; one validated, then corrected (a new proposal waits); one only
    proposed; GT: one validated and flagged to review, one returned."""
    hn, gt = (Country.objects.get(iso_code=iso) for iso in ("HN", "GT"))
    cells = {
        "validated": LegislationCellFactory(
            country=hn, dimension=dims["crime-definition"], article="Art. 6", validated=True
        ),
        "corrected": LegislationCellFactory(
            country=hn, dimension=dims["penalties"], article="Art. 52", validated=True
        ),
        "proposed": LegislationCellFactory(
            country=hn, dimension=dims["jurisdiction"], excerpt=PROPOSAL
        ),
        "gt_validated": LegislationCellFactory(
            country=gt, dimension=dims["crime-definition"], validated=True, needs_review=True
        ),
        "returned": LegislationCellFactory(
            country=gt,
            dimension=dims["penalties"],
            excerpt=PROPOSAL,
            state=LegislationCell.State.RETURNED,
            return_note="Cite la reforma.",
        ),
    }
    corrected = cells["corrected"]
    services.cell_propose(
        user=focal_point_hn,
        country=hn,
        dimension=dims["penalties"],
        article="Art. 52 reformado",
        excerpt=PROPOSAL,
        source="Decreto 35-2023",
        expected_version=corrected.version,
    )
    return cells


def listed(client, path, **params) -> list[dict]:
    response = client.get(path, {"page_size": 200, **params})
    assert response.status_code == 200, response.json()
    return response.json()["results"]


# --- Cells: the public text only ------------------------------------------------------


def test_a_partner_token_reads_only_the_validated_text(partner_api, matrix):
    response = partner_api.get(CELLS, {"page_size": 200})
    assert PROPOSAL not in response.content.decode()
    rows = {(r["country"], r["dimension"]): r for r in response.json()["results"]}
    assert set(rows) == {
        ("HN", "crime-definition"),
        ("HN", "penalties"),
        ("GT", "crime-definition"),
    }
    # A corrected cell keeps the text validated last while the new proposal waits.
    corrected = rows[("HN", "penalties")]
    assert corrected["article"] == "Art. 52"
    assert corrected["source"] == matrix["corrected"].public_source
    assert corrected["excerpt"] == matrix["corrected"].public_excerpt
    assert set(corrected) == {
        "id",
        "country",
        "dimension",
        "dimension_name",
        "article",
        "excerpt",
        "source",
        "validated_at",
        "needs_review",
    }
    assert rows[("HN", "crime-definition")]["dimension_name"] == "crime-definition (en)"
    assert rows[("GT", "crime-definition")]["needs_review"] is True


def test_a_proposed_or_returned_cell_cannot_be_read_by_its_id(partner_api, matrix):
    for name in ("proposed", "returned"):
        assert partner_api.get(f"{CELLS}{matrix[name].pk}/").status_code == 404
    body = partner_api.get(f"{CELLS}{matrix['corrected'].pk}/").json()
    assert body["article"] == "Art. 52"


def test_a_focal_point_token_reads_the_public_text_too_not_its_countrys_proposals(
    fp_hn_api, matrix
):
    response = fp_hn_api.get(CELLS, {"country": "HN"})
    assert PROPOSAL not in response.content.decode()
    assert {r["article"] for r in response.json()["results"]} == {"Art. 6", "Art. 52"}


def test_a_country_that_is_not_a_member_is_not_in_the_matrix(partner_api, matrix, dims):
    outside = CountryFactory(iso_code="ZZ", name_es="Fuera", name_en="Outside")
    LegislationCellFactory(country=outside, dimension=dims["penalties"], validated=True)
    assert "ZZ" not in {r["country"] for r in listed(partner_api, CELLS)}


def test_the_cells_filters(partner_api, matrix):
    assert {r["country"] for r in listed(partner_api, CELLS, country="gt")} == {"GT"}
    assert {
        (r["country"], r["dimension"]) for r in listed(partner_api, CELLS, dimension="penalties")
    } == {("HN", "penalties")}
    flagged = listed(partner_api, CELLS, needs_review="true")
    assert [(r["country"], r["dimension"]) for r in flagged] == [("GT", "crime-definition")]
    assert len(listed(partner_api, CELLS, needs_review="false")) == 2
    assert listed(partner_api, CELLS, country="SV") == []


def test_the_api_needs_a_token(matrix):
    assert APIClient().get(CELLS).status_code == 401
    assert APIClient().get(REFORMS).status_code == 401


# --- Reforms: the public tracker ------------------------------------------------------


@pytest.fixture
def reforms(coalition, dims):
    hn, gt = (Country.objects.get(iso_code=iso) for iso in ("HN", "GT"))
    enacted = ReformFactory(
        country=hn,
        title="Reforma al artículo 52",
        stage=Reform.Stage.ENACTED,
        resulting_act="Decreto 35-2023",
        last_change_on=dt.date(2023, 5, 1),
        notes="Aumenta las penas.",
    )
    enacted.dimensions.set([dims["penalties"], dims["crime-definition"]])
    bill = ReformFactory(country=gt, title="Iniciativa 5432", stage=Reform.Stage.COMMITTEE)
    bill.dimensions.set([dims["jurisdiction"]])
    return {"enacted": enacted, "bill": bill}


def test_a_partner_token_reads_the_reform_tracker(partner_api, reforms):
    rows = {r["title"]: r for r in listed(partner_api, REFORMS)}
    assert set(rows) == {"Reforma al artículo 52", "Iniciativa 5432"}
    enacted = rows["Reforma al artículo 52"]
    assert enacted["country"] == "HN"
    assert enacted["stage"] == "enacted"
    assert enacted["resulting_act"] == "Decreto 35-2023"
    assert enacted["notes"] == "Aumenta las penas."
    assert sorted(enacted["dimensions"]) == ["crime-definition", "penalties"]
    assert "created_by" not in enacted


def test_the_reform_filters(partner_api, reforms):
    titles = lambda **params: {r["title"] for r in listed(partner_api, REFORMS, **params)}  # noqa: E731
    assert titles(country="GT") == {"Iniciativa 5432"}
    assert titles(stage="enacted") == {"Reforma al artículo 52"}
    assert titles(dimension="penalties") == {"Reforma al artículo 52"}
    assert titles(dimension="jurisdiction", country="HN") == set()
    assert partner_api.get(REFORMS, {"stage": "signed"}).status_code == 400


# --- Query count ----------------------------------------------------------------------


def _populate(scale: int) -> None:
    """`scale` × 9 member countries, each with a validated cell and a proposal in every
    dimension and `scale` reforms affecting two dimensions."""
    for n in range(9 * (scale - 1)):
        MembershipFactory(
            country=Country.objects.create(iso_code=f"{n:02d}", name_es=f"P {n}", name_en=f"C {n}")
        )
    dimensions = [LegislationDimensionFactory(code=f"dim-{i}") for i in range(4)]
    for country in Country.objects.filter(memberships__status="member").distinct():
        for i, dimension in enumerate(dimensions):
            if not LegislationCell.objects.filter(country=country, dimension=dimension).exists():
                LegislationCellFactory(country=country, dimension=dimension, validated=i % 2 == 0)
        for _ in range(scale):
            ReformFactory(country=country).dimensions.set(dimensions[:2])


def _queries(client, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, {"page_size": 200})
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("path", [CELLS, REFORMS])
def test_the_same_number_of_queries_at_1x_and_10x(partner_api, coalition, path):
    _populate(1)
    small, rows_small = _queries(partner_api, path)
    _populate(10)
    large, rows_large = _queries(partner_api, path)
    assert rows_large >= 5 * rows_small > 0
    assert small == large, (
        f"{path}: {small} queries with {rows_small} rows, {large} with {rows_large}"
    )
