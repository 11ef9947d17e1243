"""The pages of the international cooperation (issue 22): the pipeline board with its
filters and a table, a project's page (its links, reporting duties and history), its forms
and the confirmation pages of its moves, the duties' forms and reports, and the totals by
partner and year (CSV/XLSX). The members' side reads them (observers and partner agencies
are refused: presidency.permissions.can_read_cooperation); the Presidency and ST write
them. The rules are presidency.services.cooperation's."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_version_field
from common.tabular import tabular_response
from common.versions import with_history_link
from common.views import flash_action, form_page
from members.requests import AuthenticatedRequest
from members.selectors import object_history
from presidency import permissions
from presidency.forms_cooperation import (
    CooperationFilterForm,
    DutyForm,
    DutySubmitForm,
    ProjectForm,
    ReasonForm,
    StageDateForm,
)
from presidency.models import CooperationProject, ReportingDuty
from presidency.selectors import cooperation as selectors
from presidency.services import cooperation as services

PAGE_SIZE = 25


def ensure_can_read(request: AuthenticatedRequest) -> None:
    if not permissions.can_read_cooperation(request.user):
        raise PermissionDenied


def ensure_can_manage(request: AuthenticatedRequest) -> None:
    if not permissions.can_manage_cooperation(request.user):
        raise PermissionDenied


def project_url(pk: int, anchor: str = "") -> str:
    url = reverse("presidency:cooperation-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def _project(request: AuthenticatedRequest, pk: int) -> CooperationProject:
    ensure_can_read(request)
    project = selectors.project_for(request.user, pk)
    if project is None:
        raise Http404
    return project


def _managed_project(request: AuthenticatedRequest, pk: int) -> CooperationProject:
    ensure_can_manage(request)
    return get_object_or_404(CooperationProject.objects.select_related("partner"), pk=pk)


def _query_without(request: AuthenticatedRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _form_page(request, form, *, title, save, success, next_url, cancel_url, project=None, **extra):
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=next_url,
        template="presidency/cooperation/form.html",
        context={"title": title, "project": project, "cancel_url": cancel_url, **extra},
    )


# --- The board and the list -----------------------------------------------------------------


@login_required
@require_GET
def project_list(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_read(request)
    filter_form = CooperationFilterForm(request.GET or None)
    filters = filter_form.filters()
    projects = selectors.project_list(**filters)
    board_filters = {k: v for k, v in filters.items() if k != "stage"}
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "presidency/cooperation/project_list.html",
        {
            "filter_form": filter_form,
            "board": selectors.pipeline_board(selectors.project_list(**board_filters)),
            "page": page,
            "query": _query_without(request, "page"),
            "can_manage": permissions.can_manage_cooperation(request.user),
        },
    )


# --- A project ------------------------------------------------------------------------------


@login_required
@require_GET
def project_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    return render(
        request,
        "presidency/cooperation/project_detail.html",
        {
            "project": project,
            "flags": selectors.project_flags(user=request.user, project=project),
            "duties": selectors.duty_rows(user=request.user, project=project),
            "history": object_history(
                app_label="presidency", model_name="cooperationproject", pk=project.pk
            ),
        },
    )


def _links(form: ProjectForm) -> dict:
    data = form.service_fields()
    return {
        "activities": data.pop("activities"),
        "events": data.pop("events"),
        "funding_commitments": data.pop("funding_commitments"),
        **data,
    }


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_manage(request)
    form = ProjectForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("New cooperation project"),
        save=lambda: services.project_create(user=request.user, **_links(form)),
        success=_("Cooperation project recorded."),
        next_url=lambda project: project_url(project.pk),
        cancel_url=reverse("presidency:cooperation-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    form = ProjectForm(request.POST or None, instance=project)
    add_version_field(form, project)

    def save():
        return services.project_update(
            user=request.user,
            project=project,
            version=form.cleaned_data["version"],
            **_links(form),
        )

    return _form_page(
        request,
        form,
        title=_("Edit the cooperation project"),
        save=with_history_link(save, project),
        success=_("Changes saved."),
        next_url=project_url(project.pk),
        cancel_url=project_url(project.pk),
        project=project,
    )


def _move_page(request, project, form, *, template, save, success, **extra):
    add_version_field(form, project)
    return form_page(
        request,
        form,
        save=with_history_link(save, project),
        success=success,
        next_url=project_url(project.pk),
        template=template,
        context={"project": project, **extra},
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_advance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The confirmation page of the next step (its date); the step is the one the project's
    stage allows (the service refuses any other)."""
    project = _managed_project(request, pk)
    to = selectors.next_stage(project)
    if to is None:
        raise Http404
    form = StageDateForm(request.POST or None)
    return _move_page(
        request,
        project,
        form,
        template="presidency/cooperation/project_advance.html",
        save=lambda: services.project_advance(
            user=request.user,
            project=project,
            to=request.POST.get("to", to),
            on_date=form.cleaned_data["on_date"],
            version=form.cleaned_data["version"],
        ),
        success=_("The project moved to its next stage."),
        to=to,
        to_label=CooperationProject.Stage(to).label,
    )


def _end_page(request: AuthenticatedRequest, pk: int, end, *, success: str, title: str):
    """The confirmation page that ends a project early (declined or cancelled) with a
    reason: `end` is the service (services.project_decline or project_cancel)."""
    project = _managed_project(request, pk)
    form = ReasonForm(request.POST or None)
    return _move_page(
        request,
        project,
        form,
        template="presidency/cooperation/project_end.html",
        save=lambda: end(
            user=request.user,
            project=project,
            reason=form.cleaned_data["reason"],
            on_date=form.cleaned_data["on_date"],
            version=form.cleaned_data["version"],
        ),
        success=success,
        title=title,
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_decline(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _end_page(
        request,
        pk,
        services.project_decline,
        success=_("The project was declined."),
        title=_("Decline the request or proposal"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _end_page(
        request,
        pk,
        services.project_cancel,
        success=_("The project was cancelled."),
        title=_("Cancel the project"),
    )


# --- Reporting duties -------------------------------------------------------------------------


def _duty(request: AuthenticatedRequest, pk: int) -> ReportingDuty:
    ensure_can_manage(request)
    return get_object_or_404(ReportingDuty.objects.select_related("project__partner"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def duty_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    form = DutyForm(request.POST or None)
    return _form_page(
        request,
        form,
        title=_("Add a report owed to the partner"),
        save=lambda: services.duty_create(user=request.user, project=project, **form.cleaned_data),
        success=_("Report added."),
        next_url=project_url(project.pk, "duties"),
        cancel_url=project_url(project.pk, "duties"),
        project=project,
    )


@login_required
@require_http_methods(["GET", "POST"])
def duty_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    duty = _duty(request, pk)
    form = DutyForm(request.POST or None, instance=duty)
    add_version_field(form, duty)

    def save():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        return services.duty_update(user=request.user, duty=duty, version=version, **data)

    return _form_page(
        request,
        form,
        title=_("Edit the report owed"),
        save=with_history_link(save, duty),
        success=_("Changes saved."),
        next_url=project_url(duty.project_id, "duties"),
        cancel_url=project_url(duty.project_id, "duties"),
        project=duty.project,
    )


@login_required
@require_http_methods(["GET", "POST"])
def duty_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    duty = _duty(request, pk)
    form = DutySubmitForm(request.POST or None, request.FILES or None)
    add_version_field(form, duty)
    return _form_page(
        request,
        form,
        title=_("Mark the report as submitted"),
        save=with_history_link(
            lambda: services.duty_submit(
                user=request.user,
                duty=duty,
                submitted_on=form.cleaned_data["submitted_on"],
                document=form.cleaned_data.get("document"),
                version=form.cleaned_data["version"],
            ),
            duty,
        ),
        success=_("Report marked as submitted."),
        next_url=project_url(duty.project_id, "duties"),
        cancel_url=project_url(duty.project_id, "duties"),
        project=duty.project,
        multipart=True,
        duty=duty,
    )


@login_required
@require_POST
def duty_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    duty = _duty(request, pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    flash_action(
        request,
        with_history_link(
            lambda: services.duty_delete(user=request.user, duty=duty, version=version), duty
        ),
        success=_("Report removed."),
    )
    return redirect(project_url(duty.project_id, "duties"))


@login_required
@require_GET
def duty_document(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A submitted report's copy: not public media; the members' side reads it."""
    ensure_can_read(request)
    duty = get_object_or_404(ReportingDuty, pk=pk)
    if not duty.document:
        raise Http404
    return FileResponse(duty.document.open("rb"), as_attachment=True)


# --- Totals ---------------------------------------------------------------------------------


@login_required
@require_GET
def totals(request: AuthenticatedRequest) -> HttpResponse:
    """By partner × year and per currency (never converted); ?format=csv|xlsx."""
    ensure_can_read(request)
    filter_form = CooperationFilterForm(request.GET or None, with_stage=False)
    year = filter_form.filters().get("year")
    result = selectors.totals(year=year)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return tabular_response(
            filename="cooperacion-totales",
            headers=[
                _("Partner"),
                _("Year"),
                _("Currency"),
                _("Money committed"),
                _("In-kind contributions"),
                _("In-kind estimated value"),
            ],
            rows=(
                [row.partner, row.year, t.currency, t.committed, t.in_kind_count, t.in_kind_value]
                for row in result.rows
                for t in row.totals
            ),
            fmt=fmt,
        )
    return render(
        request,
        "presidency/cooperation/totals.html",
        {"filter_form": filter_form, "totals": result, "query": _query_without(request, "format")},
    )
