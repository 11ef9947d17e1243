"""Forms of the statistics returns (issue 20): the figures of a return as one field per cell
(named by its figure key, so the services' errors land on their cells), the new return, ST's
note when sending a return back, and the Excel upload. The rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from common.form_errors import ErrorItem, field_anchor
from common.forms import add_version_field
from stats.cells import cell_code
from stats.models import StatisticsReturn
from stats.selectors.returns import MeasureTable, figure_key

EXTRA_COUNTRIES = 3  # blank rows to add countries to a breakdown by citizenship
COUNTRY_TWICE = _("%(country)s is already in this table: change its row instead.")
COUNTRY_WITHOUT_VALUE = _("Enter the count for %(country)s.")
EMPTY_CODES = frozenset({"cell_missing", "total_missing"})


def _count_field(label: Any, initial: int | None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        initial=initial,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1, "class": "form-control"}),
    )


class FiguresForm(forms.Form):
    """One field per cell of `tables` (stats.selectors.returns.figure_tables), and for each
    breakdown by country a few blank rows where a country is chosen and its count entered.
    Each table cell gets its bound field as `cell.form_field`; each such breakdown its blank rows
    as `table.new_rows` (pairs of bound fields)."""

    def __init__(self, data=None, *, tables: list[MeasureTable], statistics_return):
        super().__init__(data)
        add_version_field(self, statistics_return)
        self.tables = tables
        self._new_rows: list[tuple[str, str, str, str]] = []  # measure, dim, country, value
        for table in tables:
            for cell in table.cells:
                self.fields[cell.key] = _count_field(cell.label, cell.value)
            for breakdown in table.breakdowns:
                if not breakdown.country_dimension:
                    continue
                for i in range(EXTRA_COUNTRIES):
                    prefix = f"new:{breakdown.measure}:{breakdown.country_dimension}:{i}"
                    self.fields[f"{prefix}:country"] = forms.ChoiceField(
                        label=_("Country"),
                        required=False,
                        choices=[("", "—"), *countries],
                    )
                    self.fields[f"{prefix}:value"] = _count_field(_("Count"), None)
                    self._new_rows.append(
                        (
                            breakdown.measure,
                            breakdown.country_dimension,
                            f"{prefix}:country",
                            f"{prefix}:value",
                        )
                    )
        for table in tables:
            for cell in table.cells:
                cell.form_field = self[cell.key]
            for breakdown in table.breakdowns:
                breakdown.new_rows = [
                    (self[c], self[v])
                    for m, d, c, v in self._new_rows
                    if m == breakdown.measure and d == breakdown.country_dimension
                ]

    def clean(self):
        data = super().clean()
        for measure, dimension, country_name, value_name in self._new_rows:
            country, value = data.get(country_name), data.get(value_name)
            if not country:
                continue
            key = figure_key(measure, cell_code({dimension: country}))
            if key in self.fields:
                self.add_error(
                    country_name,
                    forms.ValidationError(
                        COUNTRY_TWICE,
                        code="country_twice",
                        params={"country": countries.name(country)},
                    ),
                )
            elif value is None:
                self.add_error(
                    value_name,
                    forms.ValidationError(
                        COUNTRY_WITHOUT_VALUE,
                        code="country_without_value",
                        params={"country": countries.name(country)},
                    ),
                )
        return data

    def error_summary(self) -> list[ErrorItem]:
        """The rows of the page's error summary. An incomplete return has one "enter this
        category" error per empty cell (each shown on its cell), which could be hundreds of
        rows: the summary gives one row per measure instead ("Victims identified: 37 cells
        are empty"), linked to its first empty cell, where that measure's first such error
        would have been; every other error keeps its own row."""
        if not self.is_bound or not self.errors:
            return []
        items: list[ErrorItem] = [ErrorItem(str(m)) for m in self.non_field_errors()]
        order = {name: i for i, name in enumerate(self.fields)}  # the page's order
        empty: dict[str, list[tuple[int, str]]] = {}  # measure → its empty cells' anchors
        position: dict[str, int] = {}  # measure → where its row goes in `items`
        labels: dict[str, str] = {
            table.measure.code: str(table.measure.name) for table in self.tables
        }
        for name, errors in self.errors.as_data().items():
            if name not in self.fields:
                continue
            anchor = "" if self[name].is_hidden else field_anchor(self[name])
            for error in errors:
                params = error.params or {}
                if error.code in EMPTY_CODES and params.get("measure") in labels:
                    measure = params["measure"]
                    if measure not in empty:
                        empty[measure] = []
                        position[measure] = len(items)
                        items.append(ErrorItem(""))  # filled in below, once counted
                    empty[measure].append((order[name], anchor))
                else:
                    items.extend(ErrorItem(str(message), anchor) for message in error)
        for measure, anchors in empty.items():
            message = ngettext(
                "%(measure)s: %(count)d cell is empty; enter 0 where there were none.",
                "%(measure)s: %(count)d cells are empty; enter 0 where there were none.",
                len(anchors),
            ) % {"measure": labels[measure], "count": len(anchors)}
            items[position[measure]] = ErrorItem(message, min(anchors)[1])
        return items

    def figures(self) -> dict[tuple[str, str], int | None]:
        """What the services take: every cell of the form, None where it was left empty."""
        result: dict[tuple[str, str], int | None] = {}
        for table in self.tables:
            for cell in table.cells:
                result[cell.measure, cell.cell] = self.cleaned_data.get(cell.key)
        for measure, dimension, country_name, value_name in self._new_rows:
            country = self.cleaned_data.get(country_name)
            if country:
                result[measure, cell_code({dimension: country})] = self.cleaned_data[value_name]
        return result


class ReturnCreateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    semester = forms.TypedChoiceField(
        label=_("Period"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("The whole year")), (1, _("Semester I")), (2, _("Semester II"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class VersionForm(forms.Form):
    """A button's form: it carries the version the page was read at."""

    def __init__(self, data=None, *, statistics_return: StatisticsReturn):
        super().__init__(data)
        add_version_field(self, statistics_return)


class SendBackForm(VersionForm):
    note = forms.CharField(
        label=_("What the country should correct"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, data=None, *, statistics_return: StatisticsReturn):
        super().__init__(data, statistics_return=statistics_return)
        self.order_fields(["note", "version"])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Filled template (.xlsx)"))
