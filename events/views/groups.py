"""The working groups' pages (issue 21; 004): a group's form (its people among the confirmed
participants), its matrix (the table's columns and rows, or an uploaded file), its
presentation in plenary; the event's documents (the pre-reading dossier) and outputs, their
downloads (for whoever sees the event; a draft output for the organisers only) and the
approval at the close. The rules live in events.services.groups; the board itself is part
of the event page (templates/events/_groups_section.html)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.forms import add_version_field
from common.views import form_page
from events import selectors, services
from events.forms import (
    EventDocumentForm,
    EventOutputForm,
    FileForm,
    MatrixColumnsForm,
    MatrixRowForm,
    PresentationForm,
    WorkingGroupForm,
)
from events.models import Event, EventDocument, EventOutput, WorkingGroup, WorkingGroupRow
from events.views.base import (
    ensure_can_organise,
    event_url,
    get_event,
    post_action,
    posted_version,
    saving,
)
from members.requests import AuthenticatedRequest


def _groups_url(event_id: int, group_id: int | None = None) -> str:
    return event_url(event_id, f"group-{group_id}" if group_id else "groups")


def _editable_event(request: AuthenticatedRequest, pk: int) -> Event:
    """An event the user sees whose groups and documents the user may change now."""
    event = get_event(request, pk)
    ensure_can_organise(request)
    if not selectors.groups_flags(user=request.user, event=event).can_edit:
        raise PermissionDenied
    return event


def _group(request: AuthenticatedRequest, pk: int, *, edit: bool = True) -> WorkingGroup:
    group = get_object_or_404(WorkingGroup, pk=pk)
    group.event = (
        _editable_event(request, group.event_id) if edit else get_event(request, group.event_id)
    )
    return group


def _page(request, form, *, title, event, save, success, next_url, multipart=False, **extra):
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=next_url,
        template="events/group_form.html",
        context={
            "title": title,
            "event": event,
            "multipart": multipart,
            "cancel_url": _groups_url(event.pk),
            **extra,
        },
    )


# --- Groups ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    form = WorkingGroupForm(request.POST or None, people=selectors.confirmed_participants(event))
    return _page(
        request,
        form,
        title=_("New working group"),
        event=event,
        save=saving(
            form,
            lambda: services.group_save(user=request.user, event=event, **form.group_fields()),
        ),
        success=_("Working group created."),
        next_url=lambda group: _groups_url(pk, group.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    event = group.event
    form = WorkingGroupForm(
        request.POST or None, instance=group, people=selectors.confirmed_participants(event)
    )
    add_version_field(form, group)

    def save():
        fields = form.group_fields()
        expected = form.cleaned_data["version"]
        group.refresh_from_db()
        return services.group_save(
            user=request.user, event=event, group=group, expected_version=expected, **fields
        )

    return _page(
        request,
        form,
        title=_("Edit the working group"),
        event=event,
        save=saving(form, save, group),
        success=_("Changes saved."),
        next_url=_groups_url(event.pk, group.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page; POST: the removal (kept in the history)."""
    group = _group(request, pk)
    back = _groups_url(group.event_id)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.group_delete(user=request.user, group=group),
            record=group,
            to=back,
            success=_("Working group removed."),
        )
    return render(
        request,
        "events/group_delete.html",
        {"group": group, "event": group.event, "cancel_url": back},
    )


# --- The matrix -----------------------------------------------------------------------------


def _matrix_url(group_id: int, anchor: str = "") -> str:
    url = reverse("events:group-matrix", args=[group_id])
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_http_methods(["GET", "POST"])
def group_matrix(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The matrix as a table: its columns (the form of this page), its rows with their
    buttons, and the form of a new row."""
    group = _group(request, pk)
    event = group.event
    initial = {"columns": "\n".join(group.columns)}
    form = MatrixColumnsForm(request.POST or None, initial=initial)
    add_version_field(form, group)
    rows = list(group.rows.order_by("position", "pk"))
    return form_page(
        request,
        form,
        save=saving(
            form,
            lambda: services.matrix_columns_set(
                user=request.user,
                group=group,
                columns=form.column_list(),
                expected_version=form.cleaned_data["version"],
            ),
            group,
        ),
        success=_("Columns saved."),
        next_url=_matrix_url(pk),
        template="events/group_matrix.html",
        context={
            "event": event,
            "group": group,
            "rows": rows,
            "cancel_url": _groups_url(event.pk, group.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def matrix_row_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    form = MatrixRowForm(request.POST or None, columns=group.columns)
    return _page(
        request,
        form,
        title=_("Add a row to the matrix"),
        event=group.event,
        save=saving(
            form,
            lambda: services.matrix_row_add(user=request.user, group=group, cells=form.cells()),
        ),
        success=_("Row added."),
        next_url=lambda row: _matrix_url(pk, f"row-{row.pk}"),
        group=group,
    )


def _row(request: AuthenticatedRequest, pk: int) -> WorkingGroupRow:
    row = get_object_or_404(WorkingGroupRow, pk=pk)
    row.group = _group(request, row.group_id)
    return row


@login_required
@require_http_methods(["GET", "POST"])
def matrix_row_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    row = _row(request, pk)
    group = row.group
    form = MatrixRowForm(request.POST or None, columns=group.columns, cells=row.cells)
    add_version_field(form, row)

    def save():
        return services.matrix_row_update(
            user=request.user,
            row=row,
            cells=form.cells(),
            expected_version=form.cleaned_data["version"],
        )

    return _page(
        request,
        form,
        title=_("Edit the row"),
        event=group.event,
        save=saving(form, save, row),
        success=_("Changes saved."),
        next_url=_matrix_url(group.pk, f"row-{row.pk}"),
        group=group,
    )


@login_required
@require_POST
def matrix_row_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """The row's buttons: up, down, delete (each with the row's version)."""
    if action not in ("up", "down", "delete"):
        raise Http404
    row = _row(request, pk)
    expected = posted_version(request)
    if action == "delete":

        def call():
            return services.matrix_row_delete(user=request.user, row=row, expected_version=expected)

        success = _("Row removed.")
    else:

        def call():
            return services.matrix_row_move(
                user=request.user, row=row, up=action == "up", expected_version=expected
            )

        success = _("Row moved.")
    return post_action(request, call, record=row, to=_matrix_url(row.group_id), success=success)


@login_required
@require_http_methods(["GET", "POST"])
def matrix_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    form = FileForm(request.POST or None, request.FILES or None)
    add_version_field(form, group)
    return _page(
        request,
        form,
        title=_("Upload the matrix"),
        event=group.event,
        multipart=True,
        save=saving(
            form,
            lambda: services.matrix_file_upload(
                user=request.user,
                group=group,
                file=form.cleaned_data["file"],
                expected_version=form.cleaned_data["version"],
            ),
            group,
        ),
        success=_("Matrix uploaded."),
        next_url=_groups_url(group.event_id, group.pk),
        group=group,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_presentation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    event = group.event
    initial = {}
    if group.presented_at:
        initial["presented_at"] = group.presented_at.astimezone(event.zone).replace(tzinfo=None)
    form = PresentationForm(
        request.POST or None, request.FILES or None, event=event, initial=initial
    )
    add_version_field(form, group)
    return _page(
        request,
        form,
        title=_("Presentation in plenary"),
        event=event,
        multipart=True,
        save=saving(
            form,
            lambda: services.group_presentation_record(
                user=request.user,
                group=group,
                presented_at=form.cleaned_data["presented_at"],
                file=form.cleaned_data.get("file"),
                expected_version=form.cleaned_data["version"],
            ),
            group,
        ),
        success=_("Presentation recorded."),
        next_url=_groups_url(event.pk, group.pk),
        group=group,
    )


@login_required
@require_GET
def group_file(request: AuthenticatedRequest, pk: int, which: str) -> FileResponse:
    """A group's matrix file or presentation, for whoever sees the event."""
    if which not in ("matrix", "presentation"):
        raise Http404
    group = _group(request, pk, edit=False)
    field = group.matrix_file if which == "matrix" else group.presentation_file
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True)


# --- Documents ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _editable_event(request, pk)
    form = EventDocumentForm(request.POST or None, request.FILES or None)
    return _page(
        request,
        form,
        title=_("Upload a document"),
        event=event,
        multipart=True,
        save=saving(
            form,
            lambda: services.event_document_upload(
                user=request.user, event=event, **form.cleaned_data
            ),
        ),
        success=_("Document uploaded."),
        next_url=event_url(pk, "documents"),
    )


@login_required
@require_GET
def document_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """An event's document (the dossier's links in the invitation lead here): for whoever
    sees the event (events.selectors.event_for), else not found."""
    document = get_object_or_404(EventDocument, pk=pk)
    get_event(request, document.event_id)
    return FileResponse(document.file.open("rb"), as_attachment=True)


@login_required
@require_POST
def document_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(EventDocument, pk=pk)
    document.event = _editable_event(request, document.event_id)
    return post_action(
        request,
        lambda: services.event_document_delete(user=request.user, document=document),
        record=document,
        to=event_url(document.event_id, "documents"),
        success=_("Document removed."),
    )


# --- Outputs --------------------------------------------------------------------------------


def _output_event(request: AuthenticatedRequest, pk: int) -> Event:
    event = get_event(request, pk)
    ensure_can_organise(request)
    if not selectors.groups_flags(user=request.user, event=event).can_upload_output:
        raise PermissionDenied
    return event


@login_required
@require_http_methods(["GET", "POST"])
def output_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    event = _output_event(request, pk)
    form = EventOutputForm(request.POST or None, request.FILES or None, event=event)
    return _page(
        request,
        form,
        title=_("Upload an output"),
        event=event,
        multipart=True,
        save=saving(
            form,
            lambda: services.output_upload(user=request.user, event=event, **form.cleaned_data),
        ),
        success=_("Output uploaded: approve it at the close."),
        next_url=event_url(pk, "outputs"),
    )


def _output(request: AuthenticatedRequest, pk: int) -> EventOutput:
    output = get_object_or_404(EventOutput.objects.select_related("group"), pk=pk)
    output.event = get_event(request, output.event_id)
    if not selectors.can_see_output(request.user, output):
        raise Http404
    return output


@login_required
@require_GET
def output_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    output = _output(request, pk)
    return FileResponse(output.file.open("rb"), as_attachment=True)


OUTPUT_ACTIONS = ("approve", "delete")


@login_required
@require_POST
def output_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    """The output's buttons: approve (at the close; then archived) or remove a draft."""
    if action not in OUTPUT_ACTIONS:
        raise Http404
    output = _output(request, pk)
    back = event_url(output.event_id, "outputs")
    if action == "approve":
        return post_action(
            request,
            lambda: services.output_approve(
                user=request.user, output=output, expected_version=posted_version(request)
            ),
            record=output,
            to=back,
            success=_("Output approved and kept in the archive."),
        )
    return post_action(
        request,
        lambda: services.output_delete(user=request.user, output=output),
        record=output,
        to=back,
        success=_("Output removed."),
    )
