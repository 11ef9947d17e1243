from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, add_version_field
from common.validators import validate_document_upload
from members.models import Committee, Country, NationalBody, User
from plans.models import (
    Activity,
    ActivityResponsible,
    Actor,
    Alliance,
    GoodPractice,
    Indicator,
    InstrumentStage,
    JointAction,
    PlanInstrument,
    Replication,
    validate_weight,
)
from plans.permissions import user_country_id
from plans.services import (
    ACTOR_FIELDS,
    ALLIANCE_FIELDS,
    EDITABLE_FIELDS,
    INSTRUMENT_FIELDS,
    PRACTICE_FIELDS,
    REPLICATION_FIELDS,
    STAGE_FIELDS,
)


def responsible_choices() -> list[tuple[str, str]]:
    """Tokens understood by services.activity_set_responsibles, for a multiple choice."""
    kinds = ActivityResponsible.Kind
    choices = [(k.value, k.label) for k in kinds if k not in (kinds.COMMITTEE, kinds.NATIONAL_BODY)]
    choices += [
        (f"committee:{c.name}", _("Committee: %(name)s") % {"name": c.name})
        for c in Committee.objects.filter(kind=Committee.Kind.WORKING, dissolved_on__isnull=True)
    ]
    choices += [
        (f"body:{b.acronym}", _("National body: %(name)s") % {"name": b})
        for b in NationalBody.objects.select_related("country")
    ]
    return choices


def item_form_class(model) -> type[forms.ModelForm]:
    """A ModelForm with exactly the fields the ST may reword on that level."""
    return forms.modelform_factory(model, fields=EDITABLE_FIELDS[model])


class ActivityForm(forms.ModelForm):
    responsibles = forms.MultipleChoiceField(
        label=_("Responsible parties"),
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    class Meta:
        model = Activity
        fields = list(EDITABLE_FIELDS[Activity])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsibles"].choices = responsible_choices()
        if self.instance.pk and not self.is_bound:
            self.initial["responsibles"] = [r.token for r in self.instance.responsibles.all()]


class WeightsForm(forms.Form):
    """One optional percentage per sibling. Each value is checked with the model's
    validate_weight, next to its field; the siblings together are checked by weights_set
    (the weight rule, plans.selectors.weights_check), whose errors the view shows."""

    def __init__(self, *args, children: list, current: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = children
        current = current if current is not None else {c.pk: c.weight for c in children}
        for child in children:
            self.fields[f"w_{child.pk}"] = forms.DecimalField(
                label=str(child),
                required=False,
                max_digits=5,
                decimal_places=2,
                validators=[validate_weight],
                initial=current[child.pk],
            )

    def weights(self) -> dict[int, Decimal | None]:
        return {c.pk: self.cleaned_data.get(f"w_{c.pk}") for c in self.children}


class MeasurementForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), initial=lambda: timezone.localdate().year)
    value = forms.DecimalField(label=_("Value"), max_digits=12, decimal_places=2)
    country = forms.ModelChoiceField(
        queryset=Country.objects.order_by("name_es"),
        required=False,
        label=_("Country"),
        empty_label=_("Whole region"),
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.kind == Indicator.Kind.MILESTONE:
            self.fields["value"].help_text = _("1 = reached, 0 = not reached.")


class POACopyForm(forms.Form):
    """The copy form lists every activity of the source POA with two boxes: copy it (ticked
    by default) and "carries over unfinished work" (sets `continues`)."""

    year = forms.IntegerField(label=_("Year of the new POA"))

    def __init__(self, *args, activities: list[Activity], **kwargs):
        super().__init__(*args, **kwargs)
        self.activities = activities
        for a in activities:
            self.fields[f"copy_{a.pk}"] = forms.BooleanField(
                label=_("Copy"), required=False, initial=True
            )
            self.fields[f"carry_{a.pk}"] = forms.BooleanField(
                label=_("Carries over unfinished work"), required=False
            )

    def rows(self):
        for a in self.activities:
            yield a, self[f"copy_{a.pk}"], self[f"carry_{a.pk}"]

    def copy_ids(self) -> list[int]:
        return [a.pk for a in self.activities if self.cleaned_data.get(f"copy_{a.pk}")]

    def carry_ids(self) -> list[int]:
        return [a.pk for a in self.activities if self.cleaned_data.get(f"carry_{a.pk}")]


class POAApproveForm(forms.Form):
    approved_on = forms.DateField(
        label=_("Approved on"), widget=DateInput(), initial=timezone.localdate
    )
    approving_agreement = forms.CharField(
        label=_("Approving agreement"), max_length=300, required=False
    )


class POAReopenForm(forms.Form):
    """The lock exception of a POA (plans.services.poa_reopen): a reason, kept in the POA's
    reopening history, and the ST's confirmation."""

    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the POA's reopening history."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that the POA's weights and semester targets will change the "
            "official results of its closed reporting periods."
        ),
    )


# --- Plan evidence records (issue #6) -------------------------------------------------------


class ServiceForm(forms.ModelForm):
    """A registration form: the services do the writing; this only collects the values
    (Meta.fields: the fields the service accepts)."""

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:  # an edit: the version it was read at (stale_version)
            add_version_field(self, self.instance)

    def values(self) -> dict:
        """The service's arguments; on an edit, `expected_version` is the form's version."""
        values = dict(self.cleaned_data)
        if "version" in values:
            values["expected_version"] = values.pop("version")
        return values


class RecordForm(ServiceForm):
    """A record's form, with its evidence as a document or a link.

    For a focal point the country is their own and cannot be changed (SPEC §1); ST may leave
    it empty where empty means "regional"."""

    evidence_file = forms.FileField(
        label=_("Evidence (file)"),
        required=False,
        help_text=_("PDF, PNG or JPEG. Leave empty to keep the current file."),
        validators=[validate_document_upload],
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )
    regional_label = None  # ST's choice for an empty country, where empty means "regional"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self.fields.get("country")
        if country is not None and not self.user.is_secretariat:
            own = user_country_id(self.user)
            country.queryset = Country.objects.filter(pk=own)
            country.required = True
            country.empty_label = None
            country.help_text = ""
            self.initial.setdefault("country", own)
        elif country is not None:
            country.queryset = Country.objects.order_by("name_es")
            if self.regional_label:
                country.empty_label = self.regional_label


class InstrumentForm(RecordForm):
    regional_label = _("Regional (the Coalition)")

    class Meta:
        model = PlanInstrument
        fields = INSTRUMENT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(
            measure=Indicator.Measure.INSTRUMENT_STAGE
        ).select_related("result")
        self.fields["indicator"].label_from_instance = lambda i: f"{i.result.code} · {i.text[:90]}"


class StageForm(RecordForm):
    class Meta:
        model = InstrumentStage
        fields = STAGE_FIELDS
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "approved_by": _("For an approval: the body or authority that approved it."),
            "approving_act": _("For an approval: the agreement, decree or legal act."),
        }


class GoodPracticeForm(RecordForm):
    class Meta:
        model = GoodPractice
        fields = PRACTICE_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ReplicationForm(RecordForm):
    class Meta:
        model = Replication
        fields = REPLICATION_FIELDS
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class ActorForm(ServiceForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Actor
        fields = ACTOR_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.objects.order_by("name_es")
        parents = Actor.objects.order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents


class AllianceForm(RecordForm):
    regional_label = _("Regional (the Coalition)")

    class Meta:
        model = Alliance
        fields = ALLIANCE_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.order_by("name")


class JointActionForm(RecordForm):
    regional_label = _("Regional (the Coalition)")
    actors = forms.ModelMultipleChoiceField(
        queryset=Actor.objects.none(),
        label=_("Actors"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = JointAction
        fields = ["date", "title", "actors", "country", "description", "evidence_url"]
        widgets = {"date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actors"].queryset = Actor.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["actors"] = list(self.instance.actors.values_list("pk", flat=True))


# --- Indicator targets (issue 17) ------------------------------------------------------


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))
    value = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.kind == Indicator.Kind.MILESTONE:
            self.fields["value"].help_text = _("1 = reached, 0 = not reached.")


class TargetEditForm(forms.Form):
    value = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
