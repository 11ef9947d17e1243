"""A progress report's pages (SPEC §5, the §IX form): read, fill, submit, review, reopen,
history, export and the Excel round trip."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.tabular import XLSX_TYPE, tabular_response
from common.views import form_page
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from monitoring import excel, forms, selectors, services
from monitoring.models import ProgressEntry, ProgressReport
from monitoring.permissions import (
    can_edit_report,
    ensure_can_edit_report,
    ensure_can_view_report,
)
from monitoring.views.shared import flash_error, get_report, stale_message


@login_required
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report(pk)
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
    return [
        {
            "activity": e.activity_id,
            "progress": e.progress,
            "goal_status": e.status_reading.chosen,  # "" = as the figures suggest
            "justification": e.justification,
            "status_override_reason": e.status_override_reason,
            "decrease_reason": e.decrease_reason,
        }
        for e in report.rows
    ]


def _form_page(request: HttpRequest, pk: int) -> tuple[list[selectors.FormPart], int | None]:
    """The axes of a long report's form and the one this page shows (?axis=, the first by
    default); ([], None) when the form is one page. An axis the report has no rows in is a
    404."""
    parts = selectors.report_form_parts(report_id=pk, page_rows=settings.REPORT_FORM_PAGE_ROWS)
    if not parts:
        return [], None
    numbers = [part.number for part in parts]
    requested = request.GET.get("axis", "")
    axis = int(requested) if requested.isdigit() else numbers[0]
    if axis not in numbers:
        raise Http404
    return [replace(part, current=part.number == axis) for part in parts], axis


def _edit_url(pk: int, axis: int | None) -> str:
    url = reverse("monitoring:report-edit", args=[pk])
    return f"{url}?axis={axis}" if axis is not None else url


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The §IX form: one row per activity. Rule messages come back next to their field. A
    long report (settings.REPORT_FORM_PAGE_ROWS) is filled one strategic axis at a time:
    each page saves its own rows; submitting checks every row of the report."""
    parts, axis = _form_page(request, pk)
    # A save that succeeds redirects: the rows are read only to draw the page.
    report = get_report(pk, axis=axis, rows=request.method == "GET")
    ensure_can_edit_report(request.user, report)
    try:
        services.ensure_not_locked(report)
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
        return redirect("monitoring:report-detail", pk=pk)
    numbers = [part.number for part in parts]
    next_axis = numbers[numbers.index(axis) + 1] if axis in numbers[:-1] else None
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
                meta.add_error(None, error)
            except ValidationError as error:
                if error.code == "stale_version":
                    meta.add_error(
                        None, ValidationError(stale_message(report, error), code="stale_version")
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
                if "save_next" in request.POST and next_axis is not None:
                    return redirect(_edit_url(pk, next_axis))
                return redirect(_edit_url(pk, axis))
        report = get_report(pk, axis=axis)  # the form comes back with its messages
        rows: list[tuple[ProgressEntry, forms.EntryForm | forms.InitialRow]] = list(
            zip(report.rows, formset.forms, strict=False)  # type: ignore[attr-defined]
        )
    else:
        initial = _initial_rows(report)
        formset = forms.EntryFormSet(initial=initial, prefix="rows")
        meta = forms.ReportSaveForm(initial={"version": report.version})
        # The rows drawn from their initial values, without an EntryForm each (InitialRow).
        rows = [
            (entry, forms.InitialRow(formset.add_prefix(str(i)), values))
            for i, (entry, values) in enumerate(
                zip(report.rows, initial, strict=True)  # type: ignore[attr-defined]
            )
        ]
    return render(
        request,
        "monitoring/report_form.html",
        {
            "report": report,
            "formset": formset,
            # Read here, not as formset.<name> in the template: a template's lookup tries
            # formset[name] first, which builds every row's EntryForm (InitialRow).
            "management_form": formset.management_form,
            "non_form_errors": formset.non_form_errors(),
            "meta": meta,
            "rows": rows,
            "parts": parts,
            "next_axis": next_axis,
            "action": _edit_url(pk, axis),
        },
    )


def _submit(request: HttpRequest, report: ProgressReport, version: int) -> HttpResponse:
    try:
        services.progress_report_submit(user=request.user, report=report, expected_version=version)
    except ValidationError as error:
        # The report passed in may hold one axis's rows: the messages name every row's code,
        # and the form opens on the axis of the first row refused.
        report = get_report(report.pk)
        flash_error(request, report, error)
        return redirect(_edit_url(report.pk, _axis_to_fix(report, error)))
    messages.success(request, _("Report submitted to the Technical Secretariat for review."))
    return redirect("monitoring:report-detail", pk=report.pk)


def _axis_to_fix(report: ProgressReport, error: ValidationError) -> int | None:
    """The first axis with a row the refusal names, when the report's form is paged."""
    if not isinstance(error, services.ReportRowsInvalid) or not selectors.report_form_parts(
        report_id=report.pk, page_rows=settings.REPORT_FORM_PAGE_ROWS
    ):
        return None
    axes = selectors.report_row_axes(report_id=report.pk)
    return min((axes[a] for a in error.rows if a in axes), default=None)


@login_required
@require_POST
def report_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report(pk)
    ensure_can_edit_report(request.user, report)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        return redirect("monitoring:report-detail", pk=pk)
    return _submit(request, report, form.cleaned_data["version"])


@login_required
@require_POST
def report_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report(pk)
    ensure_secretariat(request.user)
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["decision"] == "approve":
            review = services.progress_report_approve
            done = _("Report approved: its figures now count in the results.")
        else:
            review = services.progress_report_return
            done = _("Report returned to the focal point with your comments.")
        try:
            review(
                user=request.user,
                report=report,
                expected_version=data["version"],
                comment=data["comment"],
            )
        except ValidationError as error:
            flash_error(request, report, error)
        else:
            messages.success(request, done)
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("monitoring:report-detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def report_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report(pk)
    ensure_secretariat(request.user)
    form = forms.ReopenForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.progress_report_reopen(
            user=request.user, report=report, **form.cleaned_data
        ),
        success=_("Report reopened; the reason is kept in its history."),
        next_url=reverse("monitoring:report-detail", args=[pk]),
        template="monitoring/report_reopen.html",
        context={"report": report},
    )


@login_required
def report_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report(pk)
    ensure_can_view_report(request.user, report)
    return render(
        request,
        "monitoring/report_history.html",
        {"report": report, "changes": selectors.report_history(report=report)},
    )


@login_required
def report_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The report as the pre-filled workbook of the round trip (.xlsx) or as CSV."""
    report = get_report(pk)
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
def report_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = get_report(pk)
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
                problems = [stale_message(report, error)]
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
