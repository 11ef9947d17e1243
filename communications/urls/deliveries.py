"""URLs of deliveries (issue 18): the log of every message sent, "who was told what"."""

from django.urls import path

from communications.views import deliveries as views

app_name = "notices"
urlpatterns: list = [
    path("", views.notice_log, name="log"),
]
