"""Filters shared by the /api/v1/ filtersets."""

from __future__ import annotations

from django_filters import rest_framework as filters

YEAR_MIN, YEAR_MAX = 1900, 2200


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
