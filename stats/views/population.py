"""ST's page to upload the SDG 16.2.2 population denominators (a WPP CSV, the same import as
`manage.py import_population`); it lists what is loaded. ST only: the denominators are the
Secretariat's to load (issue 20)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.views import form_page
from members.requests import AuthenticatedRequest
from stats.forms.population import PopulationUploadForm
from stats.population import ImportResult, import_wpp, population_loaded


def _imported(result: ImportResult) -> str:
    return _(
        "Population imported (%(countries)s; %(years)s): figures created: %(created)s; "
        "updated: %(updated)s."
    ) % {
        "created": result.created,
        "updated": result.updated,
        "countries": ", ".join(result.countries),
        "years": ", ".join(str(y) for y in result.years),
    }


@login_required
@require_http_methods(["GET", "POST"])
def population_upload(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_secretariat:
        raise PermissionDenied
    form = PopulationUploadForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        save=lambda: import_wpp(
            form.cleaned_data["file"],
            source=form.cleaned_data["source"],
            years=form.cleaned_data["years"],
            is_demo=form.cleaned_data["is_demo"],
        ),
        success=_imported,
        next_url=request.path,
        template="stats/population_upload.html",
        context={"loaded": population_loaded()},
    )
