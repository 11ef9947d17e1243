from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Designation, NationalBody, Person, User
from members.validators import validate_document_upload


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "institution",
            "position",
            "email",
            "phone",
            "language",
            "country",
            "observer_organisation",
        ]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_secretariat:
            # A focal point registers people of their own country only.
            del self.fields["country"]
            del self.fields["observer_organisation"]


class DesignationForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
    role = forms.ChoiceField(choices=Designation.Role.choices, label=_("Role"))
    start_date = forms.DateField(label=_("From"), widget=DateInput(), initial=dt.date.today)
    end_date = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    accreditation_letter = forms.FileField(
        label=_("Accreditation letter"),
        required=False,
        help_text=_("PDF, PNG or JPEG; the formal letter of the national body (001 §4.A.1)."),
        validators=[validate_document_upload],
    )

    def __init__(self, *args, body: NationalBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(country=body.country)


class RevokeForm(forms.Form):
    revoked_on = forms.DateField(label=_("Revoked on"), widget=DateInput(), initial=dt.date.today)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class LetterForm(forms.Form):
    letter = forms.FileField(label=_("Accreditation letter"), validators=[validate_document_upload])


def add_service_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form, per field when it names fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
