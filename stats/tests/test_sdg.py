"""SDG 16.2.2 rates (victims identified per 100,000 population) checked against numbers
worked by hand (issue 20). Returns and figures are made with the ORM; every rate below is
numerator × 100,000 / denominator, rounded half up to two decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from members.models import Country
from stats.cells import breakdown_code, cell_code
from stats.loaders import load_cube
from stats.models import Figure, Measure, Population, StatisticsReturn
from stats.selectors.sdg import SdgRow, rate_per_100k, sdg_16_2_2

pytestmark = pytest.mark.django_db

PUBLISHED = StatisticsReturn.State.PUBLISHED
YEAR = 2024


@pytest.fixture(autouse=True)
def cube(coalition):
    load_cube()


def a_return(
    iso: str,
    cells: dict[tuple[tuple[str, str], ...], int],
    *,
    year: int = YEAR,
    state: str = PUBLISHED,
    semester: int | None = None,
    measure: str = "victims_identified",
) -> StatisticsReturn:
    """A return with its victims' figures: {(): total, (("sex", "female"),): 15, …}."""
    statistics_return = StatisticsReturn.objects.create(
        country=Country.objects.get(iso_code=iso), year=year, semester=semester, state=state
    )
    for pairs, value in cells.items():
        values = dict(pairs)
        Figure.objects.create(
            statistics_return=statistics_return,
            measure=Measure.objects.get(code=measure),
            breakdown=breakdown_code(values),
            cell=cell_code(values),
            value=value,
        )
    return statistics_return


def population(iso: str, sex: str, age: str, value: int, *, year=YEAR, is_demo=False):
    Population.objects.create(
        country=Country.objects.get(iso_code=iso),
        year=year,
        sex=sex,
        age=age,
        value=value,
        source="Demo" if is_demo else "WPP 2024",
        is_demo=is_demo,
    )


def rows_by(rows: list[SdgRow]) -> dict[tuple[str, str, str], SdgRow]:
    return {(r.country.iso_code if r.country else "region", r.sex, r.age): r for r in rows}


SEX_F, SEX_M, SEX_U = ("sex", "female"), ("sex", "male"), ("sex", "unknown")
CHILD, ADULT = ("age", "0-17"), ("age", "18+")


@pytest.fixture
def honduras():
    """23 victims: 15 women and girls, 8 men and boys; 9 children, 14 adults."""
    a_return(
        "HN",
        {
            (): 23,
            (SEX_F,): 15,
            (SEX_M,): 8,
            (SEX_U,): 0,
            (CHILD,): 9,
            (ADULT,): 14,
            (CHILD, SEX_F): 6,
            (CHILD, SEX_M): 3,
            (ADULT, SEX_F): 9,
            (ADULT, SEX_M): 5,
        },
    )
    for sex, age, value in [
        ("all", "all", 4_567_890),
        ("female", "all", 2_300_000),
        ("male", "all", 2_267_890),
        ("all", "0-17", 1_800_000),
        ("all", "18+", 2_767_890),
        ("female", "0-17", 900_000),
        ("male", "0-17", 900_000),
        ("female", "18+", 1_400_000),
        ("male", "18+", 1_367_890),
    ]:
        population("HN", sex, age, value)


def test_rates_per_100000_worked_by_hand(honduras):
    rows = rows_by(sdg_16_2_2(year=YEAR))
    expected = {
        ("all", "all"): "0.50",  # 23 × 100,000 / 4,567,890 = 0.5035
        ("female", "all"): "0.65",  # 15 × 100,000 / 2,300,000 = 0.6522
        ("male", "all"): "0.35",  # 8 × 100,000 / 2,267,890 = 0.3528
        ("all", "0-17"): "0.50",  # 9 × 100,000 / 1,800,000 = 0.5
        ("all", "18+"): "0.51",  # 14 × 100,000 / 2,767,890 = 0.5058
        ("female", "0-17"): "0.67",  # 6 × 100,000 / 900,000 = 0.6667
        ("male", "0-17"): "0.33",  # 3 × 100,000 / 900,000 = 0.3333
        ("female", "18+"): "0.64",  # 9 × 100,000 / 1,400,000 = 0.6429
        ("male", "18+"): "0.37",  # 5 × 100,000 / 1,367,890 = 0.3655
    }
    for (sex, age), rate in expected.items():
        row = rows[("HN", sex, age)]
        assert row.rate == Decimal(rate), (sex, age, row)
        assert not row.population_missing and not row.is_demo
    total = rows[("HN", "all", "all")]
    assert (total.numerator, total.denominator) == (23, 4_567_890)
    # "Unknown" sex or age has no population: no rate is made of it.
    assert {(sex, age) for _c, sex, age in rows} == set(expected)


def test_rates_are_rounded_half_up():
    # 1 × 100,000 / 160,000 = 0.625 exactly: half up gives 0.63 (half even would give 0.62).
    assert rate_per_100k(1, 160_000) == Decimal("0.63")
    a_return("GT", {(): 1})
    population("GT", "all", "all", 160_000)
    assert sdg_16_2_2(year=YEAR)[0].rate == Decimal("0.63")


def test_without_population_the_rate_says_so():
    a_return("SV", {(): 7, (SEX_F,): 7})
    population("SV", "all", "all", 100_000, year=YEAR - 1)  # another year's does not count
    rows = rows_by(sdg_16_2_2(year=YEAR))
    row = rows[("SV", "all", "all")]
    assert (row.numerator, row.denominator, row.rate) == (7, None, None)
    assert row.population_missing
    assert rows[("SV", "female", "all")].population_missing
    region = rows[("region", "all", "all")]
    assert region.population_missing and region.rate is None and region.countries == ()


def test_a_rate_on_demo_population_is_marked_demo():
    a_return("GT", {(): 1, (SEX_F,): 1})
    population("GT", "all", "all", 160_000, is_demo=True)
    population("GT", "female", "all", 80_000)
    rows = rows_by(sdg_16_2_2(year=YEAR))
    assert rows[("GT", "all", "all")].is_demo
    assert not rows[("GT", "female", "all")].is_demo
    assert rows[("region", "all", "all")].is_demo


def test_only_published_returns_of_the_year_count():
    for state in ("draft", "submitted", "returned", "validated"):
        iso = {"draft": "NI", "submitted": "CR", "returned": "PA", "validated": "DO"}[state]
        a_return(iso, {(): 50}, state=state)
        population(iso, "all", "all", 1_000_000)
    a_return("BZ", {(): 5}, year=YEAR - 1)
    population("BZ", "all", "all", 400_000)
    population("BZ", "all", "all", 400_000, year=YEAR - 1)
    assert sdg_16_2_2(year=YEAR) == []
    assert [r.numerator for r in sdg_16_2_2(year=YEAR - 1)] == [5, 5]  # Belize, the region


def test_other_measures_are_not_victims():
    a_return("GT", {(): 1})
    a_return("HN", {(): 40}, measure="smuggled_migrants")
    population("GT", "all", "all", 160_000)
    population("HN", "all", "all", 1_000_000)
    rows = rows_by(sdg_16_2_2(year=YEAR))
    assert ("HN", "all", "all") not in rows
    assert rows[("region", "all", "all")].numerator == 1


def test_age_groups_sum_the_finer_bands_a_return_gives():
    bands = {"0-11": 2, "12-17": 3, "18-29": 4, "30-59": 0, "60+": 1}
    a_return("GT", {(): 10, **{(("age", band),): n for band, n in bands.items()}})
    a_return("HN", {(): 3, (("age", "0-11"),): 3})  # 12-17 not given: no children's figure
    population("GT", "all", "0-17", 500_000)
    population("GT", "all", "18+", 1_000_000)
    population("HN", "all", "0-17", 500_000)
    rows = rows_by(sdg_16_2_2(year=YEAR))
    assert rows[("GT", "all", "0-17")].numerator == 5  # 2 + 3
    assert rows[("GT", "all", "0-17")].rate == Decimal("1.00")  # 5 × 100,000 / 500,000
    assert rows[("GT", "all", "18+")].numerator == 5  # 4 + 0 + 1
    assert rows[("GT", "all", "18+")].rate == Decimal("0.50")  # 5 × 100,000 / 1,000,000
    assert ("HN", "all", "0-17") not in rows


def test_a_country_reporting_by_semester_counts_when_both_are_published():
    a_return("PA", {(): 4}, semester=1)
    a_return("PA", {(): 6}, semester=2)
    a_return("CR", {(): 3}, semester=1)  # the second semester is not published: no year
    a_return("CR", {(): 9}, semester=2, state="validated")
    population("PA", "all", "all", 4_000_000)
    population("CR", "all", "all", 5_000_000)
    rows = rows_by(sdg_16_2_2(year=YEAR))
    assert rows[("PA", "all", "all")].numerator == 10
    assert rows[("PA", "all", "all")].rate == Decimal("0.25")  # 10 × 100,000 / 4,000,000
    assert ("CR", "all", "all") not in rows


def test_the_regional_rate_sums_countries_with_both_figures(honduras):
    a_return("GT", {(): 1, (("age", "12-17"),): 1, (("age", "0-11"),): 0, (ADULT,): 0})
    population("GT", "all", "all", 160_000, is_demo=True)
    population("GT", "all", "0-17", 60_000, is_demo=True)
    population("GT", "all", "18+", 100_000, is_demo=True)
    a_return("PA", {(): 10})
    population("PA", "all", "all", 4_000_000)
    a_return("SV", {(): 7})  # no population: left out of the region
    rows = sdg_16_2_2(year=YEAR)
    by = rows_by(rows)
    region = by[("region", "all", "all")]
    # (23 + 1 + 10) × 100,000 / (4,567,890 + 160,000 + 4,000,000) = 3,400,000 / 8,727,890
    # = 0.3896 → 0.39; El Salvador's 7 victims have no population and are not counted.
    assert (region.numerator, region.denominator) == (34, 8_727_890)
    assert region.rate == Decimal("0.39")
    assert set(region.countries) == {"HN", "GT", "PA"}
    assert region.is_demo  # Guatemala's population is demo
    # Children: (9 + 1) × 100,000 / (1,800,000 + 60,000) = 0.5376 → 0.54.
    assert by[("region", "all", "0-17")].rate == Decimal("0.54")
    # Adults: (14 + 0) × 100,000 / (2,767,890 + 100,000) = 0.4882 → 0.49.
    assert by[("region", "all", "18+")].rate == Decimal("0.49")
    # Women: Honduras only gives sex: 15 × 100,000 / 2,300,000 = 0.65, not demo.
    women = by[("region", "female", "all")]
    assert (women.rate, women.countries, women.is_demo) == (Decimal("0.65"), ("HN",), False)
    # Countries first, the regional rows last.
    assert [r.is_regional for r in rows] == sorted(r.is_regional for r in rows)
    # Only the countries asked for.
    only = rows_by(sdg_16_2_2(year=YEAR, countries=Country.objects.filter(iso_code="PA")))
    assert only[("region", "all", "all")].rate == Decimal("0.25")
    assert {c for c, _s, _a in only} == {"PA", "region"}
