"""The minutes (acta): drafted by ST from the meeting's records (003 §VIII ST 11),
circulated for comments — every invitee gets an e-mail with the link, and the text is
frozen until ST withdraws the circulation — approved at the next meeting's item for that
purpose (Presidency 10) and then locked; only an explicit, audited reopening by ST changes
them (SPEC §1). They list the member countries absent and each country's vote, and end
with the signature block of the Presidency and the Technical Secretariat."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from common.versions import claim_version
from meetings import rules, selectors
from meetings.models import AgendaItem, Attendance, Meeting, Minutes, MinutesComment, Motion
from meetings.permissions import ensure_can_steer
from meetings.rules import REASON_REQUIRED
from meetings.services.archiving import archive_minutes
from meetings.services.base import ensure_quorum
from members.models import User
from members.permissions import ensure_secretariat
from members.selectors import office_holder

MINUTES_WRONG_ITEM = _(
    "Minutes are approved at the next meeting's item for the reading of these minutes."
)


def _country(country) -> dict:
    return {"iso": country.iso_code, "name_es": country.name_es, "name_en": country.name_en}


def _absent(meeting: Meeting) -> list[dict]:
    """The member countries on the meeting's date not represented at any moment of it (by
    the one rule, attendance_represents_country_q): a country whose only person present was
    an alternate not accredited is absent for the minutes as for the quorum."""
    represented = selectors.represented_at([meeting.pk]).get(meeting.pk, set())
    return [
        _country(c)
        for c in selectors.meeting_member_countries(meeting).order_by("name_es")
        if c.iso_code not in represented
    ]


def _signatures(meeting: Meeting) -> list[dict]:
    """Who signs: the countries holding the Presidency and the Technical Secretariat on the
    meeting's date (members' offices in force); an office nobody held then is a blank line
    to sign."""
    rows = []
    for kind in selectors.SIGNING_OFFICES:
        holder = office_holder(kind=kind, day=meeting.date)
        rows.append({"office": kind, "country": _country(holder.country) if holder else None})
    return rows


def _minutes_records(meeting: Meeting) -> dict:
    """The snapshot of the meeting's records the minutes are drafted from (003 §VIII ST 11):
    attendance by country and role, quorum verifications, agenda, decisions with consensus
    or counts, agreements adopted. Plain data, so approved minutes never change."""
    attendances = selectors.meeting_attendances(meeting)
    countries: dict[str, dict] = {}
    observers: list[dict] = []
    for a in attendances:
        row = {
            "name": a.person.full_name,
            "capacity": a.capacity,
            "accredited": a.accredited_for_meeting,
            "arrived_at": timezone.localtime(a.arrived_at).strftime("%H:%M"),
            "left_at": timezone.localtime(a.left_at).strftime("%H:%M") if a.left_at else "",
        }
        if a.capacity == Attendance.Capacity.OBSERVER:
            observers.append({**row, "organisation": a.observer_organisation.acronym})
        else:
            entry = countries.setdefault(
                a.country.iso_code,
                {
                    "iso": a.country.iso_code,
                    "name_es": a.country.name_es,
                    "name_en": a.country.name_en,
                    "people": [],
                },
            )
            entry["people"].append(row)
    motions = []
    for motion in (
        Motion.objects.filter(agenda_item__meeting=meeting)
        .select_related("agenda_item", "agreement", "committee_decision")
        .prefetch_related("votes__country", "reservations__country")
    ):
        result = selectors.motion_result(motion, list(motion.votes.all()))
        motions.append(
            {
                "id": motion.pk,
                "item": motion.agenda_item.order,
                "item_restricted": motion.agenda_item.restricted,
                "text": motion.text,
                "method": motion.decision_method,
                "rule": motion.majority_rule,
                "outcome": motion.outcome,
                "state": motion.state,
                "yes": result.yes,
                "no": result.no,
                "abstain": result.abstain,
                "entitled": result.entitled,
                "required_yes": result.required_yes,
                "entitled_countries": sorted(motion.entitled_countries or []),
                "votes": [
                    {"country": v.country.iso_code, "choice": v.choice} for v in motion.votes.all()
                ],
                "withdrawal_reason": motion.withdrawal_reason,
                "reservations": [
                    {"country": r.country.iso_code, "text": r.text}
                    for r in motion.reservations.all()
                ],
                "agreement": getattr(getattr(motion, "agreement", None), "number", "")
                or getattr(getattr(motion, "committee_decision", None), "number", ""),
            }
        )
    return {
        "meeting": {
            "title": meeting.title,
            "kind": meeting.kind,
            "number": meeting.number,
            "date": meeting.date.isoformat(),
            "city": meeting.city,
            "host": meeting.host_country.name_es if meeting.host_country else "",
            "modality": meeting.modality,
        },
        "attendance": sorted(countries.values(), key=lambda c: c["name_es"]),
        "absent": _absent(meeting),
        "observers": observers,
        "quorum": [
            {
                "verified_at": timezone.localtime(v.verified_at).strftime("%Y-%m-%d %H:%M"),
                "n_members": v.n_members,
                "required": v.required,
                "represented": v.represented,
                "reached": v.reached,
            }
            for v in meeting.quorum_verifications.all()
        ],
        "agenda": [
            {
                "order": i.order,
                "title": i.title,
                "kind": i.kind,
                "presenter": i.presenter,
                "restricted": i.restricted,
            }
            for i in meeting.agenda_items.order_by("order")
        ],
        "motions": motions,
        "agreements": [
            {
                "number": a.number,
                "text": a.text,
                "due_date": a.due_date.isoformat() if a.due_date else "",
                "responsible": [b.acronym for b in a.responsible_bodies.all()]
                + list(a.responsible_organs),
                "restricted": bool(a.motion and a.motion.agenda_item.restricted),
            }
            for a in meeting.agreements.select_related("motion__agenda_item")
            .prefetch_related("responsible_bodies")
            .order_by("sequence")
        ],
        "signatures": _signatures(meeting),
    }


@transaction.atomic
def minutes_generate(*, user: User, meeting: Meeting, narrative: str | None = None) -> Minutes:
    """ST drafts the minutes from the records; regenerating is allowed while a draft and
    keeps the narrative already written."""
    rules.refuse(rules.minutes_generate_refusal(user=user, meeting=meeting))
    minutes = Minutes.objects.select_for_update(of=("self",)).filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes(meeting=meeting)
    else:
        rules.refuse(rules.minutes_generate_refusal(user=user, meeting=meeting, minutes=minutes))
    minutes.records = _minutes_records(meeting)
    minutes.generated_at = timezone.now()
    if narrative is not None:
        minutes.narrative = narrative
    minutes.full_clean()
    minutes.save()
    return minutes


@transaction.atomic
def minutes_update(
    *, user: User, minutes: Minutes, narrative: str, version: int | None = None
) -> Minutes:
    """ST writes the narrative of draft minutes; `version` is the one the form was read at
    (several ST staff write it: a stale form is refused)."""
    ensure_secretariat(user)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    rules.refuse(rules.minutes_edit_refusal(user=user, minutes=minutes))
    claim_version(minutes, version)
    minutes.narrative = narrative
    minutes._history_user = user
    minutes.save(update_fields=["narrative", "version"])
    return minutes


@transaction.atomic
def minutes_circulate(*, user: User, minutes: Minutes) -> Minutes:
    """003 §VIII ST 11: ST sends the minutes for approval; participants comment meanwhile
    and the text stays as sent. Every invitee of the meeting gets an e-mail with the link,
    after commit (meetings.tasks.send_minutes_circulation)."""
    from meetings.tasks import send_minutes_circulation

    ensure_secretariat(user)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    rules.refuse(rules.minutes_edit_refusal(user=user, minutes=minutes))
    minutes.state = Minutes.State.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes._history_user = user
    minutes.save(update_fields=["state", "circulated_at"])
    transaction.on_commit(lambda: publish(send_minutes_circulation, minutes.pk))
    return minutes


@transaction.atomic
def minutes_withdraw_circulation(*, user: User, minutes: Minutes) -> Minutes:
    """ST takes circulated minutes back to a draft to edit them (the comments stay); they
    are circulated again — and e-mailed again — when ready."""
    ensure_secretariat(user)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    rules.refuse(rules.minutes_withdraw_refusal(user=user, minutes=minutes))
    minutes.state = Minutes.State.DRAFT
    minutes.circulated_at = None
    minutes._history_user = user
    minutes.save(update_fields=["state", "circulated_at"])
    return minutes


def minutes_circulation_send(*, minutes: Minutes) -> int:
    """E-mails every invitee of the meeting that the minutes are circulated, with the
    absolute link to them; called by the Celery task. Returns how many e-mails were sent.
    Each is logged as a Delivery about the meeting (an invitee without an address too, as
    not sent; an SMTP failure as failed, then raised so the task fails, as before). The
    e-mail carries the link only: what each reader sees of the minutes (restricted items,
    unpublished results) is decided by the page they open."""
    from communications.models import Delivery
    from communications.services import notify
    from meetings.notices import (
        INVITEE_RELATED,
        invitee_recipient,
        minutes_circulation_message,
        minutes_link,
    )

    if minutes.state != Minutes.State.CIRCULATED:
        return 0  # withdrawn before the task ran
    sent = 0
    meeting = minutes.meeting
    invitations = meeting.invitations.select_related(*INVITEE_RELATED)
    for invitation in invitations.order_by("pk"):
        delivery = notify(
            minutes_circulation_message(minutes=minutes, invitation=invitation),
            kind=Delivery.Kind.MINUTES_CIRCULATED,
            recipient=invitee_recipient(invitation),
            link=minutes_link(meeting),
            about=meeting,
        )
        sent += delivery.state == Delivery.State.SENT
    return sent


@transaction.atomic
def minutes_comment(*, user: User, minutes: Minutes, text: str) -> MinutesComment:
    if not user.is_authenticated or user.role == User.Role.PARTNER:
        raise PermissionDenied
    minutes = Minutes.objects.get(pk=minutes.pk)
    rules.refuse(rules.minutes_comment_refusal(user=user, minutes=minutes))
    comment = MinutesComment(minutes=minutes, author=user, text=text)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def minutes_approve(*, user: User, minutes: Minutes, agenda_item: AgendaItem) -> Minutes:
    """003 §VIII Presidency 10: the previous minutes are read for approval at the next
    meeting, under its item for that purpose and with quorum; approved minutes are locked
    (SPEC §1: only an explicit, audited reopening by ST changes them)."""
    ensure_can_steer(user)
    minutes = (
        Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)
    )
    rules.refuse(rules.minutes_approval_refusal(user=user, minutes=minutes))
    if (
        agenda_item.minutes_of_id != minutes.meeting_id
        or agenda_item.meeting_id == minutes.meeting_id
    ):
        raise ValidationError(MINUTES_WRONG_ITEM, code="minutes_wrong_item")
    rules.refuse(rules.status_refusal(agenda_item.meeting, Meeting.Status.IN_SESSION))
    ensure_quorum(agenda_item.meeting)
    minutes.state = Minutes.State.APPROVED
    minutes.approved_at = timezone.now()
    minutes.approved_by = user
    minutes.approved_in = agenda_item
    minutes.save(update_fields=["state", "approved_at", "approved_by", "approved_in"])
    archive_minutes(minutes=minutes, by=user)  # 003 §VIII ST 12: depositary of the minutes
    return minutes


@transaction.atomic
def minutes_reopen(*, user: User, minutes: Minutes, reason: str) -> Minutes:
    """SPEC §1: approved minutes change only through an explicit, audited reopening by ST."""
    ensure_secretariat(user)
    minutes = Minutes.objects.select_for_update(of=("self",)).get(pk=minutes.pk)
    rules.refuse(rules.minutes_reopen_refusal(user=user, minutes=minutes))
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason_required")
    minutes.state = Minutes.State.DRAFT
    minutes.reopen_reason = reason.strip()[:300]
    minutes.approved_at = None
    minutes.approved_in = None
    minutes.save(update_fields=["state", "reopen_reason", "approved_at", "approved_in"])
    return minutes
