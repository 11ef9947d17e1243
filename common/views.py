"""View helpers shared by every app's pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from common.forms import add_service_errors


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[], Any],
    success: str | Callable[[Any], str],
    next_url: str | Callable[[Any], str],
    template: str,
    context: dict | None = None,
) -> HttpResponse:
    """The page of a form whose valid POST calls a service.

    `save()` calls the service (it runs only once the form is valid, so it may read
    `form.cleaned_data`). A ValidationError of the service goes back onto the form, per field
    where it names one (add_service_errors), and the page is shown again; otherwise the
    `success` message is flashed and the user is sent to `next_url`. Both may be functions of
    what `save()` returned (e.g. the page of the record it created). The template gets `form`
    and `context`."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(next_url(result) if callable(next_url) else next_url)
    return render(request, template, {"form": form, **(context or {})})


def flash_action(request: HttpRequest, action: Callable[[], Any], *, success: str) -> bool:
    """Run a button's service call (a POST without a form): flash `success`, or the
    service's refusal as one error message. Returns whether the action was done."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True
