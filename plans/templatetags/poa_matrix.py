"""`{% activity_cells activity poa %}`: the six cells of one activity in the POA matrix
(activity with its link and share, goal, indicator, responsibles, semesters I and II),
written at once — a 10× POA is 200 rows, which as ~20 template nodes each were half of the
page's cold render (issue 24). The link's pattern is reversed once a page, and each
different share's badge written once."""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.rendering import escape_text, once_per_render
from plans.models import POA, Activity
from plans.templatetags.shares import share_badge

register = template.Library()

# As Django's reverse() quotes a path argument (django.urls.resolvers._reverse_with_prefix).
_PATH_SAFE = "!$&'()*+,;=/~:@"
_CODE = "__activity_code__"


def _semester(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


@register.simple_tag(takes_context=True)
def activity_cells(context: template.Context, activity: Activity, poa: POA) -> SafeString:
    pattern = once_per_render(
        context, "activity_url", lambda: reverse("plans:activity-detail", args=[poa.year, _CODE])
    )
    url = escape_text(pattern.replace(_CODE, quote(activity.code, safe=_PATH_SAFE)))
    continues = ""
    if activity.continues:
        year = activity.continues.operational_objective.poa.year
        text = gettext("Continues unfinished work of POA %(year)s.") % {"year": year}
        continues = f"<br><small>{escape_text(text)}</small>"
    indicator = linebreaksbr(activity.indicator or "—", autoescape=True)
    share = activity.share  # type: ignore[attr-defined]  # written by plans.selectors.poa_matrix
    badges: dict = once_per_render(context, "share_badges", dict)  # a handful of shares a POA
    badge = badges.get(share)
    if badge is None:
        badge = badges[share] = share_badge(share)
    return mark_safe(  # every value is escaped above or below
        f'<td><a href="{url}">{escape_text(activity.code)}</a> <span lang="es">'
        f"{escape_text(activity.description)}</span><br>{badge}{continues}</td>"
        f'<td lang="es">{escape_text(activity.goal or "—")}</td>'
        f'<td lang="es">{indicator}</td>'
        f"<td>{escape_text(activity.responsible_names or '—')}</td>"
        f'<td class="text-end">{_semester(activity.semester_1)}</td>'
        f'<td class="text-end">{_semester(activity.semester_2)}</td>'
    )
