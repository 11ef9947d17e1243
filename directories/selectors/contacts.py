"""Reads of the regional directory (issue 19): what a user may see (visible_contact_points,
the one selector of the list page, the exports and the API), the freshness rule (stale_q)
and the board ST reads, and the stale entries each country's focal points are reminded of."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet

from directories.models import REVIEW_INTERVALS, ContactPoint, Institution
from directories.permissions import can_edit_country, visible_types
from members.models import Country
from members.permissions import focal_point_country_id


def stale_q(today: dt.date) -> Q:
    """Stale: never verified, or verified_on + review_interval_days < today (on the due day
    itself an entry is still fresh). The intervals are a fixed list, so this is one date
    comparison per interval on every database."""
    overdue = [
        Q(review_interval_days=days, verified_on__lt=today - dt.timedelta(days=days))
        for days, _label in REVIEW_INTERVALS
    ]
    return reduce(or_, overdue, Q(verified_on__isnull=True))


def visible_contact_points(user) -> QuerySet[ContactPoint]:
    """The contact points `user` may read: the types shared with their audience
    (directories.permissions.SHARING); none for anonymous visitors."""
    return ContactPoint.objects.filter(type__in=visible_types(user)).select_related(
        "country", "institution"
    )


def filter_contact_points(
    qs: QuerySet[ContactPoint],
    *,
    today: dt.date,
    country: Country | None = None,
    type: str = "",
    area: str = "",
    level: str = "",
    stale: bool = False,
    q: str = "",
) -> QuerySet[ContactPoint]:
    if country is not None:
        qs = qs.filter(country=country)
    if type:
        qs = qs.filter(type=type)
    if area:
        # JSON containment is not available on SQLite: match the quoted choice.
        qs = qs.filter(areas__icontains=f'"{area}"')
    if level:
        qs = qs.filter(level=level)
    if stale:
        qs = qs.filter(stale_q(today))
    if q:
        words = Q()
        for name in ("name", "contact_name", "position", "city", "institution__name"):
            words |= Q(**{f"{name}__icontains": q})
        words |= Q(institution__acronym__iexact=q)
        qs = qs.filter(words)
    return qs


def contact_point_detail(user, pk: int) -> ContactPoint:
    return visible_contact_points(user).get(pk=pk)


def can_edit_contact_point(user, contact_point: ContactPoint) -> bool:
    return can_edit_country(user, contact_point.country_id)


def institution_list(user) -> QuerySet[Institution]:
    """Institutions are read by whoever reads the directory's members side; the page
    itself is for ST and focal points (views)."""
    return (
        Institution.objects.select_related("country")
        .prefetch_related("national_bodies")
        .annotate(n_contact_points=Count("contact_points"))
        .order_by("country__name_es", "name", "pk")
    )


@dataclass
class FreshnessCell:
    fresh: int = 0
    stale: int = 0


@dataclass
class FreshnessRow:
    country: Country
    cells: list[FreshnessCell] = field(default_factory=list)

    @property
    def stale(self) -> int:
        return sum(c.stale for c in self.cells)


def freshness_board(today: dt.date) -> tuple[list[tuple[str, str]], list[FreshnessRow]]:
    """Per country × type: how many entries are fresh and how many stale (two queries)."""
    types = list(ContactPoint.Type.choices)
    counts = (
        ContactPoint.objects.values("country_id", "type")
        .annotate(
            n_stale=Count("pk", filter=stale_q(today)),
            n=Count("pk"),
        )
        .order_by()
    )
    by_key = {(c["country_id"], c["type"]): c for c in counts}
    countries = Country.objects.filter(
        pk__in={country_id for country_id, _type in by_key}
    ).order_by("name_es")
    rows = []
    for country in countries:
        row = FreshnessRow(country=country)
        for value, _label in types:
            c = by_key.get((country.pk, value))
            n, n_stale = (c["n"], c["n_stale"]) if c else (0, 0)
            row.cells.append(FreshnessCell(fresh=n - n_stale, stale=n_stale))
        rows.append(row)
    return types, rows


def stale_contact_points(today: dt.date, *, country_id: int | None = None) -> QuerySet:
    qs = ContactPoint.objects.filter(stale_q(today)).select_related("country")
    if country_id is not None:
        qs = qs.filter(country_id=country_id)
    return qs.order_by("country_id", "type", "name", "pk")


def own_stale_count(user, today: dt.date) -> int:
    country_id = focal_point_country_id(user)
    if country_id is None:
        return 0
    return ContactPoint.objects.filter(stale_q(today), country_id=country_id).count()
