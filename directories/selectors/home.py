"""The directory's home-page task (common.home): a focal point with stale entries of their
own country is asked to review them."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import ngettext

from common.home import HomeTask
from directories.selectors.contacts import own_stale_count
from members.permissions import focal_point_country_id


def home_tasks(user, today: dt.date) -> list[HomeTask]:
    country_id = focal_point_country_id(user)
    if country_id is None:
        return []
    n = own_stale_count(user, today)
    if not n:
        return []
    url = reverse("contacts:list") + "?" + urlencode({"country": country_id, "stale": "on"})
    text = ngettext(
        "%(n)d directory entry of your country needs its review.",
        "%(n)d directory entries of your country need their review.",
        n,
    ) % {"n": n}
    return [HomeTask(text=text, url=url, level="warning")]
