"""The minutes: drafting, circulation, comments, approval, reopening, PDF and archive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meetings import selectors, services
from meetings.forms import ApproveMinutesForm, CommentForm, MinutesForm, ReasonForm
from meetings.models import Minutes
from meetings.pdf import minutes_pdf
from meetings.views.base import PAGE_SIZE, ensure_can_see, flash, get_meeting, post_action
from members.requests import AuthenticatedRequest


@login_required
@require_POST
def minutes_generate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    return post_action(
        request,
        lambda: services.minutes_generate(user=request.user, meeting=meeting),
        to=reverse("meetings:minutes", args=[pk]),
        success=_("Draft minutes generated from the meeting's records."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    minutes = get_object_or_404(
        Minutes.objects.select_related("approved_in__meeting", "approved_by"), meeting=meeting
    )
    if not selectors.can_read_minutes(user=request.user, minutes=minutes):
        raise Http404
    action = request.POST.get("action")
    forms = {
        "narrative": MinutesForm(
            initial={"narrative": minutes.narrative, "version": minutes.version}
        ),
        "comment": CommentForm(),
        "approve": ApproveMinutesForm(meeting=meeting),
        "reopen": ReasonForm(),
    }
    if request.method == "POST":
        try:
            if action == "narrative":
                forms["narrative"] = form = MinutesForm(request.POST)
                if form.is_valid():
                    services.minutes_update(user=request.user, minutes=minutes, **form.cleaned_data)
            elif action == "circulate":
                services.minutes_circulate(user=request.user, minutes=minutes)
            elif action == "withdraw":
                services.minutes_withdraw_circulation(user=request.user, minutes=minutes)
            elif action == "comment":
                forms["comment"] = form = CommentForm(request.POST)
                if form.is_valid():
                    services.minutes_comment(
                        user=request.user, minutes=minutes, **form.cleaned_data
                    )
            elif action == "approve":
                forms["approve"] = form = ApproveMinutesForm(request.POST, meeting=meeting)
                if form.is_valid():
                    services.minutes_approve(
                        user=request.user, minutes=minutes, **form.cleaned_data
                    )
            elif action == "reopen":
                forms["reopen"] = form = ReasonForm(request.POST)
                if form.is_valid():
                    services.minutes_reopen(user=request.user, minutes=minutes, **form.cleaned_data)
            elif action == "regenerate":
                services.minutes_generate(user=request.user, meeting=meeting)
            else:
                raise Http404
        except ValidationError as error:
            flash(request, error)
        else:
            if not any(f.errors for f in forms.values() if f.is_bound):
                messages.success(request, _("Done."))
                return redirect("meetings:minutes", pk=pk)
    return render(
        request,
        "meetings/minutes_detail.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            **selectors.minutes_content(
                records=minutes.records,
                audience=selectors.result_audience(request.user),
                members=selectors.can_see_restricted(request.user),
                states=selectors.recorded_motion_states(minutes.records),
            ),
            "comments": list(minutes.comments.select_related("author")),
            "forms": forms,
            "flags": selectors.minutes_flags(user=request.user, minutes=minutes, meeting=meeting),
        },
    )


@login_required
def minutes_pdf_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    minutes = get_object_or_404(Minutes.objects.select_related("meeting"), meeting=meeting)
    if not selectors.can_read_minutes(user=request.user, minutes=minutes):
        raise Http404
    pdf = minutes_pdf(
        minutes,
        user=request.user,
        language=request.LANGUAGE_CODE,
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="acta-{meeting.pk}.pdf"'
    return response


@login_required
def minutes_archive(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_see(request)
    archive = selectors.minutes_archive(user=request.user)
    page = Paginator(archive, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/minutes_archive.html", {"page": page, "query": ""})
