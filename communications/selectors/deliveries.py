"""Reads of the log of deliveries (issue 18, "who was told what"): every message the platform
sent — comunicados and the automatic notices of meetings and monitoring —, filtered, and per
member country whether it was told of a notice ("was Belize told?"). For ST and the
Presidency only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from communications.models import Communique, Delivery
from members.models import Country, User
from members.selectors import member_countries_on

ABOUT_RE = re.compile(r"^(?P<app>[a-z_][a-z0-9_]*)\.(?P<model>[a-z_][a-z0-9_]*):(?P<pk>\d+)$")

State = Delivery.State

# The colour of each state's badge on the log.
STATE_BADGE = {
    State.QUEUED: "secondary",
    State.SENT: "success",
    State.FAILED: "danger",
    State.NO_ADDRESS: "warning",
}


def can_read_notice_log(user: User) -> bool:
    """The log names every recipient of every message: ST (003 §VIII ST 4) and the
    Presidency read it; nobody else."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_secretariat or user.is_presidency)
    )


@dataclass(frozen=True)
class About:
    """What a notice is about, as the log's filter spells it: `meetings.meeting:12`."""

    content_type: ContentType
    pk: int

    @property
    def key(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}:{self.pk}"


def about_parse(value: str) -> About | None:
    """`app_label.model:pk` → About; None when it names no model."""
    match = ABOUT_RE.match((value or "").strip().lower())
    if not match:
        return None
    try:
        content_type = ContentType.objects.get_by_natural_key(match["app"], match["model"])
    except ContentType.DoesNotExist:
        return None
    return About(content_type=content_type, pk=int(match["pk"]))


def about_of(obj: models.Model) -> About:
    return About(content_type=ContentType.objects.get_for_model(obj), pk=obj.pk)


def notice_log_url(obj: models.Model, user: User | None = None) -> str:
    """The log filtered to what was sent about `obj` (a meeting, a period…); "" when `user`
    is given and may not read the log (the pages' "Who was told" link)."""
    if user is not None and not can_read_notice_log(user):
        return ""
    # The key from the model's own label: no ContentType lookup for a link (a page's query
    # count stays the same whether the content-type cache is warm or not).
    key = f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}"
    return f"{reverse('notices:log')}?{urlencode({'about': key})}"


def delivery_log(
    *,
    kind: str | None = None,
    country: Country | None = None,
    state: str | None = None,
    q: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    about: About | None = None,
) -> QuerySet[Delivery]:
    """Every delivery, newest first, with what a row of the log shows loaded. `about` a
    comunicado matches its deliveries (they point to it by their own key)."""
    qs = Delivery.objects.select_related("country", "about_type")
    if kind:
        qs = qs.filter(kind=kind)
    if country is not None:
        qs = qs.filter(country=country)
    if state:
        qs = qs.filter(state=state)
    if q:
        for word in q.split():
            qs = qs.filter(
                Q(name__icontains=word) | Q(email__icontains=word) | Q(organisation__icontains=word)
            )
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    if about is not None:
        match = Q(about_type=about.content_type, about_id=about.pk)
        if about.content_type.model_class() is Communique:
            match |= Q(communique_id=about.pk)
        qs = qs.filter(match)
    return qs.order_by("-created_at", "-pk")


@dataclass(frozen=True)
class CountryTold:
    """One country's answer to "was it told?": told when at least one of its recipients'
    e-mails left (state sent); the other counts say why the rest did not."""

    country: Country | None
    sent: int
    failed: int
    no_address: int
    queued: int

    @property
    def told(self) -> bool:
        return self.sent > 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.no_address + self.queued


# The countries a notice about a record of an app above should reach, per model label
# ("meetings.meeting": a committee session's committee countries, not every member): the app
# registers its function when it starts (meetings.apps), communications cannot import it.
EXPECTED_COUNTRIES: dict[str, Callable[[int], QuerySet[Country]]] = {}


def expected_countries_register(label: str, expected: Callable[[int], QuerySet[Country]]) -> None:
    EXPECTED_COUNTRIES[label] = expected


def expected_countries(about: About | None, day: dt.date) -> QuerySet[Country]:
    """Who should have been told of a notice about `about`: what its app registered, else
    every member country on `day`."""
    if about is not None:
        label = f"{about.content_type.app_label}.{about.content_type.model}"
        if label in EXPECTED_COUNTRIES:
            return EXPECTED_COUNTRIES[label](about.pk)
    return member_countries_on(day)


def told_by_country(
    deliveries: QuerySet[Delivery], *, about: About | None = None, day: dt.date | None = None
) -> list[CountryTold]:
    """For the deliveries given (one notice: a kind, an `about`), every country that should
    have been told (`expected_countries`: by default the member countries on `day`, today
    unless given) — and any other country that received some — with what it got; an
    expected country without a delivery is listed as not told. Recipients without a country
    (observers' organisations, partners, ST) close the list when there are any. Two queries."""
    day = day or timezone.localdate()
    counts = {
        row["country"]: row
        for row in deliveries.order_by()
        .values("country")
        .annotate(
            sent=Count("pk", filter=Q(state=State.SENT)),
            failed=Count("pk", filter=Q(state=State.FAILED)),
            no_address=Count("pk", filter=Q(state=State.NO_ADDRESS)),
            queued=Count("pk", filter=Q(state=State.QUEUED)),
        )
    }
    countries = Country.objects.filter(
        Q(pk__in=expected_countries(about, day).values("pk"))
        | Q(pk__in=[pk for pk in counts if pk is not None])
    ).order_by("name_es")

    def row(country: Country | None, key: int | None) -> CountryTold:
        found = counts.get(key, {})
        return CountryTold(
            country=country,
            sent=found.get("sent", 0),
            failed=found.get("failed", 0),
            no_address=found.get("no_address", 0),
            queued=found.get("queued", 0),
        )

    rows = [row(country, country.pk) for country in countries]
    if None in counts:
        rows.append(row(None, None))
    return rows


def not_told(rows: list[CountryTold]) -> list[Country]:
    """The countries of `told_by_country` that were not told."""
    return [r.country for r in rows if r.country is not None and not r.told]
