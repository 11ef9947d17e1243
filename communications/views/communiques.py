"""Pages of comunicados (issue 18): the recipients' inbox and the comunicado's page (opening
it is recorded, receipt acknowledged with a button); ST's and the Presidency's list, draft
form, confirmation before sending, reminders and the "who has it" view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.forms import add_version_field
from common.tabular import tabular_response
from common.versions import history_linked
from common.views import flash_action, form_page
from communications import permissions
from communications.forms.communiques import CommuniqueForm
from communications.models import Communique
from communications.selectors import communiques as selectors
from communications.services import communiques as services
from members.requests import AuthenticatedRequest

PAGE_SIZE = 25


def _ensure_can_draft(request: HttpRequest) -> None:
    if refusal := permissions.draft_refusal(user=request.user):
        raise refusal


def _reader(request: HttpRequest, pk: int):
    try:
        return selectors.communique_for_reader(user=request.user, pk=pk)
    except Communique.DoesNotExist as exc:
        raise Http404 from exc


def _drafted(request: HttpRequest, pk: int) -> Communique:
    _ensure_can_draft(request)
    try:
        return Communique.objects.get(pk=pk)
    except Communique.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def communique_inbox(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "communications/communiques/inbox.html",
        {"page": page, "can_draft": permissions.can_draft(request.user)},
    )


@login_required
def communique_list(request: AuthenticatedRequest) -> HttpResponse:
    _ensure_can_draft(request)
    page = Paginator(selectors.communique_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "communications/communiques/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def communique_create(request: AuthenticatedRequest) -> HttpResponse:
    _ensure_can_draft(request)
    form = CommuniqueForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda: services.communique_create(by=request.user, **form.service_kwargs()),
        success=_("Draft saved. Check it, then send it."),
        next_url=lambda c: reverse("communiques:detail", args=[c.pk]),
        template="communications/communiques/form.html",
        context={"title": _("New comunicado"), "cancel_url": reverse("communiques:list")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def communique_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    communique = _drafted(request, pk)
    refusal = permissions.edit_refusal(user=request.user, communique=communique)
    if refusal is not None:
        messages.error(request, " ".join(refusal.messages))
        return redirect("communiques:detail", pk=pk)
    form = CommuniqueForm(request.POST or None, request.FILES or None, communique=communique)
    add_version_field(form, communique)

    def save():
        try:
            return services.communique_update(
                by=request.user,
                communique=communique,
                expected_version=form.cleaned_data["version"],
                **form.service_kwargs(),
            )
        except ValidationError as error:
            raise history_linked(error, communique) from error

    return form_page(
        request,
        form,
        save=save,
        success=_("Draft saved."),
        next_url=reverse("communiques:detail", args=[pk]),
        template="communications/communiques/form.html",
        context={
            "title": _("Edit the draft"),
            "communique": communique,
            "cancel_url": reverse("communiques:detail", args=[pk]),
        },
    )


@login_required
def communique_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A recipient opening the page is recorded (the first time)."""
    communique, delivery = _reader(request, pk)
    services.communique_open(user=request.user, delivery=delivery)
    page = selectors.communique_page(user=request.user, communique=communique, delivery=delivery)
    return render(request, "communications/communiques/detail.html", {"page": page})


@login_required
@require_POST
def communique_acknowledge(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    communique, delivery = _reader(request, pk)
    flash_action(
        request,
        lambda: services.communique_acknowledge(user=request.user, delivery=delivery),
        success=_("Thank you: your acknowledgement of receipt was recorded."),
    )
    return redirect("communiques:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def communique_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The confirmation page: sending cannot be undone, so it shows who will receive it,
    per country, first."""
    communique = _drafted(request, pk)
    refusal = permissions.send_refusal(user=request.user, communique=communique)
    if refusal is not None:
        messages.error(request, " ".join(refusal.messages))
        return redirect("communiques:detail", pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            sent = services.communique_send(
                by=request.user, communique=communique, expected_version=version
            )
        except ValidationError as error:
            errors = list(history_linked(error, communique).messages)
        else:
            messages.success(
                request,
                _("%(number)s sent: the e-mails are leaving now.") % {"number": sent.number},
            )
            return redirect("communiques:detail", pk=pk)
    recipients = selectors.communique_recipients(communique, timezone.localdate())
    return render(
        request,
        "communications/communiques/send_confirm.html",
        {
            "communique": communique,
            "groups": selectors.recipients_per_group(recipients),
            "total": len(recipients),
            "errors": errors,
        },
    )


@login_required
@require_POST
def communique_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    communique = _drafted(request, pk)
    try:
        count = services.communique_remind(by=request.user, communique=communique)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is being sent to the recipient who has not acknowledged receipt.",
                "A reminder is being sent to the %(count)s recipients who have not "
                "acknowledged receipt.",
                count,
            )
            % {"count": count},
        )
    return redirect("communiques:recipients", pk=pk)


@login_required
def communique_recipients(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who has it: per country (observers and partners apart), each recipient's states."""
    communique = _drafted(request, pk)
    if communique.status != Communique.Status.SENT:
        raise Http404
    pending = request.GET.get("pending") == "1"
    groups = selectors.who_has_it(communique, not_acknowledged=pending)
    if request.GET.get("format") in ("csv", "xlsx"):
        headers = [
            _("Group"),
            _("Recipient"),
            _("Organisation"),
            _("E-mail"),
            _("State"),
            _("Sent at"),
            _("Opened at"),
            _("Acknowledged at"),
            _("Reminders"),
        ]
        rows = (
            [
                g.label,
                d.name,
                d.organisation,
                d.email,
                d.get_state_display(),
                d.sent_at,
                d.opened_at,
                d.acknowledged_at,
                d.reminders,
            ]
            for g in groups
            for d in g.rows
        )
        return tabular_response(
            filename=(communique.number or "comunicado").lower(),
            headers=headers,
            rows=rows,
            fmt=request.GET["format"],
        )
    totals = {
        "total": sum(g.total for g in groups),
        "sent": sum(g.sent for g in groups),
        "opened": sum(g.opened for g in groups),
        "acknowledged": sum(g.acknowledged for g in groups),
    }
    return render(
        request,
        "communications/communiques/recipients.html",
        {
            "communique": communique,
            "groups": groups,
            "totals": totals,
            "pending": pending,
            "can_remind": permissions.remind_refusal(user=request.user, communique=communique)
            is None,
        },
    )
