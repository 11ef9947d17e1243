"""Flags of the Presidency's work for its templates: the rules stay in
presidency.permissions (the navigation asks portal.selectors.navigation)."""

from django import template

from presidency import permissions

register = template.Library()


@register.filter
def own_checklist_iso(user) -> str:
    """The ISO code of the country whose checklist a focal point keeps ("" for others)."""
    return permissions.own_checklist_iso(user)
