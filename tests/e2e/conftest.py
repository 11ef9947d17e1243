"""Browser journeys: Playwright drives Debian's chromium (/usr/bin/chromium) against
pytest-django's live server. Playwright's own browser download is never used."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PASSWORD = "secret-pass-123"  # members.tests.factories.UserFactory


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: apt-get install -y chromium")
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "es", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def shot(page):
    """Save a full-page screenshot under test-artifacts/ (CI keeps them for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def login(page, live_server):
    def do(username: str, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state("networkidle")

    return do


@pytest.fixture
def axe(page):
    """Runs axe-core (vendored from npm) on the current page; returns serious/critical ones."""

    def run() -> list[dict]:
        # Evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts.
        # Not again if the page has it already (page.add_init_script(path=AXE) puts it in
        # every page the browser opens: a crawl saves its parsing on each call).
        if not page.evaluate("() => typeof window.axe?.run === 'function'"):
            page.evaluate(AXE.read_text())
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run
