"""Accessibility tags for form pages (issue 25).

- `{% error_summary form formset ... %}` renders partials/_error_summary.html: the GOV.UK error
  summary listing every error of the given forms, each linked to its input.
- `{% error_title_prefix %}` (base.html, inside <title>) gives "Error: " when a form of the
  page's context failed validation, and nothing otherwise.
- `{% required_note form %}` renders the sentence that explains the "*" of required fields
  when the form has one.
- `{{ value|iso_date }}` shows a date or datetime stored as ISO text (the JSON records of the
  minutes) in the format of the page's language (SHORT_DATE_FORMAT unless told otherwise).
"""

import datetime as dt
from typing import Any

from django import template
from django.template.context import Context
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.translation import gettext

from common.form_errors import context_has_errors, error_items, has_required_fields

register = template.Library()


@register.inclusion_tag("partials/_error_summary.html")
def error_summary(*forms: Any) -> dict:
    return {"error_items": error_items(*forms)}


@register.simple_tag(takes_context=True)
def error_title_prefix(context: Context) -> str:
    if context_has_errors(context.flatten().values()):
        return gettext("Error: ")
    return ""


@register.inclusion_tag("partials/_required_note.html")
def required_note(form: Any) -> dict:
    return {"show": has_required_fields(form)}


@register.filter
def iso_date(value: Any, fmt: str = "SHORT_DATE_FORMAT") -> Any:
    """ISO text ("2026-03-10", "2026-03-10 09:00", "2026-03-10T09:00:00-06:00") as a localized
    date; anything else (empty, already a date, not ISO) is shown as it is."""
    if not isinstance(value, str) or not value:
        return date_filter(value, fmt) if isinstance(value, dt.date) else value
    try:
        parsed: dt.date = (
            dt.date.fromisoformat(value) if len(value) == 10 else dt.datetime.fromisoformat(value)
        )
    except ValueError:
        return value
    if isinstance(parsed, dt.datetime) and timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return date_filter(parsed, fmt)
