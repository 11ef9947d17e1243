"""Form helpers shared by every app's forms and views."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    """The browser's own date picker (ISO value), whatever the page's language."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


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
