"""django-csp's middleware with the one relaxation a view decorator cannot scope.

DRF's browsable API (an /api/v1/ URL opened in a browser) is rendered by DRF's own templates,
which carry a Pygments <style> block and a few style attributes; every other page of the
platform is free of inline styles (coalicion/settings/base.py, "Browser policies"). Those
responses alone may apply inline styles; scripts stay as strict as everywhere else.
"""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.http import HttpRequest, HttpResponseBase

BROWSABLE_API_RELAXATION = {"style-src": [UNSAFE_INLINE]}


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        renderer = getattr(response, "accepted_renderer", None)
        if getattr(renderer, "format", None) == "api" and parts.update is None:
            parts.update = BROWSABLE_API_RELAXATION
        return parts
