"""Pages of the members registry. Views translate HTTP to service and selector calls and
back; the rules themselves live in services.py and permissions.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors
from common.tabular import tabular_response
from members import selectors, services
from members.filters import PersonFilter
from members.forms import ApiTokenForm, DesignationForm, LetterForm, PersonForm, RevokeForm
from members.models import Designation, Person, User
from members.permissions import (
    can_manage_body,
    can_read_directory,
    ensure_can_manage_body,
    ensure_can_manage_person,
    ensure_secretariat,
)

PAGE_SIZE = 25


def country_directory(request: HttpRequest) -> HttpResponse:
    return render(request, "members/directory.html", {"countries": selectors.country_list()})


def body_detail(request: HttpRequest, acronym: str) -> HttpResponse:
    try:
        body = selectors.national_body_detail(acronym=acronym)
    except Exception as exc:  # DoesNotExist
        raise Http404 from exc
    context = {"body": body, "can_manage": can_manage_body(request.user, body)}
    if request.user.is_authenticated:
        context["reps"] = selectors.body_representatives(body=body)
    return render(request, "members/body_detail.html", context)


def observer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/observers.html",
        {"organisations": selectors.observer_organisation_list()},
    )


def offices(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/offices.html",
        {"offices": selectors.office_history(), "committees": selectors.committee_list()},
    )


def legal_framework(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/legal_framework.html",
        {"matrix": selectors.legal_matrix(), "laws": selectors.national_law_list()},
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not can_read_directory(request.user):
        raise PermissionDenied
    people = PersonFilter(request.GET, queryset=selectors.person_list())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = [
            _("Last name"),
            _("First name"),
            _("Country"),
            _("Institution"),
            _("Position"),
            _("E-mail"),
            _("Phone"),
            _("Observer organisation"),
            _("Current designations"),
        ]
        rows = (
            [
                p.last_name,
                p.first_name,
                p.country.name if p.country else "",
                p.institution,
                p.position,
                p.email,
                p.phone,
                p.observer_organisation.acronym if p.observer_organisation else "",
                "; ".join(
                    f"{d.get_role_display()} {d.national_body.acronym}"
                    for d in p.current_designations
                ),
            ]
            for p in people.qs
        )
        return tabular_response(filename="directorio", headers=headers, rows=rows, fmt=fmt)
    page = Paginator(people.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/person_list.html",
        {"filter": people, "page": page, "query": query.urlencode()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_secretariat or request.user.is_focal_point):
        raise PermissionDenied
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added to the directory.") % {"name": person})
            return redirect("members:person-list")
    return render(request, "members/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    ensure_can_manage_person(request.user, person)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        # The form already wrote the values onto the instance; start from the stored row.
        person.refresh_from_db()
        try:
            services.person_update(user=request.user, person=person, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("members:person-list")
    return render(request, "members/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def designation_create(request: HttpRequest, acronym: str) -> HttpResponse:
    body = selectors.national_body_detail(acronym=acronym)
    ensure_can_manage_body(request.user, body)
    form = DesignationForm(request.POST or None, request.FILES or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.designation_create(user=request.user, national_body=body, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Designation recorded."))
            return redirect("members:body-detail", acronym=body.acronym)
    return render(request, "members/designation_form.html", {"form": form, "body": body})


@login_required
@require_http_methods(["GET", "POST"])
def designation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    designation = get_object_or_404(
        Designation.objects.select_related("national_body", "person"), pk=pk
    )
    ensure_can_manage_body(request.user, designation.national_body)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.designation_revoke(
                user=request.user, designation=designation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Designation revoked; it stays in the history."))
            return redirect("members:body-detail", acronym=designation.national_body.acronym)
    return render(
        request, "members/designation_revoke.html", {"form": form, "designation": designation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def designation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    designation = get_object_or_404(
        Designation.objects.select_related("national_body", "person"), pk=pk
    )
    ensure_can_manage_body(request.user, designation.national_body)
    form = LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.designation_upload_letter(
            user=request.user, designation=designation, letter=form.cleaned_data["letter"]
        )
        messages.success(request, _("Accreditation letter uploaded."))
        return redirect("members:body-detail", acronym=designation.national_body.acronym)
    return render(
        request, "members/designation_letter.html", {"form": form, "designation": designation}
    )


@login_required
def designation_letter_download(request: HttpRequest, pk: int) -> FileResponse:
    """Letters are not public media: any signed-in member of the coalition may read them."""
    designation = get_object_or_404(Designation, pk=pk)
    if not designation.accreditation_letter or not can_read_directory(request.user):
        raise Http404
    return FileResponse(designation.accreditation_letter.open("rb"), as_attachment=True)


@login_required
def history_list(request: HttpRequest) -> HttpResponse:
    ensure_secretariat(request.user)
    return render(request, "members/history.html", {"records": selectors.recent_changes()})


@login_required
def history_detail(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    try:
        entries = selectors.object_history(app_label=app_label, model_name=model_name, pk=pk)
    except LookupError as exc:
        raise Http404 from exc
    return render(
        request,
        "members/history_detail.html",
        {"entries": entries, "label": f"{app_label}.{model_name} #{pk}"},
    )


# --- API tokens (issue #8): ST issues, lists and revokes the tokens of /api/v1/ ------------


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List of tokens and the form for a new one. The raw token is shown once, in the answer
    to the POST itself (never stored, never redirected through the session), uncached."""
    ensure_secretariat(request.user)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = render(request, "members/api_token_created.html", {"issued": issued})
            response["Cache-Control"] = "no-store"
            return response
    page = Paginator(selectors.api_token_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    for account in page:
        account.token_state = selectors.token_state(account)
        account.token_state_label = selectors.TokenState.LABELS[account.token_state]
        account.token = account.tokens[0] if account.tokens else None
    return render(request, "members/api_tokens.html", {"form": form, "page": page})


@login_required
@require_http_methods(["POST"])
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    account = get_object_or_404(User, pk=pk)
    try:
        services.api_token_revoke(user=request.user, account=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Token “%(label)s” revoked.") % {"label": account.first_name})
    return redirect("members:api-tokens")
