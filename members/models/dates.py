"""The one rule of "in force on a day" for every dated record of the registry, and the
2 + 2 limit of representatives (SPEC §2)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable

# 001 §4.A.1: a national body has at most two titular and two alternate representatives in
# force on any day (members.services.designation_check_limit enforces it).
MAX_IN_FORCE_PER_ROLE = 2


def in_force_q(day: dt.date | Combinable, *, prefix: str = "", open_start: bool = False) -> Q:
    """The one definition of "in force on `day`" for a dated record — a membership, an
    office, a committee seat, and a designation before its revocation is considered: both
    `start_date` and `end_date` are days in force, an empty end is open-ended.

    `prefix` reaches the dates through a relation ("memberships__"); `day` may be an
    expression (`OuterRef("date")`) as well as a date. `open_start` is for the records
    whose start the sources do not give (a committee's member countries, 003 §I): an empty
    start then reads "since the record began", never an invented date."""
    starts = Q(**{f"{prefix}start_date__lte": day})
    if open_start:
        starts |= Q(**{f"{prefix}start_date__isnull": True})
    return starts & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def overlaps_q(start: dt.date | None, end: dt.date | None) -> Q:
    """Rows whose period [start_date, end_date] meets [start, end] on at least one day, the
    dates read as in_force_q reads them (both ends are days in force). An empty start, in
    the row or in the arguments, is "since the beginning", an empty end "until further
    notice". The services refuse a second seat, term or designation over the same days
    with it."""
    q = Q()
    if start is not None:
        q &= Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        q &= Q(start_date__isnull=True) | Q(start_date__lte=end)
    return q


def designation_in_force_q(day: dt.date | Combinable, *, prefix: str = "") -> Q:
    """A designation is in force on `day` when its dates are (in_force_q) and it was not
    revoked on or before `day`: revocation ends it *from* `revoked_on` (services.
    designation_revoke), so a designation revoked on its start day was never in force.
    Every count of representatives (the 2+2 limit, quorum, convocations, the directory,
    the API) filters with this Q; Designation.is_in_force is its twin for a loaded row."""
    return in_force_q(day, prefix=prefix) & (
        Q(**{f"{prefix}revoked_on__isnull": True}) | Q(**{f"{prefix}revoked_on__gt": day})
    )


def end_after_start(name: str, *, open_start: bool = False, code: str | None = None):
    """The database's check of a dated record (a membership, a designation, an office, a
    committee seat): it ends on or after its start. An empty end is open-ended; with
    `open_start`, an empty start passes too (in_force_q). `code` is the error's code when
    a model's validation meets it."""
    condition = Q(end_date__isnull=True)
    if open_start:
        condition |= Q(start_date__isnull=True)
    condition |= Q(end_date__gte=models.F("start_date"))
    return models.CheckConstraint(condition=condition, name=name, violation_error_code=code)


class DatedQuerySet(models.QuerySet):
    """Rows with `start_date` / `end_date` (memberships, offices, committee seats)."""

    OPEN_START = False  # see in_force_q

    def in_force_on(self, day: dt.date) -> DatedQuerySet:
        return self.filter(in_force_q(day, open_start=self.OPEN_START))
