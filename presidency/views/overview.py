"""The overview of the Presidency's work: the four registers and what waits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from presidency import permissions
from presidency.selectors.overview import overview as overview_of


@login_required
def overview(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied
    return render(
        request,
        "presidency/overview.html",
        {
            "o": overview_of(user=request.user),
            "can_manage": permissions.can_manage(request.user),
            "can_record": permissions.can_record_promotion(request.user),
            "can_read_regional": permissions.can_read_regional_view(request.user),
        },
    )
