"""The agreements register, its export and the follow-up of each agreement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors, add_version_field
from common.tabular import tabular_response
from common.versions import history_linked
from meetings import selectors, services
from meetings.filters import AgreementFilter
from meetings.forms import AgreementForm, FollowUpForm
from meetings.models import Agreement, AgreementFollowUp
from meetings.views.base import PAGE_SIZE, ensure_can_see, form_page
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest


@login_required
def agreement_list(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_see(request)
    register = AgreementFilter(request.GET, queryset=selectors.agreement_list(user=request.user))
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = [
            _("Number"),
            _("Meeting"),
            _("Text"),
            _("Responsible"),
            _("Due date"),
            _("Status"),
            _("Fulfilled on"),
        ]
        rows = (
            [
                a.number,
                a.meeting.title,
                a.text,
                "; ".join(
                    [b.acronym for b in a.responsible_bodies.all()]
                    + a.get_responsible_organs_display()
                ),
                a.due_date,
                selectors.status_label(a.current_status),
                a.fulfilled_on,
            ]
            for a in register.qs
        )
        return tabular_response(filename="acuerdos", headers=headers, rows=rows, fmt=fmt)
    page = Paginator(register.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "meetings/agreement_list.html",
        {"filter": register, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_can_see(request)
    try:
        agreement = selectors.agreement_detail(pk=pk, user=request.user)
    except Agreement.DoesNotExist as exc:
        raise Http404 from exc
    form = FollowUpForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_follow_up_add(
                user=request.user, agreement=agreement, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect("meetings:agreement-detail", pk=pk)
    bodies = [b.pk for b in agreement.responsible_bodies.all()]
    can_follow = request.user.is_secretariat or (
        request.user.is_focal_point and request.user.national_body_id in bodies
    )
    return render(
        request,
        "meetings/agreement_detail.html",
        {
            "agreement": agreement,
            "form": form if can_follow else None,
            "publicity": selectors.agreement_publicity_flags(
                user=request.user, agreement=agreement
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    agreement = get_object_or_404(Agreement, pk=pk)
    form = AgreementForm(
        request.POST or None,
        initial={
            "text": agreement.text,
            "responsible_bodies": list(agreement.responsible_bodies.all()),
            "responsible_organs": agreement.responsible_organs,
            "due_date": agreement.due_date,
            "status": agreement.status,
            "activities": list(agreement.activities.all()),
        },
    )
    add_version_field(form, agreement)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version")
        try:
            services.agreement_update(
                user=request.user, agreement=agreement, expected_version=expected_version, **data
            )
        except ValidationError as error:
            add_service_errors(form, history_linked(error, agreement))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:agreement-detail", pk=pk)
    return form_page(
        request,
        form,
        title=agreement.number,
        cancel_url=reverse("meetings:agreement-detail", args=[pk]),
    )


@login_required
def follow_up_evidence(request: AuthenticatedRequest, pk: int) -> FileResponse:
    ensure_can_see(request)
    entry = get_object_or_404(AgreementFollowUp, pk=pk)
    visible = selectors.visible_to(request.user, Agreement.objects.filter(pk=entry.agreement_id))
    if not entry.evidence or not visible.exists():
        raise Http404
    return FileResponse(entry.evidence.open("rb"), as_attachment=True)
