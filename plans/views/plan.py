"""Reading the plan and the POAs. Reading is public for the plan and approved POAs (the ST
keeps the coalition's public web pages, 003 §VIII ST 2); drafts need a signed-in member."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from common.cache import cached_page
from common.tabular import tabular_response
from plans import selectors
from plans.activity_indicators import activity_measures
from plans.filters import MatrixFilterForm
from plans.models import POA, Activity, Axis, Indicator, StrategicPlan


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
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _poa_matrix_export(request, poa, fmt)
    body = cached_page(
        request,
        "poa-matrix",
        stamp=selectors.poa_stamp(),
        params=("axis", "responsible"),
        variant=f"{poa.year}|{'st' if getattr(request.user, 'is_secretariat', False) else ''}",
        render=lambda: _poa_matrix_body(request, poa),
    )
    # The lock and its reopenings (issue 17), for the ST only and outside the cached body.
    is_st = getattr(request.user, "is_secretariat", False)
    lock = selectors.poa_lock_state(poa=poa) if is_st else None
    return render(request, "plans/poa_matrix.html", {"poa": poa, "body": body, "lock": lock})


def _poa_matrix_filters(request: HttpRequest, poa: POA) -> tuple[MatrixFilterForm, list]:
    filters = MatrixFilterForm(request.GET or None, plan=poa.plan)
    axis_number, responsible = filters.values()
    return filters, selectors.poa_matrix(poa=poa, axis_number=axis_number, responsible=responsible)


def _poa_matrix_body(request: HttpRequest, poa: POA) -> str:
    filters, groups = _poa_matrix_filters(request, poa)
    return render_to_string(
        "plans/_poa_matrix.html",
        {
            "poa": poa,
            "groups": groups,
            "filters": filters,
            "filtered": any(filters.values()),
            "query": request.GET.urlencode(),
        },
        request=request,
    )


def _poa_matrix_export(request: HttpRequest, poa: POA, fmt: str) -> HttpResponse:
    _filters, groups = _poa_matrix_filters(request, poa)
    headers = selectors.POA_MATRIX_COLUMNS
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
            "measure": activity_measures([activity]).get(activity.pk),
        },
    )


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = selectors.indicator_detail(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/indicator_detail.html", {"indicator": indicator})
