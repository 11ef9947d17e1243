"""The registry's plain form page (members/form.html): a title, an intro, the form, and one
page to go back to — after a save, or on Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

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


def with_history_link(save: Callable[[], Any], record: Model) -> Callable[[], Any]:
    """`save` (a service call) whose refusal of a stale form (code stale_version,
    common.versions) comes back with a link to the record's history, where the editor sees
    the change that came first. Any other refusal passes through unchanged."""

    def call():
        try:
            return save()
        except ValidationError as error:
            if getattr(error, "code", None) != "stale_version":
                raise
            raise stale_version_refusal(error, record) from error

    return call


def stale_version_refusal(error: ValidationError, record: Model) -> ValidationError:
    """The stale_version refusal, its message followed by a link to the record's history."""
    meta = record._meta
    url = reverse("history-detail", args=[meta.app_label, meta.model_name, record.pk])
    message = format_html(
        '{} <a href="{}">{}</a>', " ".join(error.messages), url, _("See the record's history.")
    )
    return ValidationError(message, code="stale_version")
