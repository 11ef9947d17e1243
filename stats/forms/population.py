"""The form of ST's population upload (stats.views.population)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BAD_YEARS = _("Write the years as numbers separated by spaces or commas (e.g. 2023 2024).")


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("WPP file (.csv or .csv.gz)"),
        help_text=_(
            "UN World Population Prospects, population by single age and sex "
            "(WPP…_PopulationBySingleAgeSex_Medium_….csv), populations in thousands."
        ),
    )
    source = forms.CharField(label=_("Source"), max_length=200, initial="WPP 2024")
    years = forms.CharField(
        label=_("Years"),
        required=False,
        help_text=_("Only these years; leave empty to import every year in the file."),
    )
    is_demo = forms.BooleanField(
        label=_("These figures are invented (demo or tests)"),
        required=False,
        help_text=_("Every rate computed on them says so."),
    )

    def clean_years(self) -> set[int] | None:
        text = self.cleaned_data["years"].strip()
        if not text:
            return None
        parts = [p for p in re.split(r"[\s,;]+", text) if p]
        if not all(p.isdigit() and 1900 <= int(p) <= 2200 for p in parts):
            raise ValidationError(BAD_YEARS, code="bad_years")
        return {int(p) for p in parts}
