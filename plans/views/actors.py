"""Pages of the actor directory, alliances and joint actions (issue #6; POA 2018 objective
4.1.1). Only ST and the Presidency keep the directory; alliances and joint actions are
registered like the other records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import selectors, services
from plans.filters import ActorFilter, AllianceFilter, JointActionFilter
from plans.forms import ActorForm, AllianceForm, JointActionForm
from plans.models import Actor, Alliance, JointAction
from plans.permissions import (
    can_manage_actors,
    can_register,
    can_register_for,
    can_validate,
    ensure_can_manage_actors,
    ensure_can_register_for,
)
from plans.views.records import ensure_reader, record_url, render_record_form, render_record_list


@login_required
def actor_list(request: HttpRequest) -> HttpResponse:
    ensure_reader(request)
    filterset = ActorFilter(request.GET, queryset=selectors.actor_list())
    return render_record_list(
        request,
        filterset=filterset,
        template="plans/records/actor_list.html",
        can_manage_actors=can_manage_actors(request.user),
    )


@login_required
def actor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_reader(request)
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
    return render_record_form(
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

    return render_record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the actor"),
        cancel_url=record_url(actor),
        parent=actor,
    )


@login_required
def alliance_list(request: HttpRequest) -> HttpResponse:
    ensure_reader(request)
    filterset = AllianceFilter(request.GET, queryset=selectors.alliance_list())
    return render_record_list(
        request, filterset=filterset, template="plans/records/alliance_list.html"
    )


@login_required
def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_reader(request)
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
    return render_record_form(
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

    return render_record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the alliance"),
        cancel_url=record_url(alliance),
        parent=alliance,
    )


@login_required
def joint_action_list(request: HttpRequest) -> HttpResponse:
    ensure_reader(request)
    filterset = JointActionFilter(request.GET, queryset=selectors.joint_action_list())
    return render_record_list(
        request, filterset=filterset, template="plans/records/joint_action_list.html"
    )


@login_required
def joint_action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_reader(request)
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
    return render_record_form(
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

    return render_record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the joint action"),
        cancel_url=record_url(action),
        parent=action,
    )
