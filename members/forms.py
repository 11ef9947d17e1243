from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from common.validators import validate_document_upload
from members.models import (
    Committee,
    Country,
    Designation,
    NationalBody,
    ObserverOrganisation,
    Office,
    Person,
    User,
)
from members.services.committees import COMMITTEE_FIELDS
from members.services.people import PERSON_FIELDS


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS

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


class NationalBodyForm(forms.ModelForm):
    """ST's form for a country's second rector body; the rules are national_body_create's."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = NationalBody
        fields = [
            "country",
            "crimes",
            "name",
            "acronym",
            "kind",
            "legal_basis",
            "lead_institution",
            "website",
            "source",
        ]
        help_texts = {
            "crimes": _(
                "A country has one body per crime: add one for smuggling of migrants when its "
                "body covers trafficking only (003 §VIII Pleno)."
            ),
            "source": _("The act or document that makes it the rector body."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.prefetch_related("national_bodies")
        self.fields["crimes"].initial = NationalBody.Crimes.SMUGGLING


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


# --- Committees and offices (issue 16) ----------------------------------------------------


class CommitteeForm(forms.ModelForm):
    """ST's form for a committee; the rules are committee_create / committee_update's. The
    version read with the page makes a save over someone else's refused (stale_version)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Committee
        fields = COMMITTEE_FIELDS
        widgets = {
            "created_on": DateInput(),
            "dissolved_on": DateInput(),
            "mandate": forms.Textarea(attrs={"rows": 5}),
            "work_agenda": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = True
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CommitteeCountryForm(forms.Form):
    country = forms.ModelChoiceField(queryset=Country.objects.none(), label=_("Country"))
    start_date = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
    end_date = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("The agreement or document that names the country (e.g. CR-2026-03)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("name_es")


class CommitteeMemberForm(forms.Form):
    designation = forms.ModelChoiceField(
        queryset=Designation.objects.none(),
        label=_("Representative"),
        help_text=_("A representative in force of one of the committee's member countries."),
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
    end_date = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["designation"]
        field.queryset = (
            Designation.objects.in_force_on(timezone.localdate())
            .filter(national_body__country__in=countries)
            .select_related("person", "national_body")
            .order_by("national_body__acronym", "person__last_name")
        )
        field.label_from_instance = lambda d: (
            f"{d.person} · {d.get_role_display()} · {d.national_body.acronym}"
        )


class SeatEndForm(forms.Form):
    end_date = forms.DateField(label=_("Until"), widget=DateInput(), initial=timezone.localdate)


class OfficeHolderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Office"), choices=Office.Kind.choices)
    country = forms.ModelChoiceField(
        queryset=Country.objects.order_by("name_es"), label=_("Country holding the office")
    )
    start_date = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
    end_date = forms.DateField(
        label=_("Until"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Empty for the Technical Secretariat: its term is two years (Strategic Plan §IX). "
            "The current holder's term ends the day before the new one starts."
        ),
    )
    electing_agreement = forms.CharField(
        label=_("Electing agreement"),
        max_length=250,
        required=False,
        help_text=_("The agreement by which the Plenary elected the holder (e.g. CR-2026-03)."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OfficeEditForm(forms.Form):
    end_date = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    end_is_latest = forms.BooleanField(
        label=_("Ended by this date at the latest (the exact day is not known)"), required=False
    )
    electing_agreement = forms.CharField(
        label=_("Electing agreement"), max_length=250, required=False
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
