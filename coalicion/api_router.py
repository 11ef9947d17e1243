"""/api/v1/: each app registers its viewsets from its own apis.py. The paths are a contract
partners code against: keep them stable."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from members import apis as member_apis

router = DefaultRouter()
router.register("countries", member_apis.CountryViewSet, basename="country")
router.register("national-bodies", member_apis.NationalBodyViewSet, basename="national-body")
router.register("observers", member_apis.ObserverOrganisationViewSet, basename="observer")

app_name = "api"
urlpatterns = router.urls
