"""/presidency/cooperation/: the pipeline of international cooperation (issue 22)."""

from django.urls import path

from presidency.views import cooperation as views

urlpatterns = [
    path("", views.project_list, name="cooperation-list"),
    path("new/", views.project_create, name="cooperation-create"),
    path("totals/", views.totals, name="cooperation-totals"),
    path("<int:pk>/", views.project_detail, name="cooperation-detail"),
    path("<int:pk>/edit/", views.project_edit, name="cooperation-edit"),
    path("<int:pk>/advance/", views.project_advance, name="cooperation-advance"),
    path("<int:pk>/decline/", views.project_decline, name="cooperation-decline"),
    path("<int:pk>/cancel/", views.project_cancel, name="cooperation-cancel"),
    path("<int:pk>/duties/new/", views.duty_create, name="cooperation-duty-create"),
    path("duties/<int:pk>/edit/", views.duty_edit, name="cooperation-duty-edit"),
    path("duties/<int:pk>/submit/", views.duty_submit, name="cooperation-duty-submit"),
    path("duties/<int:pk>/delete/", views.duty_delete, name="cooperation-duty-delete"),
    path("duties/<int:pk>/report/", views.duty_document, name="cooperation-duty-document"),
]
