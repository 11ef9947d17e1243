"""Pages of the instruments and their dated stages (issue #6)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from members.models import User
from plans import selectors, services
from plans.filters import InstrumentFilter
from plans.forms import InstrumentForm, StageForm
from plans.models import InstrumentStage, PlanInstrument
from plans.permissions import ensure_can_register_for
from plans.views.records import (
    RecordCreateView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    RecordPartCreateView,
)


class InstrumentList(RecordListView):
    kind = "instrument"
    filterset_class = InstrumentFilter
    selector = staticmethod(selectors.instrument_list)


class InstrumentDetail(RecordDetailView):
    kind = "instrument"
    selector = staticmethod(selectors.instrument_detail)


class InstrumentCreate(RecordCreateView):
    kind = "instrument"
    form_class = InstrumentForm
    service = staticmethod(services.instrument_create)
    title = _("Register an instrument")

    def initial(self, request: HttpRequest) -> dict:
        """The "register an instrument" link of an indicator's page preselects it."""
        indicator = request.GET.get("indicator")
        return {"indicator": indicator} if indicator else {}


class InstrumentEdit(RecordEditView):
    model = PlanInstrument
    form_class = InstrumentForm
    service = staticmethod(services.instrument_update)
    record_arg = "instrument"
    title = _("Edit the instrument")


class StageCreate(RecordPartCreateView):
    parent_model = PlanInstrument
    parent_arg = "instrument"
    form_class = StageForm
    service = staticmethod(services.instrument_stage_create)
    title = _("Date a stage")


class StageEdit(RecordEditView):
    """A stage belongs to its instrument's country."""

    model = InstrumentStage
    parent_field = "instrument"
    form_class = StageForm
    service = staticmethod(services.instrument_stage_update)
    record_arg = "stage_row"
    title = _("Edit the stage")

    def ensure_allowed(self, user: User, record: InstrumentStage) -> None:
        ensure_can_register_for(user, record.instrument.country_id)
