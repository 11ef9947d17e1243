"""common.forms.LeanSelect writes exactly what Django's select templates write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from common.forms import LeanSelect
from members.models import NationalBody

CHOICES = [
    ("", "— all —"),
    ("a", "Alpha"),
    ("b&c", 'Quotes " and <tags>'),
    (3, _("Country")),
    ("safe", mark_safe("<b>bold</b>")),
    (mark_safe("a&amp;b"), "a value already safe"),
    (Decimal("1.5"), Decimal("1234.5")),
    (7, dt.date(2026, 12, 6)),
]
GROUPED = [
    ("", "none"),
    ("Central America", [("gt", "Guatemala"), ("hn", "Honduras")]),
    ("Caribbean", [("do", "República Dominicana")]),
    ("x", "ungrouped"),
]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, []])
@pytest.mark.parametrize("value", [None, "", "a", "b&c", 3, "hn", "missing", "a&amp;b", 7])
@pytest.mark.parametrize(
    "attrs",
    [
        None,
        {"class": "form-select mw-filter", "id": "id_f"},
        {"required": True, "disabled": False, "data-x": 'a"b', "aria-describedby": "h"},
        {"data-safe": mark_safe("a&amp;b"), "data-n": 1234.5, "data-none": None},
    ],
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_lean_select_is_written_as_the_templates_write_it(
    choices, value, attrs, language, settings
):
    settings.USE_THOUSAND_SEPARATOR = True  # labels are localised as the template does
    with override(language):
        stock = forms.Select(choices=choices).render("f", value, attrs=attrs)
        lean = LeanSelect(choices=choices).render("f", value, attrs=attrs)
    assert lean == stock


@pytest.mark.django_db
def test_a_model_choice_field_renders_the_same(coalition):
    def field(widget):
        f = forms.ModelChoiceField(
            queryset=NationalBody.objects.select_related("country").order_by("acronym"),
            to_field_name="acronym",
            empty_label="All countries",
            widget=widget,
        )
        f.label_from_instance = lambda body: body.country.name
        return f

    class Stock(forms.Form):
        country = field(forms.Select)

    class Lean(forms.Form):
        country = field(LeanSelect)

    data = {"country": NationalBody.objects.order_by("pk").first().acronym}
    assert "selected" in str(Lean(data)["country"])
    assert str(Lean(data)["country"]) == str(Stock(data)["country"])
    assert str(Lean()["country"]) == str(Stock()["country"])
