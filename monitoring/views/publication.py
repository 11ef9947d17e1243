"""Publishing a period's results (issue 17): ST confirms the official figures it is about to
make public, or withdraws them with a reason. The rules are the services'
(monitoring.services.publication); these pages only ask for the confirmation."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from common.views import form_page
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from monitoring import selectors
from monitoring.models import ReportingPeriod
from monitoring.services.publication import results_publish, results_unpublish


class PublishForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I have checked these figures: publish them for visitors and partner agencies."
        ),
    )


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawing the published results"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the period's history."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Withdraw these results from the public pages and the API."),
    )


def _period(pk: int) -> ReportingPeriod:
    try:
        return selectors.period_detail(pk=pk)
    except ReportingPeriod.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_http_methods(["GET", "POST"])
def period_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The official figures of the period (as the public will see them), and the
    confirmation that publishes them."""
    ensure_secretariat(request.user)
    period = _period(pk)
    form = PublishForm(request.POST or None)
    results = selectors.poa_results(poa=period.poa, period=period, include_pending=False)
    return form_page(
        request,
        form,
        save=lambda: results_publish(user=request.user, period=period),
        success=_("The results of this period are published."),
        next_url=reverse("monitoring:period-detail", args=[pk]),
        template="monitoring/period_publish.html",
        context={
            "period": period,
            "results": results,
            "state": selectors.publication.publication_state(period=period, user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_unpublish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    period = _period(pk)
    form = UnpublishForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: results_unpublish(
            user=request.user, period=period, reason=form.cleaned_data["reason"]
        ),
        success=_("The results of this period are no longer published."),
        next_url=reverse("monitoring:period-detail", args=[pk]),
        template="monitoring/period_unpublish.html",
        context={
            "period": period,
            "state": selectors.publication.publication_state(period=period, user=request.user),
        },
    )
