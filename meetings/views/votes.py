"""Motions, the voting screen and country reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import (
    ConsensusForm,
    CountryReportForm,
    MotionForm,
    ReasonForm,
    VoteCorrectionForm,
    VoteForm,
)
from meetings.models import CountryReport, Motion
from meetings.permissions import ensure_can_steer
from meetings.views.base import ensure_can_see, form_page, get_meeting, post_action
from members.requests import AuthenticatedRequest


@login_required
@require_http_methods(["GET", "POST"])
def motion_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    ensure_can_steer(request.user)
    form = MotionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.motion_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("meetings:detail", args=[pk]) + "#motions")
    return form_page(
        request,
        form,
        title=_("New motion"),
        meeting=meeting,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


def _motion(request: HttpRequest, pk: int) -> Motion:
    """A motion of a meeting the user sees, on an item they may see (selectors.access)."""
    motions = selectors.visible_to(request.user, Motion.objects.all())
    motion = get_object_or_404(motions.select_related("agenda_item__meeting__host_country"), pk=pk)
    ensure_can_see(request, motion.agenda_item.meeting)
    return motion


def _decide(request: HttpRequest, motion: Motion, action: str) -> None:
    """The service each motion button stands for (a form's errors are a refusal too)."""
    simple = {
        "open": services.motion_open,
        "close": services.motion_close,
        "publish": services.motion_publish,
    }
    if action in simple:
        simple[action](user=request.user, motion=motion)
    elif action == "consensus":
        form = ConsensusForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["reservations"])
        services.motion_record_consensus(
            user=request.user, motion=motion, reservations=form.cleaned_data["reservations"]
        )
    elif action == "withdraw":
        form = ReasonForm(request.POST)
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.motion_withdraw(user=request.user, motion=motion, **form.cleaned_data)
    else:
        raise Http404


@login_required
@require_POST
def motion_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    motion = _motion(request, pk)
    if action == "open":
        to = reverse("meetings:vote", args=[pk])
    else:
        to = reverse("meetings:detail", args=[motion.agenda_item.meeting_id]) + "#motions"
    return post_action(request, lambda: _decide(request, motion, action), to=to)


@login_required
@require_http_methods(["GET", "POST"])
def vote_screen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The voting screen: a delegate casts their country's vote from their own device; ST
    enters the votes as the delegations state them, and corrects one recorded wrongly. The
    vote form is shown only to who may vote now (rules.vote_cast_refusal)."""
    motion = _motion(request, pk)
    for_st = request.user.is_secretariat
    form = VoteForm(request.POST or None, motion=motion, for_st=for_st)
    correction = VoteCorrectionForm(motion=motion)
    if request.method == "POST" and request.POST.get("action") == "correct":
        correction = VoteCorrectionForm(request.POST, motion=motion)
        form = VoteForm(motion=motion, for_st=for_st)
        if correction.is_valid():
            try:
                services.vote_correct(user=request.user, **correction.cleaned_data)
            except ValidationError as error:
                add_service_errors(correction, error)
            else:
                messages.success(request, _("Vote corrected; the reason is kept in its history."))
                return redirect("meetings:vote", pk=pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.vote_cast(
                user=request.user,
                motion=motion,
                choice=form.cleaned_data["choice"],
                country=form.cleaned_data.get("country"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Vote recorded."))
            return redirect("meetings:vote", pk=pk)
    screen = selectors.vote_screen_page(user=request.user, motion=motion)
    return render(
        request,
        "meetings/vote.html",
        {
            "screen": screen,
            "motion": motion,
            "meeting": screen.meeting,
            "form": form if screen.can_vote or form.errors else None,
            "correction": correction if screen.can_correct else None,
        },
    )


# --- Country reports ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def country_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_meeting(request, pk)
    form = CountryReportForm(
        request.POST or None, request.FILES or None, for_st=request.user.is_secretariat
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.country_report_submit(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Country report saved."))
            return redirect(reverse("meetings:detail", args=[pk]) + "#reports")
    return form_page(
        request,
        form,
        title=_("Country report"),
        meeting=meeting,
        multipart=True,
        cancel_url=reverse("meetings:detail", args=[pk]),
    )


@login_required
def country_report_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    report = get_object_or_404(CountryReport.objects.select_related("meeting"), pk=pk)
    ensure_can_see(request, report.meeting)
    if not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True)
