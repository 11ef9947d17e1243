"""The participants' pages: registration (a focal point for its country; ST for an invited
country or actor), a participant's data, ST's confirm / decline, the withdrawal, and the
registration desk where ST signs participants in for each day (004: "registro diario")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_version_field
from common.views import form_page
from events import permissions, selectors, services
from events.forms import ParticipantForm
from events.models import DayAttendance, Participant
from events.services.base import event_today
from events.views.base import event_url, get_event, post_action, posted_version, saving
from members.models import Country
from members.requests import AuthenticatedRequest


def _participant(request: AuthenticatedRequest, pk: int) -> Participant:
    """A participant the user sees (selectors.participants_for) of an event the user sees."""
    event_id = Participant.objects.filter(pk=pk).values_list("event_id", flat=True).first()
    if event_id is None:
        raise Http404
    event = get_event(request, event_id)
    participant = selectors.participants_for(user=request.user, event=event).filter(pk=pk).first()
    if participant is None:
        raise Http404
    participant.event = event
    return participant


def _participants_url(event_id: int) -> str:
    return event_url(event_id, "participants")


@login_required
@require_http_methods(["GET", "POST"])
def participant_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    flags = selectors.event_flags(user=request.user, event=event)
    if not flags.can_register:
        raise PermissionDenied
    at_desk = permissions.can_confirm(request.user)  # ST chooses the country or actor
    country = None if at_desk else get_object_or_404(Country, pk=flags.registering_country_id)
    form = ParticipantForm(
        request.POST or None,
        event=event,
        choose_origin=at_desk,
        # a new participant's messages and certificate: the registering person's language
        # (Belize's focal point registers English speakers) until changed
        initial={"language": request.user.language or settings.LANGUAGE_CODE},
    )

    def save():
        origin = form.origin_kwargs() if at_desk else {"country": country}
        return services.participant_register(
            user=request.user, event=event, **origin, **form.participant_fields()
        )

    return form_page(
        request,
        form,
        save=saving(form, save),
        success=_("Participant registered: the Technical Secretariat confirms the place."),
        next_url=_participants_url(pk),
        template="events/participant_form.html",
        context={
            "event": event,
            "country": country,
            "title": _("Register a participant"),
            "cancel_url": _participants_url(pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    if not selectors.participant_flags(user=request.user, participant=participant).can_edit:
        raise PermissionDenied
    event = participant.event
    form = ParticipantForm(request.POST or None, instance=participant)
    add_version_field(form, participant)

    def save():
        expected = form.cleaned_data["version"]
        participant.refresh_from_db()
        return services.participant_update(
            user=request.user,
            participant=participant,
            expected_version=expected,
            **form.participant_fields(),
        )

    return form_page(
        request,
        form,
        save=saving(form, save, participant),
        success=_("Changes saved."),
        next_url=_participants_url(event.pk),
        template="events/participant_form.html",
        context={
            "event": event,
            "participant": participant,
            "title": _("Edit the participant"),
            "cancel_url": _participants_url(event.pk),
        },
    )


ACTIONS = {
    "confirm": (services.participant_confirm, gettext_lazy("%(name)s confirmed.")),
    "decline": (
        services.participant_decline,
        gettext_lazy("%(name)s not accepted: the place is free."),
    ),
    "withdraw": (
        services.participant_withdraw,
        gettext_lazy("%(name)s withdrawn: the place is free."),
    ),
}


@login_required
@require_POST
def participant_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """The row buttons of the participants list; the service says who may (a refusal is
    flashed)."""
    if action not in ACTIONS:
        raise Http404
    participant = _participant(request, pk)
    service, success = ACTIONS[action]
    return post_action(
        request,
        lambda: service(
            user=request.user,
            participant=participant,
            expected_version=posted_version(request),
        ),
        record=participant,
        to=_participants_url(participant.event_id),
        success=str(success) % {"name": participant.full_name},
    )


# --- The registration desk ------------------------------------------------------------------


@dataclass(frozen=True)
class DeskCell:
    day: dt.date
    signed: bool
    can_sign_in: bool
    can_undo: bool


@dataclass(frozen=True)
class DeskRow:
    participant: Participant
    cells: list[DeskCell]


def _ensure_keeps_desk(request: AuthenticatedRequest) -> None:
    if not permissions.can_confirm(request.user):
        raise PermissionDenied


@login_required
@require_GET
def desk(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The attendance grid: the confirmed participants × the event's days. While the event
    is convened, a "sign in" button on each day up to today (in the event's zone) and an
    "undo" on each sign-in."""
    event = get_event(request, pk)
    _ensure_keeps_desk(request)
    open_desk = selectors.event_flags(user=request.user, event=event).can_confirm
    today = event_today(event)
    days, grid = selectors.attendance_grid(event)
    rows = [
        DeskRow(
            participant=row.participant,
            cells=[
                DeskCell(
                    day=day,
                    signed=signed,
                    can_sign_in=open_desk and not signed and day <= today,
                    can_undo=open_desk and signed,
                )
                for day, signed in zip(days, row.days, strict=True)
            ],
        )
        for row in grid
    ]
    return render(
        request,
        "events/desk.html",
        {"event": event, "days": days, "rows": rows, "today": today, "open_desk": open_desk},
    )


def _posted_day(request: AuthenticatedRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError as exc:
        raise BadRequest from exc


def _desk_url(participant: Participant) -> str:
    return reverse("events:desk", args=[participant.event_id]) + f"#participant-{participant.pk}"


@login_required
@require_POST
def desk_sign_in(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    _ensure_keeps_desk(request)
    day = _posted_day(request)
    return post_action(
        request,
        lambda: services.day_sign_in(user=request.user, participant=participant, day=day),
        record=participant,
        to=_desk_url(participant),
        success=_("%(name)s signed in for %(day)s.")
        % {"name": participant.full_name, "day": date_format(day)},
    )


@login_required
@require_POST
def desk_sign_out(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    _ensure_keeps_desk(request)
    attendance = get_object_or_404(
        DayAttendance.objects.select_related("participant"),
        participant=participant,
        day=_posted_day(request),
    )
    return post_action(
        request,
        lambda: services.day_sign_out(user=request.user, attendance=attendance),
        record=attendance,
        to=_desk_url(participant),
        success=_("Sign-in of %(name)s for %(day)s taken back.")
        % {"name": participant.full_name, "day": date_format(attendance.day)},
    )
