"""Attendance, recorded by ST with htmx, and the live quorum (SPEC §3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import AccreditForm, AttendanceForm
from meetings.models import Attendance, Meeting
from meetings.views.base import flash, get_meeting
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest


def _attendance_response(
    request: HttpRequest, meeting: Meeting, form: AttendanceForm | None = None
) -> HttpResponse:
    """The attendance fragment for htmx: the arrival form bound with its errors when it was
    refused (its error summary takes the focus, static/js/coalicion.js), else a blank one
    for the next arrival. Without JavaScript: back to the meeting page, errors as messages."""
    if request.htmx:
        flags = selectors.meeting_flags(user=request.user, meeting=meeting)
        response = render(
            request,
            "meetings/_attendance.html",
            {
                "meeting": meeting,
                "rows": selectors.attendance_rows(user=request.user, meeting=meeting),
                "attendance_form": (form or AttendanceForm(meeting=meeting))
                if flags.can_record_attendance
                else None,
            },
        )
        response["HX-Trigger"] = "attendanceChanged"
        return response
    if form is not None and form.errors:
        flash(request, ValidationError(form.errors))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#attendance")


@login_required
@require_POST
def attendance_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    ensure_secretariat(request.user)
    form = AttendanceForm(request.POST, request.FILES or None, meeting=meeting)
    if form.is_valid():
        try:
            attendance = services.attendance_record(
                user=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Arrival recorded: %(person)s.") % {"person": attendance.person.full_name},
            )
            return _attendance_response(request, meeting)
    return _attendance_response(request, meeting, form)


@login_required
@require_POST
def attendance_depart(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    attendance = get_object_or_404(Attendance.objects.select_related("meeting", "person"), pk=pk)
    try:
        services.attendance_depart(user=request.user, attendance=attendance)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(
            request,
            _("Departure recorded: %(person)s.") % {"person": attendance.person.full_name},
        )
    return _attendance_response(request, attendance.meeting)


@login_required
@require_POST
def attendance_accredit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    attendance = get_object_or_404(Attendance.objects.select_related("meeting", "person"), pk=pk)
    form = AccreditForm(request.POST, request.FILES or None)
    if form.is_valid():
        try:
            services.attendance_accredit(
                user=request.user, attendance=attendance, **form.cleaned_data
            )
        except ValidationError as error:
            flash(request, error)
        else:
            messages.success(
                request,
                _("Accreditation recorded: %(person)s.") % {"person": attendance.person.full_name},
            )
    else:  # e.g. a file that is not a PDF or an image
        flash(request, ValidationError(form.errors))
    return _attendance_response(request, attendance.meeting)


@login_required
@require_GET
def quorum_partial(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The live quorum box, refreshed by htmx every few seconds and on attendance changes."""
    meeting = get_meeting(request, pk)
    return render(
        request,
        "meetings/_quorum.html",
        {"meeting": meeting, "quorum": selectors.live_quorum(meeting)},
    )


@login_required
@require_POST
def quorum_verify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    try:
        verification = services.quorum_verify(user=request.user, meeting=meeting)
    except ValidationError as error:
        flash(request, error)
    else:
        if verification.reached:
            messages.success(request, _("Quorum verified and recorded."))
        else:
            messages.warning(request, _("Recorded: there is no quorum."))
    return redirect("meetings:detail", pk=pk)
