"""Charts of the PDFs as server-side SVG made with pygal (STYLE.md: WeasyPrint runs no
JavaScript, so Chart.js cannot draw them). Each chart is drawn from a snapshot's numbers —
the same numbers as the table next to it — and returned as a Chart: a data: URI for an
<img> and its text alternative (issue 17: the tagged PDF's /Figure carries it as /Alt), which
says what the chart shows and gives its figures, so a screen reader loses nothing.

pygal is told to emit no script and no XML declaration; fonts match print.css."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygal
from pygal.style import Style

PLANNED = "#9db4d6"
ACHIEVED = "#123c69"
ATTENDED = "#0b6e4f"
FONT = "DejaVu Sans, Liberation Sans, sans-serif"


def _make_style(colors: tuple[str, ...], label_size: int = 11) -> Style:
    return Style(
        font_family=FONT,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1c2530",
        foreground_strong="#1c2530",
        foreground_subtle="#c9d1db",
        guide_stroke_color="#dde3ea",
        major_guide_stroke_color="#c9d1db",
        opacity="1",
        opacity_hover="1",
        colors=colors,
        label_font_size=label_size,
        major_label_font_size=label_size,
        legend_font_size=11,
        value_font_size=9,
        title_font_size=12,
        tooltip_font_size=9,
    )


STYLE = _make_style((PLANNED, ACHIEVED))
PARTICIPATION_STYLE = _make_style((PLANNED, ATTENDED))
ACHIEVED_STYLE = _make_style((ACHIEVED,), label_size=8)
ATTENDED_STYLE = _make_style((ATTENDED,), label_size=8)

COMMON = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": True,
    "legend_at_bottom": True,
    "legend_box_size": 10,
    "print_values": True,
    "print_values_position": "top",
    "truncate_label": -1,
    "truncate_legend": -1,
    "margin": 8,
}


@dataclass(frozen=True)
class Chart:
    """A drawn chart: `src` for <img src>, `alt` for <img alt>."""

    src: str
    alt: str

    def __str__(self) -> str:
        return self.src


def _uri(chart) -> str:
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def describe(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    fmt: Callable[[float], str],
    missing: str = "—",
) -> str:
    """The text alternative of a chart: its title, then each category with the value of
    every series ("Axis 1: Planned 50.0, Achieved 42.5. Axis 2: …"), in reading order."""
    parts = []
    for i, label in enumerate(labels):
        values = ", ".join(
            f"{name} {missing if values[i] is None else fmt(values[i])}" for name, values in series
        )
        parts.append(f"{label}: {values}.")
    return " ".join([f"{str(title).rstrip('.')}.", *parts])


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
    return Chart(_uri(chart), _pct_alt(title, labels, planned, achieved, names))


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
    return Chart(_uri(chart), _pct_alt(title, labels, planned, achieved, names))


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
        return Chart(_uri(chart), alt)
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
    return Chart(_uri(chart), alt)
