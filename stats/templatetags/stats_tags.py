"""Flags of the statistics for templates outside the app (the navigation): the rule stays in
stats.permissions."""

from django import template

from stats import permissions

register = template.Library()


@register.filter
def can_open_statistics_returns(user) -> bool:
    return permissions.can_open_returns(user)
