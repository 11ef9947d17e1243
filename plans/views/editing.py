"""The Technical Secretariat's pages that change the plan and the POAs: wording, an
activity, weights, measurements, copying and approving a POA. Every change goes through
plans.services (Technical Secretariat only); the services' ValidationErrors go back to the
forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_version_field
from common.versions import with_history_link
from common.views import flash_action, form_page
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from plans import selectors, services
from plans.forms import (
    ActivityForm,
    MeasurementForm,
    POAApproveForm,
    POACopyForm,
    POAReopenForm,
    WeightsForm,
    item_form_class,
)
from plans.models import (
    POA,
    Activity,
    Axis,
    ExpectedResult,
    Indicator,
    OperationalObjective,
    PlanStatement,
    StrategicObjective,
    StrategicPlan,
)

EDIT_LEVELS = {
    "plan": StrategicPlan,
    "statement": PlanStatement,
    "axis": Axis,
    "objective": StrategicObjective,
    "result": ExpectedResult,
    "indicator": Indicator,
    "poa": POA,
    "opobjective": OperationalObjective,
}
WEIGHT_LEVELS = {
    "plan": StrategicPlan,
    "axis": Axis,
    "objective": StrategicObjective,
    "opobjective": OperationalObjective,
}


def _url_of(item) -> str:
    """Where to go back to after editing an element of the plan or of a POA."""
    if isinstance(item, Indicator):
        return reverse("plans:indicator-detail", args=[item.pk])
    if isinstance(item, POA):
        return reverse("plans:poa-matrix", args=[item.year])
    if isinstance(item, OperationalObjective):
        return reverse("plans:poa-matrix", args=[item.poa.year])
    if isinstance(item, Activity):
        poa = item.operational_objective.poa
        return reverse("plans:activity-detail", args=[poa.year, item.code])
    axis = {
        Axis: lambda: item,
        StrategicObjective: lambda: item.axis,
        ExpectedResult: lambda: item.objective.axis,
    }.get(type(item))
    if axis:
        return reverse("plans:axis-detail", args=[axis().number])
    return reverse("plans:overview")


# --- Technical Secretariat ---------------------------------------------------------------


def _wording_page(request: HttpRequest, item, form, save) -> HttpResponse:
    """The ST's form for the wording of an element of the plan or of a POA."""
    return form_page(
        request,
        form,
        save=save,
        success=_("Changes saved; the previous wording stays in the history."),
        next_url=_url_of(item),
        template="plans/item_form.html",
        context={
            "item": item,
            "verbose_name": item._meta.verbose_name,
            "cancel_url": _url_of(item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: AuthenticatedRequest, level: str, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    model = EDIT_LEVELS.get(level)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    form = item_form_class(model)(request.POST or None, instance=item)
    add_version_field(form, item)

    def save():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        expected_version = fields.pop("version")
        item.refresh_from_db()  # the form wrote onto the instance; start from the row
        return services.plan_item_update(
            user=request.user, item=item, expected_version=expected_version, **fields
        )

    return _wording_page(request, item, form, with_history_link(save, item))


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedRequest, year: int, code: str) -> HttpResponse:
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    activity = get_object_or_404(
        Activity.objects.select_related("operational_objective__poa"),
        operational_objective__poa=poa,
        code=code,
    )
    form = ActivityForm(request.POST or None, instance=activity)
    add_version_field(form, activity)

    def save():
        data = dict(form.cleaned_data)
        responsibles = data.pop("responsibles")
        expected_version = data.pop("version")
        activity.refresh_from_db()
        return services.activity_update(
            user=request.user,
            activity=activity,
            responsibles=responsibles,
            expected_version=expected_version,
            **data,
        )

    return _wording_page(request, activity, form, with_history_link(save, activity))


@login_required
@require_http_methods(["GET", "POST"])
def weights_edit(request: AuthenticatedRequest, level: str, pk: int) -> HttpResponse:
    """The weights of a parent's children. For the plan's axes and an axis' strategic
    objectives, `?poa=<year>` edits that POA's own weights; without it, the plan's defaults
    for POAs created afterwards (issue 17: a past year never moves with them)."""
    ensure_secretariat(request.user)
    model = WEIGHT_LEVELS.get(level)
    if model is None:
        raise Http404
    parent = get_object_or_404(model, pk=pk)
    poa = None
    if model is StrategicObjective or (model in (StrategicPlan, Axis) and request.GET.get("poa")):
        poa = get_object_or_404(POA, year=request.GET.get("poa") or 0)
    children = selectors.weight_children(parent=parent, poa=poa)
    current = selectors.current_weights(children=children, poa=poa)
    shares = selectors.effective_shares(children, current)
    form = WeightsForm(request.POST or None, children=children, current=current)
    back = (
        reverse("plans:poa-matrix", args=[poa.year])
        if poa
        else _url_of(parent)
        if model is not StrategicPlan
        else reverse("plans:overview")
    )
    if isinstance(parent, OperationalObjective):
        back = reverse("plans:poa-matrix", args=[parent.poa.year])
    weights_poa = poa or (parent.poa if isinstance(parent, OperationalObjective) else None)
    return form_page(
        request,
        form,
        save=lambda: services.weights_set(
            user=request.user, parent=parent, weights=form.weights(), poa=poa
        ),
        success=_("Weights saved."),
        next_url=back,
        template="plans/weights_form.html",
        context={
            "parent": parent,
            "rows": [(form[f"w_{c.pk}"], c, shares[c.pk]) for c in children],
            "poa": weights_poa,
            "plan_defaults": weights_poa is None and model in (StrategicPlan, Axis),
            "editable": weights_poa is None or selectors.poa_is_editable(poa=weights_poa),
            "cancel_url": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    indicator = get_object_or_404(Indicator, pk=pk)
    form = MeasurementForm(request.POST or None, indicator=indicator)
    return form_page(
        request,
        form,
        save=lambda: services.indicator_measurement_record(
            user=request.user, indicator=indicator, **form.cleaned_data
        ),
        success=_("Measurement recorded."),
        next_url=reverse("plans:indicator-detail", args=[indicator.pk]),
        template="plans/measurement_form.html",
        context={"indicator": indicator},
    )


@login_required
@require_http_methods(["GET", "POST"])
def poa_copy(request: AuthenticatedRequest, year: int) -> HttpResponse:
    ensure_secretariat(request.user)
    source = get_object_or_404(POA.objects.select_related("plan"), year=year)
    activities = list(selectors.poa_activities(poa=source))
    form = POACopyForm(
        request.POST or None, activities=activities, initial={"year": source.year + 1}
    )
    return form_page(
        request,
        form,
        save=lambda: services.poa_copy(
            user=request.user,
            source_poa=source,
            year=form.cleaned_data["year"],
            copy_activity_ids=form.copy_ids(),
            carry_over_activity_ids=form.carry_ids(),
        ),
        success=lambda new: _("POA %(year)s created as a draft.") % {"year": new.year},
        next_url=lambda new: reverse("plans:poa-matrix", args=[new.year]),
        template="plans/poa_copy.html",
        context={"source": source},
    )


@login_required
@require_http_methods(["GET", "POST"])
def poa_approve(request: AuthenticatedRequest, year: int) -> HttpResponse:
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    form = POAApproveForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.poa_approve(user=request.user, poa=poa, **form.cleaned_data),
        success=_("POA %(year)s approved.") % {"year": poa.year},
        next_url=reverse("plans:poa-matrix", args=[poa.year]),
        template="plans/poa_approve.html",
        context={"poa": poa},
    )


@login_required
@require_http_methods(["GET", "POST"])
def poa_reopen(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """The lock exception of a POA: the ST reopens it for changes, with a reason."""
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    form = POAReopenForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.poa_reopen(
            user=request.user, poa=poa, reason=form.cleaned_data["reason"]
        ),
        success=_("POA %(year)s reopened for changes; lock it again when done.")
        % {"year": poa.year},
        next_url=reverse("plans:poa-matrix", args=[poa.year]),
        template="plans/poa_reopen.html",
        context={"poa": poa, "lock": selectors.poa_lock_state(poa=poa)},
    )


@login_required
@require_http_methods(["POST"])
def poa_relock(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """The ST ends a reopening: the POA is locked again."""
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    flash_action(
        request,
        lambda: services.poa_relock(user=request.user, poa=poa),
        success=_("POA %(year)s locked again.") % {"year": poa.year},
    )
    return redirect("plans:poa-matrix", year=poa.year)
