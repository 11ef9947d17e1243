"""Pages of the plan and the POAs. Reading is public for the plan and approved POAs (the ST
keeps the coalition's public web pages, 003 §VIII ST 2); drafts need a signed-in member;
every change goes through plans.services (Technical Secretariat only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coalicion.tabular import tabular_response
from members.permissions import ensure_secretariat
from members.views import _add_errors
from plans import selectors, services
from plans.filters import MatrixFilterForm
from plans.forms import (
    ActivityForm,
    MeasurementForm,
    POAApproveForm,
    POACopyForm,
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


def _plan_or_404() -> StrategicPlan:
    plan = selectors.plan_current()
    if plan is None:
        raise Http404(_("The strategic plan is not loaded yet."))
    return plan


def _poa_for(request: HttpRequest, year: int) -> POA:
    poa = get_object_or_404(POA.objects.select_related("plan"), year=year)
    if not selectors.poa_can_view(user=request.user, poa=poa):
        raise Http404
    return poa


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


# --- Reading ---------------------------------------------------------------------------


def plan_overview(request: HttpRequest) -> HttpResponse:
    plan = selectors.plan_current()
    if plan is None:
        return render(request, "plans/overview.html", {"plan": None})
    return render(
        request,
        "plans/overview.html",
        {
            "plan": selectors.plan_tree(plan=plan),
            "poas": list(selectors.poa_list(user=request.user)),
        },
    )


def axis_detail(request: HttpRequest, number: int) -> HttpResponse:
    plan = _plan_or_404()
    try:
        axis = selectors.axis_detail(plan=plan, number=number)
    except Axis.DoesNotExist as exc:
        raise Http404 from exc
    visible = {p.pk for p in selectors.poa_list(user=request.user)}
    for objective in axis.objectives.all():
        objective.visible_ops = [
            op for op in objective.operational_objectives.all() if op.poa_id in visible
        ]
    return render(request, "plans/axis_detail.html", {"plan": plan, "axis": axis})


def poa_matrix(request: HttpRequest, year: int) -> HttpResponse:
    poa = get_object_or_404(POA.objects.select_related("plan"), year=year)
    if not selectors.poa_can_view(user=request.user, poa=poa):
        return redirect_to_login(request.get_full_path())
    filters = MatrixFilterForm(request.GET or None, plan=poa.plan)
    axis_number, responsible = filters.values()
    groups = selectors.poa_matrix(poa=poa, axis_number=axis_number, responsible=responsible)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = [
            _("Axis"),
            _("Strategic objective"),
            _("Operational objective"),
            _("Code"),
            _("Activity"),
            _("Goal"),
            _("Indicator"),
            _("Responsible"),
            _("Semester I (%)"),
            _("Semester II (%)"),
            _("Weight (%)"),
        ]
        rows = (
            [
                g.axis.number,
                g.objective.code,
                f"{op.code}. {op.text}",
                a.code,
                a.description,
                a.goal,
                a.indicator,
                "; ".join(str(r) for r in a.responsibles.all()),
                a.semester_1,
                a.semester_2,
                a.share.share,
            ]
            for g in groups
            for op in g.operational_objectives
            for a in op.activity_list
        )
        return tabular_response(filename=f"poa-{poa.year}", headers=headers, rows=rows, fmt=fmt)
    return render(
        request,
        "plans/poa_matrix.html",
        {
            "poa": poa,
            "groups": groups,
            "filters": filters,
            "filtered": bool(axis_number or responsible),
            "query": request.GET.urlencode(),
        },
    )


def activity_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    poa = _poa_for(request, year)
    try:
        activity = selectors.activity_detail(poa=poa, code=code)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "plans/activity_detail.html",
        {
            "poa": poa,
            "activity": activity,
            "planned_1": activity.planned_cumulative(1),
            "planned_2": activity.planned_cumulative(2),
        },
    )


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = selectors.indicator_detail(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/indicator_detail.html", {"indicator": indicator})


# --- Technical Secretariat ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, level: str, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    model = EDIT_LEVELS.get(level)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    form = item_form_class(model)(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        item.refresh_from_db()
        try:
            services.plan_item_update(user=request.user, item=item, **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Changes saved; the previous wording stays in the history.")
            )
            return redirect(_url_of(item))
    return render(
        request,
        "plans/item_form.html",
        {
            "form": form,
            "item": item,
            "verbose_name": model._meta.verbose_name,
            "cancel_url": _url_of(item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, year: int, code: str) -> HttpResponse:
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    activity = get_object_or_404(
        Activity.objects.select_related("operational_objective__poa"),
        operational_objective__poa=poa,
        code=code,
    )
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        responsibles = data.pop("responsibles")
        activity.refresh_from_db()
        try:
            services.activity_update(
                user=request.user, activity=activity, responsibles=responsibles, **data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Changes saved; the previous wording stays in the history.")
            )
            return redirect(_url_of(activity))
    return render(
        request,
        "plans/item_form.html",
        {
            "form": form,
            "item": activity,
            "verbose_name": Activity._meta.verbose_name,
            "cancel_url": _url_of(activity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def weights_edit(request: HttpRequest, level: str, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    model = WEIGHT_LEVELS.get(level)
    if model is None:
        raise Http404
    parent = get_object_or_404(model, pk=pk)
    poa = None
    if model is StrategicObjective:
        poa = get_object_or_404(POA, year=request.GET.get("poa") or 0)
    children = selectors.weight_children(parent=parent, poa=poa)
    shares = selectors.effective_shares(children)
    form = WeightsForm(request.POST or None, children=children)
    back = (
        reverse("plans:poa-matrix", args=[poa.year])
        if poa
        else _url_of(parent)
        if model is not StrategicPlan
        else reverse("plans:overview")
    )
    if isinstance(parent, OperationalObjective):
        back = reverse("plans:poa-matrix", args=[parent.poa.year])
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_set(user=request.user, parent=parent, weights=form.weights(), poa=poa)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Weights saved."))
            return redirect(back)
    rows = [(form[f"w_{c.pk}"], c, shares[c.pk]) for c in children]
    return render(
        request,
        "plans/weights_form.html",
        {"form": form, "parent": parent, "rows": rows, "poa": poa, "cancel_url": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    indicator = get_object_or_404(Indicator, pk=pk)
    form = MeasurementForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_measurement_record(
                user=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Measurement recorded."))
            return redirect("plans:indicator-detail", pk=indicator.pk)
    return render(request, "plans/measurement_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
def poa_copy(request: HttpRequest, year: int) -> HttpResponse:
    ensure_secretariat(request.user)
    source = get_object_or_404(POA.objects.select_related("plan"), year=year)
    activities = list(selectors.poa_activities(poa=source))
    form = POACopyForm(
        request.POST or None, activities=activities, initial={"year": source.year + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.poa_copy(
                user=request.user,
                source_poa=source,
                year=form.cleaned_data["year"],
                copy_activity_ids=form.copy_ids(),
                carry_over_activity_ids=form.carry_ids(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("POA %(year)s created as a draft.") % {"year": new.year})
            return redirect("plans:poa-matrix", year=new.year)
    return render(request, "plans/poa_copy.html", {"form": form, "source": source})


@login_required
@require_http_methods(["GET", "POST"])
def poa_approve(request: HttpRequest, year: int) -> HttpResponse:
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    form = POAApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.poa_approve(user=request.user, poa=poa, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("POA %(year)s approved.") % {"year": poa.year})
            return redirect("plans:poa-matrix", year=poa.year)
    return render(request, "plans/poa_approve.html", {"form": form, "poa": poa})
