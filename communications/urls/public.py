"""URLs of public (issue 18)."""

from django.urls import path  # noqa: F401

app_name = "posts"
urlpatterns: list = []
