"""The Presidency's home-page tasks (common.home, gathered by the portal): for the
Presidency and ST, the representation entries to report at the next plenary, the
cooperation reports falling due, the reorientation proposals still in draft and, for ST, the
checklist lines waiting for review; for a representative, the entries they recorded still to
report; for a focal point, the lines of their country's checklist sent back. A fixed number
of queries per role, whatever the number of records."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from common.home import HomeTask
from members.permissions import focal_point_country_id
from presidency import permissions
from presidency.models import (
    CooperationProject,
    GuidelineProgress,
    ReorientationProposal,
    ReportingDuty,
    RepresentationEntry,
)

# How far ahead a cooperation report shows on the home page.
DUTY_HORIZON_DAYS = 30


def _open_entries(**filters) -> int:
    return RepresentationEntry.objects.filter(
        status=RepresentationEntry.Status.OPEN, **filters
    ).count()


def _entries_task(n: int) -> HomeTask | None:
    if not n:
        return None
    text = ngettext(
        "%(n)d representation entry is to be reported at the next plenary.",
        "%(n)d representation entries are to be reported at the next plenary.",
        n,
    ) % {"n": n}
    return HomeTask(text=text, url=reverse("presidency:representation-list") + "?status=open")


def _duty_tasks(today: dt.date) -> list[HomeTask]:
    duties = ReportingDuty.objects.filter(status=ReportingDuty.Status.PENDING).exclude(
        project__stage__in=CooperationProject.ENDED
    )
    counts = duties.aggregate(
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        due=Count(
            "pk",
            filter=Q(
                due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUTY_HORIZON_DAYS)
            ),
        ),
    )
    url = reverse("presidency:cooperation-list")
    tasks = []
    if n := counts["overdue"]:
        text = ngettext(
            "%(n)d report owed to a cooperation partner is overdue.",
            "%(n)d reports owed to cooperation partners are overdue.",
            n,
        ) % {"n": n}
        tasks.append(HomeTask(text=text, url=url, level="warning"))
    if n := counts["due"]:
        text = ngettext(
            "%(n)d report owed to a cooperation partner falls due within %(days)d days.",
            "%(n)d reports owed to cooperation partners fall due within %(days)d days.",
            n,
        ) % {"n": n, "days": DUTY_HORIZON_DAYS}
        tasks.append(HomeTask(text=text, url=url))
    return tasks


def _manager_tasks(user, today: dt.date) -> list[HomeTask]:
    tasks = [t for t in [_entries_task(_open_entries())] if t]
    tasks += _duty_tasks(today)
    if n := ReorientationProposal.objects.filter(status=ReorientationProposal.Status.DRAFT).count():
        text = ngettext(
            "%(n)d reorientation proposal of the Lineamientos is still a draft.",
            "%(n)d reorientation proposals of the Lineamientos are still drafts.",
            n,
        ) % {"n": n}
        tasks.append(HomeTask(text=text, url=reverse("presidency:guidelines-proposals")))
    if permissions.can_review_checklist(user) and (
        n := GuidelineProgress.objects.filter(review=GuidelineProgress.Review.SUBMITTED).count()
    ):
        text = ngettext(
            "%(n)d line of the countries' checklists of the Lineamientos waits for review.",
            "%(n)d lines of the countries' checklists of the Lineamientos wait for review.",
            n,
        ) % {"n": n}
        tasks.append(HomeTask(text=text, url=reverse("presidency:guidelines-review")))
    return tasks


def _representative_tasks(user) -> list[HomeTask]:
    tasks = []
    if n := _open_entries(created_by=user):
        text = ngettext(
            "%(n)d promotion activity you recorded is to be reported at the next plenary.",
            "%(n)d promotion activities you recorded are to be reported at the next plenary.",
            n,
        ) % {"n": n}
        tasks.append(
            HomeTask(text=text, url=reverse("presidency:representation-list") + "?status=open")
        )
    country_id = focal_point_country_id(user)
    if country_id is not None and (
        n := GuidelineProgress.objects.filter(
            country_id=country_id, review=GuidelineProgress.Review.RETURNED
        ).count()
    ):
        text = ngettext(
            "%(n)d line of your country's checklist of the Lineamientos was returned with "
            "comments.",
            "%(n)d lines of your country's checklist of the Lineamientos were returned with "
            "comments.",
            n,
        ) % {"n": n}
        iso = user.national_body.country.iso_code
        tasks.append(
            HomeTask(
                text=text,
                url=reverse("presidency:guidelines-country", args=[iso]),
                level="warning",
            )
        )
    return tasks


def home_tasks(*, user, today: dt.date) -> list[HomeTask]:
    if permissions.can_manage(user):
        return _manager_tasks(user, today)
    if permissions.is_representative(user):
        return _representative_tasks(user)
    return []
