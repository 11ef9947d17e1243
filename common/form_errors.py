"""What an error summary lists (GOV.UK "error summary" pattern, issue 25).

`error_items(*forms)` turns bound forms and formsets (any mix, None skipped) into the rows of
the summary at the top of a page: one `ErrorItem` per message, with the id of the input it
belongs to (the summary links there) or no id for a form's or formset's non-field errors.
`has_errors(value)` says whether a form, formset, or a dict/list of them failed validation:
base.html uses it to prefix the page title with "Error: ".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.forms import BaseForm, BaseFormSet
from django.forms.boundfield import BoundField


@dataclass(frozen=True)
class ErrorItem:
    message: str
    field_id: str = ""  # "" for a non-field error: listed, not linked


def field_anchor(bound_field: BoundField) -> str:
    """The id of the element a summary link should point at: the input the label names, or
    for a widget whose label names no single input (radio buttons, checkbox lists) its first
    option, which Django renders with the id `<auto_id>_0`."""
    widget = bound_field.field.widget
    anchor = widget.id_for_label(bound_field.auto_id) if bound_field.auto_id else ""
    if not anchor and bound_field.auto_id:
        anchor = f"{bound_field.auto_id}_0"
    return anchor or ""


def _form_items(form: BaseForm) -> Iterator[ErrorItem]:
    if not form.is_bound or not form.errors:
        return
    for message in form.non_field_errors():
        yield ErrorItem(str(message))
    for name in form.errors:
        if name == "__all__" or name not in form.fields:
            continue
        bound_field = form[name]
        # A hidden field (e.g. an optimistic-concurrency version) has no input to go to.
        anchor = "" if bound_field.is_hidden else field_anchor(bound_field)
        for message in bound_field.errors:
            yield ErrorItem(str(message), anchor)


def _items(value: Any) -> Iterator[ErrorItem]:
    if value is None:
        return
    if isinstance(value, BaseFormSet):
        if not value.is_bound:
            return
        for message in value.non_form_errors():
            yield ErrorItem(str(message))
        for form in value.forms:
            yield from _form_items(form)
    elif isinstance(value, BaseForm):
        yield from _form_items(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _items(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _items(item)


def error_items(*forms: Any) -> list[ErrorItem]:
    """The summary rows of `forms` (forms, formsets, dicts or lists of them), in page order."""
    return [item for value in forms for item in _items(value)]


def has_errors(value: Any) -> bool:
    """Whether `value` (a form, formset, or a dict/list of them) was submitted with errors."""
    if isinstance(value, BaseFormSet):
        return value.is_bound and (
            bool(value.non_form_errors()) or any(f.errors for f in value.forms)
        )
    if isinstance(value, BaseForm):
        return value.is_bound and bool(value.errors)
    if isinstance(value, dict):
        return any(has_errors(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(
            has_errors(item) for item in value if isinstance(item, BaseForm | BaseFormSet | dict)
        )
    return False


def context_has_errors(values: Iterable[Any]) -> bool:
    """Whether any value of a template context is a form (or formset) that failed."""
    return any(has_errors(value) for value in values)


def has_required_fields(form: Any) -> bool:
    """Whether a form shows a required field (crispy marks it with "*")."""
    if isinstance(form, BaseForm):
        return any(f.field.required and not f.is_hidden for f in form)
    return False
