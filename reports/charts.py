"""Charts of the PDFs as server-side SVG made with pygal (STYLE.md: WeasyPrint runs no
JavaScript, so Chart.js cannot draw them). Each chart is drawn from a snapshot's numbers —
the same numbers as the table next to it — and returned as a Chart: a data: URI for an
<img> and its text alternative (issue 17: the tagged PDF's /Figure carries it as /Alt), which
says what the chart shows and gives its figures, so a screen reader loses nothing.

pygal is told to emit no script and no XML declaration; fonts match print.css."""

from __future__ import annotations

from collections.abc import Callable

import pygal

from common.charts import BASE_OPTIONS, FONT, Chart, describe, make_style, svg_uri

PLANNED = "#9db4d6"
ACHIEVED = "#123c69"
ATTENDED = "#0b6e4f"

__all__ = ["FONT", "Chart", "describe"]

STYLE = make_style((PLANNED, ACHIEVED))
PARTICIPATION_STYLE = make_style((PLANNED, ATTENDED))
ACHIEVED_STYLE = make_style((ACHIEVED,), label_size=8)
ATTENDED_STYLE = make_style((ATTENDED,), label_size=8)

COMMON = {
    **BASE_OPTIONS,
    "style": STYLE,
    "legend_at_bottom": True,
    "legend_box_size": 10,
    "truncate_label": -1,
    "truncate_legend": -1,
}


def _pct(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def _pct_formatter(names) -> Callable[[float], str]:
    return lambda v: f"{v:.1f}".replace(".", names.get("decimal", "."))


def _pct_alt(title, labels, planned, achieved, names) -> str:
    return describe(
        title,
        labels,
        [
            (str(names["planned"]), [_pct(v) for v in planned]),
            (str(names["achieved"]), [_pct(v) for v in achieved]),
        ],
        fmt=lambda v: f"{_pct_formatter(names)(v)} %",
        missing=str(names.get("missing", "—")),
    )


def planned_vs_achieved(
    labels: list[str],
    planned: list[float | None],
    achieved: list[float | None],
    *,
    names,
    title: str = "",
) -> Chart:
    """Grouped bars, 0–100 %: planned vs achieved (by axis of a year)."""
    chart = pygal.Bar(
        width=760,
        height=330,
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        value_formatter=_pct_formatter(names),
        **COMMON,
    )
    chart.x_labels = labels
    chart.add(str(names["planned"]), [_pct(v) for v in planned])
    chart.add(str(names["achieved"]), [_pct(v) for v in achieved])
    return Chart(svg_uri(chart), _pct_alt(title, labels, planned, achieved, names))


MANY_COUNTRIES = 24


def by_country(
    labels: list[str],
    planned: list[float | None],
    achieved: list[float | None],
    *,
    names,
    title: str = "",
) -> Chart:
    """Horizontal bars, one pair per country: its weighted result against its plan. Beyond
    MANY_COUNTRIES only the achieved bar is drawn, thinner, so the chart fits one page.
    Values are not printed on the bars: they would overlap, and the table gives them."""
    many = len(labels) > MANY_COUNTRIES
    height = min(1000, 70 + (12 if many else 34) * len(labels)) if labels else 220
    chart = pygal.HorizontalBar(
        width=760,
        height=max(220, height),
        range=(0, 100),
        y_labels=[0, 25, 50, 75, 100],
        value_formatter=_pct_formatter(names),
        **(COMMON | {"print_values": False} | ({"style": ACHIEVED_STYLE} if many else {})),
    )
    # HorizontalBar draws the first label at the bottom: reverse to read top-down.
    chart.x_labels = list(reversed(labels))
    if not many:
        chart.add(str(names["planned"]), [_pct(v) for v in reversed(planned)])
    chart.add(str(names["achieved"]), [_pct(v) for v in reversed(achieved)])
    # The text alternative keeps both figures of every country, top-down as the table.
    return Chart(svg_uri(chart), _pct_alt(title, labels, planned, achieved, names))


def participation(
    labels: list[str],
    attended: list[int],
    held: list[int],
    *,
    names,
    title: str = "",
    alt_labels: list[str] | None = None,
) -> Chart:
    """Plenary meetings held while each country was a member, and those it attended. Beyond
    MANY_COUNTRIES the bars turn horizontal and only attendance is drawn, so every country's
    label stays legible on one page. `alt_labels` name the countries in the text alternative
    (the bars carry ISO codes)."""
    alt = describe(
        title,
        alt_labels or labels,
        [(str(names["held"]), held), (str(names["attended"]), attended)],
        fmt=lambda v: f"{v:.0f}",
    )
    top = max(held or [1]) or 1
    if len(labels) > MANY_COUNTRIES:
        chart = pygal.HorizontalBar(
            width=760,
            height=min(1000, 70 + 12 * len(labels)),
            range=(0, top),
            value_formatter=lambda v: f"{v:.0f}",
            **(COMMON | {"print_values": False, "style": ATTENDED_STYLE}),
        )
        chart.x_labels = list(reversed(labels))
        chart.add(str(names["attended"]), list(reversed(attended)))
        return Chart(svg_uri(chart), alt)
    chart = pygal.Bar(
        width=760,
        height=240,
        range=(0, top),
        y_labels=list(range(0, top + 1)),
        value_formatter=lambda v: f"{v:.0f}",
        **(COMMON | {"style": PARTICIPATION_STYLE}),
    )
    chart.x_labels = labels
    chart.add(str(names["held"]), held)
    chart.add(str(names["attended"]), attended)
    return Chart(svg_uri(chart), alt)
