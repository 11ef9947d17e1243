"""Who keeps and who reads the regional directory (issue 19).

Keeping: the Technical Secretariat edits every entry; a country's focal points create, edit
and verify only their own country's institutions and contact points. Services call
`ensure_can_edit_country` before and after applying a change, so no path (page, form, API,
admin) moves an entry to, or edits one of, another country.

Reading: who sees which type of contact point is a setting per type (SHARING); the one
selector directories.selectors.contacts.visible_contact_points applies it for the list
page, the exports and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from communications.selectors.access import is_member_side
from members.permissions import focal_point_country_id

NOT_YOUR_COUNTRY = _("You can only change the directory entries of your own country.")

# Audiences of a contact point type.
MEMBERS = "members"  # the members' side: ST, the Presidency, focal points, delegates
OBSERVERS = "observers"  # observer organisations' accounts
PARTNERS = "partners"  # partner agencies (role partner, API tokens)

# Who sees which type (001 §5.C.5: attention centres shared with police and prosecutors and
# partner agencies; §5.E.2–3 and §5.D.2: the Public Ministry team and the central authority
# stay on the members' side). Anonymous visitors see none. A type missing here is seen by
# the members' side only.
SHARING: dict[str, frozenset[str]] = {
    "attention_centre": frozenset({MEMBERS, OBSERVERS, PARTNERS}),
    "consulate": frozenset({MEMBERS, OBSERVERS, PARTNERS}),
    "repatriation": frozenset({MEMBERS, OBSERVERS, PARTNERS}),
    "interpretation": frozenset({MEMBERS, OBSERVERS, PARTNERS}),
    "central_authority": frozenset({MEMBERS}),
    "public_ministry": frozenset({MEMBERS}),
    "smuggling_focal_point": frozenset({MEMBERS, OBSERVERS}),
    "official": frozenset({MEMBERS, OBSERVERS}),
}


def audience_of(user) -> str | None:
    if not (user and user.is_authenticated and user.is_active):
        return None
    if is_member_side(user):
        return MEMBERS
    if user.role == "observer" or user.observer_organisation_id:
        return OBSERVERS
    if user.role == "partner":
        return PARTNERS
    return None


def visible_types(user) -> list[str]:
    """The contact point types `user` may read (none for anonymous visitors)."""
    from directories.models import ContactPoint

    audience = audience_of(user)
    if audience is None:
        return []
    return [t for t in ContactPoint.Type.values if audience in SHARING.get(t, {MEMBERS})]


def can_read_directory(user) -> bool:
    return bool(visible_types(user))


def can_keep_directory(user) -> bool:
    """ST and focal points keep entries (each focal point only its own country's)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_secretariat or (user.is_focal_point and user.national_body_id))
    )


def can_edit_country(user, country_id: int | None) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_secretariat:
        return True
    return country_id is not None and focal_point_country_id(user) == country_id


def ensure_can_edit_country(user, country_id: int | None) -> None:
    if not can_edit_country(user, country_id):
        raise PermissionDenied(NOT_YOUR_COUNTRY)


def ensure_can_keep_directory(user) -> None:
    if not can_keep_directory(user):
        raise PermissionDenied(NOT_YOUR_COUNTRY)
