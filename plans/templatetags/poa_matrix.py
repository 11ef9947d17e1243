"""The POA matrix's rows, written at once (issue 24): a 10× POA is 200 rows, which as ~20
template nodes each were half of the page's cold render. Links are reversed once a page as
patterns, and each different share's badge is written once.

- `{% activity_cells activity poa %}`: the six cells of one activity (activity with its link
  and share, goal, indicator, responsibles, semesters I and II);
- `{% objective_cell op %}`: the header cell of an operational objective's rows (code, text,
  share, its number in the source matrix and, for the Technical Secretariat, its two links)."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.rendering import ROW, escape_text, once_per_render, row_url
from plans.models import POA, Activity, OperationalObjective
from plans.selectors.weights import Share
from plans.templatetags.shares import share_badge

register = template.Library()


def _semester(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


@register.simple_tag(takes_context=True)
def activity_cells(context: template.Context, activity: Activity, poa: POA) -> SafeString:
    url = row_url(context, "plans:activity-detail", (poa.year, ROW), activity.code)
    continues = ""
    if activity.continues:
        year = activity.continues.operational_objective.poa.year
        text = gettext("Continues unfinished work of POA %(year)s.") % {"year": year}
        continues = f"<br><small>{escape_text(text)}</small>"
    indicator = linebreaksbr(activity.indicator or "—", autoescape=True)
    badge = _badge(context, activity.share)  # type: ignore[attr-defined]  # plans.selectors
    return mark_safe(  # every value is escaped above or below
        f'<td><a href="{url}">{escape_text(activity.code)}</a> <span lang="es">'
        f"{escape_text(activity.description)}</span><br>{badge}{continues}</td>"
        f'<td lang="es">{escape_text(activity.goal or "—")}</td>'
        f'<td lang="es">{indicator}</td>'
        f"<td>{escape_text(activity.responsible_names or '—')}</td>"
        f'<td class="text-end">{_semester(activity.semester_1)}</td>'
        f'<td class="text-end">{_semester(activity.semester_2)}</td>'
    )


def _badge(context: template.Context, share: Share) -> str:
    badges: dict = once_per_render(context, "share_badges", dict)  # a handful of shares a POA
    badge = badges.get(share)
    if badge is None:
        badge = badges[share] = share_badge(share)
    return badge


def _objective_words() -> dict[str, str]:
    return {
        "edit": escape_text(gettext("Edit wording")),
        "weights": escape_text(gettext("Weights of its activities")),
    }


@register.simple_tag(takes_context=True)
def objective_cell(context: template.Context, op: OperationalObjective) -> SafeString:
    rows = len(op.activity_list)  # type: ignore[attr-defined]  # written by plans.selectors
    badge = _badge(context, op.share)  # type: ignore[attr-defined]
    numbered = ""
    if op.source_code:
        text = gettext("Numbered %(code)s in the source matrix.") % {"code": op.source_code}
        numbered = f'<br><small class="text-body-secondary">{escape_text(text)}</small>'
    links = ""
    user = context.get("user")
    if getattr(user, "is_secretariat", False):
        words = once_per_render(context, "objective_words", _objective_words)
        edit = row_url(context, "plans:item-edit", ("opobjective", ROW), op.pk)
        weights = row_url(context, "plans:weights-edit", ("opobjective", ROW), op.pk)
        links = (
            f'<br><a class="small" href="{edit}">{words["edit"]}</a> · '
            f'<a class="small" href="{weights}">{words["weights"]}</a>'
        )
    return mark_safe(  # every value is escaped above or below
        f'<th scope="row" rowspan="{rows}" class="fw-normal">\n'
        f"          <strong>{escape_text(op.code)}</strong> "
        f'<span lang="es">{escape_text(op.text)}</span><br>{badge}\n'
        f"          {numbered}\n          {links}\n"
        f"        </th>"
    )
