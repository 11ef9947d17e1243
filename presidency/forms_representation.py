"""The representation log's forms: an entry (the full form of the Presidency and ST, the
reduced one of a representative recording a promotion), the plenary it was reported at, a
document, and the list's filters."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, add_version_field
from events.models import Event
from members.models import Country, Person
from presidency.models import RepresentationDocument, RepresentationEntry
from presidency.selectors import representation as selectors

ENTRY_FIELDS = [
    "kind",
    "event_name",
    "event",
    "start_date",
    "end_date",
    "place",
    "represented_by",
    "person",
    "person_name",
    "country",
    "delegation",
    "positions",
    "outcomes",
]
# A representative records their own promotion in their own country (set by the service).
REPRESENTATIVE_OMITS = ("kind", "represented_by", "country", "delegation")


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    return cast(forms.ModelChoiceField, form.fields[name])


class EntryForm(forms.ModelForm):
    """An entry's facts. `full` is the Presidency's and ST's form; a representative's has no
    kind, represented by, country nor delegation. With an `instance`, the hidden version."""

    class Meta:
        model = RepresentationEntry
        fields = ENTRY_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "positions": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, full: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not full:
            for name in REPRESENTATIVE_OMITS:
                self.fields.pop(name)
        _choices(self, "event").queryset = Event.objects.order_by("-starts_on", "title")
        _choices(self, "person").queryset = Person.objects.filter(anonymised_at__isnull=True)
        if "country" in self.fields:
            _choices(self, "country").queryset = Country.objects.order_by("name_es")
        if self.instance.pk:
            add_version_field(self, self.instance)

    def _post_clean(self):
        """The service validates and saves the entry (presidency.services.representation);
        the form does not touch the instance, so the service sees the stored row."""

    def fields_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MarkReportedForm(forms.Form):
    """The plenary the report was presented at (presidency.selectors.plenaries_to_report_at)."""

    meeting = forms.ModelChoiceField(
        label=_("Plenary where it was reported"), queryset=RepresentationEntry.objects.none()
    )

    def __init__(self, *args, entry: RepresentationEntry, **kwargs):
        super().__init__(*args, **kwargs)
        field = _choices(self, "meeting")
        field.queryset = selectors.plenaries_to_report_at(entry)
        item = entry.agenda_item
        field.initial = item.meeting_id if item is not None else None
        add_version_field(self, entry)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = RepresentationDocument
        fields = ["title", "file"]
        help_texts = {"file": _("A PDF, PNG or JPEG document.")}


class EntryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RepresentationEntry.Status.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *RepresentationEntry.Kind.choices]
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    country = forms.ModelChoiceField(
        label=_("Country"), required=False, queryset=Country.objects.order_by("name_es")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs["placeholder"] = timezone.localdate().year

    def filters(self) -> dict:
        """Only the valid values (an invalid one is ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or "",
            "kind": data.get("kind") or "",
            "year": data.get("year"),
            "country": data.get("country"),
        }
