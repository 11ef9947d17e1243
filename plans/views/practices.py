"""Pages of the good practices and their replications (issue #6; 003 §IV.2)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans import selectors, services
from plans.filters import GoodPracticeFilter
from plans.forms import GoodPracticeForm, ReplicationForm
from plans.models import GoodPractice, Replication
from plans.permissions import can_register, can_register_for, can_validate, ensure_can_register_for
from plans.views.records import ensure_reader, record_url, render_record_form, render_record_list


@login_required
def practice_list(request: HttpRequest) -> HttpResponse:
    ensure_reader(request)
    filterset = GoodPracticeFilter(request.GET, queryset=selectors.good_practice_list())
    return render_record_list(
        request, filterset=filterset, template="plans/records/practice_list.html"
    )


@login_required
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_reader(request)
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
    return render_record_form(
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

    return render_record_form(
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
    return render_record_form(
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

    return render_record_form(
        request,
        form=form,
        save=save,
        title=_("Edit the replication"),
        cancel_url=record_url(replication),
        parent=replication.practice,
    )
