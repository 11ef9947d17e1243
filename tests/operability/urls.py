"""The project's URLs plus two views that crash, to see the 500 handlers (tests only)."""

from django.urls import path

from coalicion.urls import handler400, handler403, handler404, handler500  # noqa: F401
from coalicion.urls import urlpatterns as project_urlpatterns


def crash(request):
    raise RuntimeError("a crash the test asked for")


urlpatterns = [
    path("crash/", crash),
    path("api/v1/crash/", crash),
    *project_urlpatterns,
]
