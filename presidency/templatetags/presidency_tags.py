"""Flags of the Presidency's work for templates outside the app (the navigation, the home
page): the rules stay in presidency.permissions."""

from django import template

from members.permissions import focal_point_country_id
from presidency import permissions

register = template.Library()


@register.filter
def can_read_presidency(user) -> bool:
    return permissions.can_read(user)


@register.filter
def can_read_cooperation(user) -> bool:
    return permissions.can_read_cooperation(user)


@register.filter
def can_read_regional_guidelines(user) -> bool:
    return permissions.can_read_regional_view(user)


@register.filter
def own_checklist_iso(user) -> str:
    """The ISO code of the country whose checklist a focal point keeps ("" for others)."""
    if focal_point_country_id(user) is None:
        return ""
    return user.national_body.country.iso_code
