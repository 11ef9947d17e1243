"""The representation log's pages (/presidency/representation/): the list and its CSV
export, recording and editing an entry, its page (documents, the plenary it is reported at,
its history), deleting it after a confirmation page, marking it reported, its documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.tabular import tabular_response
from common.versions import with_history_link
from common.views import flash_action, form_page
from members.requests import AuthenticatedRequest
from members.selectors.history import object_history
from presidency import permissions
from presidency.forms_representation import (
    DocumentForm,
    EntryFilterForm,
    EntryForm,
    MarkReportedForm,
)
from presidency.selectors import representation as selectors
from presidency.services import representation as services

PAGE_SIZE = 25
FORM_TEMPLATE = "presidency/representation/form.html"


def _ensure_can_read(request: AuthenticatedRequest) -> None:
    if not permissions.can_read(request.user):
        raise PermissionDenied


def _entry_url(pk: int, anchor: str = "") -> str:
    url = reverse("presidency:representation-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, form, *, title, save, success, next_url, entry=None, multipart=False):
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=next_url,
        template=FORM_TEMPLATE,
        context={
            "title": title,
            "entry": entry,
            "multipart": multipart,
            "cancel_url": _entry_url(entry.pk)
            if entry
            else reverse("presidency:representation-list"),
        },
    )


@login_required
@require_GET
def entry_list(request: AuthenticatedRequest) -> HttpResponse:
    _ensure_can_read(request)
    filter_form = EntryFilterForm(request.GET or None)
    entries = selectors.entry_list(request.user, **filter_form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "presidency/representation/list.html",
        {
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "can_record": selectors.can_record(request.user),
        },
    )


@login_required
@require_GET
def entry_export(request: AuthenticatedRequest) -> HttpResponse:
    """The filtered list as CSV (or .xlsx with ?format=xlsx)."""
    _ensure_can_read(request)
    filter_form = EntryFilterForm(request.GET or None)
    entries = selectors.entry_list(request.user, **filter_form.filters())
    headers = [
        _("Event"),
        _("Kind"),
        _("From"),
        _("Until"),
        _("Place"),
        _("Represented by"),
        _("Person"),
        _("Country"),
        _("Status"),
        _("Reported at"),
        _("Reported on"),
        _("Positions taken"),
        _("Outcomes"),
    ]
    rows = (
        [
            e.event_name,
            e.get_kind_display(),
            e.start_date.isoformat(),
            e.end_date.isoformat(),
            e.place,
            e.get_represented_by_display(),
            e.who,
            e.country.name if e.country is not None else "",
            e.get_status_display(),
            e.reported_at.title if e.reported_at is not None else "",
            e.reported_on.isoformat() if e.reported_on else "",
            e.positions,
            e.outcomes,
        ]
        for e in entries
    )
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return tabular_response(filename="representation", headers=headers, rows=rows, fmt=fmt)


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: AuthenticatedRequest) -> HttpResponse:
    _ensure_can_read(request)
    if not selectors.can_record(request.user):
        raise PermissionDenied
    form = EntryForm(request.POST or None, full=selectors.records_representation(request.user))
    return _form_page(
        request,
        form,
        title=_("Record a representation"),
        save=lambda: services.entry_create(user=request.user, **form.fields_for_service()),
        success=_("Entry recorded."),
        next_url=lambda entry: _entry_url(entry.pk),
    )


@login_required
@require_GET
def entry_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(request.user, pk)
    return render(
        request,
        "presidency/representation/detail.html",
        {
            "entry": entry,
            "flags": selectors.entry_page(request.user, entry),
            "documents": entry.documents.select_related("uploaded_by"),
            "history": object_history(
                app_label="presidency", model_name="representationentry", pk=entry.pk
            ),
            "can_see_full_history": request.user.is_secretariat,
        },
    )


def _editable(request: AuthenticatedRequest, pk: int):
    entry = selectors.entry_for(request.user, pk)
    if not selectors.entry_page(request.user, entry).can_edit:
        raise PermissionDenied
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = _editable(request, pk)
    form = EntryForm(
        request.POST or None, instance=entry, full=selectors.records_representation(request.user)
    )
    return _form_page(
        request,
        form,
        title=_("Edit the entry"),
        entry=entry,
        save=with_history_link(
            lambda: services.entry_update(
                user=request.user,
                entry=entry,
                version=form.cleaned_data["version"],
                **form.fields_for_service(),
            ),
            entry,
        ),
        success=_("Changes saved."),
        next_url=_entry_url(pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = _editable(request, pk)
    if request.method == "POST":
        done = flash_action(
            request,
            lambda: services.entry_delete(user=request.user, entry=entry),
            success=_("Entry deleted."),
        )
        if done:
            return redirect("presidency:representation-list")
        return redirect(_entry_url(pk))
    return render(
        request,
        "presidency/representation/delete.html",
        {"entry": entry, "cancel_url": _entry_url(pk)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_report(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(request.user, pk)
    if not selectors.entry_page(request.user, entry).can_mark_reported:
        raise PermissionDenied
    form = MarkReportedForm(request.POST or None, entry=entry)
    return _form_page(
        request,
        form,
        title=_("Mark reported to the plenary"),
        entry=entry,
        save=with_history_link(
            lambda: services.entry_mark_reported(
                user=request.user,
                entry=entry,
                meeting=form.cleaned_data["meeting"],
                version=form.cleaned_data["version"],
            ),
            entry,
        ),
        success=_("Entry marked reported."),
        next_url=_entry_url(pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(request.user, pk)
    if not selectors.entry_page(request.user, entry).can_add_document:
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    return _form_page(
        request,
        form,
        title=_("Add a document"),
        entry=entry,
        multipart=True,
        save=lambda: services.document_add(user=request.user, entry=entry, **form.cleaned_data),
        success=_("Document added."),
        next_url=_entry_url(pk, "documents"),
    )


@login_required
@require_POST
def document_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = selectors.document_for(request.user, pk)
    flash_action(
        request,
        lambda: services.document_remove(user=request.user, document=document),
        success=_("Document removed."),
    )
    return redirect(_entry_url(document.entry_id, "documents"))


@login_required
@require_GET
def document_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A document of an entry, for whoever reads the entry (else not found)."""
    document = selectors.document_for(request.user, pk)
    return FileResponse(document.file.open("rb"), as_attachment=True)
