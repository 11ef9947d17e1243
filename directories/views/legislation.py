"""Pages of the comparative legislation (issue 19; 002 e.A, 001 §5.D.5 and §5.E.1): the
public matrix and its export, a focal point's cell form, ST's review of a proposed cell,
the reform tracker. Views translate HTTP to service and selector calls; the rules live in
directories.services.legislation and directories.selectors.legislation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.forms import add_service_errors
from common.tabular import tabular_response
from common.versions import with_history_link
from common.views import form_page
from directories.forms.legislation import CellForm, ReformForm, ReviewForm
from directories.models import LegislationCell, LegislationDimension, Reform
from directories.selectors import legislation as selectors
from directories.services import legislation as services
from members.models import Country
from members.requests import AuthenticatedRequest
from members.selectors import member_countries_on


def matrix(request: HttpRequest) -> HttpResponse:
    """Public: validated cells only; ST and a country's focal point also see proposals."""
    data = selectors.legislation_matrix(user=request.user)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        headers = [
            _("ISO code"),
            _("Country"),
            _("Code"),
            _("Dimension"),
            _("Article"),
            _("Excerpt"),
            _("Source"),
            _("State"),
        ]
        return tabular_response(
            filename="legislacion-comparada",
            headers=headers,
            rows=selectors.matrix_export_rows(data),
            fmt=fmt,
        )
    return render(request, "directories/legislation/matrix.html", {"matrix": data})


@login_required
def cell_edit(request: AuthenticatedRequest, iso: str, code: str) -> HttpResponse:
    country = get_object_or_404(Country, iso_code=iso.upper())
    dimension = get_object_or_404(LegislationDimension, code=code)
    if not selectors.can_edit_country(request.user, country):
        raise PermissionDenied
    cell = LegislationCell.objects.filter(country=country, dimension=dimension).first()
    form = CellForm(request.POST or None, cell=cell)

    def save():
        return services.cell_propose(
            user=request.user,
            country=country,
            dimension=dimension,
            expected_version=form.cleaned_data.get("version"),
            **{k: form.cleaned_data[k] for k in ("article", "excerpt", "source")},
        )

    return form_page(
        request,
        form,
        save=with_history_link(save, cell) if cell else save,
        success=_("Proposed: the Technical Secretariat will validate it."),
        next_url=reverse("legislation:matrix"),
        template="directories/legislation/cell_form.html",
        context={"country": country, "dimension": dimension, "cell": cell},
    )


@login_required
def cell_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not selectors.can_validate(request.user):
        raise PermissionDenied
    cell = get_object_or_404(LegislationCell.objects.select_related("country", "dimension"), pk=pk)
    form = ReviewForm(request.POST or None, cell=cell)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        version = form.cleaned_data["version"]
        try:
            if action == "return":
                services.cell_return(
                    user=request.user,
                    cell=cell,
                    note=form.cleaned_data["note"],
                    expected_version=version,
                )
                messages.success(request, _("Returned to the focal point with your note."))
            else:
                services.cell_validate(user=request.user, cell=cell, expected_version=version)
                messages.success(request, _("Validated: the cell is now public."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("legislation:matrix")
    return render(
        request,
        "directories/legislation/cell_review.html",
        {"form": form, "cell": cell, "proposals": selectors.proposed_cells()},
    )


def reform_list(request: HttpRequest) -> HttpResponse:
    """Public reform tracker, all countries or one (?country=HN)."""
    iso = (request.GET.get("country") or "").upper()
    country = Country.objects.filter(iso_code=iso).first() if iso else None
    return render(
        request,
        "directories/legislation/reform_list.html",
        {
            "reforms": selectors.reform_list(country=country.iso_code if country else None),
            "country": country,
            "countries": member_countries_on(timezone.localdate()).order_by("name_es"),
            "can_record": country is not None
            and selectors.can_record_reforms_of(request.user, country),
            "can_record_any": selectors.can_validate(request.user)
            or selectors.focal_point_country_id(request.user) is not None,
        },
    )


def _reform_next(reform: Reform) -> str:
    return reverse("legislation:reform-list") + f"?country={reform.country.iso_code}"


@login_required
def reform_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    own = selectors.focal_point_country_id(user)
    if own is None and not selectors.can_validate(user):
        raise PermissionDenied
    countries = member_countries_on(timezone.localdate()).order_by("name_es")
    form = ReformForm(request.POST or None, countries=None if own else countries)

    def save():
        country = Country.objects.get(pk=own) if own else form.cleaned_data["country"]
        return services.reform_save(
            user=user,
            country=country,
            dimensions=form.cleaned_data["dimensions"],
            **{k: form.cleaned_data[k] for k in services.REFORM_FIELDS},
        )

    return form_page(
        request,
        form,
        save=save,
        success=_("Reform recorded."),
        next_url=_reform_next,
        template="directories/legislation/reform_form.html",
        context={"reform": None},
    )


@login_required
def reform_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    reform = get_object_or_404(Reform.objects.select_related("country"), pk=pk)
    if not selectors.can_record_reforms_of(request.user, reform.country):
        raise PermissionDenied
    form = ReformForm(request.POST or None, instance=reform)

    def save():
        return services.reform_save(
            user=request.user,
            country=reform.country,
            reform=reform,
            expected_version=form.cleaned_data["version"],
            dimensions=form.cleaned_data["dimensions"],
            **{k: form.cleaned_data[k] for k in services.REFORM_FIELDS},
        )

    return form_page(
        request,
        form,
        save=with_history_link(save, reform),
        success=_("Reform saved."),
        next_url=_reform_next,
        template="directories/legislation/reform_form.html",
        context={"reform": reform},
    )
