"""Pages of the plan and the POAs. Reading is public for the plan and approved POAs (the ST
keeps the coalition's public web pages, 003 §VIII ST 2); drafts need a signed-in member;
every change goes through plans.services (Technical Secretariat only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.cache import cached_page
from common.forms import add_service_errors
from common.tabular import tabular_response
from members.permissions import ensure_secretariat
from plans import selectors, services
from plans.filters import (
    ActorFilter,
    AllianceFilter,
    GoodPracticeFilter,
    InstrumentFilter,
    JointActionFilter,
    MatrixFilterForm,
)
from plans.forms import (
    ActivityForm,
    ActorForm,
    AllianceForm,
    GoodPracticeForm,
    InstrumentForm,
    JointActionForm,
    MeasurementForm,
    POAApproveForm,
    POACopyForm,
    ReplicationForm,
    StageForm,
    WeightsForm,
    item_form_class,
)
from plans.models import (
    POA,
    Activity,
    Actor,
    Alliance,
    Axis,
    ExpectedResult,
    GoodPractice,
    Indicator,
    InstrumentStage,
    JointAction,
    OperationalObjective,
    PlanInstrument,
    PlanStatement,
    Replication,
    StrategicObjective,
    StrategicPlan,
)
from plans.permissions import (
    can_manage_actors,
    can_read_records,
    can_register,
    can_register_for,
    can_validate,
    ensure_can_manage_actors,
    ensure_can_register_for,
)

EDIT_LEVELS = {
    "plan": StrategicPlan,
    "statement": PlanStatement,
    "axis": Axis,
    "objective": StrategicObjective,
    "result": ExpectedResult,
    "indicator": Indicator,
    "poa": POA,
    "opobjective": OperationalObjective,
}
WEIGHT_LEVELS = {
    "plan": StrategicPlan,
    "axis": Axis,
    "objective": StrategicObjective,
    "opobjective": OperationalObjective,
}


def _plan_or_404() -> StrategicPlan:
    plan = selectors.plan_current()
    if plan is None:
        raise Http404(_("The strategic plan is not loaded yet."))
    return plan


def _poa_for(request: HttpRequest, year: int) -> POA:
    poa = get_object_or_404(POA.objects.select_related("plan"), year=year)
    if not selectors.poa_can_view(user=request.user, poa=poa):
        raise Http404
    return poa


def _url_of(item) -> str:
    """Where to go back to after editing an element of the plan or of a POA."""
    if isinstance(item, Indicator):
        return reverse("plans:indicator-detail", args=[item.pk])
    if isinstance(item, POA):
        return reverse("plans:poa-matrix", args=[item.year])
    if isinstance(item, OperationalObjective):
        return reverse("plans:poa-matrix", args=[item.poa.year])
    if isinstance(item, Activity):
        poa = item.operational_objective.poa
        return reverse("plans:activity-detail", args=[poa.year, item.code])
    axis = {
        Axis: lambda: item,
        StrategicObjective: lambda: item.axis,
        ExpectedResult: lambda: item.objective.axis,
    }.get(type(item))
    if axis:
        return reverse("plans:axis-detail", args=[axis().number])
    return reverse("plans:overview")


# --- Reading ---------------------------------------------------------------------------


def plan_overview(request: HttpRequest) -> HttpResponse:
    plan = selectors.plan_current()
    if plan is None:
        return render(request, "plans/overview.html", {"plan": None})
    return render(
        request,
        "plans/overview.html",
        {
            "plan": selectors.plan_tree(plan=plan),
            "poas": list(selectors.poa_list(user=request.user)),
        },
    )


def axis_detail(request: HttpRequest, number: int) -> HttpResponse:
    plan = _plan_or_404()
    try:
        axis = selectors.axis_detail(plan=plan, number=number)
    except Axis.DoesNotExist as exc:
        raise Http404 from exc
    visible = {p.pk for p in selectors.poa_list(user=request.user)}
    for objective in axis.objectives.all():
        objective.visible_ops = [
            op for op in objective.operational_objectives.all() if op.poa_id in visible
        ]
    return render(request, "plans/axis_detail.html", {"plan": plan, "axis": axis})


def poa_matrix(request: HttpRequest, year: int) -> HttpResponse:
    poa = get_object_or_404(POA.objects.select_related("plan"), year=year)
    if not selectors.poa_can_view(user=request.user, poa=poa):
        return redirect_to_login(request.get_full_path())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _poa_matrix_export(request, poa, fmt)
    body = cached_page(
        request,
        "poa-matrix",
        stamp=selectors.poa_stamp(),
        params=("axis", "responsible"),
        variant=f"{poa.year}|{'st' if getattr(request.user, 'is_secretariat', False) else ''}",
        render=lambda: _poa_matrix_body(request, poa),
    )
    return render(request, "plans/poa_matrix.html", {"poa": poa, "body": body})


def _poa_matrix_filters(request: HttpRequest, poa: POA) -> tuple[MatrixFilterForm, list]:
    filters = MatrixFilterForm(request.GET or None, plan=poa.plan)
    axis_number, responsible = filters.values()
    return filters, selectors.poa_matrix(poa=poa, axis_number=axis_number, responsible=responsible)


def _poa_matrix_body(request: HttpRequest, poa: POA) -> str:
    filters, groups = _poa_matrix_filters(request, poa)
    return render_to_string(
        "plans/_poa_matrix.html",
        {
            "poa": poa,
            "groups": groups,
            "filters": filters,
            "filtered": any(filters.values()),
            "query": request.GET.urlencode(),
        },
        request=request,
    )


def _poa_matrix_export(request: HttpRequest, poa: POA, fmt: str) -> HttpResponse:
    _filters, groups = _poa_matrix_filters(request, poa)
    headers = [
        _("Axis"),
        _("Strategic objective"),
        _("Operational objective"),
        _("Code"),
        _("Activity"),
        _("Goal"),
        _("Indicator"),
        _("Responsible"),
        _("Semester I (%)"),
        _("Semester II (%)"),
        _("Weight (%)"),
    ]
    rows = (
        [
            g.axis.number,
            g.objective.code,
            f"{op.code}. {op.text}",
            a.code,
            a.description,
            a.goal,
            a.indicator,
            "; ".join(str(r) for r in a.responsibles.all()),
            a.semester_1,
            a.semester_2,
            a.share.share,
        ]
        for g in groups
        for op in g.operational_objectives
        for a in op.activity_list
    )
    return tabular_response(filename=f"poa-{poa.year}", headers=headers, rows=rows, fmt=fmt)


def activity_detail(request: HttpRequest, year: int, code: str) -> HttpResponse:
    poa = _poa_for(request, year)
    try:
        activity = selectors.activity_detail(poa=poa, code=code)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "plans/activity_detail.html",
        {
            "poa": poa,
            "activity": activity,
            "planned_1": activity.planned_cumulative(1),
            "planned_2": activity.planned_cumulative(2),
        },
    )


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = selectors.indicator_detail(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "plans/indicator_detail.html", {"indicator": indicator})


# --- Technical Secretariat ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, level: str, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    model = EDIT_LEVELS.get(level)
    if model is None:
        raise Http404
    item = get_object_or_404(model, pk=pk)
    form = item_form_class(model)(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        item.refresh_from_db()
        try:
            services.plan_item_update(user=request.user, item=item, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Changes saved; the previous wording stays in the history.")
            )
            return redirect(_url_of(item))
    return render(
        request,
        "plans/item_form.html",
        {
            "form": form,
            "item": item,
            "verbose_name": model._meta.verbose_name,
            "cancel_url": _url_of(item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, year: int, code: str) -> HttpResponse:
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    activity = get_object_or_404(
        Activity.objects.select_related("operational_objective__poa"),
        operational_objective__poa=poa,
        code=code,
    )
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        responsibles = data.pop("responsibles")
        activity.refresh_from_db()
        try:
            services.activity_update(
                user=request.user, activity=activity, responsibles=responsibles, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Changes saved; the previous wording stays in the history.")
            )
            return redirect(_url_of(activity))
    return render(
        request,
        "plans/item_form.html",
        {
            "form": form,
            "item": activity,
            "verbose_name": Activity._meta.verbose_name,
            "cancel_url": _url_of(activity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def weights_edit(request: HttpRequest, level: str, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    model = WEIGHT_LEVELS.get(level)
    if model is None:
        raise Http404
    parent = get_object_or_404(model, pk=pk)
    poa = None
    if model is StrategicObjective:
        poa = get_object_or_404(POA, year=request.GET.get("poa") or 0)
    children = selectors.weight_children(parent=parent, poa=poa)
    shares = selectors.effective_shares(children)
    form = WeightsForm(request.POST or None, children=children)
    back = (
        reverse("plans:poa-matrix", args=[poa.year])
        if poa
        else _url_of(parent)
        if model is not StrategicPlan
        else reverse("plans:overview")
    )
    if isinstance(parent, OperationalObjective):
        back = reverse("plans:poa-matrix", args=[parent.poa.year])
    if request.method == "POST" and form.is_valid():
        try:
            services.weights_set(user=request.user, parent=parent, weights=form.weights(), poa=poa)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Weights saved."))
            return redirect(back)
    rows = [(form[f"w_{c.pk}"], c, shares[c.pk]) for c in children]
    return render(
        request,
        "plans/weights_form.html",
        {"form": form, "parent": parent, "rows": rows, "poa": poa, "cancel_url": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measurement_create(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    indicator = get_object_or_404(Indicator, pk=pk)
    form = MeasurementForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_measurement_record(
                user=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Measurement recorded."))
            return redirect("plans:indicator-detail", pk=indicator.pk)
    return render(request, "plans/measurement_form.html", {"form": form, "indicator": indicator})


@login_required
@require_http_methods(["GET", "POST"])
def poa_copy(request: HttpRequest, year: int) -> HttpResponse:
    ensure_secretariat(request.user)
    source = get_object_or_404(POA.objects.select_related("plan"), year=year)
    activities = list(selectors.poa_activities(poa=source))
    form = POACopyForm(
        request.POST or None, activities=activities, initial={"year": source.year + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.poa_copy(
                user=request.user,
                source_poa=source,
                year=form.cleaned_data["year"],
                copy_activity_ids=form.copy_ids(),
                carry_over_activity_ids=form.carry_ids(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("POA %(year)s created as a draft.") % {"year": new.year})
            return redirect("plans:poa-matrix", year=new.year)
    return render(request, "plans/poa_copy.html", {"form": form, "source": source})


@login_required
@require_http_methods(["GET", "POST"])
def poa_approve(request: HttpRequest, year: int) -> HttpResponse:
    ensure_secretariat(request.user)
    poa = get_object_or_404(POA, year=year)
    form = POAApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.poa_approve(user=request.user, poa=poa, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("POA %(year)s approved.") % {"year": poa.year})
            return redirect("plans:poa-matrix", year=poa.year)
    return render(request, "plans/poa_approve.html", {"form": form, "poa": poa})


# --- Plan evidence records (issue #6) -------------------------------------------------------
#
# Every signed-in account reads the records (observers and partners read-only); focal points
# register their own country's, ST anything; only ST validates. The services check again.

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


def _ensure_reader(request: HttpRequest) -> None:
    if not can_read_records(request.user):
        raise PermissionDenied


def _record_list(request: HttpRequest, *, filterset, template: str, **context) -> HttpResponse:
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


def _record_form(
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
    _ensure_reader(request)
    pending = selectors.records_awaiting_validation() if can_validate(request.user) else None
    return render(
        request,
        "plans/records/index.html",
        {"pending": pending, "can_register": can_register(request.user)},
    )


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    filterset = InstrumentFilter(request.GET, queryset=selectors.instrument_list())
    return _record_list(request, filterset=filterset, template="plans/records/instrument_list.html")


@login_required
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_reader(request)
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
    return _record_form(
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

    return _record_form(
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
    return _record_form(
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

    return _record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the stage"),
        cancel_url=record_url(stage),
        parent=stage.instrument,
    )


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    filterset = GoodPracticeFilter(request.GET, queryset=selectors.good_practice_list())
    return _record_list(request, filterset=filterset, template="plans/records/practice_list.html")


@login_required
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_reader(request)
    try:
        practice = selectors.good_practice_detail(pk=pk)
    except GoodPractice.DoesNotExist as exc:
        raise Http404 from exc
    user = request.user
    for replication in practice.replications.all():
        replication.can_edit = can_register_for(user, replication.country_id)
    return render(
        request,
        "plans/records/practice_detail.html",
        {
            "record": practice,
            "can_edit": can_register_for(user, practice.country_id),
            "can_replicate": can_register(user),
            "can_validate": can_validate(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request: HttpRequest) -> HttpResponse:
    if not can_register(request.user):
        raise PermissionDenied
    form = GoodPracticeForm(request.POST or None, request.FILES or None, user=request.user)
    return _record_form(
        request,
        form=form,
        save=lambda v: services.good_practice_create(user=request.user, **v),
        title=_("Register a good practice"),
        cancel_url=reverse("plans:practice-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(GoodPractice, pk=pk)
    ensure_can_register_for(request.user, practice.country_id)
    form = GoodPracticeForm(
        request.POST or None, request.FILES or None, instance=practice, user=request.user
    )

    def save(values):
        practice.refresh_from_db()
        return services.good_practice_update(user=request.user, practice=practice, **values)

    return _record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the good practice"),
        cancel_url=record_url(practice),
        parent=practice,
    )


@login_required
@require_http_methods(["GET", "POST"])
def replication_create(request: HttpRequest, pk: int) -> HttpResponse:
    practice = get_object_or_404(GoodPractice.objects.select_related("country"), pk=pk)
    if not can_register(request.user):
        raise PermissionDenied
    form = ReplicationForm(request.POST or None, request.FILES or None, user=request.user)
    return _record_form(
        request,
        form=form,
        save=lambda v: services.replication_create(user=request.user, practice=practice, **v),
        title=_("Record a replication"),
        cancel_url=record_url(practice),
        parent=practice,
    )


@login_required
@require_http_methods(["GET", "POST"])
def replication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    replication = get_object_or_404(Replication.objects.select_related("practice"), pk=pk)
    ensure_can_register_for(request.user, replication.country_id)
    form = ReplicationForm(
        request.POST or None, request.FILES or None, instance=replication, user=request.user
    )

    def save(values):
        replication.refresh_from_db()
        return services.replication_update(user=request.user, replication=replication, **values)

    return _record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the replication"),
        cancel_url=record_url(replication),
        parent=replication.practice,
    )


@login_required
def actor_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    filterset = ActorFilter(request.GET, queryset=selectors.actor_list())
    return _record_list(
        request,
        filterset=filterset,
        template="plans/records/actor_list.html",
        can_manage_actors=can_manage_actors(request.user),
    )


@login_required
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_reader(request)
    try:
        actor = selectors.actor_detail(pk=pk)
    except Actor.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "plans/records/actor_detail.html",
        {"record": actor, "can_edit": can_manage_actors(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_create(request: HttpRequest) -> HttpResponse:
    ensure_can_manage_actors(request.user)
    form = ActorForm(request.POST or None, user=request.user)
    return _record_form(
        request,
        form=form,
        save=lambda v: services.actor_create(user=request.user, **v),
        title=_("Add an actor"),
        cancel_url=reverse("plans:actor-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_can_manage_actors(request.user)
    actor = get_object_or_404(Actor, pk=pk)
    form = ActorForm(request.POST or None, instance=actor, user=request.user)

    def save(values):
        actor.refresh_from_db()
        return services.actor_update(user=request.user, actor=actor, **values)

    return _record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the actor"),
        cancel_url=record_url(actor),
        parent=actor,
    )


@login_required
def alliance_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    filterset = AllianceFilter(request.GET, queryset=selectors.alliance_list())
    return _record_list(request, filterset=filterset, template="plans/records/alliance_list.html")


@login_required
def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_reader(request)
    try:
        alliance = selectors.alliance_detail(pk=pk)
    except Alliance.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "plans/records/alliance_detail.html",
        {
            "record": alliance,
            "can_edit": can_register_for(request.user, alliance.country_id),
            "can_validate": can_validate(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def alliance_create(request: HttpRequest) -> HttpResponse:
    if not can_register(request.user):
        raise PermissionDenied
    form = AllianceForm(request.POST or None, request.FILES or None, user=request.user)
    return _record_form(
        request,
        form=form,
        save=lambda v: services.alliance_create(user=request.user, **v),
        title=_("Register an alliance"),
        cancel_url=reverse("plans:alliance-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def alliance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404(Alliance, pk=pk)
    ensure_can_register_for(request.user, alliance.country_id)
    form = AllianceForm(
        request.POST or None, request.FILES or None, instance=alliance, user=request.user
    )

    def save(values):
        alliance.refresh_from_db()
        return services.alliance_update(user=request.user, alliance=alliance, **values)

    return _record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the alliance"),
        cancel_url=record_url(alliance),
        parent=alliance,
    )


@login_required
def joint_action_list(request: HttpRequest) -> HttpResponse:
    _ensure_reader(request)
    filterset = JointActionFilter(request.GET, queryset=selectors.joint_action_list())
    return _record_list(
        request, filterset=filterset, template="plans/records/joint_action_list.html"
    )


@login_required
def joint_action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_reader(request)
    try:
        action = selectors.joint_action_detail(pk=pk)
    except JointAction.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "plans/records/joint_action_detail.html",
        {
            "record": action,
            "can_edit": can_register_for(request.user, action.country_id),
            "can_validate": can_validate(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_action_create(request: HttpRequest) -> HttpResponse:
    if not can_register(request.user):
        raise PermissionDenied
    form = JointActionForm(request.POST or None, request.FILES or None, user=request.user)
    return _record_form(
        request,
        form=form,
        save=lambda v: services.joint_action_create(user=request.user, **v),
        title=_("Register a joint action"),
        cancel_url=reverse("plans:joint-action-list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def joint_action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(JointAction, pk=pk)
    ensure_can_register_for(request.user, action.country_id)
    form = JointActionForm(
        request.POST or None, request.FILES or None, instance=action, user=request.user
    )

    def save(values):
        action.refresh_from_db()
        return services.joint_action_update(user=request.user, joint_action=action, **values)

    return _record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the joint action"),
        cancel_url=record_url(action),
        parent=action,
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
    _ensure_reader(request)
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    if not record.evidence_file:
        raise Http404
    return FileResponse(record.evidence_file.open("rb"), as_attachment=True)
