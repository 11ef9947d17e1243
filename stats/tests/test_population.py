"""Population denominators from the WPP single-age CSV layout (issue 20): bands summed by hand,
thousands into persons, re-import, refusals naming the line, the command and ST's page."""

from __future__ import annotations

import gzip
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from common.testing import refused
from members.models import User
from members.tests.factories import UserFactory
from stats.loaders import load_cube
from stats.models import Population
from stats.population import import_wpp

pytestmark = pytest.mark.django_db

DEMO_FILE = Path(__file__).resolve().parents[1] / "data" / "demo_population.csv"
UPLOAD_URL = "/statistics/population/"

# The WPP columns, in the file's own order; the importer finds them by name.
HEADER = (
    "SortOrder,LocID,Notes,ISO3_code,ISO2_code,SDMX_code,LocTypeID,LocTypeName,ParentID,"
    "Location,VarID,Variant,Time,MidPeriod,AgeGrp,AgeGrpStart,AgeGrpSpan,PopMale,PopFemale,"
    "PopTotal"
)


def wpp_line(iso2: str, year: int, age: int, male: str, female: str, total: str | None = None):
    group, span = ("100+", "-1") if age == 100 else (str(age), "1")
    total = total if total is not None else str(Decimal(male) + Decimal(female))
    return (
        f"1,340,,XXX,{iso2},340,4,Country/Area,,Somewhere,2,Medium,{year},{year}.5,"
        f"{group},{age},{span},{male},{female},{total}"
    )


def country_year(iso2: str, year: int, male: str = "2.000", female: str = "1.000"):
    """Ages 0…99 at `male`/`female` thousand each; 100+ at 0.125 / 0.250 thousand."""
    lines = [wpp_line(iso2, year, age, male, female) for age in range(100)]
    lines.append(wpp_line(iso2, year, 100, "0.125", "0.250"))
    return lines


def csv_file(lines: list[str]) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEADER, *lines]) + "\n").encode())


def value(iso2: str, year: int, sex: str, age: str) -> int:
    return Population.objects.get(country__iso_code=iso2, year=year, sex=sex, age=age).value


@pytest.fixture(autouse=True)
def cube(coalition):
    load_cube()


def test_bands_are_summed_from_single_ages_in_persons():
    result = import_wpp(csv_file(country_year("HN", 2024)), source="WPP 2024")
    assert (result.countries, result.years) == (["HN"], [2024])
    # Women: 1.000 thousand at each age 0…99, 0.250 thousand at 100+.
    assert value("HN", 2024, "female", "0-17") == 18_000  # 18 ages × 1,000
    assert value("HN", 2024, "female", "0-11") == 12_000  # 12 ages
    assert value("HN", 2024, "female", "12-17") == 6_000
    assert value("HN", 2024, "female", "18-29") == 12_000
    assert value("HN", 2024, "female", "30-59") == 30_000
    assert value("HN", 2024, "female", "60+") == 40_250  # 40 ages (60…99) + 250 aged 100+
    assert value("HN", 2024, "female", "18+") == 82_250  # 82 ages (18…99) + 250
    assert value("HN", 2024, "female", "all") == 100_250
    # Men: 2.000 thousand at each age 0…99, 0.125 thousand at 100+.
    assert value("HN", 2024, "male", "0-17") == 36_000
    assert value("HN", 2024, "male", "18+") == 164_125
    assert value("HN", 2024, "male", "all") == 200_125
    # Both sexes: female + male.
    assert value("HN", 2024, "all", "0-17") == 54_000
    assert value("HN", 2024, "all", "18+") == 246_375
    assert value("HN", 2024, "all", "all") == 300_375
    # 3 sexes × (all ages + the 7 bands of the cube); "unknown" is no band.
    assert Population.objects.count() == 24 == result.created
    assert not Population.objects.filter(age="unknown").exists()
    assert not Population.objects.filter(is_demo=True).exists()


def test_a_band_is_rounded_once_summed_not_line_by_line():
    # 0.0006 thousand = 0.6 persons per age: 18 ages are 10.8 → 11 persons (line by line, 18).
    lines = [wpp_line("GT", 2024, age, "0.0006", "0.0006") for age in range(101)]
    import_wpp(csv_file(lines), source="WPP 2024")
    assert value("GT", 2024, "male", "0-17") == 11
    assert value("GT", 2024, "male", "all") == 61  # 101 × 0.6 = 60.6
    assert value("GT", 2024, "all", "all") == 122  # the sexes' rows add up


def test_a_second_import_updates_the_rows_without_duplicating_them():
    import_wpp(csv_file(country_year("HN", 2024)), source="WPP 2022", is_demo=True)
    result = import_wpp(
        csv_file(country_year("HN", 2024, male="3.000")), source="WPP 2024", is_demo=False
    )
    assert (result.created, result.updated) == (0, 24)
    assert Population.objects.count() == 24
    assert value("HN", 2024, "male", "0-17") == 54_000  # 18 × 3,000
    assert set(Population.objects.values_list("source", "is_demo")) == {("WPP 2024", False)}


def test_aggregates_other_countries_and_other_years_are_skipped():
    world = [line.replace(",HN,", ",,") for line in country_year("HN", 2024)]  # no ISO2_code
    usa = [line.replace(",HN,", ",US,") for line in country_year("HN", 2024)]
    result = import_wpp(
        csv_file([*world, *usa, *country_year("GT", 2023), *country_year("GT", 2024)]),
        source="WPP 2024",
        years={2024},
    )
    assert (result.countries, result.years) == (["GT"], [2024])
    assert result.skipped_lines == 101 * 3
    assert set(Population.objects.values_list("country__iso_code", "year")) == {("GT", 2024)}


def test_a_file_without_a_member_country_is_refused():
    usa = [line.replace(",HN,", ",US,") for line in country_year("HN", 2024)]
    with refused("nothing_to_import"):
        import_wpp(csv_file(usa), source="WPP 2024")


def test_the_columns_are_found_by_name_in_any_order():
    # AgeGrp only (no AgeGrpStart / AgeGrpSpan), columns reordered.
    lines = ["PopFemale,Time,AgeGrp,PopTotal,ISO2_code,PopMale"]
    for age in range(101):
        lines.append(f"1.000,2024,{'100+' if age == 100 else age},3.000,PA,2.000")
    import_wpp(io.BytesIO("\n".join(lines).encode()), source="WPP 2024")
    assert value("PA", 2024, "female", "60+") == 41_000  # 60…99 and 100+: 41 × 1,000


def test_a_gzipped_file_is_read_as_published():
    raw = ("\n".join([HEADER, *country_year("NI", 2024)]) + "\n").encode()
    import_wpp(io.BytesIO(gzip.compress(raw)), source="WPP 2024")
    assert value("NI", 2024, "all", "all") == 300_375


def _break(lines: list[str], number: int, old: str, new: str) -> list[str]:
    """Replace `old` on file line `number` (the header is line 1)."""
    index = number - 2
    assert old in lines[index]
    return [*lines[:index], lines[index].replace(old, new, 1), *lines[index + 1 :]]


GOOD = country_year("GT", 2024) + country_year("HN", 2024)  # lines 2…203


@pytest.mark.parametrize(
    ("lines", "code", "line"),
    [
        # HN's age 5 is on line 2 + 101 + 5 = 108.
        (_break(GOOD, 108, ",2.000,1.000,", ",2.000,1.0O0,"), "bad_number", 108),
        (_break(GOOD, 108, ",2.000,1.000,", ",-2.000,1.000,"), "bad_number", 108),
        (_break(GOOD, 108, ",3.000", ",3.100"), "bad_total", 108),
        (_break(GOOD, 108, ",Somewhere,", ",Some,where,"), "field_count", 108),
        (_break(GOOD, 108, ",2024,2024.5,", ",20x4,2024.5,"), "bad_year", 108),
        (_break(GOOD, 108, ",5,5,1,", ",5,101,1,"), "bad_age", 108),
        (_break(GOOD, 108, ",5,5,1,", ",5,5,5,"), "bad_span", 108),
        # HN's age 5 written again as age 4: the line of its first appearance is named too.
        (_break(GOOD, 108, ",5,5,1,", ",4,4,1,"), "repeated_age", 108),
        # HN without its age 5: named from HN's first line (103).
        (GOOD[:106] + GOOD[107:], "missing_ages", 103),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_saved(lines, code, line):
    with refused(code) as error:
        import_wpp(csv_file(lines), source="WPP 2024")
    assert f" {line}" in error.value.messages[0], error.value.messages
    assert not Population.objects.exists()  # GT's good lines came first: not saved either


def test_a_header_without_the_wpp_columns_is_refused():
    with refused("missing_columns") as error:
        import_wpp(io.BytesIO(b"ISO2_code,Time,AgeGrp,Male,Female\nHN,2024,0,1,1\n"), source="x")
    assert "PopMale" in error.value.messages[0] and " 1:" in error.value.messages[0]
    with refused("empty_file"):
        import_wpp(io.BytesIO(b""), source="WPP 2024")
    with refused("not_text"):
        import_wpp(io.BytesIO(b"\xff\xfe\x00bad"), source="WPP 2024")
    with refused("no_source"):
        import_wpp(csv_file(country_year("HN", 2024)), source=" ")
    assert not Population.objects.exists()


def test_the_command_imports_the_demo_file_as_demo_figures():
    out = io.StringIO()
    call_command("import_population", str(DEMO_FILE), "--source", "Demo", "--demo", stdout=out)
    assert "432 created" in out.getvalue()  # 9 countries × 2 years × 3 sexes × 8 age groups
    assert Population.objects.filter(is_demo=False).count() == 0
    # Belize: 4.000 thousand per sex at 0…59, 2.000 at 60…99, 0.500 at 100+:
    # (60 × 4 + 40 × 2 + 0.5) × 2 sexes = 641 thousand.
    assert value("BZ", 2023, "all", "all") == 641_000
    assert value("BZ", 2024, "female", "0-17") == 18 * 5_000  # 2024: 5.000 at 0…59


def test_the_command_takes_years_and_refuses_a_bad_file(tmp_path):
    call_command("import_population", str(DEMO_FILE), "--source", "Demo", "--year", "2024")
    assert set(Population.objects.values_list("year", flat=True)) == {2024}
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(_break(GOOD, 108, ",2.000,1.000,", ",2.000,x,")).getvalue())
    with pytest.raises(CommandError, match="108"):
        call_command("import_population", str(bad), "--source", "WPP 2024")
    assert set(Population.objects.values_list("year", flat=True)) == {2024}


# --- ST's upload page ---------------------------------------------------------------------


def _upload(lines: list[str], **data) -> SimpleUploadedFile:
    return SimpleUploadedFile("wpp.csv", csv_file(lines).getvalue(), content_type="text/csv")


def test_st_uploads_a_wpp_file_on_its_page(client, st_user):
    client.force_login(st_user)
    assert client.get(UPLOAD_URL).status_code == 200
    response = client.post(
        UPLOAD_URL,
        {"file": _upload(country_year("HN", 2024)), "source": "WPP 2024", "years": "2024"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == UPLOAD_URL
    assert value("HN", 2024, "all", "all") == 300_375
    assert not Population.objects.filter(is_demo=True).exists()
    page = response.content.decode()
    assert "WPP 2024" in page and "Honduras" in page


def test_the_upload_page_names_a_bad_line_and_saves_nothing(client, st_user):
    client.force_login(st_user)
    lines = _break(GOOD, 108, ",3.000", ",3.100")
    response = client.post(UPLOAD_URL, {"file": _upload(lines), "source": "WPP 2024"})
    assert response.status_code == 200
    assert "108" in response.content.decode()
    assert not Population.objects.exists()


def test_the_upload_page_marks_demo_figures(client, st_user):
    client.force_login(st_user)
    client.post(
        UPLOAD_URL,
        {"file": _upload(country_year("HN", 2024)), "source": "Demo", "is_demo": "on"},
    )
    assert Population.objects.filter(is_demo=True).count() == 24


def test_the_upload_page_is_the_secretariats_only(client, focal_point_hn):
    client.force_login(focal_point_hn)
    assert client.get(UPLOAD_URL).status_code == 403
    response = client.post(
        UPLOAD_URL, {"file": _upload(country_year("HN", 2024)), "source": "WPP 2024"}
    )
    assert response.status_code == 403
    assert not Population.objects.exists()
    presidency = UserFactory(username="pres-pop", role=User.Role.PRESIDENCY)
    client.force_login(presidency)
    assert client.get(UPLOAD_URL).status_code == 403
