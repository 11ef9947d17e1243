"""The overview of the Presidency's work: the four registers and what waits."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from presidency import permissions


@login_required
def overview(request):
    if not permissions.can_read(request.user):
        raise PermissionDenied
    return render(request, "presidency/overview.html", {})
