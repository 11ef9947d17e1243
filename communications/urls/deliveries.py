"""URLs of deliveries (issue 18)."""

from django.urls import path  # noqa: F401

app_name = "notices"
urlpatterns: list = []
