"""ST issues, lists and revokes the tokens of /api/v1/ (issue #8)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import add_service_errors
from common.views import flash_action
from members import selectors, services
from members.forms import ApiTokenForm
from members.models import User
from members.permissions import ensure_secretariat
from members.requests import AuthenticatedRequest
from members.views.registry import PAGE_SIZE


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    """List of tokens and the form for a new one. The raw token is shown once, in the answer
    to the POST itself (never stored, never redirected through the session), uncached."""
    ensure_secretariat(request.user)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = render(request, "members/api_token_created.html", {"issued": issued})
            response["Cache-Control"] = "no-store"
            return response
    page = Paginator(selectors.api_token_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    for account in page:
        account.token_state = selectors.token_state(account)
        account.token_state_label = selectors.TokenState.LABELS[account.token_state]
        account.token = account.tokens[0] if account.tokens else None
    return render(request, "members/api_tokens.html", {"form": form, "page": page})


@login_required
@require_http_methods(["POST"])
def api_token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    ensure_secretariat(request.user)
    account = get_object_or_404(User, pk=pk)
    flash_action(
        request,
        lambda: services.api_token_revoke(user=request.user, account=account),
        success=_("Token “%(label)s” revoked.") % {"label": account.first_name},
    )
    return redirect("members:api-tokens")
