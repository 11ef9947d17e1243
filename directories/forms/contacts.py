"""Forms of the regional directory (issue 19). A focal point's country choice is their own
country only; the services check it again (every path)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directories.models import Area, ContactPoint, Institution, Level
from members.models import Country, NationalBody
from members.permissions import focal_point_country_id


def _limit_to_own_country(form, user, field: str = "country") -> None:
    country_id = focal_point_country_id(user)
    if country_id is not None and not user.is_secretariat:
        form.fields[field].queryset = Country.objects.filter(pk=country_id)
        form.fields[field].initial = country_id


class InstitutionForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    areas = forms.MultipleChoiceField(
        label=_("Areas"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Institution
        fields = [
            "country",
            "name",
            "acronym",
            "sector",
            "level",
            "areas",
            "national_bodies",
            "website",
        ]
        widgets = {"national_bodies": forms.CheckboxSelectMultiple}
        help_texts = {
            "national_bodies": _("The bodies of its country it sits on (003 §III)."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_own_country(self, user)
        bodies = NationalBody.objects.select_related("country")
        country_id = focal_point_country_id(user)
        if country_id is not None and not user.is_secretariat:
            bodies = bodies.filter(country_id=country_id)
        self.fields["national_bodies"].queryset = bodies


class ContactPointForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    areas = forms.MultipleChoiceField(
        label=_("Areas"), choices=Area.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ContactPoint
        fields = [
            "country",
            "type",
            "institution",
            "name",
            "contact_name",
            "position",
            "level",
            "authority_status",
            "designating_act",
            "function",
            "email",
            "phone",
            "website",
            "address",
            "city",
            "notes",
            "areas",
            "review_interval_days",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_own_country(self, user)
        institutions = Institution.objects.select_related("country")
        country_id = focal_point_country_id(user)
        if country_id is not None and not user.is_secretariat:
            institutions = institutions.filter(country_id=country_id)
        self.fields["institution"].queryset = institutions


class ContactPointFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.all(), required=False
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", "---------"), *ContactPoint.Type.choices], required=False
    )
    area = forms.ChoiceField(
        label=_("Area"), choices=[("", "---------"), *Area.choices], required=False
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", "---------"), *Level.choices], required=False
    )
    stale = forms.BooleanField(label=_("Only entries due for review"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the types the reader may see are offered.
        from directories.permissions import visible_types

        allowed = set(visible_types(user))
        self.fields["type"].choices = [
            (v, label) for v, label in self.fields["type"].choices if v == "" or v in allowed
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}
