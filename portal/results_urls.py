"""The public results page (issue 17), mounted at /results/."""

from django.urls import path

from portal import views

app_name = "results"
urlpatterns = [
    path("", views.results, name="list"),
]
