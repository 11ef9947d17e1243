"""Forms of the monitoring pages. They only parse input: every rule is checked by
monitoring.services, whose errors the views attach back to the fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, LeanSelect
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

    @cached_property
    def cells(self) -> dict[str, Cell]:
        """What monitoring/_report_row.html writes for each field, in place of Django's
        per-widget templates (issue 24: a 160-row report has 966 widgets)."""
        return {name: _cell(self[name]) for name in self.fields}

    # The row's visible fields in order, with their Bootstrap column widths.
    LAYOUT = (
        ("progress", "col-md-2"),
        ("goal_status", "col-md-3"),
        ("justification", "col-md-7"),
        ("status_override_reason", "col-md-6"),
        ("decrease_reason", "col-md-6"),
    )

    @property
    def laid_out(self) -> list[tuple[Cell, str]]:
        """The visible cells with their column widths, as the row template places them."""
        cells = self.cells
        return [(cells[name], width) for name, width in self.LAYOUT]


@dataclass(frozen=True, slots=True)
class Cell:
    """One field of a report row for monitoring/_report_row.html, which writes the label and
    places these. `control` is the <input>, <select> or <textarea> its widget would write —
    the same id, name, value and attributes (min/max/step, rows/cols, class), the same
    selected option — plus `is-invalid` and aria-invalid when the field has an error, and
    an aria-describedby naming the help text and the message that `feedback` writes under
    it. Written here in one string each instead of Django's widget templates: a 160-row
    report has 966 fields, which took ~4,000 template renders a page (issue 24)."""

    id: str
    label: str
    control: SafeString
    feedback: SafeString  # the help text and the error messages, with their ids


def _attrs(attrs: dict) -> str:
    """flatatt's output (escaped, True as a bare name, False and None left out), without its
    format_html per attribute."""
    return "".join(
        f" {key}" if value is True else f' {key}="{conditional_escape(value)}"'
        for key, value in attrs.items()
        if value is not False and value is not None
    )


def _widget_attrs(widget: forms.Widget, invalid: bool) -> str:
    """The widget's own attributes (min/max/step, rows/cols, class + is-invalid), written once
    per kind of widget rather than once per row."""
    key = (tuple(sorted(widget.attrs.items())), invalid)
    if key not in _WIDGET_ATTRS:
        attrs = dict(key[0])
        if invalid:
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        _WIDGET_ATTRS[key] = _attrs(attrs)
    return _WIDGET_ATTRS[key]


_WIDGET_ATTRS: dict[tuple, str] = {}  # the few widgets of EntryForm × valid / invalid


def _cell(bound: forms.BoundField) -> Cell:
    widget = bound.field.widget
    errors = bound.errors
    help_text = bound.help_text
    auto_id = bound.auto_id
    name = bound.html_name
    invalid = bool(errors) and not widget.is_hidden
    extra: dict[str, str | bool] = {}
    if invalid:
        extra["aria-invalid"] = "true"
    if not widget.is_hidden:
        described = []
        if help_text:
            described.append(f"{auto_id}_helptext")
        if invalid:
            described.append(f"{auto_id}_error")
        if described:
            extra["aria-describedby"] = " ".join(described)
    extra["id"] = auto_id
    attrs = _widget_attrs(widget, invalid) + _attrs(extra)
    value = widget.format_value(bound.value())
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        chosen = set(value)
        options = "".join(
            f'\n  <option value="{conditional_escape(v)}"{" selected" if v in chosen else ""}>{label}</option>'
            for v, label in _choices(bound)
        )
        control = f'<select name="{name}"{attrs}>{options}\n</select>'
    elif isinstance(widget, forms.Textarea):
        control = f'<textarea name="{name}"{attrs}>\n{conditional_escape(value) if value else ""}</textarea>'
    elif isinstance(widget, _PLAIN_INPUTS):
        shown = "" if value is None else f' value="{conditional_escape(value)}"'
        control = f'<input type="{widget.input_type}" name="{name}"{shown}{attrs}>'
    else:  # any other widget: its own template
        control = bound.as_widget(
            attrs={**extra, "class": f"{widget.attrs.get('class', '')} is-invalid".strip()}
            if invalid
            else extra
        )
    feedback = ""
    if help_text:
        feedback += (
            f'<div class="form-text" id="{auto_id}_helptext">{conditional_escape(help_text)}</div>'
        )
    if errors:
        messages = "".join(
            f'<p class="mb-0">{conditional_escape(cast(str, error))}</p>' for error in errors
        )
        feedback += f'<div class="invalid-feedback d-block" id="{auto_id}_error">{messages}</div>'
    return Cell(
        id=auto_id,
        label=str(bound.label),
        control=SafeString(control),
        feedback=SafeString(feedback),
    )


_PLAIN_INPUTS = (
    forms.HiddenInput,
    forms.NumberInput,
    forms.TextInput,
    forms.EmailInput,
    forms.URLInput,
)


def _choices(bound: forms.BoundField) -> list[tuple[str, str]]:
    """The field's choices as (value, escaped label), the labels translated once per language
    rather than once per row (keyed on the class's field, which lives as long as the class)."""
    base = EntryForm.base_fields[bound.name]  # the class's: one cache entry per field
    key = (id(base), get_language())
    if key not in _CHOICES:
        _CHOICES[key] = [
            (str(v), conditional_escape(label))
            for v, label in cast("list[tuple]", cast("forms.ChoiceField", base).choices)
        ]
    return _CHOICES[key]


_CHOICES: dict[tuple[int, str | None], list[tuple[str, str]]] = {}  # a few languages × fields


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
        widget=LeanSelect,
    )
    period = forms.TypedChoiceField(
        choices=[("", _("Latest")), *ReportingPeriod.Semester.choices],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Period"),
        widget=LeanSelect,
    )
    axis = forms.TypedChoiceField(
        choices=[("", _("All axes"))],
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Axis"),
        widget=LeanSelect,
    )
    country = forms.ModelChoiceField(
        queryset=NationalBody.objects.select_related("country").order_by("country__name_es"),
        required=False,
        label=_("Country"),
        empty_label=_("All countries"),
        to_field_name="acronym",
        widget=LeanSelect,
    )
    pending = forms.BooleanField(required=False, label=_("Include reports awaiting review"))

    def __init__(self, *args, poas: QuerySet[POA], axes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["poa"].queryset = poas
        self.fields["axis"].choices = [("", _("All axes")), *axes]
        for name in ("poa", "period", "axis", "country"):
            self.fields[name].widget.attrs.update({"class": "form-select mw-filter"})
        self.fields["pending"].widget.attrs["class"] = "form-check-input"
