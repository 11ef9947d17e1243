"""Notices of the statistics returns (issue 20), sent on commit by stats.tasks through
communications' `notify`, one Delivery each: a country's submission tells the Technical
Secretariat, which validates it; ST sending a return back tells that country's focal
points, with ST's note. Each is written in its recipient's language and links (absolute,
common.links) to the page where the recipient acts on it. The notice reads the return's
history record of the change that caused it, so it says what happened even if the return
moved on before it left (the same pattern as directories.services.legislation)."""

from __future__ import annotations

from django.db import transaction

from common.links import absolute_reverse
from common.publish import publish
from communications.models import Delivery
from communications.services import RECIPIENT_RELATED, notify_account
from members.models import User
from stats.models import StatisticsReturn


def notify_on_commit(event: str, statistics_return: StatisticsReturn) -> None:
    """Queue the notice of the change just saved ("submitted" or "returned"), with the id of
    the history record that saved it (the task loads it and calls return_submitted_notify /
    return_sent_back_notify)."""
    from stats.tasks import notify_return_sent_back, notify_return_submitted

    task = notify_return_submitted if event == "submitted" else notify_return_sent_back
    history_id = statistics_return.history.values_list("history_id", flat=True).first()
    transaction.on_commit(lambda: publish(task, history_id))


def return_review_link(return_id: int) -> str:
    """Where ST reads a submitted return and validates it or sends it back."""
    return absolute_reverse("stats:return-detail", return_id)


def return_correction_link(return_id: int) -> str:
    """Where the country's focal points correct a return sent back: its figures form."""
    return absolute_reverse("stats:return-edit", return_id)


def return_submitted_notify(*, record) -> int:
    """`record`: the history record of a submission (StatisticsReturn.history). Every active
    account of the Technical Secretariat, which validates the returns, is told; returns how
    many e-mails left."""
    statistics_return = StatisticsReturn.objects.get(pk=record.id)
    link = return_review_link(statistics_return.pk)
    users = (
        User.objects.filter(is_active=True, role=User.Role.SECRETARIAT)
        .select_related(*RECIPIENT_RELATED)
        .order_by("pk")
    )
    context = {"record": record, "submitter": record.history_user, "url": link}
    sent = 0
    for user in users:
        sent += notify_account(
            template="stats/email/return_submitted",
            context=context,
            kind=Delivery.Kind.STATS_SUBMITTED,
            user=user,
            link=link,
            about=statistics_return,
        )
    return sent


def return_sent_back_notify(*, record) -> int:
    """`record`: the history record of ST sending a return back. The active focal points of
    the return's country (members.permissions.focal_point_country_id: their national body's
    country) are told, with ST's note; nobody else. Returns how many e-mails left."""
    statistics_return = StatisticsReturn.objects.get(pk=record.id)
    link = return_correction_link(statistics_return.pk)
    users = (
        User.objects.filter(
            is_active=True,
            role=User.Role.FOCAL_POINT,
            national_body__country_id=record.country_id,
        )
        .select_related(*RECIPIENT_RELATED)
        .order_by("pk")
    )
    context = {"record": record, "url": link}
    sent = 0
    for user in users:
        sent += notify_account(
            template="stats/email/return_sent_back",
            context=context,
            kind=Delivery.Kind.STATS_RETURNED,
            user=user,
            link=link,
            about=statistics_return,
        )
    return sent
