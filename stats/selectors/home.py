"""The statistics' home-page tasks (common.home, gathered by the portal): the Technical
Secretariat is asked to validate the returns submitted and publish the ones validated; a
country's focal points to correct the returns sent back to them and to open last year's
return when their country has none yet. One query per role, whatever the number of
returns."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from common.home import HomeTask
from members.permissions import focal_point_country_id
from stats.models import StatisticsReturn
from stats.permissions import can_review

State = StatisticsReturn.State


def _secretariat_tasks() -> list[HomeTask]:
    counts = StatisticsReturn.objects.aggregate(
        submitted=Count("pk", filter=Q(state=State.SUBMITTED)),
        validated=Count("pk", filter=Q(state=State.VALIDATED)),
    )
    url = reverse("stats:return-list")
    tasks = []
    if n := counts["submitted"]:
        text = ngettext(
            "%(n)d statistics return waits for validation.",
            "%(n)d statistics returns wait for validation.",
            n,
        ) % {"n": n}
        tasks.append(HomeTask(text=text, url=url))
    if n := counts["validated"]:
        text = ngettext(
            "%(n)d validated statistics return waits for publication.",
            "%(n)d validated statistics returns wait for publication.",
            n,
        ) % {"n": n}
        tasks.append(HomeTask(text=text, url=url))
    return tasks


def _focal_point_tasks(country_id: int, today: dt.date) -> list[HomeTask]:
    last_year = today.year - 1
    counts = StatisticsReturn.objects.filter(country_id=country_id).aggregate(
        returned=Count("pk", filter=Q(state=State.RETURNED)),
        last_year=Count("pk", filter=Q(year=last_year)),
    )
    tasks = []
    if n := counts["returned"]:
        text = ngettext(
            "%(n)d of your country's statistics returns was sent back for correction.",
            "%(n)d of your country's statistics returns were sent back for correction.",
            n,
        ) % {"n": n}
        tasks.append(HomeTask(text=text, url=reverse("stats:return-list"), level="warning"))
    if not counts["last_year"]:
        text = gettext("Your country has no statistics return for %(year)d yet: open it.") % {
            "year": last_year
        }
        tasks.append(HomeTask(text=text, url=reverse("stats:return-create")))
    return tasks


def home_tasks(*, user, today: dt.date) -> list[HomeTask]:
    """ST: the returns waiting for validation and for publication. A focal point: their
    country's returns sent back for correction (a warning) and, when their country has no
    return for last year (whole or by semester), a task to open it. Nobody else: none."""
    if can_review(user):
        return _secretariat_tasks()
    country_id = focal_point_country_id(user)
    if country_id is None:
        return []
    return _focal_point_tasks(country_id, today)
