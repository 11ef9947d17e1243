"""Who may change what in the registry (SPEC §1). Services call these before writing, so the
web forms, the admin and the API refuse the same things."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from members.models import NationalBody, Person, User

NOT_YOUR_COUNTRY = _("You can only change data of your own country's national body.")
SECRETARIAT_ONLY = _("Only the Technical Secretariat can do this.")


def can_read_directory(user: User) -> bool:
    """Officials' contacts are for the coalition's own members, not for partner agencies,
    which read public fields through the API (SPEC §7)."""
    return user.is_authenticated and user.is_active and not user.is_partner


def can_manage_body(user: User, body: NationalBody) -> bool:
    """ST keeps the whole registry; a focal point keeps only their own body (SPEC §1)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_secretariat:
        return True
    return user.is_focal_point and user.national_body_id == body.pk


def can_manage_person(user: User, person: Person) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_secretariat:
        return True
    if not user.is_focal_point or user.national_body is None:
        return False
    return (
        person.observer_organisation_id is None
        and person.country_id == user.national_body.country_id
    )


def ensure_can_manage_body(user: User, body: NationalBody) -> None:
    if not can_manage_body(user, body):
        raise PermissionDenied(NOT_YOUR_COUNTRY)


def ensure_can_manage_person(user: User, person: Person) -> None:
    if not can_manage_person(user, person):
        raise PermissionDenied(NOT_YOUR_COUNTRY)


def ensure_secretariat(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.is_secretariat):
        raise PermissionDenied(SECRETARIAT_ONLY)


def can_read_committees(user: User) -> bool:
    """Committee pages (mandate, member countries, people, work agenda) are for the
    coalition's own members, observers included; partner agencies read public data through
    the API. The Technical Secretariat alone changes them (members.services.committees)."""
    return can_read_directory(user)


def ensure_can_read_committees(user: User) -> None:
    if not can_read_committees(user):
        raise PermissionDenied


def focal_point_country_id(user) -> int | None:
    """The country a focal point keeps (its national body's): the one answer the directory,
    the comparative legislation and the statistics ask of "whose country is this"."""
    if not (user and user.is_authenticated and user.is_active and user.is_focal_point):
        return None
    body = user.national_body
    return body.country_id if body else None
