"""Pages of the regional directory (issue 19): the list of contact points with filters and
exports (CSV, XLSX, vCard), an entry's page, its forms and "mark verified", the freshness
board (ST) and the institutions. The rules live in directories.permissions, selectors and
services; every list and export reads visible_contact_points."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_version_field
from common.tabular import tabular_response
from common.versions import with_history_link
from common.views import flash_action, form_page
from directories import services
from directories.forms.contacts import ContactPointFilterForm, ContactPointForm, InstitutionForm
from directories.models import Area, ContactPoint, Institution, Level
from directories.permissions import (
    can_edit_country,
    can_keep_directory,
    can_read_directory,
    ensure_can_edit_country,
    ensure_can_keep_directory,
)
from directories.selectors.contacts import (
    contact_point_detail,
    filter_contact_points,
    freshness_board,
    institution_list,
    visible_contact_points,
)
from members.requests import AuthenticatedRequest

PAGE_SIZE = 25


# --- vCard 3.0 (RFC 2426), one card per entry -----------------------------------------


def _vescape(value: str) -> str:
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def vcard_text(entries) -> str:
    cards = []
    type_labels = {value: str(label) for value, label in ContactPoint.Type.choices}
    for e in entries:
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_vescape(e.contact_name or e.name)}"]
        org = e.institution.name if e.institution else e.name
        lines.append(f"ORG:{_vescape(org)}")
        if e.position:
            lines.append(f"TITLE:{_vescape(e.position)}")
        if e.email:
            lines.append(f"EMAIL;TYPE=INTERNET,WORK:{_vescape(e.email)}")
        if e.phone:
            lines.append(f"TEL;TYPE=WORK,VOICE:{_vescape(e.phone)}")
        if e.website:
            lines.append(f"URL:{_vescape(e.website)}")
        if e.address or e.city:
            parts = ["", "", e.address, e.city, "", "", e.country.name]
            lines.append("ADR;TYPE=WORK:" + ";".join(_vescape(p) for p in parts))
        lines.append(f"NOTE:{_vescape(type_labels.get(e.type, e.type))}")
        lines.append("END:VCARD")
        cards.append("\r\n".join(lines))
    return "\r\n".join(cards) + ("\r\n" if cards else "")


def _export(entries, fmt: str) -> HttpResponse:
    if fmt == "vcf":
        response = HttpResponse(
            vcard_text(entries.iterator(chunk_size=2000)), content_type="text/vcard; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="directorio.vcf"'
        return response
    headers = [
        _("Country"),
        _("Type"),
        _("Office or post"),
        _("Institution"),
        _("Contact person"),
        _("Position"),
        _("Level"),
        _("E-mail"),
        _("Phone"),
        _("Website"),
        _("Address"),
        _("City"),
        _("Areas"),
        _("Verified on"),
    ]
    # Labels translated once, not per row (get_*_display rebuilds them on every call).
    area_labels = {value: str(label) for value, label in Area.choices}
    type_labels = {value: str(label) for value, label in ContactPoint.Type.choices}
    level_labels = {value: str(label) for value, label in Level.choices}
    rows = (
        [
            e.country.name,
            type_labels.get(e.type, e.type),
            e.name,
            e.institution.name if e.institution else "",
            e.contact_name,
            e.position,
            level_labels.get(e.level, e.level),
            e.email,
            e.phone,
            e.website,
            e.address,
            e.city,
            "; ".join(str(area_labels.get(a, a)) for a in e.areas),
            e.verified_on.isoformat() if e.verified_on else "",
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    return tabular_response(filename="directorio", headers=headers, rows=rows, fmt=fmt)


@login_required
def contact_point_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_read_directory(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = ContactPointFilterForm(request.GET or None, user=request.user)
    entries = filter_contact_points(
        visible_contact_points(request.user), today=today, **form.filters()
    )
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx", "vcf"):
        return _export(entries, fmt)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page:
        entry.stale_flag = entry.is_stale(today)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "directories/contacts/list.html",
        {
            "filter_form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": can_keep_directory(request.user),
        },
    )


@login_required
def contact_point_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        entry = contact_point_detail(request.user, pk)
    except ContactPoint.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "directories/contacts/detail.html",
        {
            "entry": entry,
            "stale": entry.is_stale(timezone.localdate()),
            "can_edit": can_edit_country(request.user, entry.country_id),
        },
    )


def _entry_form_page(request, form, entry, **kwargs):
    return form_page(
        request,
        form,
        template="directories/contacts/form.html",
        context={"entry": entry},
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_keep_directory(request.user)
    form = ContactPointForm(request.POST or None, user=request.user)
    return _entry_form_page(
        request,
        form,
        None,
        save=lambda: services.contact_point_create(user=request.user, **form.cleaned_data),
        success=_("Entry added to the directory."),
        next_url=lambda entry: reverse("contacts:detail", args=[entry.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_point_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ContactPoint, pk=pk)
    ensure_can_edit_country(request.user, entry.country_id)
    form = ContactPointForm(request.POST or None, instance=entry, user=request.user)
    add_version_field(form, entry)

    def save():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        expected = fields.pop("version")
        entry.refresh_from_db()
        return services.contact_point_update(
            user=request.user, contact_point=entry, expected_version=expected, **fields
        )

    return _entry_form_page(
        request,
        form,
        entry,
        save=with_history_link(save, entry),
        success=_("Changes saved."),
        next_url=reverse("contacts:detail", args=[entry.pk]),
    )


@login_required
@require_POST
def contact_point_verify(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ContactPoint, pk=pk)
    ensure_can_edit_country(request.user, entry.country_id)
    flash_action(
        request,
        lambda: services.contact_point_verify(user=request.user, contact_point=entry),
        success=_("Marked verified today."),
    )
    return redirect("contacts:detail", pk=entry.pk)


@login_required
def freshness(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_secretariat:
        raise PermissionDenied
    types, rows = freshness_board(timezone.localdate())
    return render(request, "directories/contacts/freshness.html", {"types": types, "rows": rows})


# --- Institutions ---------------------------------------------------------------------


@login_required
def institutions(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_keep_directory(request.user)
    page = Paginator(institution_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for institution in page:
        institution.editable = can_edit_country(request.user, institution.country_id)
    return render(request, "directories/contacts/institutions.html", {"page": page, "query": ""})


@login_required
@require_http_methods(["GET", "POST"])
def institution_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_keep_directory(request.user)
    form = InstitutionForm(request.POST or None, user=request.user)
    return form_page(
        request,
        form,
        save=lambda: services.institution_create(user=request.user, **form.cleaned_data),
        success=_("Institution added."),
        next_url=reverse("contacts:institutions"),
        template="directories/contacts/form.html",
        context={"institution_form": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(Institution, pk=pk)
    ensure_can_edit_country(request.user, institution.country_id)
    form = InstitutionForm(request.POST or None, instance=institution, user=request.user)
    add_version_field(form, institution)

    def save():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        expected = fields.pop("version")
        institution.refresh_from_db()
        return services.institution_update(
            user=request.user, institution=institution, expected_version=expected, **fields
        )

    return form_page(
        request,
        form,
        save=with_history_link(save, institution),
        success=_("Changes saved."),
        next_url=reverse("contacts:institutions"),
        template="directories/contacts/form.html",
        context={"institution_form": True},
    )
