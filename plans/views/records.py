"""The plan's evidence records (issue #6): what every record page shares, the index, the
ST's validation and the evidence files.

Every signed-in account reads the records (observers and partners read-only); focal points
register their own country's, ST anything; only ST validates. The services check again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.forms import add_service_errors
from members.permissions import ensure_secretariat
from plans import selectors, services
from plans.models import (
    Actor,
    Alliance,
    GoodPractice,
    InstrumentStage,
    JointAction,
    PlanInstrument,
    Replication,
)
from plans.permissions import can_read_records, can_register, can_validate

RECORD_PAGE_SIZE = 25
RECORD_MODELS = {
    "instrument": PlanInstrument,
    "stage": InstrumentStage,
    "practice": GoodPractice,
    "replication": Replication,
    "alliance": Alliance,
    "joint-action": JointAction,
}


def record_url(record) -> str:
    """The page of a record (a stage or a replication: its instrument's or practice's)."""
    if isinstance(record, InstrumentStage):
        return reverse("plans:instrument-detail", args=[record.instrument_id])
    if isinstance(record, Replication):
        return reverse("plans:practice-detail", args=[record.practice_id])
    name = {
        PlanInstrument: "plans:instrument-detail",
        GoodPractice: "plans:practice-detail",
        Actor: "plans:actor-detail",
        Alliance: "plans:alliance-detail",
        JointAction: "plans:joint-action-detail",
    }[type(record)]
    return reverse(name, args=[record.pk])


def ensure_reader(request: HttpRequest) -> None:
    if not can_read_records(request.user):
        raise PermissionDenied


def render_record_list(
    request: HttpRequest, *, filterset, template: str, **context
) -> HttpResponse:
    page = Paginator(filterset.qs, RECORD_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_register": can_register(request.user),
            **context,
        },
    )


def render_record_form(
    request: HttpRequest,
    *,
    form,
    save,
    title: str,
    cancel_url: str,
    parent=None,
) -> HttpResponse:
    """Run `save(values)` (a service call) on a valid POST; its ValidationErrors go back to
    the form."""
    if request.method == "POST" and form.is_valid():
        try:
            record = save(form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved. It counts in the indicators once validated."))
            return redirect(record_url(record))
    return render(
        request,
        "plans/records/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "parent": parent,
            "multipart": True,
        },
    )


@login_required
def records_index(request: HttpRequest) -> HttpResponse:
    ensure_reader(request)
    pending = selectors.records_awaiting_validation() if can_validate(request.user) else None
    return render(
        request,
        "plans/records/index.html",
        {"pending": pending, "can_register": can_register(request.user)},
    )


@login_required
@require_POST
def record_validate(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """ST validates a record (or withdraws a validation with action=withdraw)."""
    ensure_secretariat(request.user)
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    withdraw = request.POST.get("action") == "withdraw"
    service = services.record_validation_withdraw if withdraw else services.record_validate
    try:
        service(user=request.user, record=record)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Validation withdrawn: the record no longer counts.")
            if withdraw
            else _("Validated: the record now counts in the indicators."),
        )
    return redirect(record_url(record))


@login_required
def record_evidence(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """Evidence files are not public media: any signed-in account may read them."""
    ensure_reader(request)
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    if not record.evidence_file:
        raise Http404
    return FileResponse(record.evidence_file.open("rb"), as_attachment=True)
