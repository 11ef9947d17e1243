"""A committee's sessions and decisions, and each decision (SPEC §2–§3; 003 §I, §X): the
decisions are numbered per committee and kept apart from the Coalition's agreements
register; the POA indicators that count them show their values here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors
from meetings import selectors, services
from meetings.forms import CommitteeDecisionForm
from meetings.models import CommitteeDecision
from meetings.views.base import ensure_can_see, form_page
from members.models import Committee
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from plans.activity_indicators import activity_measures


def _measures(decisions: list[CommitteeDecision]) -> list[tuple[object, object]]:
    """The POA activities these decisions advance whose indicator counts them, each with
    its value (plans.activity_indicators.activity_measures)."""
    activities = {a.pk: a for d in decisions for a in d.activities.all()}
    measures = activity_measures(activities.values())
    return [
        (activities[pk], measures[pk])
        for pk in sorted(measures, key=lambda pk: str(activities[pk]))
    ]


@login_required
def committee_decisions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_can_see(request)
    committee = get_object_or_404(Committee, pk=pk)
    records = selectors.committee_records(user=request.user, committee=committee)
    return render(
        request,
        "meetings/decision_list.html",
        {
            "committee": committee,
            "records": records,
            "measures": _measures(records.decisions),
            "can_edit": request.user.is_secretariat,
        },
    )


@login_required
def committee_decision_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_can_see(request)
    try:
        decision = selectors.committee_decision_detail(user=request.user, pk=pk)
    except CommitteeDecision.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "decision": decision,
            "measures": _measures([decision]),
            "can_edit": request.user.is_secretariat,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def committee_decision_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    decision = get_object_or_404(CommitteeDecision.objects.select_related("committee"), pk=pk)
    form = CommitteeDecisionForm(
        request.POST or None,
        initial={
            "text": decision.text,
            "activities": list(decision.activities.all()),
            "version": decision.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.committee_decision_update(
                user=request.user,
                decision=decision,
                expected_version=data.pop("version"),
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:committee-decision-detail", pk=pk)
    return form_page(
        request,
        form,
        title=decision.number,
        cancel_url=reverse("meetings:committee-decision-detail", args=[pk]),
    )
