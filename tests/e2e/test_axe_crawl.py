"""Issue 25: axe-core over every page reachable by links, for five roles (anonymous, the
Secretariat, a focal point, a delegate, an observer) in Spanish and English, on the demo
world `make run` builds. Every followed link answers 200 (after its redirects), <html lang>
follows the language, and no page has a serious or critical violation.

The crawl: breadth first from "/", over the same-origin links of the whole page
(navigation, main, footer). Fragments are dropped; logout, the language switch, the
Django admin and the API (Swagger: third party) are left out. Each link is requested once
with the browser's cookies (page.request) for its status and Content-Type: downloads (PDF,
CSV, XLSX, ICS, ZIP…) are only checked; an HTML page's <html lang> and links are read from
what the server sent. The first page of each Django route and set of query-parameter names
(the second meeting or the third page of a list uses the same template) is read and opened
in the browser for axe-core, per role and language, so the crawl stays bounded; the other
links of a route are still checked for their status, up to CHECKS_PER_ROUTE of them.
Every state change is a POST form here: measured, a crawl's GETs change no row but the read
receipts of communiqués (communications.Delivery, as the recipient opens one).

The table role × language → pages read, pages audited, links checked, downloads, violations,
dead links, wrong <html lang> is printed at the end of the module and written with the
details to test-artifacts/axe-crawl.txt."""

from __future__ import annotations

import io
import sqlite3
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import Resolver404, resolve

from members.management.commands.load_demo import DEMO_PASSWORD

from .conftest import ARTIFACTS, AXE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The pages' HTML does not depend on the database: the crawl (≈10 minutes on the 2-core
    # CI machine) runs once, in the SQLite pass; skipped before its fixtures build the demo.
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the accessibility crawl runs in the SQLite pass"
    ),
]

# The order `make run` loads them in (Makefile: load, run).
DEMO_COMMANDS = [
    "load_coalition",
    "load_demo",
    "load_demo_meetings",
    "load_demo_records",
    "load_demo_progress",
    "load_demo_public",
    "load_demo_communiques",
    "load_demo_directory",
    "load_demo_stats",
    "load_demo_events",
    "load_demo_presidency",
]

ROLES = {
    "anonymous": None,
    "st": "st",
    "focal-point": "fp-hn",
    "delegate": "delegado",
    "observer": "observador",
}
LANGS = ["es", "en"]

SKIPPED_PREFIXES = ("/admin/", "/api/", "/accounts/logout/", "/i18n/")
CHECKS_PER_ROUTE = 3  # distinct links of one route whose status is checked
MAX_PAGES = 400  # a guard: a crawl that grows past this is a bug in the dedupe

# How far from the home page the pages audited with axe-core are, by language: every page
# in both (a smaller depth here trades coverage for time; every page is still read for its
# status, its links and <html lang>).
AXE_DEPTH = {"es": 10**6, "en": 10**6}


# --- The demo world ------------------------------------------------------------------------
# Built with the demo commands (≈10 s). On SQLite (the default) it is built once: a copy of
# the whole database is kept and copied back before each later test (a fraction of a
# second), since each live-server test ends by emptying the database. Other databases (CI's
# PostgreSQL pass) build it again for each test.


@pytest.fixture(scope="module")
def demo_snapshot(tmp_path_factory):
    """The module's media folder and, once built, its SQLite copy of the demo database."""
    held: dict = {"media": tmp_path_factory.mktemp("axe-crawl-media")}
    yield held
    if "db" in held:
        held["db"].close()


@pytest.fixture
def demo_world(transactional_db, settings, demo_snapshot):
    settings.MEDIA_ROOT = demo_snapshot["media"]  # the demo's files outlive a test, as its rows
    on_sqlite = connection.vendor == "sqlite"
    if on_sqlite and "db" in demo_snapshot:
        connection.ensure_connection()
        demo_snapshot["db"].backup(connection.connection)
        return
    for name in DEMO_COMMANDS:
        call_command(name, stdout=io.StringIO())
    if on_sqlite:
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        demo_snapshot["db"] = copy


# --- The crawl -----------------------------------------------------------------------------


class Page(HTMLParser):
    """What the crawl reads in a page's HTML as the server sent it: <html lang> and the
    links (server-rendered: htmx here only refreshes fragments and posts forms)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)


def route_key(path: str, query: str) -> tuple[str, frozenset[str]]:
    try:
        route = resolve(path).route
    except Resolver404:
        route = f"(unresolved) {path}"
    return route, frozenset(name for name, _ in parse_qsl(query, keep_blank_values=True))


def normalise(href: str, here: str, origin: str) -> str | None:
    """The same-origin path and query without the fragment; None for what the crawl skips."""
    parts = urlsplit(urljoin(here, href.strip()))
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != origin:
        return None  # mailto:, tel:, javascript:, other hosts
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


def crawl(page, base: str, lang: str, axe) -> dict:
    """Breadth first from "/". Every link is requested once (status, Content-Type, <html lang>,
    its links); the first page of each route key is read, and opened in the browser and
    audited if it is at most AXE_DEPTH[lang] links away from the home page."""
    max_depth = AXE_DEPTH[lang]
    queue: deque[tuple[str, str, int]] = deque([("/", "(start)", 0)])
    seen: set[str] = {"/"}
    checks: dict[tuple, int] = {}
    done: set[tuple] = set()
    result = {"pages": [], "audited": [], "checked": 0, "downloads": 0}
    result |= {"dead": [], "violations": [], "lang": []}
    while queue:
        url, source, depth = queue.popleft()
        parts = urlsplit(url)
        key = route_key(parts.path, parts.query)
        response = page.request.get(base + url)
        result["checked"] += 1
        if response.status >= 400:
            result["dead"].append((url, response.status, source))
            continue
        if "text/html" not in response.headers.get("content-type", ""):
            result["downloads"] += 1
            continue
        final = urlsplit(response.url)
        final_key = route_key(final.path, final.query)
        if key in done or final_key in done:
            continue  # another page of the same route (or the same login page) was read
        done.update({key, final_key})
        assert len(done) < MAX_PAGES, "the crawl does not stop: check its dedupe"
        result["pages"].append(url)
        html = Page()
        html.feed(response.text())
        if html.lang != lang:
            result["lang"].append((url, html.lang))
        if depth <= max_depth:
            page.goto(base + url)
            result["audited"].append(url)
            for violation in axe():
                result["violations"].append((url, violation["id"], violation["nodes"]))
        for href in html.links:
            link = normalise(href, response.url, base)
            if link is None or link in seen:
                continue
            link_parts = urlsplit(link)
            link_key = route_key(link_parts.path, link_parts.query)
            if checks.get(link_key, 0) >= CHECKS_PER_ROUTE:
                continue
            checks[link_key] = checks.get(link_key, 0) + 1
            seen.add(link)
            queue.append((link, url, depth + 1))
    return result


# --- The table -----------------------------------------------------------------------------

_table: dict[tuple[str, str], dict] = {}


@pytest.fixture(scope="module")
def crawl_table(request):
    started = time.monotonic()
    yield _table
    if not _table:
        return
    lines = [
        f"axe-core crawl of the demo world ({time.monotonic() - started:.0f} s)",
        f"{'role':<12} {'lang':<4} {'pages':>5} {'axe-d':>5} {'links':>5} {'files':>5} "
        f"{'viol':>4} {'dead':>4} {'lang≠':>5}",
    ]
    for (role, lang), r in _table.items():
        lines.append(
            f"{role:<12} {lang:<4} {len(r['pages']):>5} {len(r['audited']):>5} {r['checked']:>5} "
            f"{r['downloads']:>5} "
            f"{len(r['violations']):>4} {len(r['dead']):>4} {len(r['lang']):>5}"
        )
    lines.append("")
    for (role, lang), r in _table.items():
        for url, rule, targets in r["violations"]:
            lines.append(f"axe  {role} {lang} {url} {rule} {targets}")
        for url, status, source in r["dead"]:
            lines.append(f"dead {role} {lang} {url} → {status} (linked from {source})")
        for url, html_lang in r["lang"]:
            lines.append(f"lang {role} {lang} {url} <html lang={html_lang!r}>")
        lines.append(f"pages {role} {lang}: {' '.join(r['pages'])}")
    text = "\n".join(lines) + "\n"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "axe-crawl.txt").write_text(text)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        for line in lines[: 2 + len(_table)]:
            reporter.write_line(line)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", list(ROLES))
def test_every_linked_page_is_accessible_and_answers(
    page, live_server, login, axe, demo_world, crawl_table, role, lang
):
    username = ROLES[role]
    if username is not None:
        login(username, DEMO_PASSWORD)
        assert "/accounts/login/" not in page.url, f"{username} could not sign in"
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page.add_init_script(path=str(AXE))  # the axe fixture then runs it without parsing it again
    result = crawl(page, live_server.url, lang, axe)
    crawl_table[(role, lang)] = result
    problems = (
        [f"{url}: {rule} {targets}" for url, rule, targets in result["violations"]]
        + [f"dead link {url} → {status}, linked from {src}" for url, status, src in result["dead"]]
        + [f"{url}: <html lang={html_lang!r}>" for url, html_lang in result["lang"]]
    )
    assert not problems, f"{role} ({lang}), {len(result['pages'])} pages:\n" + "\n".join(problems)
