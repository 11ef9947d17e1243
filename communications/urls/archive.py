"""URLs of archive (issue 18)."""

from django.urls import path  # noqa: F401

app_name = "archive"
urlpatterns: list = []
