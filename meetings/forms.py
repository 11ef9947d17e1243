from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from common.validators import validate_document_upload
from meetings.models import AgendaItem, Agreement, Attendance, Meeting, Motion, Vote
from meetings.timezones import aware_in, country_time_zone, meeting_time_zone, time_zone_choices
from members.models import Country, Designation, NationalBody, ObserverOrganisation, Person
from members.selectors import observer_organisations
from plans.models import Activity


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATE_OUT_OF_RANGE = _("Give a date between the years %(min)s and %(max)s.")
MEETING_YEARS = (1990, 2100)


def _plausible(value):
    """A meeting date far outside the coalition's life is a typing error; at the end of the
    calendar (9999-12-31) it cannot even be converted to UTC."""
    low, high = MEETING_YEARS
    if value is not None and not low <= value.year <= high:
        raise forms.ValidationError(
            DATE_OUT_OF_RANGE, code="date_out_of_range", params={"min": low, "max": high}
        )
    return value


class WallClockField(forms.DateTimeField):
    """A date and time as the venue's clock reads it. Unlike Django's field it is not placed
    in the server's zone: MeetingForm.clean places it in the meeting's."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        try:
            result = parse_datetime(str(value).strip())
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return result or BaseTemporalField.to_python(self, value)

    def prepare_value(self, value):
        return value  # the form's initial is already the venue's wall-clock time


class MeetingForm(forms.ModelForm):
    """Start and end are typed as the venue's clock reads them, in the meeting's zone: the
    one chosen, else the host country's capital's (SPEC §9 "Time"); a virtual meeting with
    no host country chooses one."""

    link = forms.URLField(label=_("link to join"), required=False, assume_scheme="https")
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        required=False,
        help_text=_(
            "Leave empty for the host country's zone (its capital's). A virtual meeting, or "
            "one held elsewhere in a country with several zones, chooses its own."
        ),
    )
    starts_at = WallClockField(
        label=_("starts at"),
        widget=DateTimeInput(),
        help_text=_("Local time at the venue, in the meeting's time zone."),
    )
    ends_at = WallClockField(
        label=_("ends at"),
        widget=DateTimeInput(),
        help_text=_("Local time at the venue, in the meeting's time zone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [
            ("", _("The host country's zone")),
            *time_zone_choices(),
        ]
        meeting = self.instance
        if meeting.pk:
            self.initial["starts_at"] = meeting.local_starts_at.replace(tzinfo=None)
            self.initial["ends_at"] = meeting.local_ends_at.replace(tzinfo=None)
            host = meeting.host_country.iso_code if meeting.host_country_id else None
            follows_host = meeting.time_zone == country_time_zone(host)
            self.initial["time_zone"] = "" if follows_host else meeting.time_zone
        # Only the Coalition's observers (role observer) are invited as observers; the
        # service refuses any other (not_an_observer).
        self.fields["invited_observers"].queryset = observer_organisations()

    def clean_starts_at(self):
        return _plausible(self.cleaned_data.get("starts_at"))

    def clean_ends_at(self):
        return _plausible(self.cleaned_data.get("ends_at"))

    def clean(self):
        cleaned = super().clean()
        host = cleaned.get("host_country")
        try:
            zone = meeting_time_zone(
                chosen=cleaned.get("time_zone") or "",
                host_iso=host.iso_code if host else None,
                modality=cleaned.get("modality") or "",
            )
        except forms.ValidationError as error:
            self.add_error(None, error)
            for name in ("starts_at", "ends_at"):  # a wall-clock time with no zone is no instant
                cleaned.pop(name, None)
            return cleaned
        cleaned["time_zone"] = zone
        for name in ("starts_at", "ends_at"):
            value = cleaned.get(name)
            if value is not None and timezone.is_naive(value):
                try:
                    cleaned[name] = aware_in(value, zone)
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return cleaned

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "number",
            "title",
            "host_country",
            "city",
            "modality",
            "link",
            "time_zone",
            "starts_at",
            "ends_at",
            "committee",
            "invited_observers",
        ]
        widgets = {"invited_observers": forms.CheckboxSelectMultiple}
        help_texts = {"title": _('For example "XV Reunión Ordinaria".')}


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "presenter", "duration_minutes", "description", "restricted"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class AgendaItemEditForm(AgendaItemForm):
    """Editing an item: the version it was read at travels with the form (a stale save is
    refused); an opening item keeps its title and kind."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        if self.instance.is_opening:
            for name in ("title", "kind"):
                self.fields[name].disabled = True


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    file = forms.FileField(
        label=_("File"), validators=[validate_document_upload], help_text=_("PDF, PNG or JPEG.")
    )
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label=_("Agenda item")
    )
    restricted = forms.BooleanField(
        required=False,
        label=_("Restricted (members only)"),
        help_text=_(
            "Observers and partner agencies do not see it. A document of a restricted item "
            "is restricted too."
        ),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
    capacity = forms.ChoiceField(choices=Attendance.Capacity.choices, label=_("Capacity"))
    accredited_for_meeting = forms.BooleanField(
        required=False,
        label=_("Alternate accredited for this meeting"),
        help_text=_("Operating Guidelines §4.A.7: only accredited alternates count for quorum."),
    )
    accreditation_file = forms.FileField(
        required=False, label=_("Accreditation"), validators=[validate_document_upload]
    )
    accreditation_note = forms.CharField(
        required=False, max_length=300, label=_("Accreditation note")
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        designated = Designation.objects.in_force_on(meeting.date).values("person_id")
        self.fields["person"].queryset = (
            Person.objects.filter(
                Q(pk__in=designated)
                | Q(observer_organisation__role=ObserverOrganisation.Role.OBSERVER)
            )
            .select_related("country", "observer_organisation")
            .order_by("country__name_es", "last_name")
        )
        self.fields["person"].label_from_instance = lambda p: (
            f"{p.full_name} · {p.observer_organisation or p.country or ''}"
        )


class AccreditForm(forms.Form):
    accreditation_file = forms.FileField(
        required=False, label=_("Accreditation"), validators=[validate_document_upload]
    )
    accreditation_note = forms.CharField(
        required=False, max_length=300, label=_("Accreditation note")
    )


class MotionForm(forms.ModelForm):
    class Meta:
        model = Motion
        fields = ["agenda_item", "text", "decision_method", "majority_rule"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class ConsensusForm(forms.Form):
    reservations = forms.CharField(
        required=False,
        label=_("Reservations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('One per line: ISO code of the country, a colon, the text. E.g. "GT: ..."'),
    )

    def clean_reservations(self) -> list[tuple[Country, str]]:
        rows = []
        countries = {c.iso_code: c for c in Country.objects.all()}
        for line in self.cleaned_data["reservations"].splitlines():
            if not line.strip():
                continue
            iso, _sep, text = line.partition(":")
            country = countries.get(iso.strip().upper())
            if country is None or not text.strip():
                raise forms.ValidationError(
                    _("Write each reservation as ISO code, colon, text."), code="bad_reservation"
                )
            rows.append((country, text.strip()))
        return rows


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        choices=Vote.Choice.choices, widget=forms.RadioSelect, label=_("Vote")
    )
    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), required=False, label=_("Country")
    )

    def __init__(self, *args, motion: Motion, for_st: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if for_st:
            self.fields["country"].queryset = Country.objects.filter(
                iso_code__in=motion.entitled_countries
            ).order_by("name_es")
            self.fields["country"].required = True
        else:
            del self.fields["country"]


class AgreementForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    responsible_bodies = forms.ModelMultipleChoiceField(
        queryset=NationalBody.objects.select_related("country"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Responsible bodies"),
    )
    responsible_organs = forms.MultipleChoiceField(
        choices=Agreement.Organ.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Responsible organs"),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in Agreement.STORED_STATUSES],
        label=_("Status"),
        help_text=_("An open agreement past its due date reads as overdue by itself."),
    )
    activities = forms.ModelMultipleChoiceField(
        queryset=Activity.objects.select_related("operational_objective__poa").order_by(
            "-operational_objective__poa__year", "code"
        ),
        required=False,
        label=_("POA activities"),
        help_text=_("POA activities this agreement advances."),
    )


class FollowUpForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(
        label=_("Evidence"), required=False, validators=[validate_document_upload]
    )
    new_status = forms.ChoiceField(
        choices=[("", _("(unchanged)")), *((s.value, s.label) for s in Agreement.STORED_STATUSES)],
        required=False,
        label=_("New status"),
    )


class CountryReportForm(forms.Form):
    country = forms.ModelChoiceField(
        queryset=Country.objects.order_by("name_es"), required=False, label=_("Country")
    )
    text = forms.CharField(
        label=_("Report"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    file = forms.FileField(label=_("File"), required=False, validators=[validate_document_upload])

    def __init__(self, *args, for_st: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_st:
            del self.fields["country"]


class MinutesForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveMinutesForm(forms.Form):
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), label=_("Approved at agenda item")
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(
            minutes_of=meeting, meeting__status=Meeting.Status.IN_SESSION
        ).select_related("meeting")
        self.fields["agenda_item"].label_from_instance = lambda i: f"{i.meeting} · {i}"


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class VoteCorrectionForm(forms.Form):
    """ST corrects one country's vote while the vote is open, giving the reason (kept in
    the vote's history)."""

    vote = forms.ModelChoiceField(queryset=Vote.objects.none(), label=_("Vote"))
    choice = forms.ChoiceField(choices=Vote.Choice.choices, label=_("Correct vote"))
    reason = forms.CharField(label=_("Reason for the correction"), max_length=100)

    def __init__(self, *args, motion: Motion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vote"].queryset = motion.votes.select_related("country")
        self.fields["vote"].label_from_instance = lambda v: (
            f"{v.country.iso_code} · {v.get_choice_display()}"
        )


class CommitteeDecisionForm(forms.Form):
    """ST keeps a committee's decision: its text and the POA activities it advances (their
    indicator "Número de Acuerdos tomados por el Comité" counts it, 003 §X)."""

    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    activities = forms.ModelMultipleChoiceField(
        queryset=Activity.objects.select_related("operational_objective__poa").order_by(
            "-operational_objective__poa__year", "code"
        ),
        required=False,
        label=_("POA activities"),
        help_text=_("POA activities this decision advances."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
