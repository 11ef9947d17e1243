"""`{{ record.history_type|history_type_label }}`: "Created", "Changed", "Deleted" in the
page's language (common.history_display)."""

from django import template

from common import history_display

register = template.Library()


@register.filter
def history_type_label(code: str) -> str:
    return history_display.history_type_label(code)
