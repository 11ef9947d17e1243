"""The plan's evidence records (issue #6): the pages every kind of record shares (a list, a
record's page, registering and editing), the index, the ST's validation and the evidence
files. plans.views.instruments, .practices and .actors say what differs per kind.

Every signed-in account reads the records (observers and partners read-only); focal points
register their own country's, ST anything; only ST validates. The services check again."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from common.versions import with_history_link
from common.views import flash_action, form_page
from members.models import User
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
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
from plans.permissions import (
    can_read_records,
    can_register,
    can_register_for,
    can_validate,
    ensure_can_register_for,
)

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


def ensure_reader(request: AuthenticatedRequest) -> None:
    if not can_read_records(request.user):
        raise PermissionDenied


def render_record_form(
    request: AuthenticatedRequest,
    *,
    form,
    save,
    title: str,
    cancel_url: str,
    parent=None,
) -> HttpResponse:
    """Run `save(values)` (a service call) on a valid POST, then show the record's page."""
    return form_page(
        request,
        form,
        save=lambda: save(form.values()),
        success=_("Saved. It counts in the indicators once validated."),
        next_url=record_url,
        template="plans/records/form.html",
        context={"title": title, "cancel_url": cancel_url, "parent": parent, "multipart": True},
    )


# --- The pages every kind of record has ---------------------------------------------------
# A kind is named by `kind`, the prefix of its URL names ("joint-action": plans:joint-action-list,
# -detail, -create, -edit) and the kind of plans:record-validate and plans:record-evidence.


class RecordPageView(LoginRequiredMixin, View):
    kind: str

    def template(self, page: str) -> str:
        """plans/records/<kind>_list.html or _detail.html, which extend _list_page.html and
        _detail_page.html."""
        return f"plans/records/{self.kind.replace('-', '_')}_{page}.html"


class RecordListView(RecordPageView):
    """The filtered, paginated list of one kind of record."""

    filterset_class: type
    selector: Callable[[], QuerySet]  # a staticmethod: plans.selectors.<kind>_list

    def get(self, request: AuthenticatedRequest) -> HttpResponse:
        ensure_reader(request)
        filterset = self.filterset_class(request.GET, queryset=self.selector())
        page = Paginator(filterset.qs, RECORD_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "can_register": can_register(request.user),
        }
        return render(request, self.template("list"), context | self.flags(request.user))

    def flags(self, user: User) -> dict:
        """What else the page may offer this user."""
        return {}


class RecordDetailView(RecordPageView):
    """One record's page: its edit button and, for ST, its validation."""

    selector: Callable[..., Model]  # a staticmethod: plans.selectors.<kind>_detail(pk=...)
    validated = True  # False for a kind ST does not validate

    def get(self, request: AuthenticatedRequest, pk: int) -> HttpResponse:
        ensure_reader(request)
        try:
            record = self.selector(pk=pk)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc
        user = request.user
        context = {
            "record": record,
            "kind": self.kind,
            "list_url": reverse(f"plans:{self.kind}-list"),
            "edit_url": reverse(f"plans:{self.kind}-edit", args=[record.pk]),
            "can_edit": self.may_edit(user, record),
            "can_validate": self.validated and can_validate(user),
        }
        return render(request, self.template("detail"), context | self.flags(user, record))

    def may_edit(self, user: User, record: Model) -> bool:
        return can_register_for(user, record.country_id)

    def flags(self, user: User, record: Model) -> dict:
        return {}


class RecordFormView(LoginRequiredMixin, View):
    """Registering or editing a record: the form collects the values, `save` calls the
    service, whose ValidationErrors go back to the form."""

    http_method_names = ["get", "post"]
    form_class: type
    title: str

    def post(self, request: AuthenticatedRequest, **kwargs) -> HttpResponse:
        return self.get(request, **kwargs)

    def form(self, request: AuthenticatedRequest, **kwargs):
        return self.form_class(
            request.POST or None, request.FILES or None, user=request.user, **kwargs
        )


class RecordCreateView(RecordFormView):
    """Register a record of a kind; its list is where "cancel" goes back to."""

    kind: str
    service: Callable[..., Model]  # a staticmethod: plans.services.<kind>_create

    def get(self, request: AuthenticatedRequest) -> HttpResponse:
        self.ensure_allowed(request.user)
        return render_record_form(
            request,
            form=self.form(request, initial=self.initial(request)),
            save=lambda values: self.service(user=request.user, **values),
            title=self.title,
            cancel_url=reverse(f"plans:{self.kind}-list"),
        )

    def ensure_allowed(self, user: User) -> None:
        if not can_register(user):
            raise PermissionDenied

    def initial(self, request: AuthenticatedRequest) -> dict:
        return {}


class RecordPartCreateView(RecordFormView):
    """Add a part to a record (a dated stage to an instrument, a replication to a good
    practice): the parent record's page is where both "cancel" and "saved" go back to."""

    parent_model: type[Model]
    service: Callable[..., Model]  # called with user=, <parent_arg>=parent, **values
    parent_arg: str

    def get(self, request: AuthenticatedRequest, pk: int) -> HttpResponse:
        parent = get_object_or_404(self.parent_model.objects.select_related("country"), pk=pk)
        self.ensure_allowed(request.user, parent)
        return render_record_form(
            request,
            form=self.form(request),
            save=lambda values: self.service(
                user=request.user, **{self.parent_arg: parent}, **values
            ),
            title=self.title,
            cancel_url=record_url(parent),
            parent=parent,
        )

    def ensure_allowed(self, user: User, parent: Model) -> None:
        ensure_can_register_for(user, parent.country_id)


class RecordEditView(RecordFormView):
    """Edit a record. The form wrote its values onto the instance: the service starts from
    the row as it is in the database."""

    model: type[Model]
    service: Callable[..., Model]  # called with user=, <record_arg>=record, **values
    record_arg: str
    parent_field = ""  # a part's record: the breadcrumb's parent

    def get(self, request: AuthenticatedRequest, pk: int) -> HttpResponse:
        queryset = self.model.objects.all()
        if self.parent_field:
            queryset = queryset.select_related(self.parent_field)
        record = get_object_or_404(queryset, pk=pk)
        self.ensure_allowed(request.user, record)

        def save(values):
            def call():
                record.refresh_from_db()
                return self.service(user=request.user, **{self.record_arg: record}, **values)

            return with_history_link(call, record)()

        return render_record_form(
            request,
            form=self.form(request, instance=record),
            save=save,
            title=self.title,
            cancel_url=record_url(record),
            parent=getattr(record, self.parent_field) if self.parent_field else record,
        )

    def ensure_allowed(self, user: User, record: Model) -> None:
        ensure_can_register_for(user, record.country_id)


# --- Pages over all kinds -----------------------------------------------------------------


@login_required
def records_index(request: AuthenticatedRequest) -> HttpResponse:
    ensure_reader(request)
    pending = selectors.records_awaiting_validation() if can_validate(request.user) else None
    return render(
        request,
        "plans/records/index.html",
        {"pending": pending, "can_register": can_register(request.user)},
    )


@login_required
@require_POST
def record_validate(request: AuthenticatedRequest, kind: str, pk: int) -> HttpResponse:
    """ST validates a record (or withdraws a validation with action=withdraw)."""
    ensure_secretariat(request.user)
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    if request.POST.get("action") == "withdraw":
        service = services.record_validation_withdraw
        success = _("Validation withdrawn: the record no longer counts.")
    else:
        service = services.record_validate
        success = _("Validated: the record now counts in the indicators.")
    flash_action(request, lambda: service(user=request.user, record=record), success=success)
    return redirect(record_url(record))


@login_required
def record_evidence(request: AuthenticatedRequest, kind: str, pk: int) -> FileResponse:
    """Evidence files are not public media: any signed-in account may read them."""
    ensure_reader(request)
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise Http404
    record = get_object_or_404(model, pk=pk)
    if not record.evidence_file:
        raise Http404
    return FileResponse(record.evidence_file.open("rb"), as_attachment=True)
