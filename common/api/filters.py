"""Filters shared by the /api/v1/ filtersets, and the one rule for every query parameter of
the API: what the schema says about a value is what the API accepts.

`value_schema()` reads a parameter's JSON schema (type, enum, format, length, range) off
the form field of its django-filter filter; common.api.schema publishes it in /api/schema/
and `ApiFilterBackend` (DEFAULT_FILTER_BACKENDS) holds every request to it before the
filterset reads the value, so a value the schema calls invalid is refused with a 400 and a
value it calls valid is never refused for its form. The pagination (common.api.pagination)
checks `page` and `page_size` with the same `value_errors()`. An empty value (`?status=`)
is the same as leaving the parameter out, as the schema says (allowEmptyValue). Rules that
depend on the data (a POA for that year, a country with a national body) are not the
schema's: those answers are documented per operation."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters import utils as filter_utils
from rest_framework.fields import BooleanField as _DrfBooleanField

YEAR_MIN, YEAR_MAX = 1900, 2200

Schema = dict[str, Any]

MULTIPLE_VALUES = _("Give this parameter once.")
# An ASCII NUL can be neither stored nor searched for (PostgreSQL refuses it): the form
# fields refuse it, so the schema says so.
NO_NUL = "^[^\u0000]*$"

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOLEANS = ("true", "false")


class YearFilter(filters.NumberFilter):
    """A year: an integer within sane bounds (a year lookup outside datetime's range would
    otherwise fail in the database layer instead of answering 400)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", YEAR_MIN)
        kwargs.setdefault("max_value", YEAR_MAX)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, int(value) if value is not None else None)


class IdFilter(filters.NumberFilter):
    """A database id: a positive integer that fits the column."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, int(value) if value is not None else None)


class SmallNumberFilter(IdFilter):
    """An axis number and the like: 1–99."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_value", 99)
        super().__init__(*args, **kwargs)


# --- The schema of a query value ------------------------------------------------------------


def _choice_values(field: forms.ChoiceField) -> list:
    values = []
    choices: Any = field.choices
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup
            values += [v for v, _label in label]
        else:
            values.append(value)
    return [v for v in values if v not in validators.EMPTY_VALUES]


def _number_schema(field: forms.IntegerField) -> Schema:
    integral = not isinstance(field, forms.FloatField | forms.DecimalField) or (
        isinstance(field, forms.DecimalField) and field.decimal_places == 0
    )
    schema: Schema = {"type": "integer" if integral else "number"}
    if field.min_value is not None:
        schema["minimum"] = field.min_value
    if field.max_value is not None:
        schema["maximum"] = field.max_value
    return schema


def _string_schema(field: forms.CharField) -> Schema:
    schema: Schema = {"type": "string"}
    if field.min_length is not None:
        schema["minLength"] = field.min_length
    if field.max_length is not None:
        schema["maxLength"] = field.max_length
    if any(isinstance(v, validators.ProhibitNullCharactersValidator) for v in field.validators):
        schema["pattern"] = NO_NUL
    return schema


def form_field_schema(field: forms.Field) -> Schema | None:
    """The JSON schema of the values a form field accepts in a query string, or None for a
    field this module does not know (its value is then left to the form alone)."""
    if isinstance(field, forms.ModelChoiceField):
        return None  # ids or slugs of the queryset: the documentation keeps the model's type
    if isinstance(field, forms.ChoiceField):
        values = _choice_values(field)
        numeric = bool(values) and all(type(v) is int for v in values)
        return {"type": "integer" if numeric else "string", "enum": sorted(values, key=str)}
    if isinstance(field, forms.NullBooleanField | forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.DateTimeField):
        return None
    if isinstance(field, forms.DateField):
        return {"type": "string", "format": "date"}
    if isinstance(field, forms.IntegerField):  # also DecimalField and FloatField
        return _number_schema(field)
    if type(field) is forms.CharField:  # not its subclasses (e-mail, URL, slug, …)
        return _string_schema(field)
    return None


def value_schema(filter_field: filters.Filter) -> Schema | None:
    """The schema of one filter's query value (None: not stated, not checked)."""
    if isinstance(filter_field, filters.ModelChoiceFilter | filters.ModelMultipleChoiceFilter):
        return None
    if isinstance(filter_field, filters.MultipleChoiceFilter | filters.BaseCSVFilter):
        return None
    if isinstance(filter_field, filters.RangeFilter | filters.NumericRangeFilter):
        return None
    return form_field_schema(filter_field.field)


# --- Holding a value to its schema --------------------------------------------------------


def _invalid(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _malformed(raw: str, field: forms.Field | None, message) -> list[ValidationError]:
    """A value not of the schema's type or format: the form field's own error where the
    field refuses it too, else `message` (the field would have read " 5" or 5/1/2026)."""
    if field is not None:
        try:
            field.clean(raw)
        except ValidationError as error:
            return error.error_list
    return [_invalid(message, "invalid")]


def value_errors(
    raw: str, schema: Schema, field: forms.Field | None = None
) -> list[ValidationError]:
    """What is wrong with one query value given its schema ([] if nothing). The messages
    and codes are the form fields' own (invalid, invalid_choice, min_value, max_length…);
    `field` is the form field that reads the value, if any."""
    kind = schema.get("type")
    if "enum" in schema:
        if raw not in {str(v) for v in schema["enum"]}:
            message = forms.ChoiceField.default_error_messages["invalid_choice"]
            return [_invalid(message, "invalid_choice", value=raw)]
        return []
    if kind == "boolean":
        if raw not in _BOOLEANS:
            return [_invalid(_DrfBooleanField.default_error_messages["invalid"], "invalid")]
        return []
    if kind in ("integer", "number"):
        pattern = _INTEGER if kind == "integer" else _NUMBER
        if not pattern.fullmatch(raw):
            number = forms.IntegerField if kind == "integer" else forms.DecimalField
            return _malformed(raw, field, number.default_error_messages["invalid"])
        value = int(raw) if kind == "integer" else float(raw)
        checks: list[validators.BaseValidator] = []
        if "minimum" in schema:
            checks.append(validators.MinValueValidator(schema["minimum"]))
        if "maximum" in schema:
            checks.append(validators.MaxValueValidator(schema["maximum"]))
        return _run(checks, value)
    if kind == "string":
        if schema.get("format") == "date":
            try:
                if not _DATE.fullmatch(raw):
                    raise ValueError(raw)
                dt.date.fromisoformat(raw)
            except ValueError:
                return _malformed(raw, field, forms.DateField.default_error_messages["invalid"])
            return []
        checks = []
        if "minLength" in schema:
            checks.append(validators.MinLengthValidator(schema["minLength"]))
        if "maxLength" in schema:
            checks.append(validators.MaxLengthValidator(schema["maxLength"]))
        errors = _run(checks, raw)
        if schema.get("pattern") == NO_NUL and "\x00" in raw:
            errors += _run([validators.ProhibitNullCharactersValidator()], raw)
        return errors
    return []


def _run(checks, value) -> list[ValidationError]:
    errors = []
    for check in checks:
        try:
            check(value)
        except ValidationError as error:
            errors.append(error)
    return errors


def query_errors(
    schemas: Mapping[str, Schema | None],
    query: Mapping[str, Any],
    fields: Mapping[str, forms.Field] | None = None,
) -> dict[str, list[ValidationError]]:
    """Errors per parameter of the query (a QueryDict) for the parameters named in
    `schemas`. An absent or empty value is not checked: it means "no filter"."""
    errors: dict[str, list[ValidationError]] = {}
    for name, schema in schemas.items():
        raw = query.get(name)
        if schema is None or raw is None or raw == "":
            continue
        found = value_errors(raw, schema, (fields or {}).get(name))
        if found:
            errors[name] = found
    return errors


def repeated_parameters(query, *, multi_valued=()) -> dict[str, list[ValidationError]]:
    """Each query parameter of the API takes one value (the schema has no array parameter
    but those in `multi_valued`): `?page_size=1&page_size=2` is refused, not read as 2."""
    return {
        name: [_invalid(MULTIPLE_VALUES, "multiple_values")]
        for name in query
        if name not in multi_valued and len(query.getlist(name)) > 1
    }


def multi_valued_filters(filterset_class) -> tuple[str, ...]:
    """The filters of a filterset that take a list (`?kind=a&kind=b`)."""
    if filterset_class is None:
        return ()
    return tuple(
        name
        for name, f in filterset_class.base_filters.items()
        if isinstance(f, filters.MultipleChoiceFilter | filters.ModelMultipleChoiceFilter)
    )


class ApiFilterBackend(filters.DjangoFilterBackend):
    """DjangoFilterBackend that holds each filter's value to its schema (value_schema)
    before the filterset reads it: the schema and the API agree on what is valid."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        schemas = {name: value_schema(f) for name, f in filterset.filters.items()}
        fields = {name: f.field for name, f in filterset.filters.items() if schemas[name]}
        errors = query_errors(schemas, request.query_params, fields)
        if errors:
            raise ValidationError(errors)
        if not filterset.is_valid() and self.raise_exception:
            raise filter_utils.translate_validation(filterset.errors)
        return filterset.qs
