"""The forms of the admissions: invite, admit, decline or withdraw, and the list's filters.
The rules are in presidency.services.admission; these only collect the values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from meetings.models import Agreement, Meeting
from members.models import Country, ObserverOrganisation
from presidency.models import Admission


def plenary_agreements():
    return (
        Agreement.objects.filter(meeting__kind__in=Meeting.PLENARY_KINDS)
        .select_related("meeting")
        .order_by("-year", "-sequence")
    )


class AgreementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Agreement) -> str:
        return f"{obj.number} · {obj.meeting.title} ({obj.meeting.date:%d/%m/%Y})"


class AdmissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Admission.Status.choices]
    )
    subject = forms.ChoiceField(
        label=_("Admission as"),
        required=False,
        choices=[("", _("All")), *Admission.Subject.choices],
    )


class InviteForm(forms.Form):
    subject = forms.ChoiceField(label=_("Invited as"), choices=Admission.Subject.choices)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name_es"),
        required=False,
        help_text=_("A country the Coalition already has, or give its ISO code below."),
    )
    iso_code = forms.CharField(
        label=_("ISO code of a new country"),
        max_length=2,
        required=False,
        help_text=_("Two letters (ISO 3166-1), e.g. MX: the country is added with its names."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=ObserverOrganisation.objects.exclude(
            role=ObserverOrganisation.Role.OBSERVER
        ).order_by("acronym"),
        required=False,
    )
    invitation_agreement = AgreementChoiceField(
        label=_("Plenary agreement to invite"), queryset=plenary_agreements()
    )
    invited_on = forms.DateField(label=_("Invited on"), widget=DateInput())
    letter = forms.FileField(label=_("Invitation letter"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def clean(self):
        data = super().clean()
        subject = data.get("subject")
        if subject in Admission.COUNTRY_SUBJECTS:
            if not data.get("country") and not data.get("iso_code"):
                self.add_error("country", _("Choose the country or give its ISO code."))
            data["organisation"] = None
        elif subject == Admission.Subject.OBSERVER_ORGANISATION:
            if not data.get("organisation"):
                self.add_error("organisation", _("Choose the organisation."))
            data["country"], data["iso_code"] = None, ""
        return data


class AdmitForm(forms.Form):
    admission_agreement = AgreementChoiceField(
        label=_("Plenary agreement to admit"),
        queryset=plenary_agreements(),
        required=False,
        help_text=_(
            "Required for a country. For an organisation, the invitation's agreement suffices: "
            "it is an observer from the day it accepts."
        ),
    )
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DateInput())


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
