"""The forms of the international cooperation's pages (issue 22). They collect; the rules
are presidency.services.cooperation's."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from events.models import Event, FundingCommitment
from plans.models import Activity, Actor, Alliance
from presidency.models import CooperationProject, ReportingDuty
from presidency.selectors.cooperation import partner_year_choices


class CooperationFilterForm(forms.Form):
    partner = forms.TypedChoiceField(
        label=_("Partner"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All")), *CooperationProject.Stage.choices],
    )

    def __init__(self, *args, with_stage: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        partners, years = partner_year_choices()
        cast(forms.ChoiceField, self.fields["partner"]).choices = [("", _("All")), *partners]
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            ("", _("All")),
            *[(y, y) for y in years],
        ]
        if not with_stage:
            del self.fields["stage"]

    def filters(self) -> dict:
        """What the list is filtered by: only the valid values (an invalid one is ignored)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found = {"partner": data.get("partner"), "year": data.get("year")}
        if "stage" in self.fields:
            found["stage"] = data.get("stage") or ""
        return found


class ProjectForm(forms.ModelForm):
    class Meta:
        model = CooperationProject
        fields = [
            "partner",
            "title",
            "direction",
            "description",
            "kind",
            "amount",
            "currency",
            "in_kind",
            "year",
            "proposed_on",
            "execution_end",
            "alliance",
            "activities",
            "events",
            "funding_commitments",
        ]
        widgets = {
            "proposed_on": DateInput(),
            "execution_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Actor.objects.order_by("name")
        self.fields["alliance"].queryset = Alliance.objects.select_related("actor").order_by(
            "actor__name", "-start_date"
        )
        self.fields["activities"].queryset = Activity.objects.order_by(
            "-operational_objective__poa__year", "operational_objective", "position"
        )
        self.fields["events"].queryset = Event.objects.order_by("-starts_on")
        self.fields["funding_commitments"].queryset = FundingCommitment.objects.select_related(
            "event", "actor", "country"
        ).order_by("-event__starts_on", "pk")
        self.fields["funding_commitments"].label_from_instance = lambda c: (
            f"{c.event} · {c} · {c.amount or ''} {c.currency}".strip()
        )
        if not self.instance.pk:
            self.fields["proposed_on"].initial = timezone.localdate()
            self.fields["year"].initial = timezone.localdate().year

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class StageDateForm(forms.Form):
    on_date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = timezone.localdate()


class ReasonForm(StageDateForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class DutyForm(forms.ModelForm):
    class Meta:
        model = ReportingDuty
        fields = ["kind", "title", "due_date"]
        widgets = {"due_date": DateInput()}


class DutySubmitForm(forms.Form):
    submitted_on = forms.DateField(label=_("Submitted on"), widget=DateInput())
    document = forms.FileField(
        label=_("Report"), required=False, help_text=_("A PDF, PNG or JPEG copy, if you keep one.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = timezone.localdate()
