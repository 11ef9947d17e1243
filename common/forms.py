"""Form helpers shared by every app's forms and views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO value), whatever the page's language."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text(value: object) -> str:
    """What `{{ value }}` writes: localised (numbers, dates) and escaped unless safe."""
    return conditional_escape(localize(template_localtime(value)))


def _formatted(value: object) -> str:
    """What `{{ value|stringformat:'s' }}` writes: str(value), escaped unless it was safe."""
    return str(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_text(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class LeanSelect(forms.Select):
    """A select whose options are written in Python instead of one template include each:
    the HTML of django/forms/widgets/select.html and select_option.html, character for
    character (tests/test_lean_select.py compares them). A select of the 90 countries at
    10× was ~4 ms of the dashboard's cold render through the templates (issue 24)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                html.append(
                    f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{_text(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, per field when it names fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def add_version_field(form: forms.BaseForm, record) -> None:
    """The version `record` was read at travels with its edit form in a hidden field; the
    service refuses a save from an older one (stale_version, common.versions) instead of
    overwriting someone else's change. Required: an edit form always sends it."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, initial=record.version
    )
