from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from members import selectors as member_selectors
from monitoring import selectors


def home(request: HttpRequest) -> HttpResponse:
    """Public landing for visitors; for signed-in users, what their role has to do next."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html", {"countries": member_selectors.country_list()})
    return render(request, "home.html", {"summary": selectors.home_summary(user=request.user)})
