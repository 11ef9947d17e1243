"""Server-side SVG charts with pygal, shared by the PDFs (reports.charts) and the pages
(stats): one style, options that emit no script and no XML declaration, a chart as a data:
URI for an <img>, and its text alternative giving every figure (issue 17), so a screen
reader loses nothing. Fonts match print.css."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pygal.style import Style

FONT = "DejaVu Sans, Liberation Sans, sans-serif"


def make_style(colors: tuple[str, ...], label_size: int = 11) -> Style:
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


# Options every chart takes: no JavaScript (WeasyPrint and the CSP run none), no XML
# declaration (inlined), its own size, values printed on the bars.
BASE_OPTIONS = {
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": True,
    "print_values": True,
    "print_values_position": "top",
    "margin": 8,
}


@dataclass(frozen=True)
class Chart:
    """A drawn chart: `src` for <img src>, `alt` for <img alt>."""

    src: str
    alt: str

    def __str__(self) -> str:
        return self.src


def svg_uri(chart) -> str:
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

    def shown(value: float | None) -> str:
        return missing if value is None else fmt(value)

    parts = []
    for i, label in enumerate(labels):
        values = ", ".join(f"{name} {shown(values[i])}" for name, values in series)
        parts.append(f"{label}: {values}.")
    return " ".join([f"{str(title).rstrip('.')}.", *parts])
