"""Filters of the POA matrix (by axis and by responsible party) and of the plan's evidence
record lists (GET parameters)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.forms import LeanSelect
from members.models import Committee, Country, NationalBody
from plans.models import (
    ActivityResponsible,
    Actor,
    ActorKind,
    Alliance,
    Axis,
    GoodPractice,
    Indicator,
    InstrumentKind,
    JointAction,
    Level,
    PlanInstrument,
    StrategicPlan,
)


class MatrixFilterForm(forms.Form):
    axis = forms.TypedChoiceField(
        label=_("Axis"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LeanSelect(attrs={"class": "form-select"}),
    )
    responsible = forms.ChoiceField(
        label=_("Responsible"), required=False, widget=LeanSelect(attrs={"class": "form-select"})
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
            (f"body:{pk}", NationalBody.label_of(acronym, iso_code))
            for pk, acronym, iso_code in NationalBody.objects.values_list(
                "pk", "acronym", "country__iso_code"
            )
        ]
        self.fields["responsible"].choices = choices

    def values(self) -> tuple[int | None, str | None]:
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("axis"), self.cleaned_data.get("responsible") or None


# --- Plan evidence records (issue #6) -------------------------------------------------------


VALIDATION_CHOICES = [
    ("validated", _("Validated")),
    ("pending", _("Awaiting validation")),
]
SCOPE_CHOICES = [("regional", _("Regional")), ("national", _("National"))]


class RecordFilter(django_filters.FilterSet):
    """Filters every record list shares: by country and by validation state."""

    validation = django_filters.ChoiceFilter(
        choices=VALIDATION_CHOICES, method="filter_validation", label=_("Validation")
    )

    def filter_validation(self, queryset, name, value):
        return queryset.filter(validated_at__isnull=value == "pending")


def _countries(request=None):
    return Country.objects.order_by("name_es")


class InstrumentFilter(RecordFilter):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    kind = django_filters.ChoiceFilter(choices=InstrumentKind.choices, label=_("Type"))
    scope = django_filters.ChoiceFilter(
        choices=SCOPE_CHOICES, method="filter_scope", label=_("Scope")
    )
    country = django_filters.ModelChoiceFilter(queryset=_countries, label=_("Country"))
    indicator = django_filters.ModelChoiceFilter(
        queryset=lambda request: Indicator.objects.filter(
            measure=Indicator.Measure.INSTRUMENT_STAGE
        ),
        label=_("Indicator"),
    )

    class Meta:
        model = PlanInstrument
        fields = ["q", "kind", "scope", "country", "indicator", "validation"]

    def filter_scope(self, queryset, name, value):
        return queryset.filter(country__isnull=value == "regional")


class GoodPracticeFilter(RecordFilter):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Title"))
    country = django_filters.ModelChoiceFilter(queryset=_countries, label=_("Originating country"))
    axis = django_filters.ModelChoiceFilter(
        queryset=lambda request: Axis.objects.order_by("plan", "number"), label=_("Axis")
    )
    replicated_in = django_filters.ModelChoiceFilter(
        queryset=_countries,
        field_name="replications__country",
        label=_("Replicated in"),
        distinct=True,
    )

    class Meta:
        model = GoodPractice
        fields = ["q", "country", "axis", "replicated_in", "validation"]


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or acronym"))
    kind = django_filters.ChoiceFilter(choices=ActorKind.choices, label=_("Kind"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    priority = django_filters.ChoiceFilter(choices=Actor.Priority.choices, label=_("Priority"))

    class Meta:
        model = Actor
        fields = ["q", "kind", "level", "priority"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(acronym__icontains=value))


class AllianceFilter(RecordFilter):
    actor_kind = django_filters.ChoiceFilter(
        field_name="actor__kind", choices=ActorKind.choices, label=_("Kind of actor")
    )
    type = django_filters.ChoiceFilter(choices=Alliance.Type.choices, label=_("Type"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    status = django_filters.ChoiceFilter(choices=Alliance.Status.choices, label=_("Status"))
    country = django_filters.ModelChoiceFilter(queryset=_countries, label=_("Country"))

    class Meta:
        model = Alliance
        fields = ["actor_kind", "type", "level", "status", "country", "validation"]


class JointActionFilter(RecordFilter):
    year = django_filters.NumberFilter(field_name="date", lookup_expr="year", label=_("Year"))
    actor_kind = django_filters.ChoiceFilter(
        field_name="actors__kind",
        choices=ActorKind.choices,
        label=_("Kind of actor"),
        distinct=True,
    )
    country = django_filters.ModelChoiceFilter(queryset=_countries, label=_("Country"))

    class Meta:
        model = JointAction
        fields = ["year", "actor_kind", "country", "validation"]
