"""Forms of the monitoring pages. They only parse input: every rule is checked by
monitoring.services, whose errors the views attach back to the fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from django import forms
from django.db.models import QuerySet
from django.forms.utils import pretty_name
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, LeanSelect
from common.rendering import escape_text
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

    # The row's visible fields in order, with their Bootstrap column widths.
    LAYOUT = (
        ("progress", "col-md-2"),
        ("goal_status", "col-md-3"),
        ("justification", "col-md-7"),
        ("status_override_reason", "col-md-6"),
        ("decrease_reason", "col-md-6"),
    )

    @cached_property
    def cells(self) -> dict[str, Cell]:
        """What the report form's row writes for each field (monitoring_tags.report_row), in
        place of Django's per-widget templates (issue 24: a 160-row report has 966 widgets):
        what was typed and the errors of a bound form, the initial values of an unbound one."""
        values = {name: self[name].value() for name in self.fields}
        return row_cells(self.prefix or "", values, self.errors)


class InitialRow:
    """A row of the report form as an unbound EntryForm(initial=…, prefix=…) draws it, without
    building the form: a GET of a 50-row page built 50 forms and deep-copied 300 fields only
    to write their initial values (issue 24). A failed save draws the bound EntryForms."""

    def __init__(self, prefix: str, initial: dict) -> None:
        self.cells = row_cells(prefix, initial, {})
        self.errors: dict = {}

    def non_field_errors(self) -> list:
        return []


@dataclass(frozen=True, slots=True)
class Cell:
    """One field of a report row for monitoring_tags.report_row, which writes the label and
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
        f" {key}" if value is True else f' {key}="{escape_text(value)}"'
        for key, value in attrs.items()
        if value is not False and value is not None
    )


@dataclass(frozen=True, slots=True)
class _Shape:
    """What a field of EntryForm writes alike on every row, in one language: its widget, its
    label, its attributes valid and invalid, its help text and its options (escaped)."""

    widget: forms.Widget
    label: str
    attrs: str
    invalid_attrs: str
    help_text: str
    options: tuple[tuple[str, str, str], ...]  # value, value escaped, label escaped


def _shape(name: str) -> _Shape:
    """The field `name` as the class declares it: EntryForm never changes a field per form,
    so a bound form's fields write the same (a form that did would not be written here)."""
    key = (name, get_language())
    shape = _SHAPES.get(key)
    if shape is None:
        field = EntryForm.base_fields[name]  # the class's, read only
        widget = field.widget
        # Exactly these widgets: a subclass may render otherwise (MultipleHiddenInput,
        # LeanSelect, NullBooleanSelect's own choices).
        if type(widget) not in _WRITTEN:
            raise TypeError(f"EntryForm.{name}: {type(widget).__name__} is not written here")
        own = dict(sorted(widget.attrs.items()))
        choices = cast("list[tuple]", getattr(widget, "choices", []))
        if any(isinstance(label, list | tuple) for _value, label in choices):
            raise TypeError(f"EntryForm.{name}: grouped choices are not written here")
        shape = _SHAPES[key] = _Shape(
            widget=widget,
            label=str(pretty_name(name) if field.label is None else field.label),
            attrs=_attrs(own),
            invalid_attrs=_attrs({**own, "class": f"{own.get('class', '')} is-invalid".strip()}),
            help_text=conditional_escape(field.help_text) if field.help_text else "",
            options=tuple(
                (str(v), conditional_escape(str(v)), conditional_escape(label))
                for v, label in choices
            ),
        )
    return shape


_SHAPES: dict[tuple[str, str | None], _Shape] = {}  # EntryForm's fields × a few languages


def row_cells(prefix: str, values: Mapping[str, object], errors: Mapping) -> dict[str, Cell]:
    """The cells of the EntryForm row `prefix` ("rows-3"): `values` as BoundField.value()
    gives them (what was typed, or the initial value), `errors` as form.errors."""
    return {
        name: _cell(
            _shape(name),
            f"{prefix}-{name}" if prefix else name,
            values.get(name),
            errors.get(name) or (),
        )
        for name in EntryForm.base_fields
    }


def _cell(shape: _Shape, name: str, raw: object, errors) -> Cell:
    widget = shape.widget
    auto_id = f"id_{name}"
    invalid = bool(errors) and not widget.is_hidden
    extra: dict[str, str | bool] = {}
    if invalid:
        extra["aria-invalid"] = "true"
    if not widget.is_hidden:
        described = []
        if shape.help_text:
            described.append(f"{auto_id}_helptext")
        if invalid:
            described.append(f"{auto_id}_error")
        if described:
            extra["aria-describedby"] = " ".join(described)
    extra["id"] = auto_id
    attrs = (shape.invalid_attrs if invalid else shape.attrs) + _attrs(extra)
    value = widget.format_value(raw)
    if isinstance(widget, forms.Select):
        chosen = set(value)
        options = "".join(
            f'\n  <option value="{escaped}"{" selected" if v in chosen else ""}>{label}</option>'
            for v, escaped, label in shape.options
        )
        control = f'<select name="{name}"{attrs}>{options}\n</select>'
    elif isinstance(widget, forms.Textarea):
        control = (
            f'<textarea name="{name}"{attrs}>\n{escape_text(value) if value else ""}</textarea>'
        )
    else:
        shown = "" if value is None else f' value="{escape_text(value)}"'
        control = f'<input type="{cast("forms.widgets.Input", widget).input_type}" name="{name}"{shown}{attrs}>'
    feedback = ""
    if shape.help_text:
        feedback += f'<div class="form-text" id="{auto_id}_helptext">{shape.help_text}</div>'
    if errors:
        messages = "".join(f'<p class="mb-0">{escape_text(error)}</p>' for error in errors)
        feedback += f'<div class="invalid-feedback d-block" id="{auto_id}_error">{messages}</div>'
    return Cell(
        id=auto_id, label=shape.label, control=SafeString(control), feedback=SafeString(feedback)
    )


# The widgets written by _cell: a select of one value, a textarea, a plain <input>.
_WRITTEN = (
    forms.HiddenInput,
    forms.NumberInput,
    forms.TextInput,
    forms.EmailInput,
    forms.URLInput,
    forms.Textarea,
    forms.Select,
)


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
