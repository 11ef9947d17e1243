"""The national bodies' composition (003 §III): the list of bodies with what the sources
state and what the directory holds, and one body's member institutions by sector. Read by
whoever reads the directory's members side; kept through the institutions' forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from directories.models import Institution
from directories.permissions import can_edit_country, can_keep_directory, can_read_directory
from directories.selectors.composition import (
    body_composition,
    body_for_composition,
    composition_list,
)
from members.models import NationalBody
from members.requests import AuthenticatedRequest


def _ensure_can_read(user) -> None:
    if not can_read_directory(user):
        raise PermissionDenied


@login_required
def compositions(request: AuthenticatedRequest) -> HttpResponse:
    _ensure_can_read(request.user)
    return render(
        request,
        "directories/composition/list.html",
        {"rows": composition_list(), "can_keep": can_keep_directory(request.user)},
    )


@login_required
def composition(request: AuthenticatedRequest, acronym: str) -> HttpResponse:
    _ensure_can_read(request.user)
    try:
        body = body_for_composition(acronym)
    except NationalBody.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "directories/composition/detail.html",
        {
            "composition": body_composition(body),
            "can_edit": can_edit_country(request.user, body.country_id),
            "sectors": Institution.Sector,
        },
    )
