"""The plan and budget pages of an event (its lines, the funding commitments, the expenses,
totals per currency), the event report PDF and the participation over time (issue 21).
The organisers (the Presidency and ST) keep the budget; the invited countries' focal points
read it and the report; the participation page is for the organisers and the focal points.
The rules live in events.services.budget and events.selectors.budget."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_version_field
from common.pdf import PDF_CONTENT_TYPE
from common.tabular import tabular_response
from common.views import form_page
from events import permissions, selectors, services
from events.forms import BudgetLineForm, CommitmentForm, ExpenseForm, ParticipationFilterForm
from events.models import BudgetLine, Event, Expense, FundingCommitment
from events.reports import event_report_pdf, report_filename
from events.selectors.budget import PROFILE_LABELS
from events.views.base import (
    ensure_can_organise,
    ensure_can_see,
    get_event,
    post_action,
    posted_version,
    saving,
)
from members.requests import AuthenticatedRequest


def budget_url(event_id: int, anchor: str = "") -> str:
    url = reverse("events:budget", args=[event_id])
    return f"{url}#{anchor}" if anchor else url


def _readable_event(request: AuthenticatedRequest, pk: int) -> Event:
    event = get_event(request, pk)
    if not permissions.can_read_budget(request.user, event):
        raise PermissionDenied
    return event


def _form(request, form, *, title, save, success, event, anchor):
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=budget_url(event.pk, anchor),
        template="events/form.html",
        context={"title": title, "event": event, "cancel_url": budget_url(event.pk, anchor)},
    )


def _data(form) -> tuple[dict, int | None]:
    data = dict(form.cleaned_data)
    return data, data.pop("version", None)


@login_required
@require_GET
def budget(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _readable_event(request, pk)
    return render(
        request,
        "events/budget.html",
        {
            "event": event,
            "flags": selectors.budget_flags(user=request.user, event=event),
            "summary": selectors.budget_summary(event),
            "commitments": selectors.commitments(event),
            "expenses": selectors.expenses(event),
            "commitment_statuses": FundingCommitment.Status.choices,
        },
    )


# --- Budget lines ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    ensure_can_organise(request)
    form = BudgetLineForm(request.POST or None)
    return _form(
        request,
        form,
        title=_("Add a budget line"),
        save=saving(
            form,
            lambda: services.budget_line_save(user=request.user, event=event, **form.cleaned_data),
        ),
        success=_("Budget line added."),
        event=event,
        anchor="lines",
    )


def _line(request: AuthenticatedRequest, pk: int) -> BudgetLine:
    line = get_object_or_404(BudgetLine, pk=pk)
    line.event = get_event(request, line.event_id)
    ensure_can_organise(request)
    return line


@login_required
@require_http_methods(["GET", "POST"])
def budget_line_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    form = BudgetLineForm(request.POST or None, instance=line)
    add_version_field(form, line)

    def save():
        data, expected = _data(form)
        line.refresh_from_db()
        return services.budget_line_save(
            user=request.user, event=line.event, line=line, expected_version=expected, **data
        )

    return _form(
        request,
        form,
        title=_("Edit the budget line"),
        save=saving(form, save, line),
        success=_("Changes saved."),
        event=line.event,
        anchor="lines",
    )


@login_required
@require_POST
def budget_line_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    return post_action(
        request,
        lambda: services.budget_line_delete(
            user=request.user, line=line, expected_version=posted_version(request)
        ),
        record=line,
        to=budget_url(line.event_id, "lines"),
        success=_("Budget line removed."),
    )


# --- Funding commitments --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    ensure_can_organise(request)
    form = CommitmentForm(request.POST or None, event=event)
    return _form(
        request,
        form,
        title=_("Add a funding commitment"),
        save=saving(
            form,
            lambda: services.commitment_save(user=request.user, event=event, **form.cleaned_data),
        ),
        success=_("Funding commitment added."),
        event=event,
        anchor="commitments",
    )


def _commitment(request: AuthenticatedRequest, pk: int) -> FundingCommitment:
    commitment = get_object_or_404(FundingCommitment, pk=pk)
    commitment.event = get_event(request, commitment.event_id)
    ensure_can_organise(request)
    return commitment


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    event = commitment.event
    form = CommitmentForm(request.POST or None, instance=commitment, event=event)
    add_version_field(form, commitment)

    def save():
        data, expected = _data(form)
        commitment.refresh_from_db()
        return services.commitment_save(
            user=request.user,
            event=event,
            commitment=commitment,
            expected_version=expected,
            **data,
        )

    return _form(
        request,
        form,
        title=_("Edit the funding commitment"),
        save=saving(form, save, commitment),
        success=_("Changes saved."),
        event=event,
        anchor="commitments",
    )


@login_required
@require_POST
def commitment_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    status = request.POST.get("status", "")
    if status not in FundingCommitment.Status.values:
        raise PermissionDenied
    return post_action(
        request,
        lambda: services.commitment_set_status(
            user=request.user,
            commitment=commitment,
            status=status,
            expected_version=posted_version(request),
        ),
        record=commitment,
        to=budget_url(commitment.event_id, "commitments"),
        success=_("Changes saved."),
    )


# --- Expenses -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def expense_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    ensure_can_organise(request)
    form = ExpenseForm(request.POST or None, event=event)
    return _form(
        request,
        form,
        title=_("Record an expense"),
        save=saving(
            form,
            lambda: services.expense_save(user=request.user, event=event, **form.cleaned_data),
        ),
        success=_("Expense recorded."),
        event=event,
        anchor="expenses",
    )


def _expense(request: AuthenticatedRequest, pk: int) -> Expense:
    expense = get_object_or_404(Expense, pk=pk)
    expense.event = get_event(request, expense.event_id)
    ensure_can_organise(request)
    return expense


@login_required
@require_http_methods(["GET", "POST"])
def expense_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    expense = _expense(request, pk)
    event = expense.event
    form = ExpenseForm(request.POST or None, instance=expense, event=event)
    add_version_field(form, expense)

    def save():
        data, expected = _data(form)
        expense.refresh_from_db()
        return services.expense_save(
            user=request.user, event=event, expense=expense, expected_version=expected, **data
        )

    return _form(
        request,
        form,
        title=_("Edit the expense"),
        save=saving(form, save, expense),
        success=_("Changes saved."),
        event=event,
        anchor="expenses",
    )


@login_required
@require_POST
def expense_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    expense = _expense(request, pk)
    return post_action(
        request,
        lambda: services.expense_delete(
            user=request.user, expense=expense, expected_version=posted_version(request)
        ),
        record=expense,
        to=budget_url(expense.event_id, "expenses"),
        success=_("Expense removed."),
    )


# --- The event report -----------------------------------------------------------------------


@login_required
@require_GET
def event_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The event report PDF in the user's language: the organisers and the invited
    countries' focal points (403 for anyone else)."""
    event = _readable_event(request, pk)
    document = event_report_pdf(event, user=request.user, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(document.pdf, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{report_filename(event)}"'
    return response


# --- Participation over time ----------------------------------------------------------------


@login_required
@require_GET
def participation(request: AuthenticatedRequest) -> HttpResponse:
    """Confirmed participants who attended, by year × country × profile; ?format=csv|xlsx."""
    ensure_can_see(request)
    if not permissions.can_see_participation(request.user):
        raise PermissionDenied
    filter_form = ParticipationFilterForm(request.GET or None)
    rows = selectors.participation_table(selectors.participation(**filter_form.filters()))
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return tabular_response(
            filename="participacion-eventos",
            headers=[
                _("Year"),
                _("Country code"),
                _("Country"),
                *[str(label) for label in PROFILE_LABELS],
                _("Total"),
            ],
            rows=(
                [
                    row.year,
                    row.country_iso,
                    row.country_name or _("Invited actors"),
                    *row.counts,
                    row.total,
                ]
                for row in rows
            ),
            fmt=fmt,
        )
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "events/participation.html",
        {
            "filter_form": filter_form,
            "rows": rows,
            "profiles": PROFILE_LABELS,
            "query": query.urlencode(),
        },
    )
