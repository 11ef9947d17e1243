"""`{% who_was_told_url obj as url %}`: the log of deliveries filtered to what was sent about
`obj` (a meeting, a reporting period…), or "" when the reader may not read the log
(communications.selectors.deliveries.can_read_notice_log). Pages of the upper apps (meetings,
monitoring) show their "Who was told" link with it."""

from __future__ import annotations

from django import template

from communications.selectors.deliveries import notice_log_url

register = template.Library()


@register.simple_tag(takes_context=True)
def who_was_told_url(context, obj) -> str:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or obj is None:
        return ""
    return notice_log_url(obj, user)
