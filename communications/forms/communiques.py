"""The draft form of a comunicado (issue 18). The rules (who may, a restricted comunicado
kept on the members' side, plain text, the attachments' checks) are the services'."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from communications.models import AccessLevel, Communique
from members.models import Committee, Country, Person
from members.selectors import member_countries_on


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class CommuniqueForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text. A restricted comunicado's e-mail carries only the link to it."),
    )
    languages = forms.ChoiceField(
        label=_("Language"), choices=Communique.Languages.choices, initial="es"
    )
    confidentiality = forms.ChoiceField(
        label=_("Confidentiality"),
        choices=AccessLevel.choices,
        initial=AccessLevel.MEMBERS,
        help_text=_(
            "Restricted: the members' side only (never observers or partner agencies); its "
            "e-mail carries only the link, never the text or the attachments."
        ),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=Communique.Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Only these countries"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Limits the designated representatives and focal points to these countries; "
            "none chosen: every member country."
        ),
    )
    committee = forms.ModelChoiceField(
        label=_("Committee"), queryset=Committee.objects.none(), required=False
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Named people"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    acknowledge_by = forms.DateField(
        label=_("Acknowledge receipt by"),
        required=False,
        widget=DateInput(),
        help_text=_("The day after, those who have not acknowledged are reminded once."),
    )
    attachments = MultipleFileField(label=_("Attachments"), required=False)

    def __init__(self, *args, communique: Communique | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["countries"].queryset = member_countries_on(timezone.localdate()).order_by(
            "name_es"
        )
        self.fields["committee"].queryset = Committee.objects.filter(
            dissolved_on__isnull=True
        ).order_by("name")
        self.fields["people"].queryset = (
            Person.objects.filter(anonymised_at__isnull=True)
            .select_related("country", "observer_organisation")
            .order_by("last_name", "first_name")
        )
        self.fields["people"].label_from_instance = _person_label
        self.communique = communique
        if communique is not None:
            self.fields["remove_attachments"] = forms.ModelMultipleChoiceField(
                label=_("Remove these attachments"),
                queryset=communique.attachments.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            if not self.is_bound:
                self.initial.update(
                    {
                        "subject": communique.subject,
                        "body": communique.body,
                        "languages": communique.languages,
                        "confidentiality": communique.confidentiality,
                        "audiences": communique.audiences,
                        "countries": list(communique.countries.all()),
                        "committee": communique.committee,
                        "people": list(communique.people.all()),
                        "acknowledge_by": communique.acknowledge_by,
                    }
                )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            name: data[name]
            for name in (
                "subject",
                "body",
                "languages",
                "confidentiality",
                "audiences",
                "countries",
                "committee",
                "people",
                "acknowledge_by",
                "attachments",
            )
        }
        if "remove_attachments" in self.fields:
            kwargs["remove_attachments"] = list(data.get("remove_attachments") or [])
        return kwargs


def _person_label(person: Person) -> str:
    where = person.observer_organisation or person.country or person.institution
    return f"{person.last_name}, {person.first_name} ({where})"
