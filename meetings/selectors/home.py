"""What the meetings app puts on each role's home page (portal.selectors gathers them)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.home import HomeTask
from meetings.models import Meeting
from meetings.selectors.indicators import years_with_too_few_ordinary_meetings
from members.models import User


def home_tasks(*, user: User, today: dt.date) -> list[HomeTask]:
    """Upcoming convened meetings for everyone who takes part; for the Presidency and ST, a
    warning for each year with fewer than two ordinary meetings (001 §4.A.3)."""
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
                    "day": date_format(timezone.localtime(meeting.starts_at).date()),
                },
                reverse("meetings:detail", args=[meeting.pk]),
            )
        )
    if user.is_secretariat or user.is_presidency:
        for row in years_with_too_few_ordinary_meetings(today=today):
            tasks.append(
                HomeTask(
                    _(
                        "%(year)s has %(n)s ordinary meeting(s); the Operating Guidelines ask for at least two a year (§4.A.3)."
                    )
                    % {"year": row.year, "n": row.ordinary_meetings},
                    reverse("meetings:list"),
                    "warning",
                )
            )
    return tasks
