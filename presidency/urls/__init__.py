"""/presidency/: the overview, then one module of URLs per sub-domain."""

from django.urls import include, path

from presidency.views import overview

app_name = "presidency"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("representation/", include("presidency.urls.representation")),
    path("cooperation/", include("presidency.urls.cooperation")),
    path("admissions/", include("presidency.urls.admission")),
    path("guidelines/", include("presidency.urls.guidelines")),
]
