"""URLs of the archive (issue 18), mounted at /archive/."""

from django.urls import path

from communications.views import archive as views

app_name = "archive"
urlpatterns = [
    path("", views.archive_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/versions/new/", views.version_create, name="version-create"),
    path("versions/<int:pk>/download/", views.version_download, name="download"),
]
