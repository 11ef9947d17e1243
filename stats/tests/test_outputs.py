"""The public outputs of the regional statistics (issue 20): the trends page, a country's
page, the origin → reporting-country table, the SDG 16.2.2 table, the CSV/XLSX of the tidy
long format and /api/v1/statistics/, read as their recipients read them (HTML, the csv
module, openpyxl, the API with a partner token).

The returns hold small cells (suppressed for the public) beside five-digit figures that no
other cell shares: a complementary-suppressed figure is one of these, so "its value never
appears" is checked by looking for its digits in what a reader gets."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from members.models import Country, User
from members.services import api_token_create
from members.tests.factories import UserFactory
from stats.cells import TOTAL
from stats.loaders import load_cube
from stats.models import Measure, Population, StatisticsReturn
from stats.selectors import outputs
from stats.selectors.publication import REGION, publication
from stats.selectors.sdg import sdg_16_2_2
from stats.tests.factories import return_with_figures

pytestmark = pytest.mark.django_db

YEAR = 2024
V = "victims_identified"
API = "/api/v1/statistics/"
MEMBERS = ("GT", "HN", "SV", "BZ", "CR", "MX", "NI", "PA", "DO")


@pytest.fixture(autouse=True)
def cube(coalition, client):
    load_cube()
    cache.clear()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def victims(iso: str, seed: int = 0) -> dict[str, int]:
    """A return of victims identified by sex and citizenship that adds up. Guatemala's has
    two small cells (3 women, 2 Salvadorans) beside five-digit figures."""
    if iso == "GT":
        female, male, sv = 3, 43217, 2
    else:
        female, male, sv = 12040 + 1013 * seed, 13080 + 1117 * seed, 15000 + 931 * seed
    total = female + male
    return {
        TOTAL: total,
        "sex=female": female,
        "sex=male": male,
        "sex=unknown": 0,
        "citizenship=SV": sv,
        "citizenship=HN": total - sv,
        "citizenship=unknown": 0,
    }


def publish(iso: str, figures: dict[str, int], year: int = YEAR) -> StatisticsReturn:
    return return_with_figures(iso, figures, year=year, measure=V)


@pytest.fixture
def three():
    for seed, iso in enumerate(MEMBERS[:3]):
        publish(iso, victims(iso, seed))


def secrets(country: str | None = None) -> set[str]:
    """The digits of every five-digit figure suppressed for the public (of `country`)."""
    measure = Measure.objects.get(code=V)
    public = publication(measure=measure, year=YEAR)
    exact = publication(measure=measure, year=YEAR, viewer=_st())
    shown = {str(c.value) for c in public.cells() if not c.suppressed}
    hidden = {
        str(exact.get(c.country, c.cell).value)
        for c in public.cells()
        if c.suppressed and (country is None or c.country == country)
    }
    found = {s for s in hidden if len(s) >= 5 and s not in shown}
    assert found, "the test data has a large suppressed figure"
    return found


def _st() -> User:
    return User.objects.filter(username="st").first() or UserFactory(
        username="st", role=User.Role.SECRETARIAT
    )


def readable(html: str) -> str:
    """The page's text and, decoded, every chart it draws (data: URIs)."""
    charts = [
        base64.b64decode(m).decode("utf-8")
        for m in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    ]
    return "\n".join([re.sub(r'src="data:[^"]+"', "", html), *charts])


def token_api(**fields) -> APIClient:
    issued = api_token_create(
        user=_st(),
        label=fields.pop("label", "Portal de datos"),
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        **fields,
    )
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {issued.token}")
    return client


@pytest.fixture
def partner_api():
    return token_api(scope=User.Role.PARTNER, agency="OIM")


def public_pages() -> list[str]:
    return ["/statistics/", "/statistics/countries/GT/", f"/statistics/origins/{YEAR}/"]


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("as_partner", [False, True])
def test_a_suppressed_cell_shows_as_suppressed_and_its_value_never_appears(
    client, three, partner, as_partner
):
    if as_partner:
        client.force_login(partner)
    hidden = secrets()
    for url in public_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        text = readable(response.content.decode())
        for value in hidden:
            assert value not in text, (url, value)
    page = client.get("/statistics/countries/GT/").content.decode()
    assert "◼</span> suppressed" in page
    assert 'data-suppressed="true"' in page
    assert "below 5" in page and "complementary suppression" in page


def test_the_trends_page_has_a_table_and_a_chart_of_each_measure(client, three):
    page = client.get("/statistics/").content.decode()
    region = publication(measure=Measure.objects.get(code=V), year=YEAR).get(REGION, TOTAL)
    assert not region.suppressed
    assert f'<th scope="row">{YEAR}</th><td class="text-end">{region.value}</td>' in page
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+"[^>]* alt="[^"]*2024: ', page)
    assert 'href="/statistics/countries/GT/"' in page
    assert f'href="/statistics/sdg/{YEAR}/"' in page


def test_st_sees_the_exact_values(client, three, st_user):
    hidden = secrets("GT")
    client.force_login(st_user)
    page = client.get("/statistics/countries/GT/").content.decode()
    assert "data-suppressed" not in page
    assert all(value in page for value in hidden)


def test_a_focal_point_sees_its_own_country_exact_and_the_others_suppressed(
    client, three, focal_point_gt
):
    own = secrets("GT")
    client.force_login(focal_point_gt)
    page = client.get("/statistics/countries/GT/").content.decode()
    assert "data-suppressed" not in page
    assert all(value in page for value in own)
    origins = client.get(f"/statistics/origins/{YEAR}/").content.decode()
    assert 'data-suppressed="true"' in origins  # the region's and the others' cells


def test_the_origins_table_has_the_countries_across_and_the_region_with_margins(client, three):
    page = client.get(f"/statistics/origins/{YEAR}/").content.decode()
    for name in ("Guatemala", "Honduras", "El Salvador"):
        assert name in page
    assert "<tfoot>" in page and "Region" in page
    measure = Measure.objects.get(code=V)
    region_total = publication(measure=measure, year=YEAR).get(REGION, TOTAL)
    assert f'<td class="text-end fw-bold">{region_total.value}</td>' in page


def test_a_country_not_in_the_registry_is_not_found(client, three):
    assert client.get("/statistics/countries/ZZ/").status_code == 404
    assert client.get("/statistics/countries/gt/").status_code == 404


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/statistics/", "No statistics have been published yet"),
        ("/statistics/countries/HN/", "have been published yet"),
        (f"/statistics/origins/{YEAR}/", f"Nothing has been published for {YEAR}"),
        (f"/statistics/sdg/{YEAR}/", "No victims identified have been published"),
    ],
)
def test_empty_states(client, url, says):
    response = client.get(url)
    assert response.status_code == 200
    assert says in response.content.decode()


# --- SDG 16.2.2 ----------------------------------------------------------------------------


def populations(value: int = 7, *, demo: bool = False) -> None:
    for iso in MEMBERS[:3]:
        country = Country.objects.get(iso_code=iso)
        for sex, age in (("all", "all"), ("female", "all"), ("male", "all")):
            Population.objects.create(
                country=country,
                year=YEAR,
                sex=sex,
                age=age,
                value=value if iso == "GT" else 5_000_000,
                source="test",
                is_demo=demo,
            )


def test_the_sdg_table_shows_no_rate_whose_numerator_is_suppressed(client, three):
    populations()
    exact = {
        (r.country.iso_code if r.country else REGION, r.sex, r.age): r
        for r in sdg_16_2_2(year=YEAR)
    }
    women_gt = exact[("GT", "female", "all")]
    assert women_gt.numerator == 3 and women_gt.rate is not None
    lines, _threshold = outputs.sdg_table(year=YEAR)
    by_key = {(ln.country.iso_code if ln.country else REGION, ln.sex, ln.age): ln for ln in lines}
    measure = Measure.objects.get(code=V)
    public = publication(measure=measure, year=YEAR)
    for key, line in by_key.items():
        iso, sex, age = key
        cell = public.get(iso, "" if sex == "all" else f"sex={sex}")
        if line.suppressed:
            assert line.numerator is None and line.rate is None
        else:
            assert cell is not None and not cell.suppressed, key
            assert line.rate == exact[key].rate
    assert by_key[("GT", "female", "all")].suppressed
    assert not by_key[("HN", "all", "all")].suppressed
    page = client.get(f"/statistics/sdg/{YEAR}/").content.decode()
    rate = str(women_gt.rate)  # 42857.14 per 100,000 of 7 women
    assert rate not in page and rate.replace(".", ",") not in page
    assert "◼</span> suppressed" in page
    assert str(exact[("HN", "all", "all")].rate) in page


def test_the_sdg_table_says_where_no_population_is_loaded_and_marks_demo_figures(client, three):
    page = client.get(f"/statistics/sdg/{YEAR}/").content.decode()
    assert "no population loaded" in page
    lines, _threshold = outputs.sdg_table(year=YEAR)
    region = [line for line in lines if line.is_regional]
    assert region and all(line.population_missing and not line.suppressed for line in region)
    assert all(line.rate is None for line in lines)
    populations(demo=True)
    page = client.get(f"/statistics/sdg/{YEAR}/").content.decode()
    assert "invented population (demo)" in page
    assert ">demo</span>" in page


def test_st_sees_every_sdg_rate(client, three, st_user):
    populations()
    client.force_login(st_user)
    lines, _threshold = outputs.sdg_table(year=YEAR, viewer=st_user)
    assert lines and not any(line.suppressed for line in lines)
    page = client.get(f"/statistics/sdg/{YEAR}/").content.decode()
    assert "42857.14" in page or "42857,14" in page


# --- CSV and XLSX --------------------------------------------------------------------------


def test_the_csv_has_one_row_per_cell_with_the_suppressed_flag(client, three):
    hidden = secrets()
    response = client.get("/statistics/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(outputs.TIDY_HEADERS)
    measure = Measure.objects.get(code=V)
    assert len(rows) == len(publication(measure=measure, year=YEAR).cells())
    suppressed = [r for r in rows if r["suppressed"] == "True"]
    assert suppressed and all(r["value"] == "" for r in suppressed)
    assert all(r["value"] != "" for r in rows if r["suppressed"] == "False")
    assert {r["country"] for r in rows} == {"GT", "HN", "SV", REGION}
    assert not any(value in text for value in hidden)


def test_the_csv_filters_by_measure_and_year(client, three):
    none = client.get("/statistics/", {"format": "csv", "year": YEAR - 1})
    assert len(list(csv.reader(io.StringIO(none.content.decode("utf-8-sig"))))) == 1
    other = client.get("/statistics/", {"format": "csv", "measure": "investigations"})
    assert len(list(csv.reader(io.StringIO(other.content.decode("utf-8-sig"))))) == 1
    assert client.get("/statistics/", {"format": "csv", "year": "last"}).status_code == 400


def test_the_xlsx_has_the_suppressed_flag_and_no_suppressed_value(client, three):
    hidden = secrets()
    response = client.get("/statistics/", {"format": "xlsx", "measure": V, "year": YEAR})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == outputs.TIDY_HEADERS
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    suppressed = [r for r in body if r["suppressed"] is True]
    assert suppressed and all(r["value"] in (None, "") for r in suppressed)
    values = {str(r["value"]) for r in body}
    assert not hidden & values


def test_st_downloads_exact_values(client, three, st_user):
    hidden = secrets()
    client.force_login(st_user)
    text = client.get("/statistics/", {"format": "csv"}).content.decode("utf-8-sig")
    assert all(value in text for value in hidden)
    assert ",True" not in text


# --- API -----------------------------------------------------------------------------------


def test_the_api_gives_partners_the_public_view(partner_api, three):
    hidden = secrets()
    response = partner_api.get(API, {"page_size": 200})
    assert response.status_code == 200
    body = response.json()
    measure = Measure.objects.get(code=V)
    assert body["count"] == len(publication(measure=measure, year=YEAR).cells())
    first = body["results"][0]
    assert set(first) == {
        "measure",
        "year",
        "country",
        "breakdown",
        "cell",
        "label",
        "value",
        "suppressed",
    }
    assert (first["measure"], first["year"], first["country"], first["cell"]) == (V, YEAR, "GT", "")
    suppressed = [r for r in body["results"] if r["suppressed"]]
    assert suppressed and all(r["value"] is None for r in suppressed)
    assert not any(value in response.content.decode() for value in hidden)


def test_the_api_filters_by_measure_year_and_country(partner_api, three):
    rows = partner_api.get(API, {"country": "*", "measure": V, "year": YEAR}).json()["results"]
    assert rows and {r["country"] for r in rows} == {REGION}
    assert partner_api.get(API, {"country": "hn"}).json()["results"][0]["country"] == "HN"
    assert partner_api.get(API, {"year": YEAR - 1}).json()["count"] == 0
    assert partner_api.get(API, {"measure": "convictions"}).json()["count"] == 0
    ordered = partner_api.get(API, {"ordering": "-country"}).json()["results"]
    assert ordered[0]["country"] == "SV"
    assert partner_api.get(API, {"year": "2024.5"}).status_code == 400


def test_the_api_gives_a_focal_point_its_own_cells_exact(st_user, coalition, three):
    own = secrets("GT")
    api = token_api(scope=User.Role.FOCAL_POINT, national_body=coalition["GT"])
    body = api.get(API, {"country": "GT"}).json()
    assert not any(r["suppressed"] for r in body["results"])
    assert all(value in str(body) for value in own)


def test_the_api_refuses_anonymous_callers(three):
    assert APIClient().get(API).status_code == 401


def test_the_api_list_is_empty_when_nothing_is_published(partner_api):
    body = partner_api.get(API).json()
    assert body["count"] == 0 and body["results"] == []


# --- Queries ---------------------------------------------------------------------------------


def _count(call) -> int:
    call()  # one-off lookups (the session, the token) out of the count
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_the_query_counts_do_not_grow_with_the_countries(client, partner_api):
    for seed, iso in enumerate(MEMBERS[:3]):
        publish(iso, victims(iso, seed))
    with_three = (
        _count(lambda: client.get("/statistics/")),
        _count(lambda: partner_api.get(API)),
        _count(lambda: client.get("/statistics/", {"format": "csv"})),
    )
    for seed, iso in enumerate(MEMBERS[3:], start=3):
        publish(iso, victims(iso, seed))
    assert len(publication(measure=Measure.objects.get(code=V), year=YEAR).countries) == 9
    with_nine = (
        _count(lambda: client.get("/statistics/")),
        _count(lambda: partner_api.get(API)),
        _count(lambda: client.get("/statistics/", {"format": "csv"})),
    )
    assert with_three == with_nine
