"""URLs of legislation (issue 19)."""

from django.urls import path  # noqa: F401

app_name = "legislation"
urlpatterns: list = []
