"""The dashboard (SPEC §5): weighted results, planned vs achieved, the plan tree, the
country × activity matrix and timeliness, and the matrix export."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from common.cache import cached_page
from common.tabular import tabular_response
from members.requests import AuthenticatedRequest
from monitoring import forms, selectors
from monitoring.models import ReportingPeriod
from monitoring.views.shared import ensure_member
from plans.models import POA


def _chart_data(results, semesters, timeliness) -> dict:
    """Numbers for Chart.js (the same numbers as the tables next to each chart)."""
    return {
        "axes": {
            "labels": [_("Axis %(number)s") % {"number": a.code} for a in results.axes],
            "planned": [float(round(a.planned, 1)) for a in results.axes],
            "achieved": [float(round(a.achieved, 1)) for a in results.axes],
        },
        "semesters": {
            "labels": [str(p.period.get_semester_display()) for p in semesters],
            "planned": [float(round(p.planned, 1)) for p in semesters],
            "achieved": [float(round(p.achieved, 1)) for p in semesters],
        },
        "timeliness": {
            "labels": [str(label) for label in selectors.Timeliness.LABELS.values()],
            "values": [timeliness.count(state) for state in selectors.Timeliness.LABELS]
            if timeliness
            else [],
        },
        "labels": {"planned": _("Planned"), "achieved": _("Achieved")},
    }


MATRIX_PAGE_SIZE = 25  # activities per page of the dashboard's country × activity matrix
DASHBOARD_PARAMS = ("poa", "period", "axis", "country", "pending", "page")


@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """Weighted results, planned vs achieved, the tree, the country × activity matrix and
    timeliness, filtered by POA, period, axis and country (SPEC §5). The same for everyone
    who may read the same POAs (the cache's variant): kept rendered until a plan or report
    changes (common.cache)."""
    ensure_member(request)
    readable = list(selectors.dashboard_poas(user=request.user))
    body = cached_page(
        request,
        "dashboard",
        stamp=selectors.results_stamp(),
        params=DASHBOARD_PARAMS,
        variant=",".join(str(poa.pk) for poa in readable),
        render=lambda: render_to_string(
            "monitoring/_dashboard.html", _dashboard_context(request, readable), request=request
        ),
    )
    return render(request, "monitoring/dashboard.html", {"body": body})


def _dashboard_context(request: HttpRequest, readable: list[POA]) -> dict:
    """`readable`: selectors.dashboard_poas of the user, the POAs offered and accepted."""
    default = selectors.dashboard_default_poa(user=request.user, readable=readable)
    if default is None:
        return {"poa": None}
    data = request.GET.copy()
    if not data.get("poa"):
        data["poa"] = str(default.year)
    form = forms.DashboardFilterForm(data, poas=selectors.dashboard_poas(user=request.user))
    form.fields["country"].label_from_instance = lambda body: body.country.name
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    poa = filters.get("poa") or default
    body = filters.get("country")
    include_pending = bool(filters.get("pending"))
    board = selectors.poa_dashboard(
        poa=poa, semester=filters.get("period"), include_pending=include_pending, body=body
    )
    period, results = board.period, board.results
    form.fields["axis"].choices = [("", _("All axes"))] + [
        (a.obj.number, str(a.obj)) for a in board.official.axes
    ]
    axis_number = filters.get("axis")
    shown_axes = [a for a in results.axes if not axis_number or a.obj.number == axis_number]
    matrix = timeliness = None
    if period is not None:
        matrix = selectors.progress_matrix(
            period=period,
            include_pending=include_pending,
            axis_number=axis_number,
            body=body,
            page=request.GET.get("page"),
            page_size=MATRIX_PAGE_SIZE,
        )
        timeliness = selectors.period_timeliness(period=period)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    return {
        "form": form,
        "poa": poa,
        "period": period,
        "results": results,
        "official": board.official,
        "shown_axes": shown_axes,
        "semesters": board.semesters,
        "matrix": matrix,
        "timeliness": timeliness,
        "chart_data": _chart_data(results, board.semesters, timeliness),
        "query": query.urlencode(),
        "thresholds": settings.MONITORING_COMPLIANCE_THRESHOLDS,
        "coverage_partial_below": settings.MONITORING_COVERAGE_PARTIAL_BELOW,
    }


@login_required
def matrix_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The whole country × activity matrix of a period as .xlsx or CSV."""
    ensure_member(request)
    period = get_object_or_404(ReportingPeriod.objects.select_related("poa"), pk=pk)
    include_pending = request.GET.get("pending") == "on"
    matrix = selectors.progress_matrix(period=period, include_pending=include_pending)
    headers = [
        _("Activity"),
        _("Description"),
        _("Planned %"),
        *[b.country.name for b in matrix.bodies],
        _("Regional report"),
    ]

    def value(cell):
        return cell.progress if cell.counted else ""

    rows = (
        [
            row.activity.code,
            row.activity.description,
            row.planned,
            *[value(c) for c in row.cells],
            value(row.regional),
        ]
        for row in matrix.rows
    )
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    filename = f"matriz-poa{period.poa.year}-s{period.semester}"
    return tabular_response(filename=filename, headers=headers, rows=rows, fmt=fmt)
