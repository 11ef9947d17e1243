"""The application's URLs plus the floor views the benchmark compares the API with."""

from django.urls import include, path

from bench import floor

urlpatterns = [
    path("bench/floor/plan/", floor.plan),
    path("bench/floor/progress/", floor.progress),
    path("bench/floor/matrix/<int:year>/", floor.matrix),
    path("bench/floor/meeting/<int:pk>/", floor.meeting),
    path("bench/floor/report/<int:pk>/", floor.report_rows),
    path("", include("coalicion.urls")),
]
