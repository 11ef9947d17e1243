"""The Technical Secretariat's pages for the indicators' yearly targets (issue 17): the
targets of one indicator with a form to add one, and a target's own page to change or remove
it. Every write goes through plans.services.targets; its refusals go back to the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors
from common.views import form_page
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from plans.forms import TargetEditForm, TargetForm
from plans.models import Indicator, IndicatorTarget
from plans.services.targets import (
    indicator_target_create,
    indicator_target_delete,
    indicator_target_update,
)


def _indicator(pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("result__objective__axis__plan"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_targets(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One indicator's target per year of the plan ("—": no target set) and the form that
    adds one."""
    ensure_secretariat(request.user)
    indicator = _indicator(pk)
    plan = indicator.result.objective.axis.plan
    years = list(range(plan.start_year, plan.end_year + 1))
    targets = {t.year: t for t in indicator.targets.all()}
    form = TargetForm(request.POST or None, indicator=indicator)
    here = reverse("plans:indicator-targets", args=[indicator.pk])
    return form_page(
        request,
        form,
        save=lambda: indicator_target_create(
            user=request.user, indicator=indicator, **form.cleaned_data
        ),
        success=lambda t: _("Target for %(year)s set.") % {"year": t.year},
        next_url=here,
        template="plans/indicator_targets.html",
        context={
            "indicator": indicator,
            "plan": plan,
            "rows": [(y, targets.get(y)) for y in years],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change a target's value or note, or remove it (the button named "delete")."""
    ensure_secretariat(request.user)
    target = get_object_or_404(
        IndicatorTarget.objects.select_related("indicator__result__objective__axis__plan"), pk=pk
    )
    back = reverse("plans:indicator-targets", args=[target.indicator_id])
    form = TargetEditForm(
        request.POST or None,
        initial={"value": target.value, "note": target.note, "version": target.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if "delete" in request.POST:
                indicator_target_delete(
                    user=request.user, target=target, version=form.cleaned_data["version"]
                )
                messages.success(request, _("Target removed."))
            else:
                indicator_target_update(user=request.user, target=target, **form.cleaned_data)
                messages.success(request, _("Target changed."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(back)
    return render(
        request,
        "plans/target_form.html",
        {"form": form, "target": target, "indicator": target.indicator, "cancel_url": back},
    )
