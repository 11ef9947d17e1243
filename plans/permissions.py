"""Who may register and validate the plan's evidence records (issue #6).

Focal points register their own country's instruments, good practices, replications,
alliances and joint actions (SPEC §1: "a focal point can change only their own country's
data"); the Technical Secretariat registers anything, regional records included, and is the
only one who validates (003 §VIII ST: the ST keeps the coalition's records and follows up
the plan). The actor directory is the ST's and the Presidency's (POA 2018 activity 4.1.1.1,
"ST y Presidencia"). Everybody else signed in (delegates, observers, partners) only reads."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.models import Country, User
from members.permissions import NOT_YOUR_COUNTRY, ensure_secretariat

REGIONAL_RECORDS_FOR_ST = _(
    "Only the Technical Secretariat registers regional records; choose your country."
)
ACTORS_FOR_ST_AND_PRESIDENCY = _(
    "Only the Technical Secretariat and the Presidency keep the actor directory."
)


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def user_country_id(user: User) -> int | None:
    """The country a focal point answers for (None for everybody else)."""
    if _active(user) and user.is_focal_point and user.national_body_id:
        return user.national_body.country_id
    return None


def can_register(user: User) -> bool:
    """May open the registration forms at all."""
    return _active(user) and (user.is_secretariat or user_country_id(user) is not None)


def can_register_for(user: User, country: Country | int | None) -> bool:
    """ST: any scope. Focal point: only records whose country is their own."""
    if not _active(user):
        return False
    if user.is_secretariat:
        return True
    country_id = getattr(country, "pk", country)
    return country_id is not None and country_id == user_country_id(user)


def ensure_can_register_for(user: User, country: Country | int | None) -> None:
    if can_register_for(user, country):
        return
    if _active(user) and user.is_focal_point and country is None:
        raise PermissionDenied(REGIONAL_RECORDS_FOR_ST)
    raise PermissionDenied(NOT_YOUR_COUNTRY)


def can_validate(user: User) -> bool:
    return _active(user) and user.is_secretariat


def ensure_can_validate(user: User) -> None:
    ensure_secretariat(user)


def can_manage_actors(user: User) -> bool:
    return _active(user) and (user.is_secretariat or user.is_presidency)


def ensure_can_manage_actors(user: User) -> None:
    if not can_manage_actors(user):
        raise PermissionDenied(ACTORS_FOR_ST_AND_PRESIDENCY)


def can_read_records(user: User) -> bool:
    """Every signed-in account reads the records (observers and partners read-only)."""
    return _active(user)
