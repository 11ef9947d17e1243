"""Forms of the events' pages (issue 21). They only shape what the services take; every rule
and refusal lives in events.services. A service's refusal is shown on the field it is about
(`refusal_on_fields`: the refusal codes of FIELD_OF_CODE), or at the top of the form."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import cast

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from events.models import (  # plan and budget
    AgendaSlot,
    BudgetLine,
    Event,
    EventActor,
    EventDocument,
    EventOutput,
    Expense,
    FundingCommitment,
    Participant,
    WorkingGroup,
)
from meetings.timezones import coalition_time_zone, country_time_zone, time_zone_choices
from members.models import Country
from members.selectors.registry import member_countries_on
from plans.models import Activity, Actor

EVENT_YEARS = (1990, 2100)  # a year filter outside these is a typing error, not a filter

# The field(s) each refusal of events.services (and each constraint of events.models) is
# about: the first the form has.
FIELD_OF_CODE = {
    "dates_out_of_order": ("ends_on",),
    "days_in_use": ("starts_on",),
    "quota_too_small": ("quota_per_country",),
    "quota_below_registered": ("quota_per_country", "quota"),
    "country_has_participants": ("invited_countries",),
    "reason_required": ("reason",),
    "day_outside_event": ("day",),
    "slot_out_of_order": ("ends_at",),
    "country_not_invited": ("origin",),
    "not_your_country": ("origin",),
    "quota_full": ("origin",),
    "actor_twice": ("actor",),
}


def refusal_on_fields(form: forms.BaseForm, error: ValidationError) -> ValidationError:
    """A service's refusal keyed by the fields of `form` it is about: the field it names, else
    the field of its code (FIELD_OF_CODE) when the form has it, else the form as a whole —
    for common.forms.add_service_errors to put each message there."""
    items: list[tuple[str | None, ValidationError]]
    if hasattr(error, "error_dict"):
        items = [(name, e) for name, errors in error.error_dict.items() for e in errors]
    else:
        items = [(None, e) for e in error.error_list]
    by_field: dict[str, list[ValidationError]] = defaultdict(list)
    for name, item in items:
        if name is None or name not in form.fields:
            fields = FIELD_OF_CODE.get(item.code or "", ())
            name = next((f for f in fields if f in form.fields), NON_FIELD_ERRORS)
        by_field[name].append(item)
    return ValidationError(dict(by_field))


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Event.Kind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Event.Status.choices]
    )
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=EVENT_YEARS[0], max_value=EVENT_YEARS[1]
    )

    def filters(self) -> dict:
        """What the list is filtered by: only the valid values (an invalid one is ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or "",
            "status": data.get("status") or "",
            "year": data.get("year"),
        }


def _label(name: str):
    """The model field's own name, capitalised as Django shows it."""
    return capfirst(cast(models.Field, Event._meta.get_field(name)).verbose_name)


class EventForm(forms.ModelForm):
    """The event's facts and its invited countries (checkboxes of the member countries). The
    time zone left empty is the host country's capital's (the coalition's without one)."""

    time_zone = forms.ChoiceField(
        label=_label("time_zone"),
        required=False,
        help_text=_(
            "Leave empty for the host country's zone (its capital's). An event held elsewhere "
            "in a country with several zones chooses its own."
        ),
    )
    quota_per_country = forms.IntegerField(
        label=_label("quota_per_country"),
        min_value=1,
        max_value=100,
        initial=4,
        help_text=cast(models.Field, Event._meta.get_field("quota_per_country")).help_text,
    )
    invited_countries = forms.ModelMultipleChoiceField(
        label=_label("invited_countries"),
        queryset=Country.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their focal points register their participants once it is convened."),
    )
    activity = forms.ModelChoiceField(
        label=_label("activity"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=cast(models.Field, Event._meta.get_field("activity")).help_text,
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "purpose",
            "starts_on",
            "ends_on",
            "time_zone",
            "host_country",
            "city",
            "venue",
            "organised_by",
            "quota_per_country",
            "activity",
            "invited_countries",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [
            ("", _("The host country's zone")),
            *time_zone_choices(),
        ]
        event = self.instance
        invitable = Q(pk__in=member_countries_on(timezone.localdate()).values("pk"))
        if event.pk:  # a country invited before it left the coalition stays on the list
            invitable |= Q(pk__in=event.invited_countries.values("pk"))
        self.fields["invited_countries"].queryset = Country.objects.filter(invitable).order_by(
            "name_es"
        )
        self.fields["host_country"].queryset = Country.objects.order_by("name_es")
        self.fields["activity"].queryset = Activity.objects.order_by(
            "-operational_objective__poa__year", "code"
        )
        if event.pk:
            host = event.host_country.iso_code if event.host_country_id else None
            if event.time_zone == country_time_zone(host):
                self.initial["time_zone"] = ""

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error(
                "ends_on",
                ValidationError(
                    _("The last day cannot come before the first."), code="dates_out_of_order"
                ),
            )
        host = cleaned.get("host_country")
        cleaned["time_zone"] = (
            cleaned.get("time_zone")
            or country_time_zone(host.iso_code if host else None)
            or coalition_time_zone()
        )
        return cleaned


class EventActorForm(forms.ModelForm):
    """An actor of the actor directory in a role at the event, with the places ST may register
    for it; editing changes the places only."""

    quota = forms.IntegerField(
        label=capfirst(cast(models.Field, EventActor._meta.get_field("quota")).verbose_name),
        min_value=0,
        max_value=100,
        initial=0,
        help_text=cast(models.Field, EventActor._meta.get_field("quota")).help_text,
    )

    class Meta:
        model = EventActor
        fields = ["actor", "role", "quota"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.order_by("name")
        if self.instance.pk:
            del self.fields["actor"], self.fields["role"]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The invitees read it."),
    )


def _day_choices(event: Event) -> list[tuple[str, str]]:
    return [(day.isoformat(), date_filter(day, "l j F Y")) for day in event.days]


class AgendaSlotForm(forms.ModelForm):
    """A line of the agenda: one of the event's days, start and end at the venue."""

    day = forms.TypedChoiceField(
        label=capfirst(cast(models.Field, AgendaSlot._meta.get_field("day")).verbose_name),
        coerce=dt.date.fromisoformat,
        choices=(),
        empty_value=None,
    )

    class Meta:
        model = AgendaSlot
        fields = ["day", "starts_at", "ends_at", "activity", "responsible"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {"starts_at": _("Local time at the venue.")}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["day"]).choices = _day_choices(event)
        if self.instance.pk:
            self.initial["day"] = self.instance.day.isoformat()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error(
                "ends_at",
                ValidationError(
                    _("A line of the agenda ends after it starts."), code="slot_out_of_order"
                ),
            )
        return cleaned


class ParticipantForm(forms.ModelForm):
    """A participant's institutional data. ST registering one also says where it comes from:
    an invited country or an invited actor with places (`origin`); a focal point registers
    for its own country, which the page names."""

    origin = forms.ChoiceField(label=_("Registered for"), choices=())

    class Meta:
        model = Participant
        fields = ["origin", "full_name", "position", "institution", "profile", "email", "language"]

    def __init__(self, *args, event: Event | None = None, choose_origin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._countries: dict[str, Country] = {}
        self._actors: dict[str, EventActor] = {}
        if not choose_origin or event is None:
            del self.fields["origin"]
            return
        self._countries = {f"country:{c.pk}": c for c in event.invited_countries.all()}
        self._actors = {
            f"actor:{a.pk}": a
            for a in event.actors.all()
            if a.quota > 0  # the actors ST may register participants of
        }
        choices: list = [("", "—")]
        if self._countries:
            choices.append(
                (_("Invited countries"), [(k, c.name) for k, c in self._countries.items()])
            )
        if self._actors:
            choices.append(
                (
                    _("Invited actors"),
                    [(k, f"{a.actor} · {a.get_role_display()}") for k, a in self._actors.items()],
                )
            )
        cast(forms.ChoiceField, self.fields["origin"]).choices = choices

    def origin_kwargs(self) -> dict:
        """The service's `country` or `event_actor` of the chosen origin."""
        key = self.cleaned_data.get("origin", "")
        if key in self._actors:
            return {"event_actor": self._actors[key]}
        return {"country": self._countries.get(key)}

    def participant_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("origin", "version")}


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=32,
        help_text=_("The code of your confirmation e-mail: eight letters and digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


# --- Plan and budget, participation (views/budget.py) ----------------------------------------

FIELD_OF_CODE.update(
    {
        "amount_required": ("amount",),
        "description_required": ("description",),
        "line_has_expenses": ("currency",),
        "line_not_of_event": ("budget_line",),
        "currency_mismatch": ("budget_line",),
    }
)


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "planned", "currency"]
        widgets = {"currency": forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"})}


class CommitmentForm(forms.ModelForm):
    """One source (an actor of the directory, a member country, or another source named),
    money (an amount) or in kind (what is given); the line it covers, if any."""

    class Meta:
        model = FundingCommitment
        fields = [
            "actor",
            "country",
            "source_name",
            "kind",
            "description",
            "amount",
            "currency",
            "status",
            "budget_line",
        ]
        widgets = {"currency": forms.TextInput(attrs={"size": 4, "autocapitalize": "characters"})}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["actor"]).queryset = Actor.objects.order_by("name")
        cast(forms.ModelChoiceField, fields["country"]).queryset = Country.objects.order_by(
            "name_es"
        )
        cast(forms.ModelChoiceField, fields["budget_line"]).queryset = BudgetLine.objects.filter(
            event=event
        )

    def _post_clean(self):
        """The model's constraints (one source, an amount, what is given) land on the field
        each is about (FIELD_OF_CODE), as the service's refusals do."""
        super()._post_clean()
        general = self._errors.pop(NON_FIELD_ERRORS, None) if self._errors else None
        if general:
            refusal = refusal_on_fields(self, ValidationError(general.as_data()))
            for name, errors in refusal.error_dict.items():
                self.add_error(None if name == NON_FIELD_ERRORS else name, errors)


class ExpenseForm(forms.ModelForm):
    """What was spent, on a line of the event, in the line's currency."""

    class Meta:
        model = Expense
        fields = ["budget_line", "spent_on", "description", "amount"]
        widgets = {"spent_on": DateInput()}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["budget_line"]
        ).queryset = BudgetLine.objects.filter(event=event)
        self.fields["budget_line"].label_from_instance = (  # type: ignore[attr-defined]
            lambda line: f"{line.description} ({line.currency})"
        )


class ParticipationFilterForm(forms.Form):
    first_year = forms.IntegerField(
        label=_("From"), required=False, min_value=EVENT_YEARS[0], max_value=EVENT_YEARS[1]
    )
    last_year = forms.IntegerField(
        label=_("To"), required=False, min_value=EVENT_YEARS[0], max_value=EVENT_YEARS[1]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *Event.Kind.choices]
    )

    def filters(self) -> dict:
        """The selector's `years` and `kind` (an invalid value is ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        first, last = data.get("first_year"), data.get("last_year")
        years = None
        if first or last:
            years = range(first or EVENT_YEARS[0], (last or EVENT_YEARS[1]) + 1)
        return {"years": years, "kind": data.get("kind") or ""}


# --- Working groups, documents, outputs (views/groups.py) ------------------------------------

FIELD_OF_CODE.update(
    {
        "group_name_taken": ("name",),
        "not_a_participant": ("members",),
        "rapporteur_not_member": ("rapporteur",),
        "column_blank": ("columns",),
        "columns_in_use": ("columns",),
        "matrix_is_a_file": ("columns",),
        "cells_mismatch": ("cell_0",),
        "presented_outside_event": ("presented_at",),
        "group_of_another_event": ("group",),
        "matrix_is_a_table": ("file",),
    }
)


def _participant_label(participant: Participant) -> str:
    origin = (
        participant.country.name
        if participant.country
        else participant.event_actor.actor
        if participant.event_actor
        else ""
    )
    return f"{participant.full_name} ({origin})"


class WorkingGroupForm(forms.ModelForm):
    """A working group: its name and topic, and its people among the event's confirmed
    participants (`people`)."""

    class Meta:
        model = WorkingGroup
        fields = ["name", "topic", "members", "facilitator", "rapporteur"]
        widgets = {
            "topic": forms.Textarea(attrs={"rows": 3}),
            "members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("members", "facilitator", "rapporteur"):
            field = cast(forms.ModelChoiceField, self.fields[name])
            field.queryset = people
            field.label_from_instance = _participant_label

    def group_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class MatrixColumnsForm(forms.Form):
    columns = forms.CharField(
        label=_("Columns"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("One heading per line, in order (e.g. objective, action, responsible, term)."),
    )

    def column_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["columns"].splitlines() if line.strip()]


class MatrixRowForm(forms.Form):
    """A row of the matrix: one text per column (cell_0, cell_1...)."""

    def __init__(self, *args, columns: list[str], cells: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for index, heading in enumerate(columns):
            self.fields[f"cell_{index}"] = forms.CharField(
                label=heading,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=(cells[index] if cells and index < len(cells) else ""),
            )

    def cells(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields if name.startswith("cell_")]


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), ODT, ODS or an image."),
    )


class PresentationForm(forms.Form):
    """When the group presented in plenary (the venue's time) and its slides, if any."""

    presented_at = forms.DateTimeField(
        label=_("Presented at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Local time at the venue."),
    )
    file = forms.FileField(
        label=_("Presentation"), required=False, help_text=FileForm.base_fields["file"].help_text
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_presented_at(self):
        value = self.cleaned_data["presented_at"]
        return timezone.make_aware(value.replace(tzinfo=None), self.event.zone)


class EventDocumentForm(forms.ModelForm):
    class Meta:
        model = EventDocument
        fields = ["title", "file", "pre_reading"]
        help_texts = {"file": FileForm.base_fields["file"].help_text}


class EventOutputForm(forms.ModelForm):
    class Meta:
        model = EventOutput
        fields = ["kind", "title", "group", "file"]
        help_texts = {"file": FileForm.base_fields["file"].help_text}

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.queryset = WorkingGroup.objects.filter(event=event).order_by("position", "pk")
