"""Pages of the portal: the home page of each role, and the indicator pages (issue #6): every indicator of the Strategic Plan with its value per year,
per country where it applies, its target, whether it is computed or entered by hand, and
the records it is computed from (with a link to each record and its evidence).

The values are public like the plan and its published progress (SPEC §1, anonymous
visitor); the records behind them are for signed-in accounts, as the record pages are.
Both pages run a constant number of queries whatever the number of records (paginated
record list, aggregate computations)."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from common.cache import cached_page
from meetings import selectors as meeting_selectors
from meetings.permissions import can_see_meetings
from members import selectors as member_selectors
from monitoring import selectors as monitoring_selectors
from monitoring.indicators import all_indicator_values, indicator_values, indicators_ordered
from plans import selectors as plan_selectors
from plans.models import Indicator
from plans.permissions import can_read_records, can_register
from portal.selectors import home_summary, public_results
from reports import charts

RECORDS_PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    """Public landing for visitors; for signed-in users, what their role has to do next."""
    if not request.user.is_authenticated:
        return render(request, "home_public.html", {"countries": member_selectors.country_list()})
    return render(request, "home.html", {"summary": home_summary(user=request.user)})


def indicator_list(request: HttpRequest) -> HttpResponse:
    values = all_indicator_values()
    return render(
        request,
        "portal/indicators/list.html",
        {"values": values, "years": values[0].years if values else []},
    )


def _records(request: HttpRequest, indicator: Indicator):
    """The records an indicator is computed from, one page of them, or None."""
    if indicator.measure == Indicator.Measure.AGREEMENTS_FULFILLED:
        if not can_see_meetings(request.user):
            return None
        records = meeting_selectors.agreement_list(status="fulfilled")
    elif can_read_records(request.user):
        records = plan_selectors.indicator_records(indicator=indicator)
    else:
        records = None
    if records is None:
        return None
    return Paginator(records, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))


def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        indicator = indicators_ordered().get(pk=pk)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc
    values = indicator_values(indicator)
    measurements = None
    if indicator.measure == Indicator.Measure.MANUAL:
        measurements = indicator.measurements.select_related("country").order_by(
            "year", "country__name_es"
        )
    return render(
        request,
        "portal/indicators/detail.html",
        {
            "indicator": indicator,
            "plan": indicator.result.objective.axis.plan,
            "values": values,
            "records": _records(request, indicator),
            "measurements": measurements,
            "signed_in": request.user.is_authenticated,
            "can_see_meetings": can_see_meetings(request.user),
            "can_register": can_register(request.user),
        },
    )


def results(request: HttpRequest) -> HttpResponse:
    """The published results (issue 17), for everybody, signed in or not: each period ST
    published, with its regional compliance, a table per axis and a chart beside it. Only
    published periods (monitoring.selectors.publication.published_q). Kept rendered until a
    plan, period or report changes (common.cache), like the dashboard."""
    body = cached_page(
        request,
        "published-results",
        stamp=monitoring_selectors.results_stamp(),
        params=(),
        render=lambda: render_to_string(
            "portal/_results.html", {"periods": _with_charts(public_results())}, request=request
        ),
    )
    return render(request, "portal/results.html", {"body": body})


def _with_charts(periods: list) -> list:
    """Each published period with its chart (planned vs achieved by axis, an SVG from
    reports.charts with its text alternative: the same numbers as the table beside it)."""
    names = {
        "planned": _("Planned"),
        "achieved": _("Achieved"),
        "decimal": get_format("DECIMAL_SEPARATOR"),
    }
    for published in periods:
        axes = published.axes
        published.chart = (
            charts.planned_vs_achieved(
                [_("Axis %(number)s") % {"number": a.code} for a in axes],
                [a.planned for a in axes],
                [a.achieved for a in axes],
                names=names,
                title=_("Planned and achieved progress by axis, %(period)s")
                % {"period": published.period},
            )
            if axes
            else None
        )
    return periods


def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice (issue 23): public, what the platform holds and how to ask for an
    export or the erasure of one's data."""
    return render(
        request,
        "portal/privacy.html",
        {"retention_years": settings.PERSONAL_DATA_RETENTION_YEARS},
    )
