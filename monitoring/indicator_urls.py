"""Indicator pages (issue #6), mounted at /indicators/ by coalicion/urls.py."""

from django.urls import path

from monitoring import indicator_views

app_name = "indicators"
urlpatterns = [
    path("", indicator_views.indicator_list, name="list"),
    path("<int:pk>/", indicator_views.indicator_detail, name="detail"),
]
