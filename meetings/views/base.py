"""What the meetings pages share: who may see them, loading a meeting, flashing a
service's refusal, a POST action, the generic form page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from meetings import selectors
from meetings.models import Meeting
from meetings.permissions import can_see_meetings, can_steer

PAGE_SIZE = 25


def flash(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def ensure_can_see(request: HttpRequest, meeting: Meeting | None = None) -> None:
    if not can_see_meetings(request.user):
        raise PermissionDenied
    if (
        meeting is not None
        and meeting.status == Meeting.Status.DRAFT
        and not can_steer(request.user)
    ):
        raise Http404


def get_meeting(request: HttpRequest, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_detail(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    ensure_can_see(request, meeting)
    return meeting


def form_page(request, form, *, title, meeting=None, cancel_url="", multipart=False):
    return render(
        request,
        "meetings/form.html",
        {
            "form": form,
            "title": title,
            "meeting": meeting,
            "cancel_url": cancel_url,
            "multipart": multipart,
        },
    )


def post_action(
    request: HttpRequest, call: Callable[[], object], *, to: str, success: str = ""
) -> HttpResponse:
    """The shape of every POST button of the meeting pages: call the service; flash its
    refusal or the `success` message; go back to `to` (a URL)."""
    try:
        call()
    except ValidationError as error:
        flash(request, error)
    else:
        if success:
            messages.success(request, success)
    return redirect(to)


def posted_version(request: HttpRequest) -> int | None:
    """The meeting's version a page's button was rendered with (its hidden `version`), for
    the service's stale_version check; None when the POST carries none."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None
