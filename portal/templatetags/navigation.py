"""`{% main_navigation %}`: the menu of every page, written once per user's flags
(portal.selectors.Navigation), path and language in each process, and kept (issue 24). Its
~45 links, translations and rules were a fifth of a page's warm time."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from portal.selectors import Navigation, navigation

register = template.Library()

TEMPLATE = "partials/nav_items.html"


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> SafeString:
    request = context.get("request")
    path = request.path if request is not None else ""
    nav = navigation(user=context.get("user"))
    if settings.DEBUG:  # a template edited in development shows at once
        return _write(nav, path)
    # The menu's template sees only the flags and the path: with the language and what
    # reverse() answers from, they are the whole key.
    return _kept(nav, path, get_language(), get_script_prefix(), get_urlconf())


@lru_cache(maxsize=512)  # the menus of a few roles × the pages visited, ~6 KB each
def _kept(
    nav: Navigation, path: str, language: str, prefix: str, urlconf: str | None
) -> SafeString:
    return _write(nav, path)


def _write(nav: Navigation, path: str) -> SafeString:
    return SafeString(get_template(TEMPLATE).render({"nav": nav, "path": path}))
