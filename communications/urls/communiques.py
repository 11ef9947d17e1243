"""URLs of communiques (issue 18)."""

from django.urls import path  # noqa: F401

app_name = "communiques"
urlpatterns: list = []
