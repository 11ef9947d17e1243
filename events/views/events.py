"""The event pages: the list, creation and editing, the event's page, its status buttons
(convene, cancel after a confirmation page, close), its agenda lines and its actors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_version_field
from common.views import form_page
from events import permissions, selectors, services
from events.forms import AgendaSlotForm, EventActorForm, EventFilterForm, EventForm, ReasonForm
from events.models import AgendaSlot, EventActor
from events.services.events import NOT_CANCELLABLE
from events.views.base import (
    PAGE_SIZE,
    ensure_can_organise,
    ensure_can_see,
    event_url,
    get_event,
    post_action,
    posted_version,
    saving,
)
from members.requests import AuthenticatedRequest


@login_required
def event_list(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_see(request)
    filter_form = EventFilterForm(request.GET or None)
    events = selectors.event_list(user=request.user, **filter_form.filters())
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "can_organise": permissions.can_organise(request.user),
            "can_see_participation": permissions.can_see_participation(request.user),
        },
    )


def _form_page(request, form, *, title, save, success, next_url, event=None):
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=next_url,
        template="events/form.html",
        context={
            "title": title,
            "event": event,
            "cancel_url": event_url(event.pk) if event else reverse("events:list"),
        },
    )


def _event_fields(form: EventForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_organise(request)
    form = EventForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("New event"),
        save=saving(form, lambda: services.event_create(user=request.user, **_event_fields(form))),
        success=_("Event created as a draft."),
        next_url=lambda event: event_url(event.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    ensure_can_organise(request)
    form = EventForm(request.POST or None, instance=event)
    add_version_field(form, event)

    def save():
        event.refresh_from_db()
        return services.event_update(
            user=request.user,
            event=event,
            expected_version=form.cleaned_data["version"],
            **_event_fields(form),
        )

    return _form_page(
        request,
        form,
        title=_("Edit the event"),
        event=event,
        save=saving(form, save, event),
        success=_("Changes saved."),
        next_url=event_url(pk),
    )


@login_required
def event_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    user = request.user
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "flags": selectors.event_flags(user=user, event=event),
            "places": selectors.places(event),
            "rows": selectors.participant_rows(user=user, event=event),
            "can_keep_desk": permissions.can_confirm(user),
            # working groups, documents and outputs (selectors/groups.py): "groups": ...,
            "groups": selectors.groups_section(user=user, event=event),
            # plan and budget (selectors/budget.py): "budget": ...,
            "budget": selectors.budget_section(user=user, event=event),
        },
    )


@login_required
@require_POST
def event_convene(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    return post_action(
        request,
        lambda: services.event_convene(
            user=request.user, event=event, expected_version=posted_version(request)
        ),
        record=event,
        to=event_url(pk),
        success=_("Event convened: the invited countries' focal points may register participants."),
    )


@login_required
@require_POST
def event_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    return post_action(
        request,
        lambda: services.event_close(
            user=request.user, event=event, expected_version=posted_version(request)
        ),
        record=event,
        to=event_url(pk),
        success=_("Event closed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The confirmation page: a cancellation cannot be undone, and says why."""
    event = get_event(request, pk)
    ensure_can_organise(request)
    if not selectors.event_flags(user=request.user, event=event).can_cancel:
        messages.error(request, NOT_CANCELLABLE % {"status": event.get_status_display()})
        return redirect(event_url(pk))
    form = ReasonForm(request.POST or None)
    add_version_field(form, event)
    return form_page(
        request,
        form,
        save=saving(
            form,
            lambda: services.event_cancel(
                user=request.user,
                event=event,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            ),
            event,
        ),
        success=_("Event cancelled."),
        next_url=event_url(pk),
        template="events/event_cancel.html",
        context={"event": event},
    )


# --- Agenda ---------------------------------------------------------------------------------


def _slot(request: AuthenticatedRequest, pk: int) -> AgendaSlot:
    """A line of an event the user sees, for the organisers."""
    slot = get_object_or_404(AgendaSlot, pk=pk)
    slot.event = get_event(request, slot.event_id)
    ensure_can_organise(request)
    return slot


@login_required
@require_http_methods(["GET", "POST"])
def agenda_slot_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    ensure_can_organise(request)
    form = AgendaSlotForm(request.POST or None, event=event)
    return _form_page(
        request,
        form,
        title=_("Add a line to the agenda"),
        event=event,
        save=saving(
            form,
            lambda: services.agenda_slot_save(user=request.user, event=event, **form.cleaned_data),
        ),
        success=_("Line added to the agenda."),
        next_url=event_url(pk, "agenda"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_slot_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    slot = _slot(request, pk)
    event = slot.event
    form = AgendaSlotForm(request.POST or None, instance=slot, event=event)
    add_version_field(form, slot)

    def save():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        slot.refresh_from_db()
        return services.agenda_slot_save(
            user=request.user, event=event, slot=slot, expected_version=expected, **data
        )

    return _form_page(
        request,
        form,
        title=_("Edit the agenda line"),
        event=event,
        save=saving(form, save, slot),
        success=_("Changes saved."),
        next_url=event_url(event.pk, "agenda"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_slot_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page (a removal is kept in the history only); POST: removal."""
    slot = _slot(request, pk)
    back = event_url(slot.event_id, "agenda")
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.agenda_slot_delete(user=request.user, slot=slot),
            record=slot,
            to=back,
            success=_("Line removed from the agenda."),
        )
    return render(
        request,
        "events/agenda_slot_delete.html",
        {"slot": slot, "event": slot.event, "cancel_url": back},
    )


# --- Actors ---------------------------------------------------------------------------------


def _event_actor(request: AuthenticatedRequest, pk: int) -> EventActor:
    """An actor's role at an event the user sees, for the organisers."""
    event_actor = get_object_or_404(EventActor.objects.select_related("actor"), pk=pk)
    event_actor.event = get_event(request, event_actor.event_id)
    ensure_can_organise(request)
    return event_actor


@login_required
@require_http_methods(["GET", "POST"])
def actor_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    ensure_can_organise(request)
    form = EventActorForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("Add an actor"),
        event=event,
        save=saving(
            form,
            lambda: services.event_actor_save(user=request.user, event=event, **form.cleaned_data),
        ),
        success=_("Actor added to the event."),
        next_url=event_url(pk, "actors"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event_actor = _event_actor(request, pk)
    event = event_actor.event
    form = EventActorForm(request.POST or None, instance=event_actor)

    def save():
        event_actor.refresh_from_db()
        return services.event_actor_save(
            user=request.user,
            event=event,
            actor=event_actor.actor,
            role=event_actor.role,
            quota=form.cleaned_data["quota"],
            event_actor=event_actor,
        )

    return _form_page(
        request,
        form,
        title=_("Places of %(actor)s") % {"actor": event_actor.actor},
        event=event,
        save=saving(form, save),
        success=_("Changes saved."),
        next_url=event_url(event.pk, "actors"),
    )


@login_required
@require_POST
def actor_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event_actor = _event_actor(request, pk)
    return post_action(
        request,
        lambda: services.event_actor_remove(user=request.user, event_actor=event_actor),
        record=event_actor,
        to=event_url(event_actor.event_id, "actors"),
        success=_("Actor removed from the event."),
    )
