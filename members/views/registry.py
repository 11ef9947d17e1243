"""Pages of the registry: countries and bodies, observers, legal framework, the directory
of people, designations and their accreditation letters. Views translate HTTP to service
and selector calls and back; the rules live in members.services and members.permissions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_version_field
from common.tabular import tabular_response
from common.versions import with_history_link
from common.views import form_page
from members import selectors, services
from members.filters import PersonFilter
from members.forms import DesignationForm, LetterForm, NationalBodyForm, PersonForm, RevokeForm
from members.models import Designation, Person
from members.permissions import (
    can_manage_body,
    can_read_directory,
    ensure_can_manage_body,
    ensure_can_manage_person,
    ensure_secretariat,
)
from members.requests import AuthenticatedRequest

PAGE_SIZE = 25


def country_directory(request: HttpRequest) -> HttpResponse:
    can_add_body = request.user.is_authenticated and request.user.is_secretariat
    return render(
        request,
        "members/directory.html",
        {"countries": selectors.country_list(), "can_add_body": can_add_body},
    )


def body_detail(request: HttpRequest, acronym: str) -> HttpResponse:
    try:
        body = selectors.national_body_detail(acronym=acronym)
    except Exception as exc:  # DoesNotExist
        raise Http404 from exc
    context = {
        "body": body,
        "can_manage": can_manage_body(request.user, body),
        "can_read_letters": selectors.can_read_letters_of(request.user, body),
        "other_bodies": selectors.other_bodies_of(body),
    }
    if request.user.is_authenticated:
        context["reps"] = selectors.body_representatives(body=body)
    return render(request, "members/body_detail.html", context)


def observer_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/observers.html",
        {
            "organisations": selectors.observer_organisations(),
            "related": selectors.related_organisations(),
        },
    )


def legal_framework(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/legal_framework.html",
        {
            "matrix": selectors.legal_matrix(),
            "agreements": selectors.regional_agreement_list(),
            "laws": selectors.national_law_list(),
        },
    )


@login_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
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


def _person_form_page(request: HttpRequest, form: PersonForm, person: Person | None, **kwargs):
    """Adding or editing a person of the directory; a save leads back to the directory."""
    return form_page(
        request,
        form,
        next_url=reverse("members:person-list"),
        template="members/person_form.html",
        context={"person": person},
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    if not (request.user.is_secretariat or request.user.is_focal_point):
        raise PermissionDenied
    form = PersonForm(request.POST or None, user=request.user)
    return _person_form_page(
        request,
        form,
        None,
        save=lambda: services.person_create(user=request.user, **form.cleaned_data),
        success=lambda person: _("%(name)s was added to the directory.") % {"name": person},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    ensure_can_manage_person(request.user, person)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    add_version_field(form, person)

    def save():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        expected_version = fields.pop("version")
        # The form already wrote the values onto the instance; start from the stored row.
        person.refresh_from_db()
        return services.person_update(
            user=request.user, person=person, expected_version=expected_version, **fields
        )

    return _person_form_page(
        request, form, person, save=with_history_link(save, person), success=_("Changes saved.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def designation_create(request: AuthenticatedRequest, acronym: str) -> HttpResponse:
    body = selectors.national_body_detail(acronym=acronym)
    ensure_can_manage_body(request.user, body)
    form = DesignationForm(request.POST or None, request.FILES or None, body=body)
    return form_page(
        request,
        form,
        save=lambda: services.designation_create(
            user=request.user, national_body=body, **form.cleaned_data
        ),
        success=_("Designation recorded."),
        next_url=reverse("members:body-detail", args=[body.acronym]),
        template="members/designation_form.html",
        context={"body": body},
    )


@login_required
@require_http_methods(["GET", "POST"])
def national_body_create(request: AuthenticatedRequest) -> HttpResponse:
    """ST records a country's second rector body (for smuggling of migrants)."""
    ensure_secretariat(request.user)
    initial = {}
    if iso := request.GET.get("country"):
        initial["country"] = selectors.country_list().filter(iso_code__iexact=iso).first()
    form = NationalBodyForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.national_body_create(user=request.user, **form.cleaned_data),
        success=lambda body: _("National body %(acronym)s recorded.") % {"acronym": body.acronym},
        next_url=lambda body: reverse("members:body-detail", args=[body.acronym]),
        template="members/form.html",
        context={
            "title": _("Add a rector body"),
            "intro": _(
                "The plenary's representatives are designated by each country's rector "
                "bodies, one per crime (003 §VIII Pleno). The new body designates its own "
                "representatives; its country keeps one vote."
            ),
            "cancel_url": reverse("members:directory"),
            "submit_label": _("Record the body"),
        },
    )


def _designation_form_page(request: HttpRequest, pk: int, form_class, *, save, success, template):
    """A form on one designation (revoke it, upload its letter), for whoever manages its
    body; `save(designation, data)` calls the service, then the body's page is shown."""
    designation = get_object_or_404(
        Designation.objects.select_related("national_body", "person"), pk=pk
    )
    ensure_can_manage_body(request.user, designation.national_body)
    form = form_class(request.POST or None, request.FILES or None)
    add_version_field(form, designation)

    def call():
        data = dict(form.cleaned_data)
        return save(designation, {"expected_version": data.pop("version"), **data})

    return form_page(
        request,
        form,
        save=with_history_link(call, designation),
        success=success,
        next_url=reverse("members:body-detail", args=[designation.national_body.acronym]),
        template=template,
        context={"designation": designation},
    )


@login_required
@require_http_methods(["GET", "POST"])
def designation_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _designation_form_page(
        request,
        pk,
        RevokeForm,
        save=lambda designation, data: services.designation_revoke(
            user=request.user, designation=designation, **data
        ),
        success=_("Designation revoked; it stays in the history."),
        template="members/designation_revoke.html",
    )


@login_required
@require_http_methods(["GET", "POST"])
def designation_letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _designation_form_page(
        request,
        pk,
        LetterForm,
        save=lambda designation, data: services.designation_upload_letter(
            user=request.user,
            designation=designation,
            letter=data["letter"],
            expected_version=data["expected_version"],
        ),
        success=_("Accreditation letter uploaded."),
        template="members/designation_letter.html",
    )


@login_required
def designation_letter_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """Letters are not public media: ST, the Presidency and the letter's own country read
    them (selectors.accreditation_letter_for: 403 for anyone else, 404 without a letter)."""
    try:
        designation = selectors.accreditation_letter_for(user=request.user, pk=pk)
    except Designation.DoesNotExist as exc:
        raise Http404 from exc
    return FileResponse(designation.accreditation_letter.open("rb"), as_attachment=True)
