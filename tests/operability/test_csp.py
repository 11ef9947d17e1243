"""Issue 23: the browser policies. Every page sends a Content-Security-Policy that lets the
browser run only the platform's own scripts (or one carrying the request's nonce) and apply
only its own style sheets, and a Permissions-Policy that denies device features; the
templates served to browsers hold no inline event handler, inline style or nonce-less inline
script, which is what lets the policy be that strict. CSP_REPORT_ONLY=true turns the policy
into Content-Security-Policy-Report-Only. The browser itself is checked in
tests/e2e/test_csp_browser.py."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from members.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
NONCE = re.compile(r"'nonce-([A-Za-z0-9+/=]+)'")


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def policy_of(response) -> dict[str, list[str]]:
    assert "Content-Security-Policy" in response, "no Content-Security-Policy header"
    return directives(response["Content-Security-Policy"])


def assert_strict(policy: dict[str, list[str]]) -> None:
    """The policy of issue 23, directive by directive."""
    assert policy["default-src"] == ["'self'"]
    script = policy["script-src"]
    assert script[0] == "'self'" and all(NONCE.fullmatch(v) for v in script[1:])
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Nothing else loosens it: no *-attr / *-elem directive, no scheme or host sources.
    for name, values in policy.items():
        if name == "report-uri":
            continue
        assert not name.endswith(("-attr", "-elem")), name
        for value in values:
            assert value.startswith("'") or value == "data:" and name == "img-src", (name, value)


@pytest.fixture
def st_client(st_user) -> Client:
    client = Client()
    client.force_login(st_user)
    return client


# --- Headers ------------------------------------------------------------------------------


def test_public_and_signed_in_pages_send_the_strict_policy(db, st_client, period):
    for client, path in ((Client(), "/"), (Client(), "/plans/"), (st_client, "/monitoring/")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(policy_of(response))
        assert "Content-Security-Policy-Report-Only" not in response


def test_the_nonce_is_new_on_every_request_and_is_the_one_the_scripts_carry(db):
    nonces = []
    for _ in range(2):
        response = Client().get("/")
        nonce = NONCE.search(response["Content-Security-Policy"]).group(1)
        html = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 22  # 128 random bits, base64


def test_json_and_error_responses_carry_the_policy_too(db):
    api = Client().get("/api/v1/countries/", HTTP_ACCEPT="application/json")
    assert_strict(policy_of(api))
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404
    assert_strict(policy_of(missing))


def test_permissions_policy_denies_device_features(db):
    response = Client().get("/")
    header = response["Permissions-Policy"]
    features = dict(item.split("=", 1) for item in header.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "midi"):
        assert features[feature] == "()", feature
    assert all(value in ("()", "(self)") for value in features.values()), features


# --- Per-view exceptions ------------------------------------------------------------------


def test_api_docs_need_no_relaxation(db):
    """Swagger UI's init script is a separate request and its page styles a file."""
    page = Client().get("/api/docs/")
    assert page.status_code == 200
    assert_strict(policy_of(page))
    html = page.content.decode()
    assert "<style" not in html
    inline = [t for t in re.findall(r"<script\b[^>]*>", html) if "src=" not in t]
    assert inline == []
    script_url = re.search(r'<script src="([^"]*script[^"]*)"', html).group(1)
    script = Client().get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_only_the_browsable_api_may_apply_inline_styles(db, st_client):
    browsable = st_client.get("/api/v1/countries/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert b"<style" in browsable.content  # DRF's Pygments styles: what the relaxation is for
    policy = policy_of(browsable)
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    policy["style-src"] = ["'self'"]
    assert_strict(policy)
    # The same resource as JSON, and every other HTML page, stay strict.
    assert_strict(policy_of(st_client.get("/api/v1/countries/", HTTP_ACCEPT="application/json")))


def test_the_admin_works_under_the_strict_policy(db):
    admin = UserFactory(username="csp-admin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    for path in ("/admin/", "/admin/members/user/", f"/admin/members/user/{admin.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_strict(policy_of(response))
        html = response.content.decode()
        assert not re.search(r"\son[a-z]+\s*=", html), path
        inline = [t for t in re.findall(r"<script\b[^>]*>", html) if "src=" not in t]
        assert all('type="application/json"' in t for t in inline), inline


# --- Report-only mode ---------------------------------------------------------------------


def settings_with_env(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "coalicion" / "settings" / "base.py"))


def test_csp_report_only_switches_the_header_to_report_only(db, monkeypatch):
    enforced = settings_with_env(monkeypatch, CSP_REPORT_ONLY="false")
    assert (
        enforced["CONTENT_SECURITY_POLICY"] and not enforced["CONTENT_SECURITY_POLICY_REPORT_ONLY"]
    )
    probe = settings_with_env(
        monkeypatch, CSP_REPORT_ONLY="true", CSP_REPORT_URI="https://reports.example.org/csp"
    )
    assert probe["CONTENT_SECURITY_POLICY"] is None
    report_only = probe["CONTENT_SECURITY_POLICY_REPORT_ONLY"]
    assert report_only["DIRECTIVES"]["report-uri"] == "https://reports.example.org/csp"
    with override_settings(
        CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only
    ):
        response = Client().get("/")
    assert "Content-Security-Policy" not in response
    policy = directives(response["Content-Security-Policy-Report-Only"])
    assert policy.pop("report-uri") == ["https://reports.example.org/csp"]
    assert_strict(policy)


def test_the_running_settings_enforce_the_policy():
    """The test run (like any run without CSP_REPORT_ONLY) enforces."""
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"][0] == "'self'"
    assert settings.CONTENT_SECURITY_POLICY_REPORT_ONLY is None


# --- What the policy forbids is absent from the templates and pages -----------------------

HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.S)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def browser_templates() -> list[Path]:
    """Every template a browser may receive: not the PDFs (WeasyPrint reads them) nor the
    e-mails (mail clients read them)."""
    found = []
    for base in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" in base.parts:
            continue
        for path in base.rglob("*.html"):
            rel = path.relative_to(base).parts
            if rel[0] == "pdf" or "email" in rel:
                continue
            found.append(path)
    return found


def inline_violations(html: str) -> list[str]:
    problems = [m.group(0)[:80] for m in HANDLER.finditer(html)]
    problems += [m.group(0)[:80] for m in STYLE_ATTR.finditer(html)]
    problems += [m.group(0)[:80] for m in JS_URL.finditer(html)]
    problems += ["<style> element"] * len(re.findall(r"<style\b", html))
    for attrs in SCRIPT_TAG.findall(html):
        data_block = re.search(r"""type=["']application/(ld\+)?json["']""", attrs)
        if "src=" not in attrs and "nonce=" not in attrs and not data_block:
            problems.append(f"<script{attrs}>"[:80])
    return problems


def test_no_browser_template_has_inline_handlers_styles_or_scripts():
    templates = browser_templates()
    assert len(templates) > 100
    found = {}
    for path in templates:
        problems = inline_violations(path.read_text())
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert found == {}


def test_the_checker_catches_what_the_policy_would_block():
    assert inline_violations('<select onchange="this.form.submit()">')
    assert inline_violations('<div class="x" style="width:3%">')
    assert inline_violations("<script>alert(1)</script>")
    assert inline_violations('<a href="javascript:void(0)">')
    assert inline_violations("<style>p{}</style>")
    assert not inline_violations('<script src="/static/a.js" nonce="n"></script>')
    assert not inline_violations('<script id="d" type="application/json">{}</script>')
    assert not inline_violations('<button data-on-click="x" class="online">Session=1</button>')


def test_rendered_pages_have_no_inline_handlers_styles_or_scripts(db, st_client, period):
    """Widgets and filters write HTML too (a form field's attrs): the pages as served."""
    pages = {
        "/": Client(),
        "/plans/": Client(),
        "/monitoring/": st_client,
        "/monitoring/periods/": st_client,
        "/meetings/": st_client,
        "/reports/": st_client,
        "/members/api-tokens/": st_client,
    }
    found = {}
    for path, client in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        problems = inline_violations(response.content.decode())
        if problems:
            found[path] = problems
    assert found == {}
