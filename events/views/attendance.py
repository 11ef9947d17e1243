"""Attendance pages of the events (issue 21): the participant's self check-in with the code
of its confirmation e-mail (public: the code is what identifies the participant), and the
certificate of participation PDF for those who attended.

The check-in page is protected against guessing codes: each client address (read as
django-axes reads it for the sign-in page, so behind the configured proxies it is the real
client) may give EVENTS_CHECK_IN_FAILURES unknown codes within EVENTS_CHECK_IN_WINDOW_SECONDS;
after that the page refuses every attempt (429) until the window ends. Only unknown codes
count: a venue's participants share one address, and their successful or repeated
check-ins must not lock each other out."""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from common.pdf import PDF_CONTENT_TYPE
from events import permissions, selectors, services
from events.certificates import (
    certificate_filename,
    certificate_pdf,
    long_date,
)
from events.forms import CheckInForm
from events.models import Participant
from members.requests import AuthenticatedRequest

UNKNOWN_CODE = "unknown_code"  # events.services.participants.self_check_in's refusal


# --- Certificate ------------------------------------------------------------------------------


@login_required
@require_GET
def certificate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The certificate of participation, in the participant's language (events.certificates):
    for the organisers and ST and the focal points of the participant's country (403 for
    anyone else); 404 for a participant who did not attend."""
    participant = get_object_or_404(Participant, pk=pk)
    if not permissions.can_download_certificate(request.user, participant):
        raise PermissionDenied
    if not selectors.earns_certificate(participant):
        raise Http404
    document = certificate_pdf(participant, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(document.pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{certificate_filename(participant)}"'
    return response


# --- Self check-in ----------------------------------------------------------------------------


def _failures_key(request: HttpRequest) -> str:
    return f"events:check-in:failures:{get_client_ip_address(request) or 'unknown'}"


def _locked_out(request: HttpRequest) -> bool:
    return cache.get(_failures_key(request), 0) >= settings.EVENTS_CHECK_IN_FAILURES


def _count_failure(request: HttpRequest) -> None:
    """One more unknown code from this address; the window starts at the first."""
    key = _failures_key(request)
    if cache.add(key, 1, timeout=settings.EVENTS_CHECK_IN_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.EVENTS_CHECK_IN_WINDOW_SECONDS)


def _errors(error: ValidationError) -> list[ValidationError]:
    if hasattr(error, "error_dict"):
        return [e for errors in error.error_dict.values() for e in errors]
    return error.error_list


@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest) -> HttpResponse:
    """The participant types its code and is signed in for today where the event is held
    (services.self_check_in); a refusal shows on the code field."""
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _locked_out(request):
            form.is_valid()
            minutes = max(settings.EVENTS_CHECK_IN_WINDOW_SECONDS // 60, 1)
            form.add_error(
                "code",
                ValidationError(
                    ngettext(
                        "Too many unknown codes from this connection: try again in %(minutes)d minute.",
                        "Too many unknown codes from this connection: try again in %(minutes)d minutes.",
                        minutes,
                    )
                    % {"minutes": minutes},
                    code="too_many_attempts",
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                attendance = services.self_check_in(code=form.cleaned_data["code"])
            except ValidationError as error:
                errors = _errors(error)
                if any(e.code == UNKNOWN_CODE for e in errors):
                    _count_failure(request)
                form.add_error("code", errors)
            else:
                messages.success(
                    request,
                    _("%(name)s is signed in for %(day)s.")
                    % {"name": attendance.participant.full_name, "day": long_date(attendance.day)},
                )
                return redirect("events:check-in")
    return render(request, "events/check_in.html", {"form": form}, status=status)
