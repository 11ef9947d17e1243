"""Filters of the POA matrix: by axis and by responsible party (GET parameters)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Committee, NationalBody
from plans.models import ActivityResponsible, Axis, StrategicPlan


class MatrixFilterForm(forms.Form):
    axis = forms.TypedChoiceField(
        label=_("Axis"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    responsible = forms.ChoiceField(
        label=_("Responsible"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, plan: StrategicPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].choices = [("", _("All axes"))] + [
            (a.number, str(a)) for a in Axis.objects.filter(plan=plan).order_by("number")
        ]
        kinds = ActivityResponsible.Kind
        choices = [("", _("Anyone"))]
        choices += [
            (k.value, k.label) for k in kinds if k not in (kinds.COMMITTEE, kinds.NATIONAL_BODY)
        ]
        choices += [
            (f"committee:{c.pk}", c.name)
            for c in Committee.objects.filter(kind=Committee.Kind.WORKING)
        ]
        choices += [
            (f"body:{b.pk}", str(b)) for b in NationalBody.objects.select_related("country")
        ]
        self.fields["responsible"].choices = choices

    def values(self) -> tuple[int | None, str | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("axis"), self.cleaned_data.get("responsible") or None
