"""What the events' pages share: who may see them, loading an event, a POST button's
service call, a form whose refusals land on their fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from common.versions import history_linked
from events import permissions, selectors
from events.forms import refusal_on_fields
from events.models import Event
from members.requests import AuthenticatedRequest

PAGE_SIZE = 25


def ensure_can_see(request: AuthenticatedRequest) -> None:
    """Partners read public records through the API only (events.permissions)."""
    if not permissions.can_see_events(request.user):
        raise PermissionDenied


def ensure_can_organise(request: AuthenticatedRequest) -> None:
    if not permissions.can_organise(request.user):
        raise PermissionDenied


def get_event(request: AuthenticatedRequest, pk: int) -> Event:
    """The event with what its page shows; a draft the user may not see is not found."""
    ensure_can_see(request)
    event = selectors.event_for(user=request.user, pk=pk)
    if event is None:
        raise Http404
    return event


def event_url(event_id: int, anchor: str = "") -> str:
    url = reverse("events:detail", args=[event_id])
    return f"{url}#{anchor}" if anchor else url


def posted_version(request: AuthenticatedRequest) -> int | None:
    """The version a button was rendered with (its hidden `version`), for the service's
    stale_version check; None when the POST carries none."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def post_action(
    request: AuthenticatedRequest, call: Callable[[], Any], *, record: Model, to: str, success: str
) -> HttpResponse:
    """A POST button: call the service; flash `success` or its refusal (a stale version with
    a link to `record`'s history); go back to `to`."""

    try:
        call()
    except ValidationError as error:
        flash(request, history_linked(error, record))
    else:
        messages.success(request, success)
    return redirect(to)


def flash(request: AuthenticatedRequest, error: ValidationError) -> None:
    """Each message of a refusal (one may carry a link: common.versions.history_linked)."""
    for message in error.messages:
        messages.error(request, message)


def saving(form: BaseForm, save: Callable[[], Any], record: Model | None = None):
    """`save` (a service call) whose refusal comes back keyed by the form's fields
    (events.forms.refusal_on_fields), a stale version linked to `record`'s history."""

    def call():
        try:
            return save()
        except ValidationError as error:
            if record is not None:
                error = history_linked(error, record)
            raise refusal_on_fields(form, error) from error

    return call
