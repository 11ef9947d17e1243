"""What leaves for a meeting's invitees (SPEC §3; RFC 5546): the convocation, an update
after each change their calendars must take, the cancellation, and the Presidency's
reminder to those who have not answered. Sending is driven by state, not by the event
that caused it: an invitation records the calendar revision it last received
(`sequence_sent`), so the Celery task sends each invitee exactly what they lack — whether
it runs once or twice, early or late."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from communications.models import Delivery
from communications.services import notify
from meetings import rules
from meetings.models import Invitation, Meeting, MeetingStatusChange
from meetings.notices import (
    DELIVERY_KINDS,
    INVITEE_RELATED,
    Notice,
    invitation_message,
    invitee_recipient,
    meeting_link,
)
from meetings.permissions import ensure_can_steer
from members.models import User

NOBODY_TO_REMIND = _("Every invitee notified has answered: there is nobody to remind.")


def _recipients(meeting: Meeting) -> QuerySet[Invitation]:
    """Every invitee, those without an address too: their notice is recorded as not sent
    (communications' log: "was Belize told?")."""
    return meeting.invitations.select_related(*INVITEE_RELATED).order_by("pk")


def _notify(meeting: Meeting, invitation: Invitation, kind: str, reason: str = "") -> bool:
    """Send one invitee's notice through communications (a Delivery row per message, sent,
    failed or without an address); True when the e-mail left."""
    delivery = notify(
        invitation_message(meeting=meeting, invitation=invitation, kind=kind, reason=reason),
        kind=DELIVERY_KINDS[kind],
        recipient=invitee_recipient(invitation),
        link=meeting_link(meeting),
        about=meeting,
    )
    return delivery.state == Delivery.State.SENT


def notice_due(meeting: Meeting, invitation: Invitation) -> str | None:
    """What this invitee's calendar lacks: nothing yet → the convocation; an older revision
    of a convened meeting → the update; a cancelled meeting they were told of → the
    cancellation. A draft, a session or a closed meeting sends nothing."""
    notified = invitation.notified_at is not None
    current = invitation.sequence_sent is not None and invitation.sequence_sent >= meeting.sequence
    if meeting.status == Meeting.Status.CANCELLED:
        return Notice.CANCELLATION if notified and not current else None
    if meeting.status != Meeting.Status.CONVENED:
        return None
    if not notified:
        return Notice.CONVOCATION
    return None if current else Notice.UPDATE


def cancellation_reason(meeting: Meeting) -> str:
    change = (
        MeetingStatusChange.objects.filter(meeting=meeting, to_status=Meeting.Status.CANCELLED)
        .order_by("-changed_at")
        .first()
    )
    return change.reason if change else ""


def meeting_notices_send(*, meeting: Meeting) -> int:
    """Sends each invitee what `notice_due` says, with their own calendar file, and records
    it: the invitation's revision, and a Delivery per message (an invitee without an address
    is logged as such and stays not notified). Called by the Celery task after convening, a
    change or a cancellation; returns how many e-mails were sent. An SMTP failure is logged
    (failed) and raised, as before, so the task fails; the invitee stays not stamped and a
    later run sends them what they still lack."""
    meeting = Meeting.objects.select_related("host_country").get(pk=meeting.pk)
    reason = cancellation_reason(meeting) if meeting.status == Meeting.Status.CANCELLED else ""
    sent = 0
    for invitation in _recipients(meeting):
        kind = notice_due(meeting, invitation)
        if kind is None:
            continue
        if not _notify(meeting, invitation, kind, reason):
            continue  # no address: logged, not notified
        stamp = {"sequence_sent": meeting.sequence}
        if invitation.notified_at is None:
            stamp["notified_at"] = timezone.now()
        Invitation.objects.filter(pk=invitation.pk).update(**stamp)
        sent += 1
    return sent


# The name the convocation task has always called.
convocation_send = meeting_notices_send


def notices_queue(meeting: Meeting) -> None:
    """After the commit, the Celery task sends what each invitee lacks."""
    from meetings.tasks import send_convocation

    pk = meeting.pk
    transaction.on_commit(lambda: publish(send_convocation, pk))


@transaction.atomic
def meeting_remind(*, user: User, meeting: Meeting) -> int:
    """The Presidency (or ST) reminds every invitee of a convened meeting who was notified
    and has not answered; one e-mail each, after commit. Returns how many are queued."""
    from meetings.tasks import send_reminders

    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    rules.refuse(rules.reminder_refusal(user=user, meeting=meeting))
    pending = list(
        meeting.invitations.filter(response=Invitation.Response.PENDING, notified_at__isnull=False)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    if not pending:
        raise ValidationError(NOBODY_TO_REMIND, code="nobody_to_remind")
    pk = meeting.pk
    transaction.on_commit(lambda: publish(send_reminders, pk, pending))
    return len(pending)


def reminders_send(*, meeting: Meeting, invitation_ids: Iterable[int]) -> int:
    """Sends the reminders queued by meeting_remind, skipping whoever answered in between,
    and stamps `reminded_at` (the page shows when the last one left); each is logged as a
    Delivery. Called by the Celery task; returns how many e-mails were sent."""
    meeting = Meeting.objects.select_related("host_country").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.CONVENED:
        return 0  # cancelled or opened before the task ran
    sent = 0
    pending = _recipients(meeting).filter(
        pk__in=list(invitation_ids), response=Invitation.Response.PENDING
    )
    for invitation in pending:
        if not _notify(meeting, invitation, Notice.REMINDER):
            continue
        Invitation.objects.filter(pk=invitation.pk).update(reminded_at=timezone.now())
        sent += 1
    return sent
