"""Disclosure control of the regional statistics: primary and complementary cell suppression.

Issue 20: a count below the threshold (5 by default) is shown only to the reporting country
and to ST; everyone else sees it suppressed, "with complementary suppression so that no
suppressed cell can be recovered from published totals and sub-totals in any table the
platform publishes". This module is pure Python (no Django, no numpy): the caller describes
every cell the platform publishes for a dataset (``values``) and every additivity the
published tables show (``relations``: a total equals the sum of its parts -- the margins of a
table, the levels of a hierarchy such as age band → child/adult → total, and the regional
table as the sum over countries).

Method
------
*Primary suppression*: every cell with ``0 < value < threshold``. Zeros are published: a zero
is not a person, and hiding zeros would hide no one.

*The attack* (``determined``, ``recover``): each relation is a linear equation; published
values go to the right-hand side, the suppressed cells are the unknowns. A suppressed cell
``x_i`` can be computed exactly from the publication iff the unit vector ``e_i`` lies in the
row space of the relation matrix restricted to the suppressed columns. One exact reduced row
echelon form (``fractions.Fraction``) decides it for every cell: ``x_i`` is determined iff its
column is a pivot whose row is zero in every free column; the right-hand side of that row is
its value. Equivalently, ``x_i`` is *not* determined iff some vector of the null space of that
matrix is non-zero at ``i`` (adding it to the true values changes ``x_i`` and keeps every
published number).

*Complementary suppression* (``protect``): greedy. While some suppressed cell is determined
(the first in the order of ``repr`` of the keys), suppress one more published cell:

1. look-ahead: among the published cells of the relations around it and around its
   suppressed neighbours, the best ranked one whose suppression makes it undetermined at
   once (it closes a cycle, such as the rectangle of a two-way table);
2. otherwise, in the relation around it with the fewest suppressed members, the best ranked
   published cell, preferring one that lies in another relation with suppressed cells (it
   may close a cycle at the next step).

Ranking: interior cells (the total of no relation) with a positive value, then zeros, then
totals; the smallest value; then ``repr`` of the key, so the pattern is deterministic.
``protect`` does not re-run the elimination after each step: it keeps an echelon basis of the
column space of the suppressed columns and adds one column at a time. A new column that
reduces to zero gives a new null-space vector, and the cells not determined are exactly the
union of the supports of the null-space vectors found so far (the null space only grows as
cells are suppressed, so every step makes progress and the loop ends). ``determined`` is an
independent implementation of the same question; the tests check the one against the other.
A system of ~5,000 cells and ~3,000 relations (hundreds of countries under one regional
table) is protected in about two seconds.

What it guarantees
------------------
After ``protect``, no suppressed cell's value is a linear consequence of the published values
and relations given: an attacker solving linear equations over every published total and
sub-total recovers none of them. With ``insiders`` (each reporting country knows its own
cells exactly and could subtract them from the regional table), the same holds for every
insider too: its own cells treated as published, it recovers no suppressed cell of the
others' -- save the cells its own cells fix alone, nothing published (a regional cell to
which only it contributes equals its own): those tell it nothing of the others, and no
suppression could hide them from it. Each reader is one more null space kept by the same bookkeeping; the loop suppresses
for the first reader to whom a cell is still exposed a cell that reader does not know. A cell whose value is fixed by the structure alone (it is
zero in every consistent table, e.g. two breakdowns of one total where one has an extra
category) is never left suppressed: it tells nothing.

What it does not
----------------
- Intervals: counts are non-negative integers, so an attacker may still bound a suppressed
  cell (a row total of 6 with two suppressed cells bounds each to 0..6) and, in unlucky
  patterns, narrow a cell to a small range. Only exact recovery by linear equations is ruled
  out.
- Optimality: the greedy pattern is not the smallest one (that problem is NP-hard); it may
  suppress more than needed.
- Relations the caller does not pass (a table published elsewhere, an earlier release with
  other values) are outside the model: every published table must be described.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from fractions import Fraction

Key = Hashable

DEFAULT_THRESHOLD = 5


@dataclass(frozen=True)
class Relation:
    """``total == sum(parts)``: an additivity the published tables show."""

    total: Key
    parts: tuple[Key, ...]

    def coefficients(self) -> dict[Key, int]:
        """The relation as an equation ``sum(c_k * x_k) == 0`` (total +1, each part -1)."""
        coefficients: dict[Key, int] = {self.total: 1}
        for part in self.parts:
            coefficients[part] = coefficients.get(part, 0) - 1
        return {key: c for key, c in coefficients.items() if c}

    def cells(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


def _order(key: Key) -> str:
    """The stable order of keys (any hashable): by ``repr``."""
    return repr(key)


def check_consistent(values: Mapping[Key, int], relations: Sequence[Relation]) -> None:
    """Every relation names cells that have values and holds for them; counts are >= 0."""
    for key, value in values.items():
        if value < 0:
            raise ValueError(f"cell {key!r} has a negative count ({value})")
    for index, relation in enumerate(relations):
        missing = [key for key in relation.cells() if key not in values]
        if missing:
            raise ValueError(
                f"relation {index} ({relation.total!r}) names cells without a value: {missing!r}"
            )
        parts = sum(values[key] for key in relation.parts)
        if values[relation.total] != parts:
            raise ValueError(
                f"relation {index}: total {relation.total!r} is {values[relation.total]} "
                f"but its parts sum to {parts}"
            )


def primary(values: Mapping[Key, int], threshold: int = DEFAULT_THRESHOLD) -> set[Key]:
    """Cells with ``0 < value < threshold`` (zeros are published: a zero is not a person)."""
    return {key for key, value in values.items() if 0 < value < threshold}


# --- The attack: one exact reduced row echelon form ---------------------------------------


def _reduced_rows(
    published: Mapping[Key, int], relations: Sequence[Relation], suppressed: Set[Key]
) -> list[tuple[dict[Key, Fraction], Fraction, Key]]:
    """Gauss-Jordan elimination of the relations over the suppressed cells.

    Returns the non-zero rows of the reduced row echelon form as (row, right-hand side,
    pivot cell); only the values of cells not suppressed are read. Sparse: rows are dicts,
    and an index says which rows hold each cell. Each row in turn, already reduced by the
    earlier pivots, is either zero (a redundant relation: its right-hand side must be zero
    too) or gives a pivot, eliminated from every other row.
    """
    rows: list[dict[Key, Fraction]] = []
    rhs: list[Fraction] = []
    origin: list[int] = []
    for index, relation in enumerate(relations):
        row: dict[Key, Fraction] = {}
        right = Fraction(0)
        for key, c in relation.coefficients().items():
            if key in suppressed:
                row[key] = Fraction(c)
            else:
                right -= c * published[key]
        if row:
            rows.append(row)
            rhs.append(right)
            origin.append(index)
        elif right:
            raise ValueError(
                f"relation {index} ({relation.total!r}) does not hold for the published values"
            )

    holders: dict[Key, set[int]] = defaultdict(set)
    for i, row in enumerate(rows):
        for key in row:
            holders[key].add(i)

    pivots: list[tuple[Key, int]] = []
    for i in range(len(rows)):
        row = rows[i]
        if not row:
            if rhs[i]:
                raise ValueError(
                    f"relation {origin[i]} ({relations[origin[i]].total!r}) contradicts the published values"
                )
            continue
        # Pivot on the cell held by the fewest rows (least fill-in); ties in the stable order.
        col = min(row, key=lambda key: (len(holders[key]), _order(key)))
        scale = row[col]
        if scale != 1:
            for key in row:
                row[key] /= scale
            rhs[i] /= scale
        for j in list(holders[col]):
            if j == i:
                continue
            other = rows[j]
            factor = other[col]
            for key, coef in row.items():
                reduced = other.get(key, Fraction(0)) - factor * coef
                if reduced:
                    other[key] = reduced
                    holders[key].add(j)
                else:
                    other.pop(key, None)
                    holders[key].discard(j)
            rhs[j] -= factor * rhs[i]
        pivots.append((col, i))
    return [(rows[i], rhs[i], col) for col, i in pivots]


def determined(
    values: Mapping[Key, int], relations: Sequence[Relation], suppressed: Set[Key]
) -> set[Key]:
    """The suppressed cells whose value follows from the published ones by linear equations.

    Reads only the published values (``values`` may omit the suppressed cells).
    """
    return set(recover(values, relations, suppressed))


def recover(
    values: Mapping[Key, int], relations: Sequence[Relation], suppressed: Set[Key]
) -> dict[Key, Fraction]:
    """The attacker: the value of every determined cell, solved from published data only.

    ``values`` may omit the suppressed cells; their values, if present, are never read.
    """
    return {
        col: right
        for row, right, col in _reduced_rows(values, relations, suppressed)
        if len(row) == 1  # the pivot row is zero in every free column: the row is e_col
    }


# --- Protection: greedy complementary suppression -----------------------------------------


Number = int | Fraction  # exact; kept as int while the division is exact (much faster)


def _exact(numerator: Number, denominator: Number) -> Number:
    if type(numerator) is int and type(denominator) is int and not numerator % denominator:
        return numerator // denominator  # the common case: the relations' coefficients are ±1
    quotient = Fraction(numerator) / denominator
    return quotient.numerator if quotient.denominator == 1 else quotient


class _NullSpace:
    """The union of the supports of the null space of the relation matrix restricted to the
    suppressed columns, kept up to date as columns are added one at a time.

    An echelon basis of the column space is kept: each vector has its pivot (the smallest
    relation index where it is non-zero), scaled to 1 there, and its expression as a
    combination of the added columns. A new column that reduces to zero gives a new
    null-space vector (its expression); otherwise it extends the basis and the null space
    does not grow.
    """

    def __init__(self, relations: Sequence[Relation]) -> None:
        self.columns: dict[Key, dict[int, int]] = defaultdict(dict)
        for index, relation in enumerate(relations):
            for key, c in relation.coefficients().items():
                self.columns[key][index] = c
        self.basis: dict[int, tuple[dict[int, Number], dict[Key, Number]]] = {}
        self.free: set[Key] = set()

    def add(self, key: Key) -> None:
        vector = dict(self.columns.get(key, {}))
        expression: dict[Key, Number] = {key: 1}
        while vector:
            pivot = min(vector)
            base = self.basis.get(pivot)
            if base is None:
                scale = vector[pivot]
                self.basis[pivot] = (
                    {r: _exact(c, scale) for r, c in vector.items()},
                    {k: _exact(c, scale) for k, c in expression.items()},
                )
                return
            factor = vector[pivot]
            _axpy(vector, -factor, base[0])
            _axpy(expression, -factor, base[1])
        self.free.update(expression)

    def would_free(self, key: Key, cell: Key) -> bool:
        """Would suppressing ``key`` make ``cell`` undetermined? (Nothing changes.)

        The null space grows by one vector iff the column reduces to zero; ``cell`` becomes
        free iff that vector is non-zero at ``cell``, so only that coefficient is tracked.
        """
        vector = dict(self.columns.get(key, {}))
        at_cell: Number = 1 if key == cell else 0
        while vector:
            pivot = min(vector)
            base = self.basis.get(pivot)
            if base is None:
                return False
            factor = vector[pivot]
            _axpy(vector, -factor, base[0])
            at_cell -= factor * base[1].get(cell, 0)
        return at_cell != 0


def _axpy(target: dict, factor: Number, source: dict) -> None:
    """``target += factor * source`` on sparse vectors, dropping zeros."""
    for key, c in source.items():
        value = target.get(key, 0) + factor * c
        if value:
            target[key] = value
        else:
            target.pop(key, None)


def _nearest_relations(
    cell: Key,
    suppressed: Set[Key],
    by_cell: Mapping[Key, list[int]],
    members: Sequence[tuple],
    known: Set[Key] = frozenset(),
) -> list[int]:
    """Relations with a published member (one the reader does not know), nearest to
    ``cell`` through suppressed cells the reader does not know."""
    frontier = [cell]
    seen_cells = {cell}
    seen_relations: set[int] = set()
    while frontier:
        found: list[int] = []
        following: list[Key] = []
        for key in frontier:
            for index in by_cell.get(key, ()):
                if index in seen_relations:
                    continue
                seen_relations.add(index)
                if any(m not in suppressed and m not in known for m in members[index]):
                    found.append(index)
                for member in members[index]:
                    if member in suppressed and member not in known and member not in seen_cells:
                        seen_cells.add(member)
                        following.append(member)
        if found:
            return found
        frontier = following
    return []


class _View:
    """What one reader can solve for: the public knows the published cells; an insider (a
    reporting country) knows its own cells exactly as well, so they are constants in its
    equations, never unknowns, and suppressing one of them hides nothing from it."""

    def __init__(
        self,
        known: Set[Key],
        values: Mapping[Key, int],
        relations: Sequence[Relation],
        members: Sequence[tuple],
        suppressed: Set[Key],
        order: Mapping[Key, str],
        own: Set[Key] | None = None,
    ) -> None:
        self.known = frozenset(known)
        self.null_space = _NullSpace(relations)
        for key in sorted(suppressed - self.known, key=order.__getitem__):
            self.null_space.add(key)
        # per relation: its suppressed members the reader does not know
        self.hidden = [
            sum(key in suppressed and key not in self.known for key in cells) for cells in members
        ]
        self.inert: set[Key] = set()  # determined by the structure alone (see protect)
        # Cells the insider computes from its own cells alone, nothing published (a regional
        # cell only it contributes to): they tell it nothing of the others, and no
        # suppression can hide them from it. One exact elimination unless the caller knows
        # them from the tables' structure.
        self.own: set[Key] = set(own) if own is not None else set()
        if self.known and own is None:
            self.own = determined(
                {key: values[key] for key in self.known},
                relations,
                set(values) - self.known,
            )

    def exposed(self, suppressed: Set[Key]) -> set[Key]:
        unknown = set(suppressed) - self.known
        return unknown - self.null_space.free - self.inert - self.own

    def suppress(self, key: Key, by_cell: Mapping[Key, list[int]]) -> None:
        if key in self.known:
            return
        self.null_space.add(key)
        for index in by_cell[key]:
            self.hidden[index] += 1


def protect(
    values: Mapping[Key, int],
    relations: Sequence[Relation],
    threshold: int = DEFAULT_THRESHOLD,
    *,
    insiders: Sequence[Set[Key]] = (),
    own: Sequence[Set[Key]] | None = None,
) -> set[Key]:
    """The cells to suppress: primary suppression, then complementary suppression until no
    suppressed cell is determined by the published values and relations.

    ``insiders``: groups of cells each known exactly to some reader (a reporting country
    sees its own figures, and could subtract them from the regional table). Afterwards, for
    every group too, no suppressed cell outside it is determined when the group's cells are
    treated as published, except the cells the group's cells determine alone (with nothing
    published: a regional cell only that country contributes to), which tell it nothing
    new and which no suppression could hide. The greedy loop below checks the public first, then each insider
    in the order given, and suppresses for the first reader to whom a cell is exposed a cell
    that reader does not know; with no insiders the pattern is the public one alone.

    ``own``: per insider (same order), the cells its own cells determine alone, when the
    caller knows them from the tables' structure (stats.selectors.publication: the regional
    cells only that country gives); without it, one exact elimination per insider finds them
    (most of the time with many insiders). A set smaller than the true one only suppresses
    more; a larger one would leave a cell exposed to that insider."""
    if own is not None and len(own) != len(insiders):
        raise ValueError("own must give one set per insider")
    check_consistent(values, relations)
    members = [tuple(dict.fromkeys(relation.cells())) for relation in relations]
    by_cell: dict[Key, list[int]] = defaultdict(list)
    for index, cells in enumerate(members):
        for key in cells:
            by_cell[key].append(index)
    totals = {relation.total for relation in relations}
    order = {key: _order(key) for key in values}
    # Interior cells with a positive value, then zeros, then totals; the smallest value first.
    rank = {
        key: (2 if key in totals else (0 if value > 0 else 1), value, order[key])
        for key, value in values.items()
    }

    suppressed = primary(values, threshold)
    views = [_View(frozenset(), values, relations, members, suppressed, order)]
    views += [
        _View(group, values, relations, members, suppressed, order, None if own is None else own[i])
        for i, group in enumerate(insiders)
    ]

    def first_exposed() -> tuple[_View, set[Key]] | None:
        for view in views:
            exposed = view.exposed(suppressed)
            if exposed:
                return view, exposed
        return None

    while found := first_exposed():
        view, exposed = found
        known, hidden, null_space = view.known, view.hidden, view.null_space

        def published(indexes: Iterable[int], known: Set[Key] = known) -> set[Key]:
            """The cells of these relations the reader sees published (not its own)."""
            return {
                key
                for index in indexes
                for key in members[index]
                if key not in suppressed and key not in known
            }

        cell = min(exposed, key=order.__getitem__)
        around = by_cell[cell]
        # One step of look-ahead: a published cell of the relations around the exposed cell
        # or around its suppressed neighbours whose suppression closes a cycle through it (a
        # rectangle in a two-way table) protects it at once; the best ranked such cell.
        neighbours = {
            key
            for index in around
            for key in members[index]
            if key in suppressed and key not in known
        }
        nearby = published({index for key in neighbours for index in by_cell[key]})
        extra = next(
            (
                key
                for key in sorted(nearby, key=rank.__getitem__)
                # (cheap test first: a column is a combination of suppressed columns only
                # if every relation it is in holds a suppressed cell)
                if all(hidden[index] for index in by_cell[key]) and null_space.would_free(key, cell)
            ),
            None,
        )
        if extra is None:
            # Otherwise the relation around it with the fewest suppressed members (through
            # suppressed cells to the nearest relation with a published member if need be),
            # and its best ranked published cell.
            candidates = [index for index in around if published([index])]
            if not candidates:
                candidates = _nearest_relations(cell, suppressed, by_cell, members, known)
            if not candidates:
                # Every relation reachable from the cell through suppressed cells is fully
                # suppressed (or, for an insider, known to it): those equations hold no
                # published value the reader does not know and no other equation touches
                # those cells, so a cell they still determine is fixed by the structure and
                # the reader's own cells alone, and suppressing more cannot change that. For
                # the public (no own cells) it is zero in every consistent table: it tells
                # nothing.
                view.inert.add(cell)
                continue
            chosen = min(candidates, key=lambda index: (hidden[index], repr(relations[index])))
            extra = min(
                published([chosen]),
                key=lambda key: (
                    rank[key][0],
                    # a cell that also lies in a relation with suppressed cells may close a
                    # cycle at the next step
                    not any(hidden[index] for index in by_cell[key] if index != chosen),
                    rank[key],
                ),
            )
        suppressed.add(extra)
        for each in views:
            each.suppress(extra, by_cell)

    # A structural cell is never primary (its value is zero) and dropping it changes no other
    # cell's status: every null-space vector is already zero there (an insider's null space
    # is the public one's vectors that are zero on its own cells).
    return suppressed - views[0].inert
