"""Disclosure control (issue 20): every test attacks what ``protect`` publishes.

Pure Python, no database. The attack is ``determined``/``recover`` (linear equations over the
published totals); the small tables are also searched exhaustively for two different
non-negative integer completions of every suppressed cell.
"""

from __future__ import annotations

import random
import time
from fractions import Fraction

import pytest

from stats.disclosure import (
    Relation,
    _NullSpace,
    check_consistent,
    determined,
    primary,
    protect,
    recover,
)

# --- Building published tables --------------------------------------------------------------


def one_way(prefix: tuple, counts: dict) -> tuple[dict, list[Relation]]:
    """A total and its categories."""
    values = {(*prefix, category): count for category, count in counts.items()}
    values[(*prefix, "total")] = sum(counts.values())
    relations = [Relation((*prefix, "total"), tuple((*prefix, c) for c in counts))]
    return values, relations


def two_way(prefix: tuple, interior: dict) -> tuple[dict, list[Relation]]:
    """Rows × columns with row totals, column totals and the grand total ("T")."""
    rows = list(dict.fromkeys(r for r, _ in interior))
    cols = list(dict.fromkeys(c for _, c in interior))
    values = {(*prefix, r, c): v for (r, c), v in interior.items()}
    relations = []
    for r in rows:
        values[(*prefix, r, "T")] = sum(interior[r, c] for c in cols)
        relations.append(Relation((*prefix, r, "T"), tuple((*prefix, r, c) for c in cols)))
    for c in cols:
        values[(*prefix, "T", c)] = sum(interior[r, c] for r in rows)
        relations.append(Relation((*prefix, "T", c), tuple((*prefix, r, c) for r in rows)))
    values[(*prefix, "T", "T")] = sum(interior.values())
    relations.append(Relation((*prefix, "T", "T"), tuple((*prefix, r, "T") for r in rows)))
    relations.append(Relation((*prefix, "T", "T"), tuple((*prefix, "T", c) for c in cols)))
    return values, relations


def regional(countries: dict[str, tuple[dict, list[Relation]]]) -> tuple[dict, list[Relation]]:
    """The countries' tables plus the regional table: each regional cell is the sum over
    countries of the same cell, and the regional table shows the same margins."""
    values: dict = {}
    relations: list[Relation] = []
    for country_values, country_relations in countries.values():
        values.update(country_values)
        relations.extend(country_relations)
    names = list(countries)
    first_values, first_relations = countries[names[0]]
    for key in first_values:
        cell = key[1:]
        values[("region", *cell)] = sum(values[(name, *cell)] for name in names)
        relations.append(Relation(("region", *cell), tuple((name, *cell) for name in names)))
    for relation in first_relations:
        relations.append(
            Relation(
                ("region", *relation.total[1:]), tuple(("region", *p[1:]) for p in relation.parts)
            )
        )
    return values, relations


SEXES = ("F", "M")
BANDS = ("0-11", "12-17", "18-29", "30-49", "50+")


def sex_by_age(counts: list[list[int]], prefix: tuple = ("HN",)) -> tuple[dict, list[Relation]]:
    return two_way(
        prefix, {(s, b): counts[i][j] for i, s in enumerate(SEXES) for j, b in enumerate(BANDS)}
    )


# --- The exhaustive check -------------------------------------------------------------------


def another_completion(
    values: dict, relations: list[Relation], suppressed: set, cell
) -> dict | None:
    """A non-negative integer completion of the suppressed cells, consistent with every
    published value and relation, in which ``cell`` differs from its true value (or None).

    Depth-first with propagation (a relation with one unknown left fixes it); the true
    values only order the search (nearest first), they constrain nothing.
    """
    bound = max(values.values())  # no count exceeds the largest total
    equations = [relation.coefficients() for relation in relations]
    unknown = sorted(suppressed, key=repr)

    def propagate(assignment: dict) -> bool:
        changed = True
        while changed:
            changed = False
            for coefficients in equations:
                missing = [k for k in coefficients if k not in assignment]
                known = sum(c * assignment[k] for k, c in coefficients.items() if k in assignment)
                if not missing and known:
                    return False
                if len(missing) == 1:
                    key = missing[0]
                    value, remainder = divmod(-known, coefficients[key])
                    if remainder or not 0 <= value <= bound:
                        return False
                    assignment[key] = value
                    changed = True
        return True

    def candidates(key) -> list[int]:
        true = values[key]
        ordered = sorted(range(bound + 1), key=lambda v: (abs(v - true), v))
        return [v for v in ordered if v != true] if key == cell else ordered

    def search(assignment: dict) -> dict | None:
        if not propagate(assignment):
            return None
        if cell in assignment and assignment[cell] == values[cell]:
            return None
        rest = [k for k in unknown if k not in assignment]
        if not rest:
            return assignment
        key = cell if cell in rest else rest[0]
        for value in candidates(key):
            found = search({**assignment, key: value})
            if found is not None:
                return found
        return None

    return search({k: v for k, v in values.items() if k not in suppressed})


def assert_not_recoverable(values: dict, relations: list[Relation], suppressed: set) -> None:
    """The attack recovers nothing, and each suppressed cell has two different completions:
    its true value and another one found by search."""
    assert determined(values, relations, suppressed) == set()
    assert recover(values, relations, suppressed) == {}
    for cell in suppressed:
        other = another_completion(values, relations, suppressed, cell)
        assert other is not None, f"{cell!r} is pinned by the published values"
        assert other[cell] != values[cell]
        check_consistent(other, relations)


# --- Primary suppression --------------------------------------------------------------------


def test_zeros_are_never_primary():
    assert primary({"a": 0, "b": 0}, 5) == set()


def test_values_below_the_threshold_are_primary_and_the_rest_are_not():
    values = {"zero": 0, "one": 1, "four": 4, "five": 5, "many": 40}
    assert primary(values, 5) == {"one", "four"}


def test_the_threshold_is_a_parameter():
    values = {"one": 1, "two": 2, "four": 4, "five": 5}
    assert primary(values, 3) == {"one", "two"}
    assert primary(values, 6) == {"one", "two", "four", "five"}


def test_a_table_of_zeros_and_large_counts_suppresses_nothing():
    values, relations = one_way(("HN",), {"a": 0, "b": 12, "c": 7})
    assert protect(values, relations) == set()


# --- The attack is real ---------------------------------------------------------------------


def test_a_lone_suppressed_cell_is_recovered_from_its_total():
    values, relations = one_way(("HN",), {"a": 3, "b": 7, "c": 10})
    suppressed = {("HN", "a")}
    published = {k: v for k, v in values.items() if k not in suppressed}
    assert determined(published, relations, suppressed) == suppressed
    assert recover(published, relations, suppressed) == {("HN", "a"): Fraction(3)}
    # and the exhaustive search agrees: no other completion exists
    assert another_completion(values, relations, suppressed, ("HN", "a")) is None


def test_the_attack_follows_a_chain_of_margins_in_a_two_way_table():
    # Three corners of a rectangle suppressed: the column total gives (M, 0-11), then the row
    # total of M gives (M, 12-17), then the column gives (F, 12-17).
    values, relations = sex_by_age([[2, 3, 9, 11, 8], [1, 6, 7, 12, 10]])
    suppressed = {("HN", "F", "0-11"), ("HN", "M", "0-11"), ("HN", "M", "12-17")}
    published = {k: v for k, v in values.items() if k not in suppressed}
    assert recover(published, relations, suppressed) == {
        ("HN", "F", "0-11"): 2,
        ("HN", "M", "0-11"): 1,
        ("HN", "M", "12-17"): 6,
    }


def test_the_attack_reads_no_suppressed_value():
    values, relations = one_way(("HN",), {"a": 3, "b": 7, "c": 10})
    suppressed = {("HN", "a")}
    lying = dict(values)
    lying[("HN", "a")] = 999  # if recover read it, the answer would change
    assert recover(lying, relations, suppressed) == {("HN", "a"): 3}


def test_the_attack_refuses_published_values_that_contradict_the_relations():
    values = {"t": 10, "u": 10, "a": 4, "b": 6}
    relations = [Relation("t", ("a", "b")), Relation("u", ("a", "b"))]
    with pytest.raises(ValueError, match=r"relation 1 \('u'\) contradicts the published values"):
        recover({**values, "u": 11}, relations, {"a", "b"})
    with pytest.raises(ValueError, match=r"relation 0 \('t'\) does not hold"):
        recover({**values, "t": 11}, relations, set())


def test_the_attack_solves_by_exact_fractions():
    # total = a + b, total2 = a + 2*b style additivity through repeated parts.
    values = {"t": 7, "u": 10, "a": 4, "b": 3}
    relations = [Relation("t", ("a", "b")), Relation("u", ("a", "b", "b"))]
    assert recover(values, relations, {"a", "b"}) == {"a": 4, "b": 3}


# --- Complementary suppression ----------------------------------------------------------------


def test_a_small_cell_in_a_one_way_table_gets_a_companion():
    values, relations = one_way(("HN",), {"a": 3, "b": 7, "c": 10})
    suppressed = protect(values, relations)
    assert suppressed == {("HN", "a"), ("HN", "b")}  # the smallest other category
    assert_not_recoverable(values, relations, suppressed)


def test_small_cells_in_a_two_way_table_with_margins_are_not_recoverable():
    values, relations = sex_by_age([[2, 9, 14, 3, 7], [1, 6, 11, 12, 0]])
    suppressed = protect(values, relations)
    # The small cells (F 0-11, F 30-49, M 0-11) and the small column total of 0-11 (3): the
    # look-ahead closes the rectangle with M 30-49 and one more column total; without it the
    # greedy hid 14 of the 18 cells.
    assert suppressed == {
        ("HN", "F", "0-11"),
        ("HN", "F", "30-49"),
        ("HN", "M", "0-11"),
        ("HN", "M", "30-49"),
        ("HN", "T", "0-11"),
        ("HN", "T", "30-49"),
    }
    assert_not_recoverable(values, relations, suppressed)


def test_a_small_margin_is_protected_too():
    # The M row total is itself small (4): it and its cells are suppressed, and the rest
    # of the pattern keeps every one of them unrecoverable from the grand total.
    values, relations = sex_by_age([[6, 9, 14, 8, 7], [1, 0, 2, 1, 0]])
    suppressed = protect(values, relations)
    assert ("HN", "M", "T") in suppressed
    assert_not_recoverable(values, relations, suppressed)


def test_hierarchical_age_bands_child_adult_and_total():
    bands = {"0-11": 3, "12-17": 8, "18-29": 12, "30-49": 9, "50+": 6}
    values = {("HN", b): v for b, v in bands.items()}
    values[("HN", "child")] = bands["0-11"] + bands["12-17"]
    values[("HN", "adult")] = bands["18-29"] + bands["30-49"] + bands["50+"]
    values[("HN", "total")] = sum(bands.values())
    relations = [
        Relation(("HN", "child"), (("HN", "0-11"), ("HN", "12-17"))),
        Relation(("HN", "adult"), (("HN", "18-29"), ("HN", "30-49"), ("HN", "50+"))),
        Relation(("HN", "total"), (("HN", "child"), ("HN", "adult"))),
        Relation(("HN", "total"), tuple(("HN", b) for b in bands)),  # the bands' own table
    ]
    suppressed = protect(values, relations)
    assert ("HN", "0-11") in suppressed
    assert_not_recoverable(values, relations, suppressed)


def test_a_small_cell_is_not_recovered_from_the_regional_table_minus_the_other_countries():
    countries = {
        "GT": one_way(("GT",), {"sexual": 3, "labour": 12, "other": 9}),
        "HN": one_way(("HN",), {"sexual": 14, "labour": 8, "other": 7}),
        "SV": one_way(("SV",), {"sexual": 10, "labour": 6, "other": 11}),
    }
    values, relations = regional(countries)
    small = ("GT", "sexual")

    # Each country protected alone is not enough: the regional cell minus the other
    # countries gives the small cell back.
    alone = set().union(*(protect(v, r) for v, r in countries.values()))
    assert small in alone
    assert recover(values, relations, alone)[small] == 3

    suppressed = protect(values, relations)
    assert small in suppressed
    assert small not in determined(values, relations, suppressed)
    assert_not_recoverable(values, relations, suppressed)


def test_inconsistent_relations_are_refused_naming_the_relation():
    values = {"t": 12, "a": 3, "b": 6}
    with pytest.raises(ValueError, match=r"relation 0: total 't' is 12 but its parts sum to 9"):
        protect(values, [Relation("t", ("a", "b"))])
    with pytest.raises(ValueError, match=r"relation 1 \('t'\) names cells without a value"):
        check_consistent(values, [Relation("t", ("a", "b", "a")), Relation("t", ("c",))])


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        protect({"t": 0, "a": -1, "b": 1}, [Relation("t", ("a", "b"))])


def test_a_cell_zero_by_structure_alone_is_not_left_suppressed():
    # t0 is published both as l0 and as l0 + l2: l2 is 0 in every consistent table, so
    # suppressing it hides nothing and the attack would always "recover" it. Protecting the
    # small l1 ends up suppressing every other cell around it; l2 is then left published.
    values = {"l0": 6, "l1": 2, "l2": 0, "t0": 6, "t1": 8, "t2": 8, "t3": 6}
    relations = [
        Relation("t0", ("l0",)),
        Relation("t0", ("l0", "l2")),
        Relation("t1", ("l0", "l2", "l1")),
        Relation("t2", ("l0", "l1", "l2")),
        Relation("t3", ("l2", "l0")),
    ]
    suppressed = protect(values, relations)
    assert "l1" in suppressed
    assert "l2" not in suppressed
    assert determined(values, relations, suppressed) == set()


def test_two_small_cells_are_protected_by_the_rectangle_they_span():
    # (F, 0-11) and (M, 30-49) are small: the rectangle through them hides both with two
    # more interior cells, no margin suppressed.
    values, relations = sex_by_age([[2, 9, 14, 8, 7], [6, 6, 11, 3, 10]])
    suppressed = protect(values, relations)
    assert suppressed == {
        ("HN", "F", "0-11"),
        ("HN", "F", "30-49"),
        ("HN", "M", "0-11"),
        ("HN", "M", "30-49"),
    }
    assert_not_recoverable(values, relations, suppressed)


def test_protection_is_deterministic():
    values, relations = sex_by_age([[2, 9, 14, 3, 7], [1, 6, 11, 12, 0]])
    assert protect(values, relations) == protect(dict(reversed(values.items())), relations[::-1])


# --- Properties -----------------------------------------------------------------------------


def random_two_way(rng: random.Random) -> tuple[dict, list[Relation]]:
    rows, cols = rng.randint(1, 6), rng.randint(2, 6)
    skewed = [0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 12, 30]
    return two_way(("X",), {(r, c): rng.choice(skewed) for r in range(rows) for c in range(cols)})


def test_random_two_way_tables_leave_nothing_recoverable():
    rng = random.Random(20)
    for _ in range(200):
        values, relations = random_two_way(rng)
        suppressed = protect(values, relations)
        assert primary(values, 5) <= suppressed
        assert determined(values, relations, suppressed) == set(), values


def test_small_random_tables_have_two_completions_for_every_suppressed_cell():
    """Exhaustive search on 2×3 tables: every suppressed cell has two integer completions.

    Non-negativity is not part of the guarantee (module docstring): the skew keeps the
    counts large enough around small cells that the search finds two for these seeds."""
    rng = random.Random(7)
    for _ in range(20):
        interior = {(r, c): rng.choice([1, 2, 3, 6, 8, 9]) for r in range(2) for c in range(3)}
        values, relations = two_way(("X",), interior)
        suppressed = protect(values, relations)
        assert_not_recoverable(values, relations, suppressed)


def test_the_incremental_bookkeeping_agrees_with_the_attack():
    """``protect`` never re-runs the elimination; on random suppression patterns its
    null-space supports must give exactly the cells the attack cannot recover."""
    rng = random.Random(3)
    for _ in range(100):
        values, relations = random_two_way(rng)
        suppressed = {k for k in values if rng.random() < 0.3}
        null_space = _NullSpace(relations)
        for key in sorted(suppressed, key=repr):
            null_space.add(key)
        assert suppressed - null_space.free == determined(values, relations, suppressed)


# --- Scale ----------------------------------------------------------------------------------


def test_ninety_countries_with_regional_margins_are_protected_in_under_ten_seconds():
    rng = random.Random(90)
    skewed = [0, 0, 1, 2, 3, 4, 5, 7, 10, 20, 40]
    countries = {
        f"C{i:02d}": two_way(
            (f"C{i:02d}",), {(r, c): rng.choice(skewed) for r in range(3) for c in range(9)}
        )
        for i in range(90)
    }  # 27 cells + 3 + 9 + 1 margins = 40 cells per country
    values, relations = regional(countries)
    assert len(values) == 91 * 40

    started = time.perf_counter()
    suppressed = protect(values, relations)
    elapsed = time.perf_counter() - started

    assert elapsed < 10, elapsed
    assert primary(values, 5) <= suppressed
    assert determined(values, relations, suppressed) == set()


# --- Insiders: a reporting country knows its own cells ------------------------------------------


def own_cells(values: dict, country: str) -> set:
    return {key for key in values if key[0] == country}


def assert_no_insider_recovers(values: dict, relations: list[Relation], suppressed: set, groups):
    """Each insider, its own cells treated as published, recovers nothing of the others':
    nothing beyond what its own cells give with nothing published at all."""
    for group in groups:
        own = {key: values[key] for key in group}
        from_own_alone = determined(own, relations, set(values) - group)
        leaked = determined(values, relations, suppressed - group) - group - from_own_alone
        assert leaked == set(), (sorted(group)[0][0], leaked)


def three_countries() -> tuple[dict, list[Relation]]:
    return regional(
        {
            "GT": one_way(("GT",), {"sexual": 3, "labour": 12, "other": 9}),
            "HN": one_way(("HN",), {"sexual": 14, "labour": 8, "other": 7}),
            "SV": one_way(("SV",), {"sexual": 10, "labour": 6, "other": 11}),
        }
    )


def test_without_insiders_a_country_recovers_its_neighbours_small_cell_from_the_region():
    values, relations = three_countries()
    suppressed = protect(values, relations)
    # Safe from the public: the rectangle GT/HN × sexual/other through the regional cells.
    assert determined(values, relations, suppressed) == set()
    # But Honduras knows its own sexual and other: the regional cell minus Honduras and
    # El Salvador gives Guatemala's 3 back.
    honduras = own_cells(values, "HN")
    assert ("GT", "sexual") in suppressed
    assert recover(values, relations, suppressed - honduras)[("GT", "sexual")] == 3


def test_with_insiders_no_country_recovers_anything_of_the_others():
    values, relations = three_countries()
    groups = [own_cells(values, iso) for iso in ("GT", "HN", "SV")]
    suppressed = protect(values, relations, insiders=groups)
    assert primary(values, 5) <= suppressed
    assert determined(values, relations, suppressed) == set()
    assert_no_insider_recovers(values, relations, suppressed, groups)
    # the companions of Guatemala's 3 are now outside every single insider's own cells
    assert suppressed == {
        (iso, category) for iso in ("GT", "HN", "SV") for category in ("sexual", "other")
    }
    assert_not_recoverable(values, relations, suppressed)


def test_insiders_change_nothing_when_no_one_can_subtract():
    # One country alone: its own cells are all it could subtract, and it knows them anyway.
    values, relations = one_way(("HN",), {"a": 3, "b": 7, "c": 10})
    assert protect(values, relations, insiders=[own_cells(values, "HN")]) == protect(
        values, relations
    )


def test_random_regions_leave_nothing_recoverable_to_the_public_or_any_insider():
    rng = random.Random(33)
    skewed = [0, 0, 1, 2, 3, 4, 5, 7, 10, 20]
    for _ in range(15):
        names = [f"C{i}" for i in range(rng.randint(2, 5))]
        countries = {
            name: two_way((name,), {(r, c): rng.choice(skewed) for r in range(2) for c in range(3)})
            for name in names
        }
        values, relations = regional(countries)
        groups = [own_cells(values, name) for name in names]
        suppressed = protect(values, relations, insiders=groups)
        assert primary(values, 5) <= suppressed
        assert determined(values, relations, suppressed) == set()
        assert_no_insider_recovers(values, relations, suppressed, groups)


def test_nine_countries_with_insiders_are_protected_in_under_five_seconds():
    rng = random.Random(9)
    skewed = [0, 0, 1, 2, 3, 4, 5, 7, 10, 20, 40]
    countries = {
        f"C{i}": two_way(
            (f"C{i}",), {(r, c): rng.choice(skewed) for r in range(3) for c in range(9)}
        )
        for i in range(9)
    }
    values, relations = regional(countries)
    groups = [own_cells(values, name) for name in countries]
    started = time.perf_counter()
    suppressed = protect(values, relations, insiders=groups)
    assert time.perf_counter() - started < 5
    assert determined(values, relations, suppressed) == set()
    assert_no_insider_recovers(values, relations, suppressed, groups)


def test_a_regional_cell_only_one_country_gives_is_its_own_and_needs_no_hiding_from_it():
    # Only Guatemala had victims from Venezuela: the regional cell is Guatemala's own 2.
    # Guatemala cannot be kept from it (suppressing everything would not); nobody else
    # learns it, and the pattern does not grow to hide it from Guatemala.
    gt_values, gt_relations = one_way(("GT",), {"VE": 2, "HN": 9, "unknown": 11})
    hn_values, hn_relations = one_way(("HN",), {"GT": 12, "unknown": 8})
    sv_values, sv_relations = one_way(("SV",), {"GT": 7, "HN": 15, "unknown": 6})
    values = {**gt_values, **hn_values, **sv_values}
    relations = gt_relations + hn_relations + sv_relations
    for cell in ("VE", "HN", "GT", "unknown", "total"):
        parts = tuple((iso, cell) for iso in ("GT", "HN", "SV") if (iso, cell) in values)
        values[("region", cell)] = sum(values[p] for p in parts)
        relations.append(Relation(("region", cell), parts))
    relations.append(
        Relation(("region", "total"), tuple(("region", c) for c in ("VE", "HN", "GT", "unknown")))
    )
    groups = [own_cells(values, iso) for iso in ("GT", "HN", "SV")]
    suppressed = protect(values, relations, insiders=groups)
    assert {("GT", "VE"), ("region", "VE")} <= suppressed
    # (trying to hide the regional cell from Guatemala suppressed all 16 cells)
    assert suppressed == {
        ("GT", "VE"),
        ("GT", "HN"),
        ("GT", "unknown"),
        ("SV", "HN"),
        ("SV", "unknown"),
        ("region", "VE"),
        ("region", "HN"),
        ("region", "unknown"),
    }
    assert determined(values, relations, suppressed) == set()
    assert_no_insider_recovers(values, relations, suppressed, groups)
    assert recover(values, relations, suppressed - groups[0]) == {("region", "VE"): 2}
