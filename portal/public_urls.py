"""The coalition's public pages (issue 18): news, statements, events, publications, the
agreements the Plenary made public, the Atom feed and the sitemap."""

from django.urls import path  # noqa: F401

app_name = "public"
urlpatterns: list = []
