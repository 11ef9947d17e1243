"""The meeting pages: list, creation and editing, the meeting page, its status, the\nagenda and documents, the calendar file and the answer to the convocation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.cache import cached_page, kept_context
from common.forms import add_service_errors, add_version_field
from common.versions import history_linked
from meetings import rules, selectors, services
from meetings.forms import MEETING_YEARS, AgendaItemForm, AttendanceForm, DocumentForm, MeetingForm
from meetings.ical import Method, meeting_calendar
from meetings.models import Invitation, Meeting, MeetingDocument
from meetings.notices import invitee_time_zone
from meetings.permissions import can_steer, ensure_can_steer
from meetings.timezones import meeting_times
from meetings.views.base import (
    PAGE_SIZE,
    ensure_can_see,
    flash,
    form_page,
    get_meeting,
    posted_version,
)
from members.requests import AuthenticatedRequest


@login_required
def meeting_list(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_see(request)
    year = request.GET.get("year")
    kind = request.GET.get("kind") or None
    # Only a plausible year filters: ?year=99999 would fail in the date lookup (a 500).
    in_range = bool(year and year.isdigit() and MEETING_YEARS[0] <= int(year) <= MEETING_YEARS[1])
    meetings = selectors.meeting_list(year=int(year) if in_range else None, kind=kind)
    if not can_steer(request.user):
        meetings = meetings.exclude(status=Meeting.Status.DRAFT)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "kinds": Meeting.Kind.choices,
            "kind": kind,
            "year": year or "",
            "can_steer": can_steer(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_steer(request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Meeting created as a draft."))
            return redirect("meetings:detail", pk=meeting.pk)
    return form_page(request, form, title=_("New meeting"), cancel_url=reverse("meetings:list"))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    ensure_can_steer(request.user)
    form = MeetingForm(request.POST or None, instance=meeting)
    add_version_field(form, meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version")
        meeting.refresh_from_db()
        try:
            services.meeting_update(
                user=request.user, meeting=meeting, expected_version=expected_version, **data
            )
        except ValidationError as error:
            add_service_errors(form, history_linked(error, meeting))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:detail", pk=meeting.pk)
    return form_page(
        request,
        form,
        title=_("Edit meeting"),
        meeting=meeting,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
def meeting_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The live meeting page. Its body depends on the reader (their actions, invitation,
    restricted items, time zone), so it is kept per reader, under the meetings stamp: any
    change to what it shows renders it afresh for the next request (issue 24)."""
    meeting = get_meeting(request, pk)
    body = cached_page(
        request,
        "meeting",
        stamp=selectors.meeting_page_stamp(),
        params=(),
        variant=f"{meeting.pk}|{request.user.pk}",
        render=lambda: _meeting_body(request, meeting),
    )
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting, "body": body})


def _meeting_body(request: AuthenticatedRequest, meeting: Meeting) -> str:
    page = selectors.meeting_page(meeting=meeting, user=request.user)
    context = {
        "meeting": meeting,
        "page": page,
        "flags": page.flags,
        "quorum": page.quorum,
        "rows": page.attendance,
        "attendance_form": AttendanceForm(meeting=meeting)
        if page.flags.can_record_attendance
        else None,
    }
    return render_to_string("meetings/_meeting_body.html", kept_context(context), request=request)


@login_required
@require_POST
def meeting_convene(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    try:
        services.meeting_convene(
            user=request.user, meeting=meeting, expected_version=posted_version(request)
        )
    except ValidationError as error:
        flash(request, history_linked(error, meeting))
    else:
        messages.success(request, _("Meeting convened; the notices are being sent."))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def meeting_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    try:
        services.meeting_transition(
            user=request.user,
            meeting=meeting,
            to=request.POST.get("to"),
            expected_version=posted_version(request),
        )
    except ValidationError as error:
        flash(request, history_linked(error, meeting))
    except ValueError as error:
        flash(request, ValidationError(str(error)))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_POST
def agenda_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    try:
        services.agenda_approve(user=request.user, meeting=meeting)
    except ValidationError as error:
        flash(request, error)
    else:
        messages.success(request, _("Agenda approved."))
    return redirect("meetings:detail", pk=pk)


@login_required
@require_GET
def meeting_ics_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    response = HttpResponse(
        meeting_calendar(meeting, method=Method.PUBLISH, language=get_language()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the convocation e-mail: the token identifies the invitee."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting__host_country", "person__country"),
        token=token,
    )
    if request.method == "POST":
        answer = request.POST.get("response")
        if answer not in (Invitation.Response.ACCEPTED, Invitation.Response.DECLINED):
            raise Http404
        try:
            services.invitation_respond(invitation=invitation, response=answer)
        except ValidationError as error:
            flash(request, error)
        else:
            messages.success(request, _("Thank you, your answer was recorded."))
        return redirect("meetings:rsvp", token=token)
    return render(
        request,
        "meetings/rsvp.html",
        {
            "invitation": invitation,
            "meeting": invitation.meeting,
            "times": meeting_times(invitation.meeting, invitee_time_zone(invitation)),
            "refusal": rules.invitation_response_refusal(user=None, invitation=invitation),
        },
    )


# --- Agenda and documents -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agenda_item_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    ensure_can_steer(request.user)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_create(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("meetings:detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("Add an agenda item"),
        meeting=meeting,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    ensure_can_steer(request.user)
    form = DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("meetings:detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("Upload a document"),
        meeting=meeting,
        multipart=True,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
def document_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    document = get_object_or_404(
        MeetingDocument.objects.select_related("meeting", "agenda_item"), pk=pk
    )
    ensure_can_see(request, document.meeting)
    if not selectors.can_see_document(request.user, document):
        raise Http404  # a restricted document (selectors.access)
    return FileResponse(document.file.open("rb"), as_attachment=True)
