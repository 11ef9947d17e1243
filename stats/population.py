"""Population denominators of SDG 16.2.2, imported by ST from the UN World Population
Prospects (issue 20: "population denominators by country, year, sex and age band imported by
ST from the UN World Population Prospects CSV layout; no figure invented").

The layout read
---------------
The WPP "population by single age and sex" CSV files, e.g.
``WPP2024_PopulationBySingleAgeSex_Medium_1950-2023.csv`` (also accepted gzipped, as the UN
publishes them: ``.csv.gz``). UTF-8, comma-separated, one header line; columns are found by
name in the header, so their order and any other column (SortOrder, LocID, Location,
Variant, MidPeriod…) do not matter. The columns read:

* ``ISO2_code``: the country (ISO 3166 alpha-2). Empty on the rows of regions and other
  aggregates, which are skipped; so are the countries that are not in members.Country.
* ``Time``: the year (1 July of it, in WPP).
* ``AgeGrpStart`` (or, without it, ``AgeGrp``): the single age 0…99, and 100 for the open
  group "100+". ``AgeGrpSpan``, where present, is 1 for a single age and -1 for "100+"; any
  other span (the five-year files) is refused, since bands are summed from single ages.
* ``PopMale``, ``PopFemale``, ``PopTotal``: the population on 1 July in THOUSANDS, decimals
  with a point ("2.453" is 2,453 persons). PopTotal must equal PopMale + PopFemale (to two
  persons, the rounding of the file).

What is stored
--------------
For every member country and year in the file (or in ``years``): a Population row for each
sex "female", "male" and "all" by each age band of the cube whose code is "a-b" or "a+"
(the SDG 16.2.2 groups "0-17" and "18+" and the finer bands inside them) and by "all" ages.
A band is the sum of its single ages, converted to persons (rounded half up) once summed;
"all" sexes is female + male, so the rows add up. A country-year must list every single age
0…100 exactly once, or its bands would be understated.

All or nothing: the whole file is read and checked before anything is written, and the
writes run in one transaction; a malformed file is refused with a ValidationError whose
``code`` names the rule and whose message names the line. A second import of the same
country-years updates their rows (source, figures, demo flag) without duplicating them.
``is_demo`` marks made-up figures (tests, the demo: stats/data/demo_population.csv), which
every page that shows a rate on them says.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from members.models import Country
from stats.models import DimensionValue, Population

ALL = "all"
SEXES = ("female", "male")
OPEN_AGE = 100  # WPP's last single-age group is "100+"
AGES = range(0, OPEN_AGE + 1)
THOUSAND = Decimal(1000)
# PopTotal against PopMale + PopFemale, in thousands: the rounding of three figures.
TOTAL_TOLERANCE = Decimal("0.002")

COUNTRY = "ISO2_code"
YEAR = "Time"
AGE_START = "AgeGrpStart"
AGE_GROUP = "AgeGrp"
AGE_SPAN = "AgeGrpSpan"
MALE = "PopMale"
FEMALE = "PopFemale"
TOTAL = "PopTotal"
REQUIRED = (COUNTRY, YEAR, MALE, FEMALE, TOTAL)

EMPTY_FILE = _("The file is empty: the first line must be the WPP header.")
MISSING_COLUMNS = ngettext_lazy(
    "Line 1: the header lacks the column %(columns)s of the WPP layout.",
    "Line 1: the header lacks the columns %(columns)s of the WPP layout.",
    "n",
)
NOT_TEXT = _("The file is not UTF-8 text (a WPP CSV file, possibly gzipped).")
FIELD_COUNT = _("Line %(line)s has %(found)s fields where the header has %(expected)s.")
BAD_YEAR = _("Line %(line)s: the year (Time) %(value)s is not a year.")
BAD_AGE = _("Line %(line)s: the age %(value)s is not a single age from 0 to 100+.")
BAD_SPAN = _("Line %(line)s: the age span %(value)s is not 1 (single ages) or -1 (100+).")
BAD_NUMBER = _("Line %(line)s: %(column)s %(value)s is not a population in thousands.")
BAD_TOTAL = _("Line %(line)s: PopTotal %(total)s is not PopMale + PopFemale (%(sum)s).")
REPEATED_AGE = _(
    "Line %(line)s: age %(age)s of %(country)s in %(year)s was already on line %(first)s."
)
MISSING_AGES = ngettext_lazy(
    "%(country)s %(year)s lacks the single age %(ages)s (from line %(line)s).",
    "%(country)s %(year)s lacks the single ages %(ages)s (from line %(line)s).",
    "n",
)
NOTHING_TO_IMPORT = _("The file has no row of a member country.")
NOTHING_IN_YEARS = _("The file has no row of a member country in %(years)s.")
NO_SOURCE = _("Say where the figures come from (e.g. WPP 2024).")

_BAND = re.compile(r"^(\d+)(?:-(\d+)|\+)$")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    countries: list[str] = field(default_factory=list)  # ISO codes imported
    years: list[int] = field(default_factory=list)
    skipped_lines: int = 0  # aggregates, non-members, years not asked for


def age_bands() -> dict[str, range]:
    """The cube's age values that are bands of completed years ("0-17", "12-17", "60+"…)
    with the single ages each sums; "unknown" and any other code are no band."""
    bands: dict[str, range] = {}
    for code in DimensionValue.objects.filter(dimension__code="age").values_list("code", flat=True):
        match = _BAND.match(code)
        if match:
            start = int(match.group(1))
            end = int(match.group(2)) if match.group(2) is not None else OPEN_AGE
            if start <= end:
                bands[code] = range(start, min(end, OPEN_AGE) + 1)
    return bands


def _refuse(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _text_stream(file: Any, stack: ExitStack) -> Iterable[str]:
    """A text stream over a path, a binary file (an upload) or a text file; gzip by its
    magic number. `stack` closes what is opened here, never the caller's file."""
    if isinstance(file, str | Path):
        file = stack.enter_context(open(file, "rb"))  # noqa: SIM115
    if isinstance(file, io.TextIOBase):
        return file
    start = file.read(2)
    file.seek(0)
    if start == b"\x1f\x8b":
        file = gzip.GzipFile(fileobj=file, mode="rb")
    stream = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    stack.callback(stream.detach)  # leave the caller's file open
    return stream


def _thousands(row: dict, column: str, line: int) -> Decimal:
    text = (row[column] or "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise _refuse(BAD_NUMBER, "bad_number", line=line, column=column, value=repr(text))
    return value


def _age(row: dict, header: list[str], line: int) -> int:
    if AGE_START in header:
        text = (row[AGE_START] or "").strip()
    else:
        text = (row[AGE_GROUP] or "").strip().removesuffix("+")
    if not text.isdigit() or int(text) > OPEN_AGE:
        raise _refuse(BAD_AGE, "bad_age", line=line, value=repr(text))
    age = int(text)
    if AGE_SPAN in header:
        span = (row[AGE_SPAN] or "").strip()
        if span not in ("1", "-1") or (span == "-1") != (age == OPEN_AGE):
            raise _refuse(BAD_SPAN, "bad_span", line=line, value=repr(span))
    return age


def _read(
    stream: Iterable[str], *, members: dict[str, Country], years: set[int] | None
) -> tuple[dict[tuple[str, int], dict[int, tuple[Decimal, Decimal, int]]], int]:
    """Every kept line by (country, year) and age: (female, male) in thousands and its line."""
    reader = csv.reader(stream)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise _refuse(EMPTY_FILE, "empty_file") from None
    missing = [name for name in REQUIRED if name not in header]
    if AGE_START not in header and AGE_GROUP not in header:
        missing.append(AGE_START)
    if missing:
        raise _refuse(
            MISSING_COLUMNS, "missing_columns", columns=", ".join(missing), n=len(missing)
        )
    kept: dict[tuple[str, int], dict[int, tuple[Decimal, Decimal, int]]] = defaultdict(dict)
    skipped = 0
    for fields in reader:
        line = reader.line_num
        if not fields or fields == [""]:
            continue  # a blank line (the end of the file)
        if len(fields) != len(header):
            raise _refuse(
                FIELD_COUNT, "field_count", line=line, found=len(fields), expected=len(header)
            )
        row = dict(zip(header, fields, strict=True))
        iso = row[COUNTRY].strip().upper()
        year_text = row[YEAR].strip()
        if not year_text.isdigit() or not 1900 <= int(year_text) <= 2200:
            raise _refuse(BAD_YEAR, "bad_year", line=line, value=repr(year_text))
        year = int(year_text)
        if iso not in members or (years is not None and year not in years):
            skipped += 1
            continue
        age = _age(row, header, line)
        female, male = _thousands(row, FEMALE, line), _thousands(row, MALE, line)
        total = _thousands(row, TOTAL, line)
        if abs(total - female - male) > TOTAL_TOLERANCE:
            raise _refuse(BAD_TOTAL, "bad_total", line=line, total=total, sum=female + male)
        ages = kept[(iso, year)]
        if age in ages:
            raise _refuse(
                REPEATED_AGE,
                "repeated_age",
                line=line,
                age=age,
                country=iso,
                year=year,
                first=ages[age][2],
            )
        ages[age] = (female, male, line)
    for (iso, year), ages in kept.items():
        lacking = [a for a in AGES if a not in ages]
        if lacking:
            shown = ", ".join(str(a) for a in lacking[:10]) + ("…" if len(lacking) > 10 else "")
            raise _refuse(
                MISSING_AGES,
                "missing_ages",
                country=iso,
                year=year,
                ages=shown,
                n=len(lacking),
                line=min(entry[2] for entry in ages.values()),
            )
    return kept, skipped


def _persons(thousands: Decimal) -> int:
    return int((thousands * THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def population_cells(ages: dict[int, tuple[Decimal, Decimal, int]]) -> dict[tuple[str, str], int]:
    """One country-year's single ages summed into (sex, age band) → persons."""
    bands = {ALL: AGES, **age_bands()}
    cells: dict[tuple[str, str], int] = {}
    for band, span in bands.items():
        female = _persons(sum((ages[a][0] for a in span), Decimal(0)))
        male = _persons(sum((ages[a][1] for a in span), Decimal(0)))
        cells[("female", band)] = female
        cells[("male", band)] = male
        cells[(ALL, band)] = female + male
    return cells


@transaction.atomic
def import_wpp(
    file: Any, *, source: str, years: set[int] | None = None, is_demo: bool = False
) -> ImportResult:
    """Import the WPP single-age-by-sex CSV `file` (a path, or a binary or text file object)
    into Population: every member country-year in it, or only `years`. See the module's
    docstring for the layout and the rules."""
    source = (source or "").strip()
    if not source:
        raise _refuse(NO_SOURCE, "no_source")
    members = {c.iso_code.upper(): c for c in Country.objects.all()}
    try:
        with ExitStack() as stack:
            stream = _text_stream(file, stack)
            kept, skipped = _read(stream, members=members, years=set(years) if years else None)
    except UnicodeDecodeError:
        raise _refuse(NOT_TEXT, "not_text") from None
    except (csv.Error, gzip.BadGzipFile, EOFError) as error:
        raise _refuse(NOT_TEXT, "not_text") from error
    if not kept:
        if years:
            shown = ", ".join(str(y) for y in sorted(years))
            raise _refuse(NOTHING_IN_YEARS, "nothing_to_import", years=shown)
        raise _refuse(NOTHING_TO_IMPORT, "nothing_to_import")
    result = ImportResult(
        countries=sorted({iso for iso, _year in kept}),
        years=sorted({year for _iso, year in kept}),
        skipped_lines=skipped,
    )
    wanted: dict[tuple[int, int, str, str], int] = {}
    for (iso, year), ages in kept.items():
        for (sex, band), value in population_cells(ages).items():
            wanted[(members[iso].pk, year, sex, band)] = value
    existing = {
        (p.country_id, p.year, p.sex, p.age): p
        for p in Population.objects.filter(
            country__iso_code__in=result.countries, year__in=result.years
        )
    }
    now = timezone.now()
    to_create, to_update = [], []
    for key, value in wanted.items():
        row = existing.get(key)
        if row is None:
            country_id, year, sex, band = key
            to_create.append(
                Population(
                    country_id=country_id,
                    year=year,
                    sex=sex,
                    age=band,
                    value=value,
                    source=source,
                    is_demo=is_demo,
                )
            )
        else:
            row.value, row.source, row.is_demo, row.imported_at = value, source, is_demo, now
            to_update.append(row)
    Population.objects.bulk_create(to_create, batch_size=500)
    Population.objects.bulk_update(
        to_update, ["value", "source", "is_demo", "imported_at"], batch_size=500
    )
    result.created, result.updated = len(to_create), len(to_update)
    return result


@dataclass(frozen=True)
class PopulationLoaded:
    country: Country
    years: list[int]
    sources: list[str]
    is_demo: bool
    imported_at: Any

    @property
    def years_label(self) -> str:
        """1950–2023, 2030: runs of consecutive years as ranges."""
        runs: list[list[int]] = []
        for year in self.years:
            if runs and year == runs[-1][-1] + 1:
                runs[-1].append(year)
            else:
                runs.append([year])
        return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def population_loaded(countries: Iterable[Country] | None = None) -> list[PopulationLoaded]:
    """What denominators are loaded, per country: its years, sources, whether any is demo
    and the last import (the upload page shows it)."""
    rows = Population.objects.filter(sex=ALL, age=ALL)
    if countries is not None:
        rows = rows.filter(country__in=list(countries))
    by_country: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"years": set(), "sources": set(), "is_demo": False, "imported_at": None}
    )
    for country_id, year, source, demo, at in rows.values_list(
        "country_id", "year", "source", "is_demo", "imported_at"
    ):
        entry = by_country[country_id]
        entry["years"].add(year)
        entry["sources"].add(source)
        entry["is_demo"] |= demo
        entry["imported_at"] = max(filter(None, (entry["imported_at"], at)), default=None)
    names = Country.objects.in_bulk(list(by_country))
    return [
        PopulationLoaded(
            country=names[pk],
            years=sorted(entry["years"]),
            sources=sorted(entry["sources"]),
            is_demo=entry["is_demo"],
            imported_at=entry["imported_at"],
        )
        for pk, entry in sorted(by_country.items(), key=lambda item: names[item[0]].name)
    ]
