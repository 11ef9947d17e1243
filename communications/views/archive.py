"""The archive's pages (issue 18): the list with search and filters (anyone: each one sees
what they may read — an anonymous visitor the public documents only), a document's page
with its versions, the download of each version (404 for what the reader may not read:
a document's existence is never revealed), and ST's upload, new version and metadata edit."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.forms import add_version_field
from common.validators import ARCHIVE_UPLOAD_MAX_MB_DEFAULT
from common.versions import with_history_link
from common.views import form_page
from communications.forms.archive import (
    ArchiveFilterForm,
    DocumentMetadataForm,
    DocumentUploadForm,
    VersionUploadForm,
)
from communications.models import Document, DocumentVersion
from communications.selectors.archive import (
    ArchiveFilters,
    access_levels_for,
    can_manage_archive,
    document_for,
    document_list,
    version_for,
)
from communications.services.archive import (
    document_update,
    document_upload,
    document_version_add,
    ensure_can_manage,
)
from members.requests import AuthenticatedRequest

PAGE_SIZE = 25


def _max_mb() -> int:
    return getattr(settings, "ARCHIVE_UPLOAD_MAX_MB", ARCHIVE_UPLOAD_MAX_MB_DEFAULT)


def _readable_document(request: HttpRequest, pk: int) -> Document:
    try:
        return document_for(user=request.user, pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404 from exc


@require_GET
def archive_list(request: HttpRequest) -> HttpResponse:
    form = ArchiveFilterForm(request.GET or None, access_levels=access_levels_for(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    filters = ArchiveFilters(
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        year=data.get("year"),
        organ=data.get("organ") or "",
        country=data.get("country") or "",
        language=data.get("language") or "",
        access=data.get("access") or "",
    )
    documents = document_list(user=request.user, filters=filters)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communications/archive/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "searching": bool(filters.q),
            "can_manage": can_manage_archive(request.user),
        },
    )


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _readable_document(request, pk)
    return render(
        request,
        "communications/archive/detail.html",
        {
            "document": document,
            "versions": document.versions.all(),
            "can_manage": can_manage_archive(request.user),
        },
    )


@require_GET
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        version = version_for(user=request.user, pk=pk)
    except DocumentVersion.DoesNotExist as exc:
        raise Http404 from exc
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_can_manage(request.user)
    form = DocumentUploadForm(request.POST or None, request.FILES or None, max_mb=_max_mb())

    def save():
        data = dict(form.cleaned_data)
        return document_upload(by=request.user, **data)

    return form_page(
        request,
        form,
        save=save,
        success=_("Document added to the archive."),
        next_url=lambda document: reverse("archive:detail", args=[document.pk]),
        template="communications/archive/form.html",
        context={
            "title": _("Upload a document"),
            "multipart": True,
            "cancel_url": reverse("archive:list"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_can_manage(request.user)
    document = _readable_document(request, pk)
    form = DocumentMetadataForm(request.POST or None, instance=document)
    add_version_field(form, document)

    def save():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        fresh = Document.objects.get(pk=pk)
        return with_history_link(
            lambda: document_update(
                by=request.user, document=fresh, expected_version=expected, **data
            ),
            fresh,
        )()

    return form_page(
        request,
        form,
        save=save,
        success=_("Changes saved."),
        next_url=reverse("archive:detail", args=[pk]),
        template="communications/archive/form.html",
        context={
            "title": _("Edit the document's details"),
            "document": document,
            "cancel_url": reverse("archive:detail", args=[pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_can_manage(request.user)
    document = _readable_document(request, pk)
    form = VersionUploadForm(request.POST or None, request.FILES or None, max_mb=_max_mb())
    return form_page(
        request,
        form,
        save=lambda: document_version_add(
            by=request.user,
            document=document,
            file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        ),
        success=_("New version added."),
        next_url=reverse("archive:detail", args=[pk]),
        template="communications/archive/form.html",
        context={
            "title": _("Upload a new version"),
            "document": document,
            "multipart": True,
            "cancel_url": reverse("archive:detail", args=[pk]),
        },
    )
