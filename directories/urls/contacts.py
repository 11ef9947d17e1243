"""URLs of the regional directory of contact points and institutions (issue 19), under
/directory/."""

from django.urls import path

from directories.views import composition
from directories.views import contacts as views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_point_list, name="list"),
    path("new/", views.contact_point_create, name="create"),
    path("<int:pk>/", views.contact_point_view, name="detail"),
    path("<int:pk>/edit/", views.contact_point_edit, name="edit"),
    path("<int:pk>/verify/", views.contact_point_verify, name="verify"),
    path("freshness/", views.freshness, name="freshness"),
    path("institutions/", views.institutions, name="institutions"),
    path("institutions/new/", views.institution_create, name="institution-create"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="institution-edit"),
    path("bodies/", composition.compositions, name="compositions"),
    path("bodies/<str:acronym>/", composition.composition, name="composition"),
]
