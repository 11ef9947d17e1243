"""Pages of the report jobs: the archive with the request forms, a job's live state, the
permission-checked download, and the progress-report PDF rendered on demand."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from monitoring.models import ProgressReport
from monitoring.permissions import (
    ensure_can_view_report,
)
from reports import forms as report_forms
from reports import selectors, services
from reports.models import ReportJob
from reports.permissions import ensure_can_use_reports
from reports.render import render_snapshot
from reports.snapshot import progress_report_snapshot

# --- Report jobs (issue #7) ---------------------------------------------------------------

REPORT_JOBS_PAGE_SIZE = 25
REPORT_FORM_NAMES = {
    "accountability": "accountability_form",
    "progress_report": "progress_form",
    "minutes": "minutes_form",
}


def _ensure_reports(request: HttpRequest) -> None:

    ensure_can_use_reports(request.user)


def _report_forms(data=None, *, kind: str | None = None) -> dict:
    """The three request forms; only the one that was posted is bound."""

    initial = selectors.report_job_latest_params(kind="accountability")
    narratives = initial.get("narratives") or {}
    return {
        "accountability_form": report_forms.AccountabilityRequestForm(
            data if kind == "accountability" else None,
            initial={
                "office": initial.get("office"),
                "language": initial.get("language", "es"),
                "presidency_narrative": narratives.get("presidency", ""),
                "secretariat_narrative": narratives.get("secretariat", ""),
            },
        ),
        "progress_form": report_forms.ProgressReportPdfForm(
            data if kind == "progress_report" else None
        ),
        "minutes_form": report_forms.MinutesPdfForm(data if kind == "minutes" else None),
    }


def _report_list_page(request: HttpRequest, forms_context: dict, status: int = 200):

    jobs = selectors.report_job_list(user=request.user)
    page = Paginator(jobs, REPORT_JOBS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/list.html",
        {"page": page, "query": "", **forms_context},
        status=status,
    )


@login_required
def report_job_list(request: HttpRequest) -> HttpResponse:
    """The archive of issued reports and the forms to request one (ST and the Presidency).
    A request creates the job and queues its build on commit; the job's page then shows
    its state live. The three forms post here; a hidden field names the kind."""
    _ensure_reports(request)
    if request.method != "POST":
        return _report_list_page(request, _report_forms())
    kind = request.POST.get("kind", "")
    if kind not in REPORT_FORM_NAMES:
        raise Http404
    forms_context = _report_forms(request.POST, kind=kind)
    form = forms_context[REPORT_FORM_NAMES[kind]]
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "accountability":
                job, created = services.report_job_request_accountability(
                    user=request.user,
                    office=data["office"],
                    first_year=data["first_year"],
                    language=data["language"],
                    presidency_narrative=data["presidency_narrative"],
                    secretariat_narrative=data["secretariat_narrative"],
                )
            elif kind == "progress_report":
                job, created = services.report_job_request_progress_report(
                    user=request.user, report=data["report"], language=data["language"]
                )
            else:
                job, created = services.report_job_request_minutes(
                    user=request.user, meeting=data["meeting"], language=data["language"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request, _("The report was requested; this page shows its progress.")
                )
            else:
                messages.info(request, _("The same report is already being built: here it is."))
            return redirect("reports:job-detail", pk=job.pk)
    return _report_list_page(request, forms_context, status=400)


def _get_job(pk: int, *, with_snapshot: bool = False):

    try:
        return selectors.report_job_detail(pk=pk, with_snapshot=with_snapshot)
    except ReportJob.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def report_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's parameters, state (polled live with htmx while queued or building), timings
    and download; on demand, what changed in the figures since the report was issued."""
    _ensure_reports(request)
    compare = request.GET.get("compare") == "1"
    job = _get_job(pk, with_snapshot=compare)
    differences = selectors.report_job_differences(job=job) if compare else None
    return render(
        request,
        "reports/detail.html",
        {"job": job, "differences": differences, "compare": compare},
    )


@login_required
def report_job_state(request: HttpRequest, pk: int) -> HttpResponse:
    """The htmx partial of a job's state; it stops polling once the job is ready or failed."""
    _ensure_reports(request)
    return render(request, "reports/_job_state.html", {"job": _get_job(pk)})


@login_required
def report_job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Report files are not public media: only ST and the Presidency download them, through
    this view, from whatever storage holds them."""
    _ensure_reports(request)
    job = _get_job(pk)
    if not job.is_ready:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=job.filename, content_type="application/pdf"
    )


@login_required
def progress_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress report in the layout of the §IX form, made on the fly for whoever may read
    the report (the archived copy is a report job)."""

    report = get_object_or_404(
        ProgressReport.objects.select_related("period__poa", "national_body"), pk=pk
    )
    ensure_can_view_report(request.user, report)
    document = render_snapshot(
        "progress_report",
        progress_report_snapshot(report=report),
        language=get_language() or settings.LANGUAGE_CODE,
    )
    response = HttpResponse(document.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="informe-de-seguimiento-{report.pk}.pdf"'
    return response
