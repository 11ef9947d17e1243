from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from common.validators import validate_document_upload
from members.models import Designation, NationalBody, ObserverOrganisation, Person, User


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
    start_date = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
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
    revoked_on = forms.DateField(
        label=_("Revoked on"), widget=DateInput(), initial=timezone.localdate
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


class LetterForm(forms.Form):
    letter = forms.FileField(label=_("Accreditation letter"), validators=[validate_document_upload])


class ApiTokenForm(forms.Form):
    """ST's form for a new token; the rules are api_token_create's."""

    label = forms.CharField(label=_("Label"), max_length=150)
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[
            (User.Role.PARTNER, _("Partner agency: read-only")),
            (User.Role.FOCAL_POINT, _("National focal point: writes its body's progress reports")),
        ],
    )
    national_body = forms.ModelChoiceField(
        label=_("National body (focal point tokens)"),
        queryset=NationalBody.objects.select_related("country").order_by("acronym"),
        required=False,
    )
    observer_organisation = forms.ModelChoiceField(
        label=_("Partner agency (observer organisation)"),
        queryset=ObserverOrganisation.objects.order_by("acronym"),
        required=False,
    )
    agency = forms.CharField(
        label=_("Partner agency (if not an observer organisation)"), max_length=150, required=False
    )
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = timezone.localdate() + dt.timedelta(days=180)
