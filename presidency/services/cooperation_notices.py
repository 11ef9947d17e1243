"""Reminders of the reports owed to cooperation partners (issue 22), sent daily by
presidency.tasks.remind_reporting_duties through communications' `notify_account`, one
Delivery each, to every active account of the Presidency and the Technical Secretariat, in
the account's language, with the absolute link (common.links) to the project's page.

A pending duty of a project not ended is reminded at its edges: N days before its due date
for each N of settings.PRESIDENCY_DUTY_REMINDER_DAYS (default (14, 1)), then once on its
first day overdue. Each edge is sent once (ReportingDuty.reminders_sent: "before-14",
"before-1", "overdue"); a run that comes late sends only the latest edge reached, not every
edge it missed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from common.links import absolute_reverse
from communications.models import Delivery
from communications.services import RECIPIENT_RELATED, notify_account
from members.models import User
from presidency.models import CooperationProject, ReportingDuty

DEFAULT_REMINDER_DAYS = (14, 1)
OVERDUE = "overdue"


def reminder_days() -> list[int]:
    """The days before the due date a duty is reminded, largest first (read at call time)."""
    days = getattr(settings, "PRESIDENCY_DUTY_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    return sorted({int(n) for n in days if int(n) >= 0}, reverse=True)


def edge_reached(due_date: dt.date, today: dt.date, days: list[int]) -> str | None:
    """The latest reminder edge reached on `today` ("before-N", "overdue"), or None."""
    left = (due_date - today).days
    if left < 0:
        return OVERDUE
    reached = [n for n in days if left <= n]
    return f"before-{min(reached)}" if reached else None


def project_link(project_id: int) -> str:
    return absolute_reverse("presidency:cooperation-detail", project_id)


def recipients():
    return (
        User.objects.filter(is_active=True, role__in=[User.Role.PRESIDENCY, User.Role.SECRETARIAT])
        .select_related(*RECIPIENT_RELATED)
        .order_by("pk")
    )


def _claim_edge(duty_id: int, today: dt.date, days: list[int]) -> tuple[ReportingDuty, str] | None:
    """Mark the duty's latest edge as sent, if it is due and not sent yet (the row locked:
    two runs on one day send it once)."""
    with transaction.atomic():
        duty = (
            ReportingDuty.objects.select_for_update(of=("self",))
            .select_related("project__partner")
            .filter(pk=duty_id, status=ReportingDuty.Status.PENDING)
            .exclude(project__stage__in=CooperationProject.ENDED)
            .first()
        )
        if duty is None:
            return None
        edge = edge_reached(duty.due_date, today, days)
        if edge is None or edge in duty.reminders_sent:
            return None
        sent = [*duty.reminders_sent, edge]
        ReportingDuty.objects.filter(pk=duty.pk).update(reminders_sent=sent)
        duty.reminders_sent = sent
        return duty, edge


def duties_remind(today: dt.date | None = None) -> int:
    """Send the reminders due on `today` (default: the local date); returns how many e-mails
    left."""
    today = today or timezone.localdate()
    days = reminder_days()
    horizon = today + dt.timedelta(days=max(days, default=0))
    candidates = (
        ReportingDuty.objects.filter(status=ReportingDuty.Status.PENDING, due_date__lte=horizon)
        .exclude(project__stage__in=CooperationProject.ENDED)
        .values_list("pk", flat=True)
        .order_by("due_date", "pk")
    )
    users = None
    sent = 0
    for duty_id in list(candidates):
        claimed = _claim_edge(duty_id, today, days)
        if claimed is None:
            continue
        duty, edge = claimed
        users = list(recipients()) if users is None else users
        link = project_link(duty.project_id)
        context = {
            "duty": duty,
            "project": duty.project,
            "overdue": edge == OVERDUE,
            "days_left": (duty.due_date - today).days,
            "url": link,
        }
        for user in users:
            sent += notify_account(
                user=user,
                template="presidency/email/duty_due",
                context=context,
                kind=Delivery.Kind.COOPERATION_DUTY,
                link=link,
                about=duty.project,
            )
    return sent
