"""The registry's plain form page (members/form.html): a title, an intro, the form, and one
page to go back to — after a save, or on Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from common.views import form_page


def simple_form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    save: Callable[[], Any],
    success: str | Callable[[Any], str],
    back: str,
    title: str,
    intro: str = "",
    submit_label: str = "",
) -> HttpResponse:
    """common.views.form_page on members/form.html: the service's refusal goes back onto
    the form; after a save the user returns to `back`, the page Cancel leads to as well."""
    return form_page(
        request,
        form,
        save=save,
        success=success,
        next_url=back,
        template="members/form.html",
        context={"title": title, "intro": intro, "cancel_url": back, "submit_label": submit_label},
    )
