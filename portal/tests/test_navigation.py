"""The main navigation: each user's flags (portal.selectors.navigation), and the menu written
once per flags, path and language in a process, then kept (portal.templatetags.navigation)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import override_settings
from django.urls import reverse

from portal.selectors import Navigation, navigation
from portal.templatetags.navigation import TEMPLATE, _kept

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_menu():
    _kept.cache_clear()
    yield
    _kept.cache_clear()


def _menu(html: str) -> str:
    start = html.index('<ul class="navbar-nav me-auto">')
    return html[start : html.index("</ul>\n        <form", start)]


def _menu_writes(client, url: str, **headers) -> tuple[str, int]:
    """The page's HTML and how many times the request wrote the menu's template."""
    response = client.get(url, **headers)
    assert response.status_code == 200
    written = [t for t in response.templates if t.name == TEMPLATE]
    return response.content.decode(), len(written)


def test_each_role_has_its_own_flags(
    st_user, presidency_user, focal_point_hn, delegate, observer, partner
):
    from django.contrib.auth.models import AnonymousUser

    assert navigation(user=AnonymousUser()) == Navigation()
    assert navigation(user=None) == Navigation()
    member = Navigation(signed_in=True, member=True, events=True, presidency=True)
    representative = replace(member, cooperation=True, regional_guidelines=True)
    assert navigation(user=observer) == member
    assert navigation(user=delegate) == representative
    assert navigation(user=focal_point_hn) == replace(
        representative, statistics_returns=True, checklist_iso="HN"
    )
    assert navigation(user=presidency_user) == replace(representative, communicates=True)
    assert navigation(user=st_user) == replace(
        representative, communicates=True, secretariat=True, statistics_returns=True
    )
    assert navigation(user=partner) == Navigation(signed_in=True)


def test_the_menu_is_written_once_and_then_kept(client, st_user):
    client.force_login(st_user)
    url = reverse("privacy")
    first, writes = _menu_writes(client, url)
    assert writes == 1
    again, writes = _menu_writes(client, url)
    assert writes == 0
    assert _menu(again) == _menu(first)
    assert again != first  # the page itself is not kept (its CSRF token differs): only its menu
    assert reverse("reports:job-list") in _menu(first) and reverse("posts:list") in _menu(first)
    assert reverse("members:api-tokens") not in _menu(first)  # the user's menu is base.html's


def test_the_kept_menu_is_each_users_own(client, focal_point_hn, focal_point_gt, partner):
    url = reverse("privacy")
    hn = reverse("presidency:guidelines-country", args=["HN"])
    gt = reverse("presidency:guidelines-country", args=["GT"])
    client.force_login(focal_point_hn)
    html, _ = _menu_writes(client, url)
    assert hn in html and gt not in html
    client.force_login(focal_point_gt)
    html, writes = _menu_writes(client, url)
    assert writes == 1 and gt in html and hn not in html
    client.force_login(partner)
    html, writes = _menu_writes(client, url)
    assert writes == 1
    assert reverse("monitoring:dashboard") not in html and hn not in html
    client.logout()
    html, writes = _menu_writes(client, url)
    assert writes == 1 and reverse("communiques:inbox") not in html


def test_the_kept_menu_follows_the_language_and_the_page(client, st_user):
    client.force_login(st_user)
    spanish, _ = _menu_writes(client, reverse("plans:overview"), HTTP_ACCEPT_LANGUAGE="es")
    english, writes = _menu_writes(client, reverse("plans:overview"), HTTP_ACCEPT_LANGUAGE="en")
    assert writes == 1
    assert ">Plan estratégico<" in spanish and ">Strategic plan<" in english
    plans = f'href="{reverse("plans:overview")}" aria-current="page"'
    dashboard = f'href="{reverse("monitoring:dashboard")}" aria-current="page"'
    assert plans in english and dashboard not in english
    html, writes = _menu_writes(client, reverse("monitoring:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert writes == 1 and dashboard in html and plans not in html


@override_settings(DEBUG=True)
def test_in_development_the_menu_is_written_every_time(client, st_user):
    client.force_login(st_user)
    url = reverse("privacy")
    assert _menu_writes(client, url)[1] == 1
    assert _menu_writes(client, url)[1] == 1


def test_the_kept_menu_follows_the_sites_url_prefix(rf, st_user):
    """Served under a prefix (SCRIPT_NAME), the menu's links carry it: the prefix is part of
    the key, so a menu kept without it is not served under it."""
    from django.template import Context, Template
    from django.test.utils import override_script_prefix

    menu = Template("{% load navigation %}{% main_navigation %}")
    request = rf.get("/plans/")
    context = Context({"request": request, "user": st_user})
    assert 'href="/plans/"' in menu.render(context)
    with override_script_prefix("/coalicion/"):
        assert 'href="/coalicion/plans/"' in menu.render(context)
    assert _kept.cache_info().currsize == 2
