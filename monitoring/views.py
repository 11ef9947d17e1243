"""Pages of the monitoring app (SPEC §5) and the home page. Views translate HTTP into
service and selector calls and back; the rules live in services.py and permissions.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.cache import cached_page
from common.tabular import XLSX_TYPE, tabular_response
from members.permissions import ensure_secretariat
from monitoring import excel, forms, selectors, services
from monitoring.models import Evidence, ProgressEntry, ProgressReport, ReportingPeriod
from monitoring.permissions import (
    can_edit_report,
    can_use_monitoring,
    can_view_report,
    ensure_can_edit_report,
    ensure_can_view_report,
)
from plans.models import POA


def _ensure_member(request: HttpRequest) -> None:
    if not can_use_monitoring(request.user):
        raise PermissionDenied


def _get_report(pk: int) -> ProgressReport:
    try:
        return selectors.report_detail(pk=pk)
    except ProgressReport.DoesNotExist as exc:
        raise Http404 from exc


def _stale_message(report: ProgressReport, error: ValidationError) -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        " ".join(error.messages),
        reverse("monitoring:report-history", args=[report.pk]),
        _("See the history of this report."),
    )


def _flash_error(request: HttpRequest, report: ProgressReport, error: ValidationError) -> None:
    if getattr(error, "code", None) == "stale_version":
        messages.error(request, _stale_message(report, error))
    elif isinstance(error, services.ReportRowsInvalid):
        messages.error(request, " ".join(error.messages))
        for activity_id, fields in error.rows.items():
            code = next((e.activity.code for e in report.rows if e.activity_id == activity_id), "")
            for errors in fields.values():
                for e in errors:
                    messages.error(request, f"{code}: {' '.join(e.messages)}")
    else:
        messages.error(request, " ".join(error.messages))


# --- Dashboard ----------------------------------------------------------------------------


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
def dashboard(request: HttpRequest) -> HttpResponse:
    """Weighted results, planned vs achieved, the tree, the country × activity matrix and
    timeliness, filtered by POA, period, axis and country (SPEC §5). The same for every
    member: kept rendered until a plan or report changes (common.cache)."""
    _ensure_member(request)
    body = cached_page(
        request,
        "dashboard",
        stamp=selectors.results_stamp(),
        params=DASHBOARD_PARAMS,
        render=lambda: render_to_string(
            "monitoring/_dashboard.html", _dashboard_context(request), request=request
        ),
    )
    return render(request, "monitoring/dashboard.html", {"body": body})


def _dashboard_context(request: HttpRequest) -> dict:
    poas = list(POA.objects.order_by("-year"))
    if not poas:
        return {"poa": None}
    data = request.GET.copy()
    if not data.get("poa"):
        # Default: the newest POA that has been reported on, else the newest POA.
        latest = ReportingPeriod.objects.order_by("-poa__year").values_list("poa__year", flat=True)
        data["poa"] = str(latest.first() or poas[0].year)
    form = forms.DashboardFilterForm(data)
    form.fields["country"].label_from_instance = lambda body: body.country.name
    form.is_valid()
    filters = getattr(form, "cleaned_data", {})
    poa = filters.get("poa") or poas[0]
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
    }


@login_required
def matrix_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole country × activity matrix of a period as .xlsx or CSV."""
    _ensure_member(request)
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


# --- Periods ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def period_list(request: HttpRequest) -> HttpResponse:
    _ensure_member(request)
    form = None
    if request.user.is_secretariat:
        form = forms.PeriodOpenForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                period = services.reporting_period_open(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Reporting period opened; the focal points are notified.")
                )
                return redirect("monitoring:period-detail", pk=period.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request, "monitoring/period_list.html", {"periods": selectors.period_list(), "form": form}
    )


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_member(request)
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
        },
    )


@login_required
@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=pk)
    try:
        services.reporting_period_close(user=request.user, period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The period is closed and locked."))
    return redirect("monitoring:period-detail", pk=pk)


@login_required
@require_POST
def period_due(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, pk=pk)
    ensure_secretariat(request.user)
    form = forms.PeriodDueForm(request.POST)
    if form.is_valid():
        try:
            services.reporting_period_set_due(user=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Due date changed."))
    return redirect("monitoring:period-detail", pk=pk)


# --- Inbox --------------------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """ST's review inbox (the Presidency follows it read-only); a focal point or delegate
    sees their own body's reports instead."""
    _ensure_member(request)
    user = request.user
    context = {"inbox": None, "own": None}
    if user.is_secretariat or user.is_presidency:
        context["inbox"] = selectors.review_inbox()
    elif user.national_body_id:
        context["own"] = list(selectors.reports_for_body(body=user.national_body))
    return render(request, "monitoring/inbox.html", context)


# --- Reports ------------------------------------------------------------------------------


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(pk)
    ensure_can_view_report(request.user, report)
    locked = services.is_locked(report)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "can_edit": can_edit_report(request.user, report) and not locked,
            "can_review": request.user.is_secretariat
            and report.status == ProgressReport.Status.SUBMITTED
            and not locked,
            "can_reopen": request.user.is_secretariat and locked,
            "locked": locked,
            "review_form": forms.ReviewForm(initial={"version": report.version}),
            "reopen_form": forms.ReopenForm(),
            "version_form": forms.VersionForm(initial={"version": report.version}),
        },
    )


def _row_inputs(formset) -> list[services.RowInput]:
    return [
        services.RowInput(
            activity_id=f.cleaned_data["activity"],
            progress=f.cleaned_data.get("progress"),
            goal_status=f.cleaned_data.get("goal_status") or "",
            status_override_reason=f.cleaned_data.get("status_override_reason") or "",
            justification=f.cleaned_data.get("justification") or "",
            decrease_reason=f.cleaned_data.get("decrease_reason") or "",
        )
        for f in formset.forms
    ]


def _initial_rows(report: ProgressReport) -> list[dict]:
    semester = report.period.semester
    return [
        {
            "activity": e.activity_id,
            "progress": e.progress,
            "goal_status": e.goal_status if services.entry_status_is_override(e, semester) else "",
            "justification": e.justification,
            "status_override_reason": e.status_override_reason,
            "decrease_reason": e.decrease_reason,
        }
        for e in report.rows
    ]


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The §IX form: one row per activity. Rule messages come back next to their field."""
    report = _get_report(pk)
    ensure_can_edit_report(request.user, report)
    try:
        services.ensure_not_locked(report)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return redirect("monitoring:report-detail", pk=pk)
    if request.method == "POST":
        formset = forms.EntryFormSet(request.POST, prefix="rows")
        meta = forms.ReportSaveForm(request.POST)
        if formset.is_valid() and meta.is_valid():
            try:
                services.progress_report_save(
                    user=request.user,
                    report=report,
                    expected_version=meta.cleaned_data["version"],
                    rows=_row_inputs(formset),
                    change_reason=meta.cleaned_data["change_reason"],
                )
            except services.ReportRowsInvalid as error:
                by_activity = {f.cleaned_data["activity"]: f for f in formset.forms}
                for activity_id, fields in error.rows.items():
                    form = by_activity.get(activity_id)
                    for name, errors in fields.items():
                        if form is not None:
                            form.add_error(name if name in form.fields else None, errors)
                            form.mark_invalid()
                meta.add_error(None, error)
            except ValidationError as error:
                if error.code == "stale_version":
                    meta.add_error(
                        None, ValidationError(_stale_message(report, error), code="stale_version")
                    )
                elif error.code == "change_reason_required":
                    meta.add_error("change_reason", error)
                else:
                    meta.add_error(None, error)
            else:
                messages.success(request, _("Report saved."))
                if "submit" in request.POST:
                    report.refresh_from_db(fields=["version"])
                    return _submit(request, report, report.version)
                return redirect("monitoring:report-edit", pk=pk)
    else:
        formset = forms.EntryFormSet(initial=_initial_rows(report), prefix="rows")
        meta = forms.ReportSaveForm(initial={"version": report.version})
    rows = list(zip(report.rows, formset.forms, strict=False))
    return render(
        request,
        "monitoring/report_form.html",
        {"report": report, "formset": formset, "meta": meta, "rows": rows},
    )


def _submit(request: HttpRequest, report: ProgressReport, version: int) -> HttpResponse:
    try:
        services.progress_report_submit(user=request.user, report=report, expected_version=version)
    except ValidationError as error:
        _flash_error(request, report, error)
        return redirect("monitoring:report-edit", pk=report.pk)
    messages.success(request, _("Report submitted to the Technical Secretariat for review."))
    return redirect("monitoring:report-detail", pk=report.pk)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(pk)
    ensure_can_edit_report(request.user, report)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        return redirect("monitoring:report-detail", pk=pk)
    return _submit(request, report, form.cleaned_data["version"])


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(pk)
    ensure_secretariat(request.user)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "approve":
                services.progress_report_approve(
                    user=request.user,
                    report=report,
                    expected_version=data["version"],
                    comment=data["comment"],
                )
                messages.success(
                    request, _("Report approved: its figures now count in the results.")
                )
            else:
                services.progress_report_return(
                    user=request.user,
                    report=report,
                    expected_version=data["version"],
                    comment=data["comment"],
                )
                messages.success(
                    request, _("Report returned to the focal point with your comments.")
                )
        except ValidationError as error:
            _flash_error(request, report, error)
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("monitoring:report-detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(pk)
    ensure_secretariat(request.user)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_report_reopen(user=request.user, report=report, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Report reopened; the reason is kept in its history."))
            return redirect("monitoring:report-detail", pk=pk)
    return render(request, "monitoring/report_reopen.html", {"report": report, "form": form})


@login_required
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(pk)
    ensure_can_view_report(request.user, report)
    return render(
        request,
        "monitoring/report_history.html",
        {"report": report, "changes": selectors.report_history(report=report)},
    )


@login_required
def report_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as the pre-filled workbook of the round trip (.xlsx) or as CSV."""
    report = _get_report(pk)
    ensure_can_view_report(request.user, report)
    who = report.national_body.acronym if report.national_body else "regional"
    filename = f"informe-{who}-poa{report.period.poa.year}-s{report.period.semester}"
    if request.GET.get("format") == "csv":
        headers = [
            _("Operational objective"),
            _("Activity"),
            _("Goal"),
            _("Indicator"),
            _("Planned %"),
            _("% progress"),
            _("Goal status"),
            _("Justification"),
        ]
        rows = (
            [
                e.activity.operational_objective.code,
                f"{e.activity.code} {e.activity.description}",
                e.activity.goal,
                e.activity.indicator,
                e.planned,
                e.progress,
                e.get_goal_status_display(),
                e.justification,
            ]
            for e in report.rows
        )
        return tabular_response(filename=filename, headers=headers, rows=rows, fmt="csv")
    response = HttpResponse(excel.report_workbook(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report_import(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(pk)
    ensure_can_edit_report(request.user, report)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.progress_report_import(
                user=request.user,
                report=report,
                upload=form.cleaned_data["file"],
                change_reason=form.cleaned_data["change_reason"],
            )
        except services.ReportRowsInvalid as error:  # pragma: no cover - import maps rows first
            problems = error.messages
        except ValidationError as error:
            if getattr(error, "code", None) == "stale_version":
                problems = [_stale_message(report, error)]
            elif getattr(error, "code", None) == "change_reason_required":
                form.add_error("change_reason", error)
            else:
                problems = error.messages
        else:
            messages.success(request, _("Workbook imported: every row was saved."))
            return redirect("monitoring:report-edit", pk=pk)
    return render(
        request,
        "monitoring/report_import.html",
        {"report": report, "form": form, "problems": problems},
    )


# --- Evidence -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        ProgressEntry.objects.select_related(
            "report__period__poa", "report__national_body", "activity"
        ),
        pk=pk,
    )
    ensure_can_edit_report(request.user, entry.report)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_add(user=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Evidence attached."))
            return redirect("monitoring:report-edit", pk=entry.report_id)
    evidence = entry.evidence.select_related("uploaded_by")
    return render(
        request,
        "monitoring/evidence_form.html",
        {"entry": entry, "form": form, "evidence": evidence},
    )


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("entry__report"), pk=pk)
    ensure_can_edit_report(request.user, evidence.entry.report)
    try:
        services.evidence_remove(
            user=request.user,
            evidence=evidence,
            change_reason=request.POST.get("change_reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Evidence removed; it stays in the history."))
    return redirect("monitoring:evidence-add", pk=evidence.entry_id)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence files are not public media: whoever may read the report may read them."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("entry__report__national_body"), pk=pk
    )
    ensure_can_view_report(request.user, evidence.entry.report)
    if not evidence.file:  # links are shown as links, never redirected through the site
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True)
