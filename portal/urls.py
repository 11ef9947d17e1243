"""Indicator pages (issue #6), mounted at /indicators/; the home page is mounted at /."""

from django.urls import path

from portal import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
]
