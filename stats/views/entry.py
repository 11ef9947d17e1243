"""Pages of the statistics returns (issue 20): the list of returns a user may read, a new
return, a return's figures (read, or entered through the form), its workflow buttons (submit,
validate, send back with a note, publish after a confirmation), and its Excel template
downloaded and uploaded. Views translate HTTP to service and selector calls; the rules live
in stats.services, stats.rules and stats.permissions. A return another country's focal point
asks for is not found (404): its exact figures are not theirs to read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.forms import add_service_errors
from common.tabular import XLSX_TYPE
from common.views import flash_action, form_page
from members.models import Country
from members.permissions import focal_point_country_id
from members.requests import AuthenticatedRequest
from stats import rules, services
from stats.forms.entry import FiguresForm, ImportForm, ReturnCreateForm, SendBackForm, VersionForm
from stats.models import StatisticsReturn
from stats.permissions import can_create_returns, can_open_returns
from stats.selectors import returns as selectors


def _get(request: AuthenticatedRequest, pk: int) -> StatisticsReturn:
    statistics_return = selectors.return_detail(user=request.user, pk=pk)
    if statistics_return is None:
        raise Http404
    return statistics_return


def _detail_url(statistics_return: StatisticsReturn) -> str:
    return reverse("stats:return-detail", args=[statistics_return.pk])


@login_required
def return_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_open_returns(user):
        raise PermissionDenied
    can_create = can_create_returns(user)
    return render(
        request,
        "stats/return_list.html",
        {"returns": selectors.return_list(user=user), "can_create": can_create},
    )


@login_required
def return_create(request: AuthenticatedRequest) -> HttpResponse:
    own = focal_point_country_id(request.user)
    if own is None:
        raise PermissionDenied
    country = Country.objects.get(pk=own)
    form = ReturnCreateForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda: services.return_create(
            user=request.user,
            country=country,
            year=form.cleaned_data["year"],
            semester=form.cleaned_data["semester"],
        ),
        success=_("Return opened: enter its figures."),
        next_url=lambda r: reverse("stats:return-edit", args=[r.pk]),
        template="stats/return_create.html",
        context={"country": country},
    )


@login_required
def return_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    statistics_return = _get(request, pk)
    page = selectors.return_page(user=request.user, statistics_return=statistics_return)
    return render(
        request,
        "stats/return_detail.html",
        {
            "page": page,
            "statistics_return": statistics_return,
            "version_form": VersionForm(statistics_return=statistics_return),
            "send_back_form": SendBackForm(statistics_return=statistics_return),
        },
    )


def _figures_form(statistics_return: StatisticsReturn, data=None) -> FiguresForm:
    tables = selectors.figure_tables(
        selectors.cube_layout(), selectors.return_figures(statistics_return)
    )
    return FiguresForm(data, tables=tables, statistics_return=statistics_return)


def _form_as_saved(statistics_return: StatisticsReturn, error: ValidationError) -> FiguresForm:
    """The form of what is saved now, with `error` on its cells: after a save whose
    submission was refused, or a submission refused from the return's page."""
    statistics_return.refresh_from_db()
    form = _figures_form(statistics_return)
    data = {
        cell.key: "" if cell.value is None else cell.value
        for table in form.tables
        for cell in table.cells
    }
    form = _figures_form(statistics_return, {**data, "version": statistics_return.version})
    form.is_valid()
    add_service_errors(form, error)
    return form


def _edit_page(request, statistics_return: StatisticsReturn, form: FiguresForm) -> HttpResponse:
    return render(
        request,
        "stats/return_edit.html",
        {"form": form, "statistics_return": statistics_return},
    )


def _ensure(refusal: ValidationError | None, request, statistics_return) -> HttpResponse | None:
    """A refused page: another country's or ST (never the country's figures) is forbidden;
    a return in a state that does not allow it goes back to its page with the reason."""
    if refusal is None:
        return None
    if refusal.code in ("not_your_country", "secretariat_only"):
        raise PermissionDenied(" ".join(refusal.messages))
    messages.error(request, " ".join(refusal.messages))
    return redirect(_detail_url(statistics_return))


@login_required
def return_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The figures form. "Save" keeps a draft (incomplete is fine); "Save and submit" also
    runs the checks: if they fail, the figures stay saved and each problem is shown on its
    cell."""
    statistics_return = _get(request, pk)
    refused = _ensure(
        rules.edit_refusal(request.user, statistics_return), request, statistics_return
    )
    if refused:
        return refused
    form = _figures_form(statistics_return, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.figures_save(
                user=request.user,
                statistics_return=statistics_return,
                figures=form.figures(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return _edit_page(request, statistics_return, form)
        if request.POST.get("action") != "submit":
            messages.success(request, _("Figures saved (draft)."))
            return redirect(_detail_url(saved))
        try:
            services.return_submit(
                user=request.user, statistics_return=saved, expected_version=saved.version
            )
        except ValidationError as error:
            messages.warning(request, _("Figures saved, but the return was not submitted."))
            return _edit_page(request, saved, _form_as_saved(saved, error))
        messages.success(request, _("Return submitted to the Technical Secretariat."))
        return redirect(_detail_url(saved))
    return _edit_page(request, statistics_return, form)


def _version(request, statistics_return) -> int | None:
    form = VersionForm(request.POST, statistics_return=statistics_return)
    return form.cleaned_data["version"] if form.is_valid() else None


@login_required
@require_POST
def return_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    statistics_return = _get(request, pk)
    refused = _ensure(
        rules.submit_refusal(request.user, statistics_return), request, statistics_return
    )
    if refused:
        return refused
    try:
        services.return_submit(
            user=request.user,
            statistics_return=statistics_return,
            expected_version=_version(request, statistics_return),
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect(_detail_url(statistics_return))
        messages.error(request, _("The return was not submitted: see the cells marked."))
        return _edit_page(request, statistics_return, _form_as_saved(statistics_return, error))
    messages.success(request, _("Return submitted to the Technical Secretariat."))
    return redirect(_detail_url(statistics_return))


@login_required
@require_POST
def return_validate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    statistics_return = _get(request, pk)
    flash_action(
        request,
        lambda: services.return_validate(
            user=request.user,
            statistics_return=statistics_return,
            expected_version=_version(request, statistics_return),
        ),
        success=_("Return validated."),
    )
    return redirect(_detail_url(statistics_return))


@login_required
def return_send_back(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    statistics_return = _get(request, pk)
    refused = _ensure(
        rules.send_back_refusal(request.user, statistics_return), request, statistics_return
    )
    if refused:
        return refused
    form = SendBackForm(request.POST or None, statistics_return=statistics_return)
    return form_page(
        request,
        form,
        save=lambda: services.return_send_back(
            user=request.user,
            statistics_return=statistics_return,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Return sent back to the country with your note."),
        next_url=_detail_url(statistics_return),
        template="stats/return_send_back.html",
        context={"statistics_return": statistics_return},
    )


@login_required
def return_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Publishing asks for a confirmation first (GET shows it, POST publishes)."""
    statistics_return = _get(request, pk)
    refused = _ensure(
        rules.publish_refusal(request.user, statistics_return), request, statistics_return
    )
    if refused:
        return refused
    form = VersionForm(request.POST or None, statistics_return=statistics_return)
    return form_page(
        request,
        form,
        save=lambda: services.return_publish(
            user=request.user,
            statistics_return=statistics_return,
            expected_version=form.cleaned_data["version"],
        ),
        success=_("Return published."),
        next_url=_detail_url(statistics_return),
        template="stats/return_publish.html",
        context={"statistics_return": statistics_return},
    )


# --- Excel ------------------------------------------------------------------------------


@login_required
def return_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The return's Excel template, with the figures saved so far."""
    from stats import excel

    statistics_return = _get(request, pk)
    response = HttpResponse(excel.return_workbook(statistics_return), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.filename(statistics_return)}"'
    return response


@login_required
def return_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    statistics_return = _get(request, pk)
    refused = _ensure(
        rules.edit_refusal(request.user, statistics_return), request, statistics_return
    )
    if refused:
        return refused
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.return_import(
                user=request.user,
                statistics_return=statistics_return,
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("Template imported: every figure was saved."))
            return redirect(_detail_url(statistics_return))
    return render(
        request,
        "stats/return_import.html",
        {"statistics_return": statistics_return, "form": form, "problems": problems},
    )
