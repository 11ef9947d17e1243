"""What the registry's write services share: how a date reads in their messages, the check
that a country is a member of the Coalition on a day, and the audited save."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from members.models import Country, User
from members.selectors import member_countries_on

NOT_A_MEMBER_COUNTRY = _("%(country)s is not a member country of the Coalition on %(day)s.")


def short_date(day: dt.date) -> str:
    """A day as the services' messages write it (the locale's short date)."""
    return date_format(day, "SHORT_DATE_FORMAT")


def ensure_member_country(country: Country, day: dt.date, *, field: str | None = None) -> None:
    """Only a member country of the Coalition on `day` joins a committee or holds an office
    (code not_a_member_country; on `field` of the form when given)."""
    if member_countries_on(day).filter(pk=country.pk).exists():
        return
    error = ValidationError(
        NOT_A_MEMBER_COUNTRY,
        code="not_a_member_country",
        params={"country": country, "day": short_date(day)},
    )
    raise ValidationError({field: error}) if field else error


def clean_and_save(obj: Model, user: User, *, reason: str = "") -> None:
    """Validate and save a row, its history recording who changed it (and why, if given)."""
    obj.full_clean()
    obj._history_user = user
    if reason:
        obj._change_reason = reason
    obj.save()
