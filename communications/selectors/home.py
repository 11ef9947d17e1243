"""What communications puts on a user's home page (common.home, gathered by the portal):
the comunicados they have not acknowledged, the overdue ones first."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from common.home import HomeTask
from communications.selectors.communiques import inbox
from members.models import User


def home_tasks(*, user: User, today: dt.date) -> list[HomeTask]:
    """One task when comunicados of the user's inbox wait for their acknowledgement
    (a warning when one's acknowledge-by date has passed). One query."""
    counts = (
        inbox(user)
        .filter(acknowledged_at__isnull=True)
        .aggregate(
            waiting=Count("pk"), overdue=Count("pk", filter=Q(communique__acknowledge_by__lt=today))
        )
    )
    if not counts["waiting"]:
        return []
    text = ngettext(
        "%(n)s comunicado waits for your acknowledgement of receipt.",
        "%(n)s comunicados wait for your acknowledgement of receipt.",
        counts["waiting"],
    ) % {"n": counts["waiting"]}
    return [
        HomeTask(
            text,
            reverse("communiques:inbox"),
            level="warning" if counts["overdue"] else "info",
        )
    ]
