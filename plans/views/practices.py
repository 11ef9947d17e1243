"""Pages of the good practices and their replications (issue #6; 003 §IV.2)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.models import User
from plans import selectors, services
from plans.filters import GoodPracticeFilter
from plans.forms import GoodPracticeForm, ReplicationForm
from plans.models import GoodPractice, Replication
from plans.permissions import can_register, can_register_for
from plans.views.records import (
    RecordCreateView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    RecordPartCreateView,
)


class PracticeList(RecordListView):
    kind = "practice"
    filterset_class = GoodPracticeFilter
    selector = staticmethod(selectors.good_practice_list)


class PracticeDetail(RecordDetailView):
    kind = "practice"
    selector = staticmethod(selectors.good_practice_detail)

    def flags(self, user: User, record: GoodPractice) -> dict:
        """Each replication is edited by its adopting country; any registering account
        records one."""
        for replication in record.replications.all():
            replication.can_edit = can_register_for(user, replication.country_id)
        return {"can_replicate": can_register(user)}


class PracticeCreate(RecordCreateView):
    kind = "practice"
    form_class = GoodPracticeForm
    service = staticmethod(services.good_practice_create)
    title = _("Register a good practice")


class PracticeEdit(RecordEditView):
    model = GoodPractice
    form_class = GoodPracticeForm
    service = staticmethod(services.good_practice_update)
    record_arg = "practice"
    title = _("Edit the good practice")


class ReplicationCreate(RecordPartCreateView):
    """The adopting country is chosen in the form (the service checks it)."""

    parent_model = GoodPractice
    parent_arg = "practice"
    form_class = ReplicationForm
    service = staticmethod(services.replication_create)
    title = _("Record a replication")

    def ensure_allowed(self, user: User, parent: GoodPractice) -> None:
        if not can_register(user):
            raise PermissionDenied


class ReplicationEdit(RecordEditView):
    model = Replication
    parent_field = "practice"
    form_class = ReplicationForm
    service = staticmethod(services.replication_update)
    record_arg = "replication"
    title = _("Edit the replication")
