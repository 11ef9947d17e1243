"""/api/v1/: each app registers its viewsets from its own apis.py."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

app_name = "api"
urlpatterns = router.urls
