"""Forms of the monitoring pages. They only parse input: every rule is checked by
monitoring.services, whose errors the views attach back to the fields."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from common.validators import validate_document_upload
from members.models import NationalBody
from monitoring.models import ProgressEntry, ReportingPeriod
from plans.models import POA

AS_SUGGESTED = _("As the figures suggest")


class PeriodOpenForm(forms.Form):
    poa = forms.ModelChoiceField(
        queryset=POA.objects.filter(status=POA.Status.APPROVED).order_by("-year"), label=_("POA")
    )
    semester = forms.TypedChoiceField(
        choices=ReportingPeriod.Semester.choices, coerce=int, label=_("Semester")
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class PeriodDueForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


class EntryForm(forms.Form):
    """One row of the §IX form. Bounds and requirements are the service's to enforce, so
    the messages are the same as in the Excel import."""

    activity = forms.IntegerField(widget=forms.HiddenInput)
    progress = forms.IntegerField(
        label=_("% progress"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "class": "form-control"}),
    )
    goal_status = forms.ChoiceField(
        label=_("Goal status"),
        required=False,
        choices=[("", AS_SUGGESTED), *ProgressEntry.GoalStatus.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    status_override_reason = forms.CharField(
        label=_("Reason for the goal status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "class": "form-control"}),
    )
    decrease_reason = forms.CharField(
        label=_("Reason for the decrease"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 1, "class": "form-control"}),
    )

    def mark_invalid(self) -> None:
        """Bootstrap's invalid style and the link from each field to its message."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-describedby"] = f"{self[name].auto_id}_error"


EntryFormSet = forms.formset_factory(EntryForm, extra=0)


class ReportSaveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        help_text=_("Required once the report has been submitted."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("return", _("Return with comments"))],
        label=_("Decision"),
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return the report: say what must be fixed."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the report's history."),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        required=False,
        validators=[validate_document_upload],
        help_text=_("PDF, PNG or JPEG."),
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        help_text=_("Required once the report has been submitted."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled workbook (.xlsx)"))
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        help_text=_("Required once the report has been submitted."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DashboardFilterForm(forms.Form):
    """`poas`: the POAs the user may read (monitoring.selectors.dashboard_poas), so a POA the
    user may not see is neither offered nor accepted."""

    poa = forms.ModelChoiceField(
        queryset=POA.objects.none(),
        required=False,
        label=_("POA"),
        empty_label=None,
        to_field_name="year",
    )
    period = forms.TypedChoiceField(
        choices=[("", _("Latest")), *ReportingPeriod.Semester.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Period"),
    )
    axis = forms.TypedChoiceField(
        choices=[("", _("All axes"))],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Axis"),
    )
    country = forms.ModelChoiceField(
        queryset=NationalBody.objects.select_related("country").order_by("country__name_es"),
        required=False,
        label=_("Country"),
        empty_label=_("All countries"),
        to_field_name="acronym",
    )
    pending = forms.BooleanField(required=False, label=_("Include reports awaiting review"))

    def __init__(self, *args, poas: QuerySet[POA], axes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poa"].queryset = poas
        self.fields["axis"].choices = [("", _("All axes")), *axes]
        for name in ("poa", "period", "axis", "country"):
            self.fields[name].widget.attrs.update({"class": "form-select mw-filter"})
        self.fields["pending"].widget.attrs["class"] = "form-check-input"
