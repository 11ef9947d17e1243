"""Links that leave the platform: e-mails, calendar files and PDFs are opened outside it, so
their links carry the site's public address (settings.SITE_URL)."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.urls import reverse

EMBEDDED_SITE_URL = "http://127.0.0.1:8000"


def absolute_url(path: str) -> str:
    """`path` (as `reverse` or `get_absolute_url` give it) on the site's public address."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def absolute_reverse(viewname: str, *args, **kwargs) -> str:
    return absolute_url(reverse(viewname, args=args or None, kwargs=kwargs or None))


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """In production the public address must be set, and be https."""
    url = getattr(settings, "SITE_URL", "")
    if not url or url.rstrip("/") == EMBEDDED_SITE_URL:
        return [
            checks.Error(
                "SITE_URL is not set: links in e-mails and calendar files would point to "
                f"{EMBEDDED_SITE_URL}.",
                hint="Set SITE_URL to the site's public address, e.g. https://coalicion.example.org",
                id="common.E001",
            )
        ]
    if not url.startswith("https://"):
        return [
            checks.Warning(
                "SITE_URL is not https: links in e-mails would be sent in clear.",
                id="common.W001",
            )
        ]
    return []
