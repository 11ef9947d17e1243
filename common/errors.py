"""The project's 400/403/404/500 handlers (coalicion/urls.py names them).

Under /api/ every error keeps the API's one JSON shape (common.api.errors): an unknown path,
a refused CSRF or a crash answer {"detail", "code", "fields"}, never Django's HTML. Elsewhere
the pages are the site's own, in the reader's language, with a way back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _json(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code, "fields": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("The request could not be understood."), "bad_request", 400)
    return defaults.bad_request(request, exception, template_name="400.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(
            _("You do not have permission to perform this action."), "permission_denied", 403
        )
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("Not found."), "not_found", 404)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context processors: a crash may come from them."""
    if _is_api(request):
        return _json(
            _("A server error occurred. The administrators have been told."), "server_error", 500
        )
    body = loader.get_template("500.html").render({"request_path": request.path})
    return HttpResponse(body, status=500)
