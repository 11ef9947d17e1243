"""ST's history pages: the latest changes of every audited model, one object's versions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from members import selectors
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest


@login_required
def history_list(request: AuthenticatedRequest) -> HttpResponse:
    ensure_secretariat(request.user)
    return render(request, "members/history.html", {"records": selectors.recent_changes()})


@login_required
def history_detail(
    request: AuthenticatedRequest, app_label: str, model_name: str, pk: int
) -> HttpResponse:
    ensure_secretariat(request.user)
    try:
        entries = selectors.object_history(app_label=app_label, model_name=model_name, pk=pk)
    except LookupError as exc:
        raise Http404 from exc
    return render(
        request,
        "members/history_detail.html",
        {"entries": entries, "label": f"{app_label}.{model_name} #{pk}"},
    )
