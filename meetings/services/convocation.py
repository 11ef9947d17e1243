"""Meetings and their convocation (SPEC §3; 003 §VIII Presidency 7, 9–11): creating and
editing a meeting, moving it along its statuses, inviting, rescheduling and cancelling (the
invitees' calendars follow: meetings.services.invitations), and the invitees' answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.versions import claim_version
from meetings import rules
from meetings.models import Invitation, Meeting, MeetingStatusChange, Motion
from meetings.permissions import ensure_can_steer
from meetings.selectors.quorum import meeting_member_countries
from meetings.services.agenda import agenda_opening_items_create, tell_apps_plenary_changed
from meetings.services.invitations import notices_queue
from meetings.timezones import meeting_time_zone
from members.models import Country, ObserverOrganisation, Person, User
from members.selectors import designations_in_force

# What invitees' calendars hold (RFC 5545: SUMMARY, DTSTART/DTEND with TZID, LOCATION): a
# change to any of these is a new revision of the event (Meeting.sequence) and, once the
# meeting is convened, an update to every invitee.
CALENDAR_FIELDS = (
    "title",
    "starts_at",
    "ends_at",
    "time_zone",
    "host_country",
    "city",
    "modality",
    "link",
)
MEETING_FIELDS = ("kind", "number", *CALENDAR_FIELDS, "committee")

NOT_AN_OBSERVER_ORGANISATION = _(
    "%(organisation)s is not an observer of the Coalition: only observer organisations are "
    "invited as observers."
)


def _observers_only(organisations: Iterable[ObserverOrganisation | int]) -> list:
    """The organisations to invite as observers, all of them observers of the Coalition
    (role `observer`: admitted by a Plenary agreement, presidency.services.admission); any
    other is refused on `invited_observers` (not_an_observer). The role is read from the
    database, not from the objects passed."""
    chosen = list(organisations)
    pks: list[int] = [o.pk if isinstance(o, ObserverOrganisation) else o for o in chosen]
    others = (
        ObserverOrganisation.objects.filter(pk__in=pks)
        .exclude(role=ObserverOrganisation.Role.OBSERVER)
        .order_by("acronym")
    )
    errors = [
        ValidationError(
            NOT_AN_OBSERVER_ORGANISATION, code="not_an_observer", params={"organisation": o}
        )
        for o in others
    ]
    if errors:
        raise ValidationError({"invited_observers": errors})
    return chosen


@transaction.atomic
def meeting_create(
    *,
    user: User,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    time_zone: str = "",
    number: int | None = None,
    host_country: Country | None = None,
    city: str = "",
    modality: str = Meeting.Modality.IN_PERSON,
    link: str = "",
    committee=None,
    invited_observers: Iterable[ObserverOrganisation] = (),
) -> Meeting:
    """A new meeting starts as a draft. A plenary starts its agenda with the opening items
    (meetings.services.agenda.agenda_opening_items_create: 003 §VIII Presidency 9–11). It
    lives in `time_zone`, by default its host country's (meetings.timezones). Only
    observers of the Coalition are invited as observers (not_an_observer)."""
    ensure_can_steer(user)
    invited_observers = _observers_only(invited_observers)
    meeting = Meeting(
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=meeting_time_zone(
            chosen=time_zone,
            host_iso=host_country.iso_code if host_country else None,
            modality=modality,
        ),
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
    agenda_opening_items_create(meeting=meeting)
    tell_apps_plenary_changed(meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *, user: User, meeting: Meeting, expected_version: int | None = None, **fields
) -> Meeting:
    """Edits the meeting's details until the session opens. A change to what calendars
    hold (CALENDAR_FIELDS) is a reschedule (rules.reschedule_refusal): the calendar
    revision grows by one and, for a convened meeting, every invitee gets the update. An
    empty `time_zone` means the host country's. Observer organisations added to a convened
    meeting are invited and notified. A form read before someone else's change (an edit, a
    status change) is refused (stale_version); `expected_version` None is for internal
    callers only. Only observers are invited as observers (not_an_observer)."""
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    rules.refuse(rules.meeting_update_refusal(user=user, meeting=meeting))
    claim_version(meeting, expected_version)
    observers = fields.pop("invited_observers", None)
    if observers is not None:
        observers = _observers_only(observers)
    if "time_zone" in fields and not fields["time_zone"]:
        host = fields.get("host_country", meeting.host_country)
        fields["time_zone"] = meeting_time_zone(
            host_iso=host.iso_code if host else None,
            modality=fields.get("modality", meeting.modality),
        )
    before = {name: getattr(meeting, name) for name in CALENDAR_FIELDS}
    for name, value in fields.items():
        if name in MEETING_FIELDS:
            setattr(meeting, name, value)
    rescheduled = any(getattr(meeting, name) != before[name] for name in CALENDAR_FIELDS)
    if rescheduled:
        rules.refuse(rules.reschedule_refusal(user=user, meeting=meeting))
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    invited = 0
    if observers is not None:
        meeting.invited_observers.set(observers)
        if meeting.status == Meeting.Status.CONVENED:
            invited = _invite(meeting)
    if meeting.status == Meeting.Status.CONVENED and (rescheduled or invited):
        notices_queue(meeting)
    return meeting


def _set_status(meeting: Meeting, to: str, user: User, reason: str = "") -> None:
    rules.refuse(rules.transition_refusal(user=user, meeting=meeting, to=to))
    now = timezone.now()
    MeetingStatusChange.objects.create(
        meeting=meeting,
        from_status=meeting.status,
        to_status=to,
        changed_by=user,
        changed_at=now,
        reason=reason,
    )
    meeting.status = to
    meeting.status_changed_at = now
    meeting.status_changed_by = user
    meeting.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    if to in (Meeting.Status.CLOSED, Meeting.Status.CANCELLED):
        tell_apps_plenary_changed(meeting)


@transaction.atomic
def meeting_transition(
    *, user: User, meeting: Meeting, to: str, expected_version: int | None = None
) -> Meeting:
    """Opens or closes the session (or takes a convened meeting back to draft); a closed
    meeting goes nowhere (rules.TRANSITIONS). Convening goes through meeting_convene, which
    also sends the notices; cancelling goes through meeting_cancel, which needs a reason
    and tells the invitees' calendars."""
    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    claim_version(meeting, expected_version)
    if to == Meeting.Status.CLOSED:
        open_motions = Motion.objects.filter(
            agenda_item__meeting=meeting, state=Motion.State.OPEN
        ).count()
        rules.refuse(
            rules.meeting_close_refusal(user=user, meeting=meeting, open_motions=open_motions)
        )
    if to in (Meeting.Status.CONVENED, Meeting.Status.CANCELLED):
        raise ValidationError(
            rules.BAD_TRANSITION,
            code="bad_transition",
            params={"from": meeting.get_status_display(), "to": Meeting.Status(to).label},
        )
    _set_status(meeting, to, user)
    return meeting


@transaction.atomic
def meeting_convene(
    *, user: User, meeting: Meeting, expected_version: int | None = None
) -> Meeting:
    """003 §VIII Presidency 7: the Presidency (or ST on its behalf) convenes. One invitation
    per designation in force of the member bodies on the meeting's date and one per
    representative (with e-mail) of each invited observer organisation; the e-mails with
    each invitee's calendar file leave after commit, through Celery (convened again after
    going back to draft: the new invitees get the convocation, the others the update if
    the meeting changed meanwhile)."""
    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    claim_version(meeting, expected_version)
    rules.refuse(
        rules.convene_refusal(user=user, meeting=meeting, items=meeting.agenda_items.all())
    )
    _set_status(meeting, Meeting.Status.CONVENED, user)
    _invite(meeting)
    notices_queue(meeting)
    return meeting


def _invite(meeting: Meeting) -> int:
    """Invites whoever is not invited yet: the designations in force of the member bodies
    on the meeting's date and the representatives (with e-mail) of the invited observer
    organisations. Returns how many were added."""
    existing = set(meeting.invitations.values_list("person_id", flat=True))
    new: list[Invitation] = []
    members = meeting_member_countries(meeting)  # at a committee session, its countries
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
    return len(new)


@transaction.atomic
def meeting_cancel(
    *, user: User, meeting: Meeting, reason: str, expected_version: int | None = None
) -> Meeting:
    """The Presidency (or ST) calls off a draft or convened meeting, giving the reason; the
    change is logged with it. The calendar revision grows and every invitee already
    notified gets the cancellation (METHOD:CANCEL, same UID), after commit."""
    ensure_can_steer(user)
    meeting = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
    claim_version(meeting, expected_version)  # a stale page first: it explains the rest
    rules.refuse(rules.cancel_refusal(user=user, meeting=meeting))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(rules.REASON_REQUIRED, code="reason_required")}
        )
    _set_status(meeting, Meeting.Status.CANCELLED, user, reason=reason)
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    if meeting.invitations.filter(notified_at__isnull=False).exists():
        notices_queue(meeting)
    return meeting


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
