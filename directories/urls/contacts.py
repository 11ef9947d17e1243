"""URLs of contacts (issue 19)."""

from django.urls import path  # noqa: F401

app_name = "contacts"
urlpatterns: list = []
