"""Evidence of a row: attach, remove, download (whoever may read the report)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.views import flash_action, form_page
from members.requests import AuthenticatedRequest
from monitoring import forms, services
from monitoring.models import Evidence, ProgressEntry
from monitoring.permissions import (
    ensure_can_edit_report,
    ensure_can_view_report,
)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        ProgressEntry.objects.select_related(
            "report__period__poa", "report__national_body", "activity"
        ),
        pk=pk,
    )
    ensure_can_edit_report(request.user, entry.report)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda: services.evidence_add(user=request.user, entry=entry, **form.cleaned_data),
        success=_("Evidence attached."),
        next_url=reverse("monitoring:report-edit", args=[entry.report_id]),
        template="monitoring/evidence_form.html",
        context={"entry": entry, "evidence": entry.evidence.select_related("uploaded_by")},
    )


@login_required
@require_POST
def evidence_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("entry__report"), pk=pk)
    ensure_can_edit_report(request.user, evidence.entry.report)
    flash_action(
        request,
        lambda: services.evidence_remove(
            user=request.user,
            evidence=evidence,
            change_reason=request.POST.get("change_reason", ""),
        ),
        success=_("Evidence removed; it stays in the history."),
    )
    return redirect("monitoring:evidence-add", pk=evidence.entry_id)


@login_required
def evidence_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Evidence files are not public media: whoever may read the report may read them."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("entry__report__national_body"), pk=pk
    )
    ensure_can_view_report(request.user, evidence.entry.report)
    if not evidence.file:  # links are shown as links, never redirected through the site
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True)
