"""What the platform publishes of a measure for a year (issue 20): every table anyone but the
reporting country and ST sees, with small cells suppressed so that nobody recovers one.

The adversarial tests take every cell a reader is shown (publication(...).cells()), rebuild
here, from the cube and the cell codes alone, the additivities those tables show (each
breakdown to its total, finer bands to their band, the two-way table to its margins, each
regional cell to the countries), and solve them as linear equations
(stats.disclosure.determined/recover): nothing suppressed comes back, for the public nor for
a country's focal point who adds its own exact figures to the equations."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stats import services
from stats.cells import TOTAL, cell_code, parse_cell
from stats.consistency import consistency_errors
from stats.disclosure import Relation, check_consistent, determined, primary, recover
from stats.loaders import load_cube
from stats.models import Measure, StatisticsReturn
from stats.selectors.publication import (
    REGION,
    PublishedCell,
    _cube_shape,
    build_system,
    publication,
    published_years,
)
from stats.selectors.returns import cube_layout
from stats.tests.factories import return_with_figures

pytestmark = pytest.mark.django_db

State = StatisticsReturn.State
YEAR = 2024
V = "victims_identified"
SEXES = ("female", "male", "unknown")
AGES = ("0-17", "18+", "unknown")
BANDS = {"0-17": ("0-11", "12-17"), "18+": ("18-29", "30-59", "60+")}
EXPLOITATION = ("sexual", "forced_labour", "slavery", "servitude", "organ_removal", "other")
SMALL = (0, 0, 1, 2, 3, 4, 6, 9, 15)
MEMBERS = ("BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA", "DO")


@pytest.fixture(autouse=True)
def cube(coalition):
    load_cube()


@pytest.fixture
def measure():
    return Measure.objects.get(code=V)


# --- Returns with small cells -----------------------------------------------------------


def _split(total: int, n: int, rng: random.Random) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(n - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def victims(seed: int, origins: tuple[str, ...] = ("GT", "VE")) -> dict[str, int]:
    """A complete return of victims identified that adds up, with many small cells: a
    sex × age table (unknowns included), its margins, the finer age bands, the forms of
    exploitation and the countries of citizenship."""
    rng = random.Random(seed)
    grid = {(s, a): rng.choice(SMALL) for s in SEXES for a in AGES}
    figures = {cell_code({"sex": s, "age": a}): v for (s, a), v in grid.items()}
    total = sum(grid.values())
    figures[TOTAL] = total
    for s in SEXES:
        figures[cell_code({"sex": s})] = sum(grid[s, a] for a in AGES)
    for a in AGES:
        figures[cell_code({"age": a})] = sum(grid[s, a] for s in SEXES)
    for parent, bands in BANDS.items():
        for band, value in zip(
            bands, _split(figures[f"age={parent}"], len(bands), rng), strict=True
        ):
            figures[cell_code({"age": band})] = value
    categories = (*EXPLOITATION, "unknown")
    for category, value in zip(categories, _split(total, len(categories), rng), strict=True):
        figures[cell_code({"exploitation": category})] = value
    places = (*origins, "unknown")
    for origin, value in zip(places, _split(total, len(places), rng), strict=True):
        figures[cell_code({"citizenship": origin})] = value
    return figures


def a_return(
    iso: str,
    figures: dict[str, int],
    *,
    state: str = State.PUBLISHED,
    semester: int | None = None,
    year: int = YEAR,
) -> StatisticsReturn:
    return return_with_figures(iso, figures, year=year, state=state, semester=semester, measure=V)


@pytest.fixture
def four_countries() -> dict[str, dict[str, int]]:
    data = {
        "GT": victims(1, origins=("HN", "SV", "MX")),
        "HN": victims(2),
        "SV": victims(3, origins=("GT", "HN")),
        "PA": victims(4, origins=("VE", "CO")),
    }
    for iso, figures in data.items():
        a_return(iso, figures)
    return data


# --- The attacker -------------------------------------------------------------------------


def relations_shown(cells, measure: Measure) -> list[Relation]:
    """The additivities the published tables show, from the cube and the cells' codes."""
    layout = cube_layout()
    shown = defaultdict(set)
    for c in cells:
        shown[c.country].add(c.cell)
    relations = []
    for country, present in shown.items():

        def add(total, parts, country=country, present=present):
            parts = [p for p in parts if p in present]
            if total in present and parts:
                relations.append(Relation((country, total), tuple((country, p) for p in parts)))

        for dims in measure.breakdowns:
            dims = sorted(dims)
            ours = [c for c in present if c and sorted(parse_cell(c)) == dims]
            if len(dims) == 1:
                dimension = layout.dimensions[dims[0]]
                finer = {v.code for v in dimension.values if v.parent}
                add(TOTAL, [c for c in ours if parse_cell(c)[dims[0]] not in finer])
                for top in dimension.top_level:
                    add(
                        cell_code({dims[0]: top.code}),
                        [cell_code({dims[0]: v.code}) for v in dimension.children(top.code)],
                    )
            else:
                for d in dims:
                    lines = defaultdict(list)
                    for c in ours:
                        lines[cell_code({d: parse_cell(c)[d]})].append(c)
                    for margin, parts in lines.items():
                        add(margin, parts)
    for cell in shown[REGION]:
        parts = [(iso, cell) for iso in shown if iso != REGION and cell in shown[iso]]
        relations.append(Relation((REGION, cell), tuple(parts)))
    return relations


def attack(cells, relations) -> dict:
    """What a reader who sees `cells` recovers of the suppressed ones."""
    published = {(c.country, c.cell): c.value for c in cells if not c.suppressed}
    suppressed = {(c.country, c.cell) for c in cells if c.suppressed}
    return recover(published, relations, suppressed)


def attack_as(iso: str, cells, relations) -> dict:
    """What the focal point of `iso` recovers of the others' suppressed cells: beyond what
    its own cells give alone, with nothing published (a regional cell only it contributes
    to is its own figure)."""
    own = {(c.country, c.cell): c.value for c in cells if c.country == iso}
    everything = {(c.country, c.cell) for c in cells}
    from_own_alone = recover(own, relations, everything - set(own))
    assert {country for country, _cell in from_own_alone} <= {REGION}
    return {k: v for k, v in attack(cells, relations).items() if k not in from_own_alone}


def exact_values(measure) -> dict:
    return {
        (c.country, c.cell): c.value
        for c in publication(measure=measure, year=YEAR, viewer=None).cells()
        if not c.suppressed
    } | {
        (c.country, c.cell): c.value
        for c in publication(measure=measure, year=YEAR, viewer=_st()).cells()
    }


def _st():
    from members.models import User
    from members.tests.factories import UserFactory

    return User.objects.filter(username="st-pub").first() or UserFactory(
        username="st-pub", role=User.Role.SECRETARIAT
    )


# --- Tests ----------------------------------------------------------------------------------


def test_the_test_returns_are_complete_and_add_up():
    for seed in range(20):
        figures = {(V, cell): value for cell, value in victims(seed).items()}
        errors = consistency_errors(cube_layout(), figures)
        assert {k: v for k, v in errors.items() if k.startswith(V)} == {}


def test_every_country_and_the_region_are_published_with_every_cell(measure, four_countries):
    published = publication(measure=measure, year=YEAR)
    assert published.countries == ["GT", "HN", "PA", "SV"]
    assert published.threshold == 5
    for iso, figures in four_countries.items():
        assert {c.cell for c in published.cells() if c.country == iso} == set(figures)
    region = published.get(REGION, TOTAL)
    assert region is not None
    assert {c.country for c in published.cells()} == {"GT", "HN", "PA", "SV", REGION}
    # the origin countries of all four side by side, in the regional table
    assert published.get(REGION, "citizenship=CO") is not None
    assert published.get(REGION, "citizenship=MX") is not None


def test_the_cells_come_in_a_stable_tidy_order(measure, four_countries):
    cells = publication(measure=measure, year=YEAR).cells()
    assert [c.country for c in cells[:1]] == ["GT"] and cells[0].cell == TOTAL
    assert cells[-1].country == REGION
    assert cells == publication(measure=measure, year=YEAR).cells()


def test_small_cells_are_suppressed_for_the_public(measure, four_countries):
    published = publication(measure=measure, year=YEAR)
    for c in published.cells():
        assert (c.value is None) == c.suppressed
    small = {(iso, cell) for iso, figures in four_countries.items() for cell in primary(figures)}
    assert small, "the test data has small cells"
    assert all(published.get(*key).suppressed for key in small)
    # zeros are published
    zeros = [(iso, c) for iso, f in four_countries.items() for c, v in f.items() if v == 0]
    assert any(not published.get(*key).suppressed for key in zeros)


def test_the_public_recovers_no_suppressed_cell_from_the_published_margins(measure, four_countries):
    cells = publication(measure=measure, year=YEAR).cells()
    relations = relations_shown(cells, measure)
    check_consistent(exact_values(measure), relations)  # the attacker's equations are true
    assert any(c.suppressed for c in cells)
    assert attack(cells, relations) == {}
    published = {(c.country, c.cell): c.value for c in cells if not c.suppressed}
    assert (
        determined(published, relations, {(c.country, c.cell) for c in cells if c.suppressed})
        == set()
    )


def test_the_attack_is_real_without_complementary_suppression(measure, four_countries):
    """Only the small cells hidden: the same attacker gets them back."""
    cells = publication(measure=measure, year=YEAR, viewer=_st()).cells()
    values = {(c.country, c.cell): c.value for c in cells}
    relations = relations_shown(cells, measure)
    only_primary = primary(values, 5)
    published = {k: v for k, v in values.items() if k not in only_primary}
    recovered = recover(published, relations, only_primary)
    assert recovered and all(values[key] == value for key, value in recovered.items())


@pytest.mark.parametrize("iso", ["GT", "HN", "PA", "SV"])
def test_no_focal_point_recovers_another_countrys_suppressed_cell(
    measure, four_countries, coalition, iso
):
    from members.models import User
    from members.tests.factories import UserFactory

    focal_point = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition[iso])
    cells = publication(measure=measure, year=YEAR, viewer=focal_point).cells()
    assert not any(c.suppressed for c in cells if c.country == iso)  # its own, exact
    assert any(c.suppressed for c in cells if c.country not in (iso, REGION))
    relations = relations_shown(cells, measure)
    assert attack_as(iso, cells, relations) == {}


def test_st_sees_every_value_exact(measure, four_countries, st_user):
    published = publication(measure=measure, year=YEAR, viewer=st_user)
    assert not any(c.suppressed for c in published.cells())
    for iso, figures in four_countries.items():
        assert {c: published.get(iso, c).value for c in figures} == figures
    assert published.get(REGION, TOTAL).value == sum(f[TOTAL] for f in four_countries.values())


def test_a_focal_point_sees_its_own_cells_exact_and_the_others_suppressed(
    measure, four_countries, focal_point_hn
):
    public = publication(measure=measure, year=YEAR)
    mine = publication(measure=measure, year=YEAR, viewer=focal_point_hn)
    for cell, value in four_countries["HN"].items():
        assert mine.get("HN", cell) == PublishedCell("HN", cell, value, False)
    hidden_hn = [c for c in public.cells() if c.country == "HN" and c.suppressed]
    assert hidden_hn, "Honduras has suppressed cells for the public"
    # everything else exactly as the public sees it (the region too)
    assert [c for c in mine.cells() if c.country != "HN"] == [
        c for c in public.cells() if c.country != "HN"
    ]


def test_delegates_partners_and_other_focal_points_see_the_public_pattern(
    measure, four_countries, delegate, partner, focal_point_gt
):
    public = [c for c in publication(measure=measure, year=YEAR).cells() if c.country == "HN"]
    for viewer in (delegate, partner, focal_point_gt):
        seen = publication(measure=measure, year=YEAR, viewer=viewer).cells()
        assert [c for c in seen if c.country == "HN"] == public


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.VALIDATED, State.RETURNED])
def test_returns_not_yet_published_are_not_shown(measure, four_countries, state):
    a_return("NI", victims(9), state=state)
    published = publication(measure=measure, year=YEAR)
    assert "NI" not in published.countries
    assert not any(c.country == "NI" for c in published.cells())


def test_other_years_are_not_mixed_in(measure, four_countries):
    a_return("NI", victims(9), year=2023)
    assert "NI" not in publication(measure=measure, year=YEAR).countries
    assert publication(measure=measure, year=2023).countries == ["NI"]
    assert published_years(measure=measure) == [2023, 2024]


def test_a_country_reporting_by_semester_is_published_when_both_are(measure, four_countries):
    first, second = victims(11, origins=("GT",)), victims(12, origins=("VE",))
    a_return("NI", first, semester=1)
    assert "NI" not in publication(measure=measure, year=YEAR).countries
    a_return("NI", second, semester=2, state=State.VALIDATED)
    assert "NI" not in publication(measure=measure, year=YEAR).countries
    StatisticsReturn.objects.filter(country__iso_code="NI", semester=2).update(
        state=State.PUBLISHED, published_at=timezone.now()
    )
    published = publication(measure=measure, year=YEAR, viewer=_st())
    assert "NI" in published.countries
    assert published.get("NI", TOTAL).value == first[TOTAL] + second[TOTAL]
    # a country of citizenship only one semester had counts 0 in the other
    assert published.get("NI", "citizenship=VE").value == second["citizenship=VE"]
    assert published.get("NI", "citizenship=GT").value == first["citizenship=GT"]
    cells = publication(measure=measure, year=YEAR).cells()
    assert attack(cells, relations_shown(cells, measure)) == {}


def test_finer_bands_given_by_only_some_countries_are_not_summed_into_the_region(measure):
    with_bands = victims(21)
    without = {
        c: v
        for c, v in victims(22).items()
        if parse_cell(c).get("age") not in ("0-11", "12-17", "18-29", "30-59", "60+")
    }
    a_return("GT", with_bands)
    a_return("HN", without)
    published = publication(measure=measure, year=YEAR, viewer=_st())
    assert published.get("GT", "age=0-11") is not None
    assert published.get(REGION, "age=0-11") is None
    assert published.get(REGION, "age=0-17").value == with_bands["age=0-17"] + without["age=0-17"]


def test_the_threshold_is_a_setting(measure, four_countries, settings):
    default = publication(measure=measure, year=YEAR)
    settings.STATS_DISCLOSURE_THRESHOLD = 2
    lower = publication(measure=measure, year=YEAR)
    assert lower.threshold == 2
    threes = [c for c in lower.cells() if c.value == 3 or default.get(c.country, c.cell).value == 3]
    assert threes
    hidden = lambda p: sum(c.suppressed for c in p.cells())  # noqa: E731
    assert hidden(lower) < hidden(default)
    cells = lower.cells()
    assert attack(cells, relations_shown(cells, measure)) == {}


def test_the_pattern_is_cached_until_another_return_is_published(measure, four_countries, st_user):
    first = publication(measure=measure, year=YEAR)
    with CaptureQueriesContext(connection) as cached_call:
        again = publication(measure=measure, year=YEAR)
    assert again.cells() == first.cells()
    assert not any("stats_figure" in q["sql"] for q in cached_call.captured_queries)

    validated = a_return("NI", victims(9), state=State.VALIDATED)
    assert publication(measure=measure, year=YEAR).countries == first.countries
    services.return_publish(
        user=st_user, statistics_return=validated, expected_version=validated.version
    )
    with CaptureQueriesContext(connection) as fresh:
        after = publication(measure=measure, year=YEAR)
    assert "NI" in after.countries
    assert any("stats_figure" in q["sql"] for q in fresh.captured_queries)
    cells = after.cells()
    assert attack(cells, relations_shown(cells, measure)) == {}


def _reads_figures(call) -> bool:
    with CaptureQueriesContext(connection) as queries:
        call()
    return any("stats_figure" in q["sql"] for q in queries.captured_queries)


def test_publishing_a_return_computes_its_years_patterns_at_once(
    measure, four_countries, st_user, django_capture_on_commit_callbacks
):
    publication(measure=measure, year=YEAR)
    validated = a_return("NI", victims(9), state=State.VALIDATED)
    with django_capture_on_commit_callbacks(execute=True):
        services.return_publish(
            user=st_user, statistics_return=validated, expected_version=validated.version
        )
    # the first reader after the publication finds the new pattern computed (by the task)
    assert not _reads_figures(lambda: publication(measure=measure, year=YEAR))
    assert "NI" in publication(measure=measure, year=YEAR).countries


def test_the_pattern_outlives_the_page_cache(measure, four_countries, settings):
    """Its key changes with every publication, so it is kept far longer than a page."""
    import time_machine
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if not isinstance(caches["default"], LocMemCache):
        pytest.skip("the clock is moved in-process: the embedded cache only")
    settings.PAGE_CACHE_SECONDS = 300
    settings.STATS_PATTERN_CACHE_SECONDS = 7 * 24 * 3600
    publication(measure=measure, year=YEAR)
    with time_machine.travel(timezone.now() + dt.timedelta(days=6)):
        assert not _reads_figures(lambda: publication(measure=measure, year=YEAR))
    with time_machine.travel(timezone.now() + dt.timedelta(days=8)):
        assert _reads_figures(lambda: publication(measure=measure, year=YEAR))


def test_the_time_to_compute_the_pattern_is_measured(measure, four_countries):
    assert publication(measure=measure, year=YEAR).computed_seconds > 0


def _queries(measure, viewer) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as context:
        publication(measure=measure, year=YEAR, viewer=viewer)
    return len(context.captured_queries)


def test_the_query_count_does_not_grow_with_the_countries(measure, focal_point_hn):
    for seed, iso in enumerate(MEMBERS[:3]):
        a_return(iso, victims(seed))
    focal_point_hn.national_body  # noqa: B018 (loaded once per user, not per country)
    with_three = (_queries(measure, None), _queries(measure, focal_point_hn))
    for seed, iso in enumerate(MEMBERS[3:], start=3):
        a_return(iso, victims(seed))
    with_nine = (_queries(measure, None), _queries(measure, focal_point_hn))
    assert len(publication(measure=measure, year=YEAR).countries) == 9
    assert with_three == with_nine


def test_nine_countries_leave_nothing_recoverable_to_anyone(measure, coalition):
    from members.models import User
    from members.tests.factories import UserFactory

    for seed, iso in enumerate(MEMBERS):
        a_return(iso, victims(100 + seed, origins=(MEMBERS[(seed + 1) % 9], "VE")))
    published = publication(measure=measure, year=YEAR)
    assert published.computed_seconds < 10
    cells = published.cells()
    assert attack(cells, relations_shown(cells, measure)) == {}
    for iso in ("BZ", "MX", "DO"):
        viewer = UserFactory(role=User.Role.FOCAL_POINT, national_body=coalition[iso])
        cells = publication(measure=measure, year=YEAR, viewer=viewer).cells()
        assert attack_as(iso, cells, relations_shown(cells, measure)) == {}


def test_nothing_published_is_an_empty_publication(measure):
    published = publication(measure=measure, year=YEAR)
    assert published.countries == [] and published.cells() == []
    assert published_years(measure=measure) == []


def test_what_a_country_computes_from_its_own_figures_alone_is_what_build_system_names(
    measure, four_countries
):
    """protect takes each country's 'own' cells from build_system instead of one exact
    elimination per country: they must be exactly what the elimination finds (more would
    leave a cell exposed to that country, fewer would suppress for nothing)."""
    breakdowns, parents, country_dimensions = _cube_shape(measure)
    system = build_system(
        four_countries,
        breakdowns=breakdowns,
        parents=parents,
        country_dimensions=country_dimensions,
    )
    assert any(system.own), "the data must have regional cells only one country gives"
    for group, own in zip(system.insiders, system.own, strict=True):
        alone = determined(
            {key: system.values[key] for key in group},
            system.relations,
            set(system.values) - group,
        )
        assert own == alone
