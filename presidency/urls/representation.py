"""/presidency/representation/: the representation log (namespace `presidency`)."""

from django.urls import path

from presidency.views import representation as views

urlpatterns = [
    path("", views.entry_list, name="representation-list"),
    path("export/", views.entry_export, name="representation-export"),
    path("new/", views.entry_create, name="representation-create"),
    path("<int:pk>/", views.entry_detail, name="representation-detail"),
    path("<int:pk>/edit/", views.entry_edit, name="representation-edit"),
    path("<int:pk>/delete/", views.entry_delete, name="representation-delete"),
    path("<int:pk>/report/", views.entry_report, name="representation-report"),
    path("<int:pk>/documents/new/", views.document_add, name="representation-document-add"),
    path("documents/<int:pk>/", views.document_download, name="representation-document"),
    path(
        "documents/<int:pk>/delete/",
        views.document_delete,
        name="representation-document-delete",
    ),
]
