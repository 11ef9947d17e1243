"""The admissions' pages: the list, one admission, a country's membership history, and the
Presidency's (or ST's) forms to invite, admit, decline and withdraw. The rules are in
presidency.services.admission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_version_field
from common.versions import with_history_link
from common.views import form_page
from members.models import Country
from presidency import permissions
from presidency.forms_admission import AdmissionFilterForm, AdmitForm, InviteForm, ReasonForm
from presidency.models import Admission
from presidency.selectors import admission as selectors
from presidency.services import admission as services

PAGE_SIZE = 25


def _ensure_read(request: HttpRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied


def _ensure_manage(request: HttpRequest) -> None:
    if not permissions.can_manage_admissions(request.user):
        raise PermissionDenied


def _detail_url(admission: Admission) -> str:
    return reverse("presidency:admission-detail", args=[admission.pk])


@login_required
def admission_list(request: HttpRequest) -> HttpResponse:
    _ensure_read(request)
    filters = AdmissionFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    rows = selectors.admission_list(
        status=values.get("status", ""), subject=values.get("subject", "")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "presidency/admission/list.html",
        {
            "filter_form": filters,
            "page": page,
            "query": query.urlencode(),
            "can_manage": permissions.can_manage_admissions(request.user),
        },
    )


@login_required
def admission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _ensure_read(request)
    admission = get_object_or_404(selectors.admission_list(), pk=pk)
    return render(
        request,
        "presidency/admission/detail.html",
        {
            "admission": admission,
            "flags": selectors.admission_flags(user=request.user, admission=admission),
        },
    )


@login_required
def admission_country(request: HttpRequest, iso: str) -> HttpResponse:
    _ensure_read(request)
    try:
        history = selectors.country_history(iso_code=iso)
    except Country.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "presidency/admission/country.html",
        {"history": history, "can_manage": permissions.can_manage_admissions(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def admission_create(request: HttpRequest) -> HttpResponse:
    _ensure_manage(request)
    form = InviteForm(request.POST or None, request.FILES or None)

    def save():
        data = form.cleaned_data
        return services.admission_invite(
            user=request.user,
            subject=data["subject"],
            country=data.get("country"),
            iso_code=data.get("iso_code") or None,
            organisation=data.get("organisation"),
            invitation_agreement=data["invitation_agreement"],
            invited_on=data["invited_on"],
            letter=data.get("letter"),
            note=data.get("note", ""),
        )

    return form_page(
        request,
        form,
        save=save,
        success=_("Invitation recorded."),
        next_url=_detail_url,
        template="presidency/admission/form.html",
        context={
            "title": _("Record an invitation"),
            "cancel_url": reverse("presidency:admission-list"),
        },
    )


def _open_admission(request: HttpRequest, pk: int) -> Admission:
    _ensure_manage(request)
    return get_object_or_404(selectors.admission_list(), pk=pk)


def _closed(request: HttpRequest, admission: Admission) -> HttpResponse | None:
    """An admission no longer open offers nothing: back to its page, saying why."""
    if selectors.admission_flags(user=request.user, admission=admission).is_open:
        return None
    messages.error(
        request,
        _("This admission is %(status)s: only an open invitation can change.")
        % {"status": admission.get_status_display()},
    )
    return redirect(_detail_url(admission))


@login_required
@require_http_methods(["GET", "POST"])
def admission_admit(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation page: an admission opens a membership and cannot be undone."""
    admission = _open_admission(request, pk)
    if closed := _closed(request, admission):
        return closed
    form = AdmitForm(request.POST or None)
    add_version_field(form, admission)

    def save():
        data = form.cleaned_data
        return services.admission_admit(
            user=request.user,
            admission=admission,
            admission_agreement=data.get("admission_agreement"),
            admitted_on=data["admitted_on"],
            version=data["version"],
        )

    return form_page(
        request,
        form,
        save=with_history_link(save, admission),
        success=_("Admission recorded."),
        next_url=_detail_url(admission),
        template="presidency/admission/confirm.html",
        context={"admission": admission, "admit": True},
    )


def _close_page(request: HttpRequest, pk: int, *, action: str) -> HttpResponse:
    admission = _open_admission(request, pk)
    if closed := _closed(request, admission):
        return closed
    form = ReasonForm(request.POST or None)
    add_version_field(form, admission)
    service = services.admission_decline if action == "decline" else services.admission_withdraw

    def save():
        return service(
            user=request.user,
            admission=admission,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data["version"],
        )

    return form_page(
        request,
        form,
        save=with_history_link(save, admission),
        success=_("Invitation declined.") if action == "decline" else _("Invitation withdrawn."),
        next_url=_detail_url(admission),
        template="presidency/admission/confirm.html",
        context={"admission": admission, action: True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def admission_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _close_page(request, pk, action="decline")


@login_required
@require_http_methods(["GET", "POST"])
def admission_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _close_page(request, pk, action="withdraw")


@login_required
def admission_letter(request: HttpRequest, pk: int) -> FileResponse:
    admission = get_object_or_404(Admission, pk=pk)
    if not selectors.can_read_letter(request.user):
        raise PermissionDenied
    if not admission.letter:
        raise Http404
    return FileResponse(
        admission.letter.open("rb"),
        as_attachment=True,
        filename=admission.letter.name.rsplit("/", 1)[-1],
    )
