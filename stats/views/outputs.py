"""The public pages of the regional statistics (issue 20): regional trends by year (a table
and a chart beside it, CSV/XLSX of the tidy long format), a country's published figures,
the origin → reporting-country table and the SDG 16.2.2 table. Open to everybody: each
page shows what stats.selectors.publication lets its reader see (a visitor, a partner or
another country: the suppression pattern; the country's own focal points and ST: exact),
read through stats.selectors.outputs; nothing here computes a figure.

Charts are server-side SVG drawn with pygal the way reports.charts draws the PDFs' (no
script; an <img> whose alt states every value), from the numbers of the table beside them,
which stays the accessible alternative. A suppressed value is a gap in the chart and
"suppressed" in its text."""

from __future__ import annotations

import pygal
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from common.charts import BASE_OPTIONS, Chart, describe, make_style, svg_uri
from common.tabular import tabular_response
from members.models import Country
from stats.selectors import outputs as selectors
from stats.selectors import sdg
from stats.selectors.outputs import SUPPRESSED, TIDY_HEADERS, Trend

FORMATS = ("csv", "xlsx")
TREND_STYLE = make_style(("#123c69",))


def trend_chart(trend: Trend) -> Chart:
    """Bars of the regional total by year; a suppressed year is a gap."""
    years = [str(p.year) for p in trend.points]
    values = [p.total.value if p.total is not None else None for p in trend.points]
    chart = pygal.Bar(
        width=520,
        height=260,
        style=TREND_STYLE,
        show_legend=False,
        value_formatter=lambda v: number_format(v, 0),
        **BASE_OPTIONS,
    )
    chart.x_labels = years
    chart.add(trend.measure.name, values)
    title = _("%(measure)s, regional total by year") % {"measure": trend.measure.name}
    alt = describe(
        title,
        years,
        [(_("Total"), values)],
        fmt=lambda v: number_format(v, 0),
        missing=str(SUPPRESSED),
    )
    return Chart(svg_uri(chart), alt)


def _year(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 1900 <= int(raw) <= 2200:
        raise ValueError(raw)
    return int(raw)


def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        year = _year(request.GET.get("year"))
    except ValueError:
        return HttpResponseBadRequest(_("The year must be a year, such as 2024."))
    rows = selectors.tidy_rows(
        viewer=selectors.viewer_of(request.user),
        measure=request.GET.get("measure") or None,
        year=year,
        country=request.GET.get("country") or None,
    )
    return tabular_response(
        filename="regional-statistics",
        headers=TIDY_HEADERS,
        rows=(row.as_tuple() for row in rows),
        fmt=fmt,
    )


def trends(request: HttpRequest) -> HttpResponse:
    """/statistics/: per measure, the regional total of every published year."""
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return _download(request, fmt)
    viewer = selectors.viewer_of(request.user)
    items = [(trend, trend_chart(trend)) for trend in selectors.regional_trends(viewer=viewer)]
    codes = {iso for trend, _chart in items for p in trend.points for iso in p.countries}
    years = sorted({p.year for trend, _chart in items for p in trend.points}, reverse=True)
    return render(
        request,
        "stats/outputs/trends.html",
        {
            "items": items,
            "countries": selectors.countries_named(codes),
            "years": years,
            "measures": selectors.measures(),
            "note": selectors.suppression_note(),
        },
    )


def country(request: HttpRequest, iso: str) -> HttpResponse:
    """/statistics/countries/<iso>/: a country's published figures by year and breakdown."""
    if iso != iso.upper():
        raise Http404
    place = get_object_or_404(Country, iso_code=iso)
    years = selectors.country_years(country=place, viewer=selectors.viewer_of(request.user))
    return render(
        request,
        "stats/outputs/country.html",
        {
            "country": place,
            "years": years,
            "note": selectors.suppression_note(),
        },
    )


def origins(request: HttpRequest, year: int) -> HttpResponse:
    """/statistics/origins/<year>/: origin (citizenship) → reporting country."""
    tables = selectors.origin_tables(year=year, viewer=selectors.viewer_of(request.user))
    return render(
        request,
        "stats/outputs/origins.html",
        {
            "year": year,
            "tables": tables,
            "note": selectors.suppression_note(),
            "not_listed": selectors.NOT_LISTED,
        },
    )


def sdg_rates(request: HttpRequest, year: int) -> HttpResponse:
    """/statistics/sdg/<year>/: SDG 16.2.2, victims per 100,000 population."""
    lines, _threshold = selectors.sdg_table(year=year, viewer=selectors.viewer_of(request.user))
    return render(
        request,
        "stats/outputs/sdg.html",
        {
            "year": year,
            "lines": lines,
            "note": selectors.suppression_note(),
            "no_population": sdg.NO_POPULATION,
            "demo_population": sdg.DEMO_POPULATION,
            "any_demo": any(line.is_demo for line in lines),
        },
    )
