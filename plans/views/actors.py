"""Pages of the actor directory, alliances and joint actions (issue #6; POA 2018 objective
4.1.1). Only ST and the Presidency keep the directory; alliances and joint actions are
registered like the other records."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from members.models import User
from plans import selectors, services
from plans.filters import ActorFilter, AllianceFilter, JointActionFilter
from plans.forms import ActorForm, AllianceForm, JointActionForm
from plans.models import Actor, Alliance, JointAction
from plans.permissions import can_manage_actors, ensure_can_manage_actors
from plans.views.records import (
    RecordCreateView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
)


class ActorList(RecordListView):
    kind = "actor"
    filterset_class = ActorFilter
    selector = staticmethod(selectors.actor_list)

    def flags(self, user: User) -> dict:
        return {"can_manage_actors": can_manage_actors(user)}


class ActorDetail(RecordDetailView):
    """The directory is not validated: what ST and the Presidency write is the directory."""

    kind = "actor"
    selector = staticmethod(selectors.actor_detail)
    validated = False

    def may_edit(self, user: User, record: Actor) -> bool:
        return can_manage_actors(user)


class ActorCreate(RecordCreateView):
    kind = "actor"
    form_class = ActorForm
    service = staticmethod(services.actor_create)
    title = _("Add an actor")

    def ensure_allowed(self, user: User) -> None:
        ensure_can_manage_actors(user)


class ActorEdit(RecordEditView):
    model = Actor
    form_class = ActorForm
    service = staticmethod(services.actor_update)
    record_arg = "actor"
    title = _("Edit the actor")

    def ensure_allowed(self, user: User, record: Actor) -> None:
        ensure_can_manage_actors(user)


class AllianceList(RecordListView):
    kind = "alliance"
    filterset_class = AllianceFilter
    selector = staticmethod(selectors.alliance_list)


class AllianceDetail(RecordDetailView):
    kind = "alliance"
    selector = staticmethod(selectors.alliance_detail)


class AllianceCreate(RecordCreateView):
    kind = "alliance"
    form_class = AllianceForm
    service = staticmethod(services.alliance_create)
    title = _("Register an alliance")


class AllianceEdit(RecordEditView):
    model = Alliance
    form_class = AllianceForm
    service = staticmethod(services.alliance_update)
    record_arg = "alliance"
    title = _("Edit the alliance")


class JointActionList(RecordListView):
    kind = "joint-action"
    filterset_class = JointActionFilter
    selector = staticmethod(selectors.joint_action_list)


class JointActionDetail(RecordDetailView):
    kind = "joint-action"
    selector = staticmethod(selectors.joint_action_detail)


class JointActionCreate(RecordCreateView):
    kind = "joint-action"
    form_class = JointActionForm
    service = staticmethod(services.joint_action_create)
    title = _("Register a joint action")


class JointActionEdit(RecordEditView):
    model = JointAction
    form_class = JointActionForm
    service = staticmethod(services.joint_action_update)
    record_arg = "joint_action"
    title = _("Edit the joint action")
