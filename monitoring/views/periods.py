"""Reporting periods and the review inbox (SPEC §5): ST opens, reschedules and closes
periods; ST's inbox, or a body's own reports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.views import flash_action, form_page
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from monitoring import forms, selectors, services
from monitoring.models import ReportingPeriod
from monitoring.permissions import (
    can_view_report,
)
from monitoring.views.shared import ensure_member


@login_required
@require_http_methods(["GET", "POST"])
def period_list(request: AuthenticatedRequest) -> HttpResponse:
    ensure_member(request)
    context = {"periods": selectors.period_list()}
    if not request.user.is_secretariat:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "monitoring/period_list.html", context | {"form": None})
    form = forms.PeriodOpenForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.reporting_period_open(user=request.user, **form.cleaned_data),
        success=_("Reporting period opened; the focal points are notified."),
        next_url=lambda period: reverse("monitoring:period-detail", args=[period.pk]),
        template="monitoring/period_list.html",
        context=context,
    )


@login_required
def period_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_member(request)
    try:
        period = selectors.period_detail(pk=pk)
    except ReportingPeriod.DoesNotExist as exc:
        raise Http404 from exc
    reports = list(selectors.period_reports(period=period))
    for report in reports:
        report.readable = can_view_report(request.user, report)
    return render(
        request,
        "monitoring/period_detail.html",
        {
            "period": period,
            "reports": reports,
            "timeliness": selectors.period_timeliness(period=period),
            "due_form": forms.PeriodDueForm(initial={"due_on": period.due_on}),
            "publication": selectors.publication.publication_state(
                period=period, user=request.user, reports=reports
            ),
        },
    )


@login_required
@require_POST
def period_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=pk)
    flash_action(
        request,
        lambda: services.reporting_period_close(user=request.user, period=period),
        success=_("The period is closed and locked."),
    )
    return redirect("monitoring:period-detail", pk=pk)


@login_required
@require_POST
def period_due(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=pk)
    ensure_secretariat(request.user)
    form = forms.PeriodDueForm(request.POST)
    if form.is_valid():
        flash_action(
            request,
            lambda: services.reporting_period_set_due(
                user=request.user, period=period, **form.cleaned_data
            ),
            success=_("Due date changed."),
        )
    return redirect("monitoring:period-detail", pk=pk)


# --- Inbox --------------------------------------------------------------------------------


@login_required
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    """ST's review inbox (the Presidency follows it read-only); a focal point or delegate
    sees their own body's reports instead."""
    ensure_member(request)
    user = request.user
    context = {"inbox": None, "own": None}
    if user.is_secretariat or user.is_presidency:
        context["inbox"] = selectors.review_inbox()
    elif user.national_body is not None:
        context["own"] = list(selectors.reports_for_body(body=user.national_body))
    return render(request, "monitoring/inbox.html", context)
