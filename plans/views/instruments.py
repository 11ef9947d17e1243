"""Pages of the instruments and their dated stages (issue #6)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import selectors, services
from plans.filters import InstrumentFilter
from plans.forms import InstrumentForm, StageForm
from plans.models import InstrumentStage, PlanInstrument
from plans.permissions import can_register, can_register_for, can_validate, ensure_can_register_for
from plans.views.records import ensure_reader, record_url, render_record_form, render_record_list


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    ensure_reader(request)
    filterset = InstrumentFilter(request.GET, queryset=selectors.instrument_list())
    return render_record_list(
        request, filterset=filterset, template="plans/records/instrument_list.html"
    )


@login_required
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_reader(request)
    try:
        instrument = selectors.instrument_detail(pk=pk)
    except PlanInstrument.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "plans/records/instrument_detail.html",
        {
            "record": instrument,
            "can_edit": can_register_for(request.user, instrument.country_id),
            "can_validate": can_validate(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_create(request: HttpRequest) -> HttpResponse:
    if not can_register(request.user):
        raise PermissionDenied
    initial = {"indicator": request.GET.get("indicator")} if request.GET.get("indicator") else {}
    form = InstrumentForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    return render_record_form(
        request,
        form=form,
        save=lambda v: services.instrument_create(user=request.user, **v),
        title=_("Register an instrument"),
        cancel_url=reverse("plans:instrument-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_object_or_404(PlanInstrument, pk=pk)
    ensure_can_register_for(request.user, instrument.country_id)
    form = InstrumentForm(
        request.POST or None, request.FILES or None, instance=instrument, user=request.user
    )

    def save(values):
        instrument.refresh_from_db()  # the form wrote onto the instance; start from the row
        return services.instrument_update(user=request.user, instrument=instrument, **values)

    return render_record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the instrument"),
        cancel_url=record_url(instrument),
        parent=instrument,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_create(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = get_object_or_404(PlanInstrument.objects.select_related("country"), pk=pk)
    ensure_can_register_for(request.user, instrument.country_id)
    form = StageForm(request.POST or None, request.FILES or None, user=request.user)
    return render_record_form(
        request,
        form=form,
        save=lambda v: services.instrument_stage_create(
            user=request.user, instrument=instrument, **v
        ),
        title=_("Date a stage"),
        cancel_url=record_url(instrument),
        parent=instrument,
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stage = get_object_or_404(InstrumentStage.objects.select_related("instrument"), pk=pk)
    ensure_can_register_for(request.user, stage.instrument.country_id)
    form = StageForm(request.POST or None, request.FILES or None, instance=stage, user=request.user)

    def save(values):
        stage.refresh_from_db()
        return services.instrument_stage_update(user=request.user, stage_row=stage, **values)

    return render_record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the stage"),
        cancel_url=record_url(stage),
        parent=stage.instrument,
    )
