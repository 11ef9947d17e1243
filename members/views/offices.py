"""The offices page (public): who holds each office, for which term, elected by which
agreement; ST records a new holder and corrects a term there, without the admin."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members import selectors, services
from members.forms import OfficeEditForm, OfficeHolderForm
from members.models import Office
from members.permissions import can_read_committees, ensure_secretariat
from members.requests import AuthenticatedRequest
from members.views.shared import simple_form_page


def offices(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/offices.html",
        {
            "board": selectors.office_board(),
            "committees": selectors.committee_list(),
            "can_edit": request.user.is_authenticated and request.user.is_secretariat,
            "can_read_committees": can_read_committees(request.user),
        },
    )


def _office_label(office: Office) -> dict:
    return {
        "office": office.get_kind_display(),
        "country": office.country,
        "day": date_format(office.start_date, "SHORT_DATE_FORMAT"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def office_holder_create(request: AuthenticatedRequest) -> HttpResponse:
    ensure_secretariat(request.user)
    form = OfficeHolderForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    board = selectors.office_board()
    current = "; ".join(f"{label}: {h.country}" for label, h in board.holders if h is not None)
    intro = _(
        "One holder per office at a time: the holder in office on the start day hands over, "
        "their term ending the day before."
    )
    if current:
        intro = f"{intro} {_('In office today')} — {current}."
    return simple_form_page(
        request,
        form,
        save=lambda: services.office_holder_record(user=request.user, **form.cleaned_data),
        success=lambda office: (
            _("%(office)s: %(country)s recorded from %(day)s.") % _office_label(office)
        ),
        back=reverse("members:offices"),
        title=_("Record a new office holder"),
        intro=intro,
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    office = get_object_or_404(Office.objects.select_related("country"), pk=pk)
    form = OfficeEditForm(
        request.POST or None,
        initial={
            "end_date": office.end_date,
            "end_is_latest": office.end_is_latest,
            "electing_agreement": office.electing_agreement,
            "note": office.note,
            "version": office.version,
        },
    )

    def save():
        data = dict(form.cleaned_data)
        return services.office_update(
            user=request.user, office=office, expected_version=data.pop("version"), **data
        )

    return simple_form_page(
        request,
        form,
        save=save,
        success=_("Changes saved."),
        back=reverse("members:offices"),
        title=_("%(office)s · %(country)s from %(day)s") % _office_label(office),
    )
