"""`{% share_badge share %}`: a child's weight and effective share as the plan's pages show
it (plans.selectors.weights.Share.label), written once here for every page — the POA matrix
writes one per operational objective and activity, so it is a tag, not an include."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from plans.selectors.weights import Share

register = template.Library()


@register.simple_tag
def share_badge(share: Share) -> str:
    return format_html(
        '<span class="badge text-bg-light border" title="{}">{}</span>',
        gettext("Weight among its siblings"),
        share.label,
    )
