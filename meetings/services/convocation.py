"""Meetings and their convocation (SPEC §3; 003 §VIII Presidency 7, 9–11): creating and
editing a meeting, moving it along its statuses, inviting and notifying, and the invitees'
answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.publish import publish
from meetings import rules, selectors
from meetings.models import AgendaItem, Invitation, Meeting, MeetingStatusChange
from meetings.permissions import ensure_can_steer
from members.models import Country, ObserverOrganisation, Person, User
from members.selectors import designations_in_force, member_countries_on

# 003 §VIII Presidency 9–11: the opening items of an ordinary meeting. The titles are stored
# as the sources name them (data, in Spanish); pages show the translated `standard` label.
STANDARD_ITEMS = [
    (AgendaItem.Standard.QUORUM, "Verificación del quórum", AgendaItem.Kind.INFORMATION),
    (AgendaItem.Standard.AGENDA, "Aprobación de la agenda", AgendaItem.Kind.DECISION),
    (
        AgendaItem.Standard.MINUTES,
        "Lectura y aprobación del acta anterior",
        AgendaItem.Kind.DECISION,
    ),
]

MEETING_FIELDS = (
    "kind",
    "number",
    "title",
    "starts_at",
    "ends_at",
    "host_country",
    "city",
    "modality",
    "link",
    "committee",
)


@transaction.atomic
def meeting_create(
    *,
    user: User,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    number: int | None = None,
    host_country: Country | None = None,
    city: str = "",
    modality: str = Meeting.Modality.IN_PERSON,
    link: str = "",
    committee=None,
    invited_observers: Iterable[ObserverOrganisation] = (),
) -> Meeting:
    """A new meeting starts as a draft. An ordinary meeting starts its agenda with the
    verification of quorum, the approval of the agenda and the reading of the previous
    minutes (003 §VIII Presidency 9–11), the last linked to the previous plenary."""
    ensure_can_steer(user)
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        number=number,
        host_country=host_country,
        city=city,
        modality=modality,
        link=link,
        committee=committee,
        created_by=user,
        status_changed_by=user,
        status_changed_at=timezone.now(),
    )
    meeting.full_clean()
    meeting.save()
    meeting.invited_observers.set(invited_observers)
    if kind == Meeting.Kind.ORDINARY:
        previous = selectors.previous_plenary(before=starts_at, exclude=meeting.pk)
        for order, (code, title_, item_kind) in enumerate(STANDARD_ITEMS, start=1):
            if code == AgendaItem.Standard.MINUTES and previous is None:
                continue
            item = AgendaItem(
                meeting=meeting,
                order=order,
                title=title_,
                kind=item_kind,
                standard=code,
                presenter=str(_("Presidency")),
                minutes_of=previous if code == AgendaItem.Standard.MINUTES else None,
            )
            item.full_clean()
            item.save()
    return meeting


@transaction.atomic
def meeting_update(*, user: User, meeting: Meeting, **fields) -> Meeting:
    rules.refuse(rules.meeting_update_refusal(user=user, meeting=meeting))
    observers = fields.pop("invited_observers", None)
    for name, value in fields.items():
        if name in MEETING_FIELDS:
            setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    if observers is not None:
        meeting.invited_observers.set(observers)
    return meeting


def _set_status(meeting: Meeting, to: str, user: User) -> None:
    rules.refuse(rules.transition_refusal(user=user, meeting=meeting, to=to))
    now = timezone.now()
    MeetingStatusChange.objects.create(
        meeting=meeting, from_status=meeting.status, to_status=to, changed_by=user, changed_at=now
    )
    meeting.status = to
    meeting.status_changed_at = now
    meeting.status_changed_by = user
    meeting.save(update_fields=["status", "status_changed_at", "status_changed_by"])


@transaction.atomic
def meeting_transition(*, user: User, meeting: Meeting, to: str) -> Meeting:
    """Opens or closes the session (or takes a convened meeting back to draft); a closed
    meeting goes nowhere (rules.TRANSITIONS). Convening goes through meeting_convene, which
    also sends the notices."""
    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    if to == Meeting.Status.CONVENED:
        raise ValidationError(
            rules.BAD_TRANSITION,
            code="bad_transition",
            params={"from": meeting.get_status_display(), "to": Meeting.Status(to).label},
        )
    _set_status(meeting, to, user)
    return meeting


@transaction.atomic
def meeting_convene(*, user: User, meeting: Meeting) -> Meeting:
    """003 §VIII Presidency 7: the Presidency (or ST on its behalf) convenes. One invitation
    per designation in force of the member bodies on the meeting's date and one per
    representative (with e-mail) of each invited observer organisation; the e-mails with
    the iCalendar file leave after commit, through Celery."""
    from meetings.tasks import send_convocation

    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    _set_status(meeting, Meeting.Status.CONVENED, user)
    existing = set(meeting.invitations.values_list("person_id", flat=True))
    new: list[Invitation] = []
    members = member_countries_on(meeting.date)
    for designation in designations_in_force(day=meeting.date).filter(
        national_body__country__in=members
    ):
        if designation.person_id in existing:
            continue
        existing.add(designation.person_id)
        new.append(
            Invitation(
                meeting=meeting,
                person=designation.person,
                designation=designation,
                email=designation.person.email,
            )
        )
    observers = Person.objects.filter(
        observer_organisation__in=meeting.invited_observers.all()
    ).exclude(email="")
    for person in observers:
        if person.pk in existing:
            continue
        existing.add(person.pk)
        new.append(
            Invitation(
                meeting=meeting,
                person=person,
                observer_organisation_id=person.observer_organisation_id,
                email=person.email,
            )
        )
    Invitation.objects.bulk_create(new)
    transaction.on_commit(lambda: publish(send_convocation, meeting.pk))
    return meeting


def convocation_send(*, meeting: Meeting) -> int:
    """Sends the convocation to every invitee not yet notified, each e-mail with the
    meeting's .ics attached, and stamps `notified_at`. Called by the Celery task; returns
    how many e-mails were sent."""
    from meetings.notices import convocation_message

    sent = 0
    pending = meeting.invitations.filter(notified_at__isnull=True).exclude(email="")
    for invitation in pending.select_related("person"):
        convocation_message(meeting=meeting, invitation=invitation).send()
        Invitation.objects.filter(pk=invitation.pk).update(notified_at=timezone.now())
        sent += 1
    return sent


@transaction.atomic
def invitation_respond(
    *, invitation: Invitation, response: str, user: User | None = None
) -> Invitation:
    """The invitee confirms or declines (SPEC §3). Through the e-mail link the token is the
    credential; signed in, the user must be the invited person."""
    rules.refuse(rules.invitation_response_refusal(user=user, invitation=invitation))
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.full_clean()
    invitation.save(update_fields=["response", "responded_at"])
    return invitation
