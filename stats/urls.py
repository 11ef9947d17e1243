"""URLs of the regional statistics (issue 20), mounted at /statistics/."""

from django.urls import path

from stats.views import entry, population
from stats.views import outputs as output_pages

app_name = "stats"
urlpatterns = [
    path("", output_pages.trends, name="trends"),
    path("countries/<str:iso>/", output_pages.country, name="country"),
    path("origins/<int:year>/", output_pages.origins, name="origins"),
    path("sdg/<int:year>/", output_pages.sdg_rates, name="sdg"),
    path("returns/", entry.return_list, name="return-list"),
    path("returns/new/", entry.return_create, name="return-create"),
    path("returns/<int:pk>/", entry.return_detail, name="return-detail"),
    path("returns/<int:pk>/figures/", entry.return_edit, name="return-edit"),
    path("returns/<int:pk>/submit/", entry.return_submit, name="return-submit"),
    path("returns/<int:pk>/validate/", entry.return_validate, name="return-validate"),
    path("returns/<int:pk>/send-back/", entry.return_send_back, name="return-send-back"),
    path("returns/<int:pk>/publish/", entry.return_publish, name="return-publish"),
    path("returns/<int:pk>/template.xlsx", entry.return_template, name="return-template"),
    path("returns/<int:pk>/import/", entry.return_import, name="return-import"),
    path("population/", population.population_upload, name="population-upload"),
]
