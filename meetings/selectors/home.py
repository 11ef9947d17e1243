"""What the meetings app puts on each role's home page (portal.selectors gathers them)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.home import HomeTask
from meetings.models import Agreement, Meeting
from meetings.selectors.agreements import overdue_agreements
from meetings.selectors.indicators import years_with_too_few_ordinary_meetings
from members.models import User


def home_tasks(*, user: User, today: dt.date) -> list[HomeTask]:
    """Upcoming convened meetings for everyone who takes part; for the Presidency and ST, a
    warning for each year with fewer than two ordinary meetings (001 §4.A.3) and for the
    agreements overdue on `today`; for a focal point, those its national body is
    responsible for (overdue is read on `today`: selectors.agreements)."""
    tasks = []
    if user.role == User.Role.PARTNER:
        return tasks
    upcoming = Meeting.objects.filter(
        status=Meeting.Status.CONVENED, starts_at__date__gte=today
    ).order_by("starts_at")[:3]
    for meeting in upcoming:
        tasks.append(
            HomeTask(
                _("%(title)s is convened for %(day)s: see the agenda and confirm attendance.")
                % {
                    "title": meeting.title,
                    "day": date_format(meeting.date),  # its local date, at the venue
                },
                reverse("meetings:detail", args=[meeting.pk]),
            )
        )
    if user.is_secretariat or user.is_presidency:
        for row in years_with_too_few_ordinary_meetings(today=today):
            tasks.append(
                HomeTask(
                    ngettext(
                        "%(year)s has %(n)s ordinary meeting; the Operating Guidelines ask "
                        "for at least two a year (§4.A.3).",
                        "%(year)s has %(n)s ordinary meetings; the Operating Guidelines ask "
                        "for at least two a year (§4.A.3).",
                        row.ordinary_meetings,
                    )
                    % {"year": row.year, "n": row.ordinary_meetings},
                    reverse("meetings:list"),
                    "warning",
                )
            )
    if user.is_secretariat or user.is_presidency:
        tasks += _overdue_task(overdue_agreements(today=today, user=user))
    elif user.is_focal_point and user.national_body_id:
        tasks += _overdue_task(
            overdue_agreements(today=today, body_id=user.national_body_id, user=user),
            body=user.national_body_id,
        )
    return tasks


def _overdue_task(overdue, body: int | None = None) -> list[HomeTask]:
    n = overdue.count()
    if not n:
        return []
    query = f"?status={Agreement.Status.OVERDUE}" + (f"&body={body}" if body else "")
    return [
        HomeTask(
            ngettext(
                "%(n)s agreement is overdue: its due date has passed and it is not fulfilled.",
                "%(n)s agreements are overdue: their due date has passed and they are not "
                "fulfilled.",
                n,
            )
            % {"n": n},
            reverse("meetings:agreements") + query,
            "warning",
        )
    ]
