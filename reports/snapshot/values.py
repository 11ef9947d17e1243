"""How a snapshot stores values: JSON numbers unrounded, ISO dates in local time, countries
in both languages (the PDF picks one when it is rendered)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from members.models import Country

SNAPSHOT_VERSION = 1
REGIONAL = ""  # the regional report's "country" in per-country tables


def num(value) -> float | None:
    """A Decimal/int/float as a JSON number, unrounded; None stays None."""
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | float) else value


def _date(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _country(country: Country | None) -> dict | None:
    if country is None:
        return None
    return {"iso": country.iso_code, "name_es": country.name_es, "name_en": country.name_en}
