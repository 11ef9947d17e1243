"""Forms of the comparative legislation (issue 19). The rules are the services'
(directories.services.legislation); the forms carry the version a record was read at."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput, add_version_field
from directories.models import EXCERPT_MAX_LENGTH, LegislationDimension, Reform


class CellForm(forms.Form):
    article = forms.CharField(
        label=_("Article"),
        max_length=200,
        help_text=_('The article and the law, e.g. "Art. 202 Ter, Código Penal".'),
    )
    excerpt = forms.CharField(
        label=_("Excerpt"),
        max_length=EXCERPT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A short excerpt of the article's text (at most %(max)s characters).")
        % {"max": EXCERPT_MAX_LENGTH},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        help_text=_("The law or decree cited (name, number, date of publication) or its URL."),
    )

    def __init__(self, *args, cell=None, **kwargs):
        if cell is not None:
            kwargs.setdefault(
                "initial",
                {"article": cell.article, "excerpt": cell.excerpt, "source": cell.source},
            )
        super().__init__(*args, **kwargs)
        if cell is not None:
            add_version_field(self, cell)


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the focal point"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return the cell; optional to validate it."),
    )

    def __init__(self, *args, cell, **kwargs):
        super().__init__(*args, **kwargs)
        add_version_field(self, cell)


class ReformForm(forms.ModelForm):
    dimensions = forms.ModelMultipleChoiceField(
        label=_("Dimensions it affects"),
        queryset=LegislationDimension.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "When the reform is enacted, the country's cells of these dimensions are marked "
            "to review."
        ),
    )

    class Meta:
        model = Reform
        fields = [
            "title",
            "bill_number",
            "stage",
            "introduced_on",
            "last_change_on",
            "resulting_act",
            "notes",
        ]
        widgets = {
            "introduced_on": DateInput(),
            "last_change_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, countries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimensions"].label_from_instance = lambda d: d.name
        if self.instance.pk:
            self.fields["dimensions"].initial = list(self.instance.dimensions.all())
            add_version_field(self, self.instance)
        elif countries is not None:
            self.fields["country"] = forms.ModelChoiceField(label=_("Country"), queryset=countries)
            self.order_fields(["country"])
