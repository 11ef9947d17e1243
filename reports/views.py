"""Pages of the report jobs: the archive with the request forms, a job's live state, the
permission-checked download, and the progress-report PDF rendered on demand; and of the
term reports of the Presidency and the Technical Secretariat (issue 17): list, detail,
edit, present and archive."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.tabular import XLSX_TYPE
from common.views import flash_action, form_page
from members.models import Office, User
from members.requests import AuthenticatedRequest
from monitoring.models import ProgressReport
from monitoring.permissions import (
    ensure_can_view_report,
)
from reports import forms as report_forms
from reports import selectors, services
from reports.models import ReportJob, TermReport
from reports.permissions import (
    ensure_can_use_reports,
    term_report_archive_refusal,
    term_report_edit_refusal,
    term_report_present_refusal,
)
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
    return {
        "accountability_form": report_forms.AccountabilityRequestForm(
            data if kind == "accountability" else None,
            initial={
                "office": initial.get("office"),
                "language": initial.get("language", "es"),
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
def report_job_list(request: AuthenticatedRequest) -> HttpResponse:
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
def report_job_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
def report_job_state(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The htmx partial of a job's state; it stops polling once the job is ready or failed."""
    _ensure_reports(request)
    return render(request, "reports/_job_state.html", {"job": _get_job(pk)})


def _stored_file(field, filename: str, content_type: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


@login_required
def report_job_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """Report files are not public media: only ST and the Presidency download them, through
    this view, from whatever storage holds them."""
    _ensure_reports(request)
    job = _get_job(pk)
    if not job.is_ready:
        raise Http404
    return _stored_file(job.file, job.filename, "application/pdf")


@login_required
def report_job_annex(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The accountability report's annex workbook (reports.annex), to the same readers as
    its PDF."""
    _ensure_reports(request)
    job = _get_job(pk)
    if not job.has_annex:
        raise Http404
    return _stored_file(job.annex, job.annex_filename, XLSX_TYPE)


@login_required
def progress_report_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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


# --- Term reports (issue 17; 003 §VIII Presidency 12, ST 13) ------------------------------


def _account(request: HttpRequest) -> User:
    """The signed-in account (the views below are login_required)."""
    return cast(User, request.user)


def _term_report(pk: int) -> TermReport:
    try:
        return selectors.term_report_detail(pk=pk)
    except TermReport.DoesNotExist as exc:
        raise Http404 from exc


def _refused_page(request: HttpRequest, refusal: Exception | None, report: TermReport):
    """A page of an action the service would refuse: the wrong person gets 403; a report in
    the wrong state sends the user back to it with the reason. None: go on."""
    if refusal is None:
        return None
    if isinstance(refusal, PermissionDenied):
        raise refusal
    messages.error(request, " ".join(getattr(refusal, "messages", [str(refusal)])))
    return redirect("reports:term-report-detail", pk=report.pk)


@login_required
def term_report_list(request: AuthenticatedRequest) -> HttpResponse:
    """The term reports of the Presidency and the Technical Secretariat (ST and the
    Presidency only), and the button that starts the report of the user's own current
    term when it has none yet."""
    _ensure_reports(request)
    return render(
        request,
        "reports/term_report_list.html",
        {
            "reports": selectors.term_report_list(user=_account(request)),
            "draftable": selectors.term_report_draftable(user=_account(request)),
        },
    )


@login_required
@require_POST
def term_report_draft(request: AuthenticatedRequest) -> HttpResponse:
    _ensure_reports(request)
    try:
        office = Office.objects.select_related("country").get(pk=int(request.POST["office"]))
    except (KeyError, ValueError, Office.DoesNotExist) as exc:
        raise Http404 from exc
    try:
        report = services.term_report_draft(user=_account(request), office=office)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:term-report-list")
    messages.success(
        request,
        _("The draft was started with the figures of the term's records: complete its text."),
    )
    return redirect("reports:term-report-edit", pk=report.pk)


@login_required
def term_report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _ensure_reports(request)
    report = _term_report(pk)
    page = selectors.term_report_page(user=_account(request), report=report)
    return render(request, "reports/term_report_detail.html", {"page": page, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
def term_report_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _ensure_reports(request)
    report = _term_report(pk)
    refused = _refused_page(request, term_report_edit_refusal(_account(request), report), report)
    if refused is not None:
        return refused
    form = report_forms.TermReportForm(
        request.POST or None,
        initial={
            "title": report.title,
            "version": report.version,
            **{key: getattr(report, key) for key in TermReport.SECTIONS},
        },
    )

    def save():
        data = form.cleaned_data
        return services.term_report_update(
            user=_account(request),
            report=report,
            expected_version=data["version"],
            title=data["title"],
            **{key: data[key] for key in TermReport.SECTIONS},
        )

    return form_page(
        request,
        form,
        save=save,
        success=_("The draft was saved."),
        next_url=reverse("reports:term-report-detail", args=[report.pk]),
        template="reports/term_report_form.html",
        context={"report": report},
    )


@login_required
@require_POST
def term_report_refresh(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _ensure_reports(request)
    report = _term_report(pk)
    refused = _refused_page(request, term_report_edit_refusal(_account(request), report), report)
    if refused is not None:
        return refused
    try:
        version = int(request.POST.get("version", ""))
    except ValueError as exc:
        raise Http404 from exc
    flash_action(
        request,
        lambda: services.term_report_refresh_summary(
            user=_account(request), report=report, expected_version=version
        ),
        success=_("The summary was taken again from the records; your text was kept."),
    )
    return redirect("reports:term-report-detail", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def term_report_present(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _ensure_reports(request)
    report = _term_report(pk)
    refused = _refused_page(request, term_report_present_refusal(_account(request), report), report)
    if refused is not None:
        return refused
    meetings = selectors.term_report_meetings(office=report.office)
    form = report_forms.TermReportPresentForm(
        request.POST or None, meetings=meetings, initial={"version": report.version}
    )
    return form_page(
        request,
        form,
        save=lambda: services.term_report_present(
            user=_account(request),
            report=report,
            meeting=form.cleaned_data["meeting"],
            expected_version=form.cleaned_data["version"],
        ),
        success=_("The report was recorded as presented to the Plenary."),
        next_url=reverse("reports:term-report-detail", args=[report.pk]),
        template="reports/term_report_confirm.html",
        context={"report": report, "action": "present", "meetings": meetings},
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_report_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _ensure_reports(request)
    report = _term_report(pk)
    refused = _refused_page(request, term_report_archive_refusal(_account(request), report), report)
    if refused is not None:
        return refused
    form = report_forms.TermReportArchiveForm(
        request.POST or None, initial={"version": report.version}
    )
    return form_page(
        request,
        form,
        save=lambda: services.term_report_archive(
            user=_account(request), report=report, expected_version=form.cleaned_data["version"]
        ),
        success=_("The report was archived."),
        next_url=reverse("reports:term-report-detail", args=[report.pk]),
        template="reports/term_report_confirm.html",
        context={"report": report, "action": "archive"},
    )
