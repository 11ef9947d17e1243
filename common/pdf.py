"""The one way the platform makes PDFs (issue #7): a Django template rendered to HTML, laid
out by WeasyPrint with the shared print stylesheet (static/css/print.css: A4 pages, running
headers, page numbers, type scale, tables that break across pages with repeated headers).

Generic on purpose — no domain logic: the minutes (meetings.pdf), the progress report and
the biennial accountability report (reports) all come through `render_pdf`, so a
change of fonts or page furniture happens once. WeasyPrint runs no JavaScript, so charts
must arrive as SVG (reports.charts makes them with pygal).

Fonts: DejaVu (Debian's fonts-dejavu-core, installed by the Dockerfile) first, Liberation
next, then the system's sans-serif. The stylesheet names them; fontconfig finds them.

Accessibility (issue 17): every PDF is tagged PDF/UA-1 (WeasyPrint's `pdf_variant`): a
structure tree in reading order (headings, lists, tables with TH/TD linked by `scope`,
figures with their `alt` as /Alt), /MarkInfo /Marked, /Lang from `<html lang>` (the language
the caller activated), the title from `<title>` shown as the window title, and XMP metadata.
The coalition's name (`site_name`, the author and the running header) is in the same
language as the document: `coalition_name()`."""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

PRINT_CSS = "css/print.css"
PDF_CONTENT_TYPE = "application/pdf"
# Tagged, accessible PDF (ISO 14289-1): WeasyPrint turns on pdf_tags and writes the PDF/UA
# identification in the XMP metadata.
PDF_VARIANT = "pdf/ua-1"


def coalition_name() -> str:
    """The coalition's name in the active language (Spanish: settings.SITE_NAME's wording,
    from the catalogue), for the PDFs' author, cover and running header."""
    return gettext("Regional Coalition against Trafficking in Persons and Smuggling of Migrants")


@dataclass
class PdfDocument:
    """A rendered PDF with what the benchmark and the job record want to know about it:
    its page count and how long each step took (template → HTML, layout, PDF writing)."""

    pdf: bytes
    pages: int
    html_seconds: float = 0.0
    layout_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def size(self) -> int:
        return len(self.pdf)


@lru_cache(maxsize=4)
def _stylesheet_path(name: str) -> str:
    """static/css/print.css through the staticfiles finders (works before collectstatic)."""
    path = finders.find(name)
    if not path:
        path = str(Path(settings.BASE_DIR) / "static" / name)
    return path


def html_to_pdf(
    html: str, *, base_url: str | None = None, extra_css: tuple[str, ...] = ()
) -> PdfDocument:
    """Lay out an HTML string with the print stylesheet and write the PDF."""
    fonts = FontConfiguration()
    stylesheets = [CSS(filename=_stylesheet_path(PRINT_CSS), font_config=fonts)]
    stylesheets += [CSS(string=css, font_config=fonts) for css in extra_css]
    start = time.perf_counter()
    document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR)).render(
        stylesheets=stylesheets, font_config=fonts, pdf_variant=PDF_VARIANT
    )
    laid_out = time.perf_counter()
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    written = time.perf_counter()
    return PdfDocument(
        pdf=pdf,
        pages=len(document.pages),
        layout_seconds=laid_out - start,
        write_seconds=written - laid_out,
    )


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None) -> PdfDocument:
    """Render `template_name` (a template extending "pdf/base.html") with `context` and make
    the PDF. The caller chooses the language (translation.override) around the call: it is
    the document's /Lang, and the coalition's name (`site_name`) is given in it."""
    start = time.perf_counter()
    html = render_to_string(template_name, {"site_name": coalition_name(), **context})
    html_seconds = time.perf_counter() - start
    document = html_to_pdf(html, base_url=base_url)
    document.html_seconds = html_seconds
    return document
