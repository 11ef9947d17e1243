"""Editing the agenda until it is approved (003 §VIII Presidency 9): an item's details, its
removal (after a confirmation page) and its place (up/down buttons: htmx swaps the agenda
in place, a plain POST comes back to the meeting page). The rules: meetings.rules
agenda_item_*_refusal, raised by meetings.services.agenda."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import AgendaItemEditForm
from meetings.models import AgendaItem
from meetings.permissions import ensure_can_steer
from meetings.views.base import ensure_can_see, flash, form_page, post_action
from members.requests import AuthenticatedRequest


def _item(request: HttpRequest, pk: int) -> AgendaItem:
    """An item of a meeting the user sees, for those who draft the agenda."""
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    ensure_can_see(request, item.meeting)
    ensure_can_steer(request.user)
    return item


def _agenda_url(item: AgendaItem) -> str:
    return reverse("meetings:detail", args=[item.meeting_id]) + "#agenda"


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = AgendaItemEditForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.agenda_item_update(user=request.user, item=item, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_agenda_url(item))
    return form_page(
        request,
        form,
        title=_("Edit the agenda item"),
        meeting=item.meeting,
        cancel_url=_agenda_url(item),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page (removing cannot be undone); POST: the removal."""
    item = _item(request, pk)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.agenda_item_remove(user=request.user, item=item),
            to=_agenda_url(item),
            success=_("Item removed from the agenda."),
        )
    return render(
        request,
        "meetings/agenda_item_remove.html",
        {"item": item, "meeting": item.meeting, "cancel_url": _agenda_url(item)},
    )


@login_required
@require_POST
def agenda_item_move(request: AuthenticatedRequest, pk: int, direction: str) -> HttpResponse:
    if direction not in ("up", "down"):
        raise Http404
    item = _item(request, pk)
    if not request.htmx:
        return post_action(
            request,
            lambda: services.agenda_item_move(user=request.user, item=item, direction=direction),
            to=_agenda_url(item),
        )
    try:
        services.agenda_item_move(user=request.user, item=item, direction=direction)
    except ValidationError as error:
        flash(request, error)
    meeting = item.meeting
    meeting.refresh_from_db()
    page = selectors.meeting_page(meeting=meeting, user=request.user)
    return render(
        request,
        "meetings/_agenda.html",
        {"meeting": meeting, "page": page, "flags": page.flags},
    )
