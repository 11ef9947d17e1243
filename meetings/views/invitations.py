"""The invitees' side of a meeting on its page: a signed-in invitee's answer, the
Presidency's reminder to those who have not answered, and the cancellation (with its
confirmation page). The e-mail link's answer is meetings.views.meetings.rsvp."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_errors, add_version_field
from common.versions import history_linked
from meetings import rules, services
from meetings.forms import ReasonForm
from meetings.models import Invitation
from meetings.views.base import flash, get_meeting, post_action
from members.requests import AuthenticatedRequest

ANSWERS = (Invitation.Response.ACCEPTED, Invitation.Response.DECLINED)


@login_required
@require_POST
def meeting_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The RSVP button of the meeting page: the signed-in user answers their own invitation
    (their account's person is the one invited)."""
    meeting = get_meeting(request, pk)
    answer = request.POST.get("response")
    if answer not in ANSWERS:
        raise Http404
    invitation = (
        Invitation.objects.filter(meeting=meeting, person_id=request.user.person_id)
        .select_related("meeting")
        .first()
        if request.user.person_id
        else None
    )
    if invitation is None:
        raise PermissionDenied(rules.NOT_INVITED)
    return post_action(
        request,
        lambda: services.invitation_respond(
            invitation=invitation, response=answer, user=request.user
        ),
        to=reverse("meetings:detail", args=[pk]) + "#rsvp",
        success=_("Thank you, your answer was recorded."),
    )


@login_required
@require_POST
def meeting_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    try:
        count = services.meeting_remind(user=request.user, meeting=meeting)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is being sent to the invitee who has not answered.",
                "A reminder is being sent to the %(count)s invitees who have not answered.",
                count,
            )
            % {"count": count},
        )
    return redirect(reverse("meetings:detail", args=[pk]) + "#invitations")


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The confirmation page: a cancellation cannot be undone and reaches every invitee's
    calendar, so it asks for the reason first."""
    meeting = get_meeting(request, pk)
    refusal = rules.cancel_refusal(user=request.user, meeting=meeting)
    if isinstance(refusal, PermissionDenied):
        raise refusal
    if refusal is not None:
        flash(request, refusal)
        return redirect("meetings:detail", pk=pk)
    form = ReasonForm(request.POST or None)
    add_version_field(form, meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                user=request.user,
                meeting=meeting,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, history_linked(error, meeting))
        else:
            messages.success(request, _("Meeting cancelled; the invitees are being told."))
            return redirect("meetings:detail", pk=pk)
    notified = meeting.invitations.filter(notified_at__isnull=False).exclude(email="").count()
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"meeting": meeting, "form": form, "notified": notified},
    )
