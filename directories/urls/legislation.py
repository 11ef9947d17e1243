"""URLs of the comparative legislation (issue 19), mounted at /legislation/."""

from django.urls import path

from directories.views import legislation as views

app_name = "legislation"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("cells/<int:pk>/review/", views.cell_review, name="cell-review"),
    path("cells/<str:iso>/<slug:code>/", views.cell_edit, name="cell-edit"),
    path("reforms/", views.reform_list, name="reform-list"),
    path("reforms/new/", views.reform_create, name="reform-create"),
    path("reforms/<int:pk>/edit/", views.reform_edit, name="reform-edit"),
]
