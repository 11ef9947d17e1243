from django.urls import path

from members import views

app_name = "members"
urlpatterns = [
    path("", views.country_directory, name="directory"),
    path("bodies/<str:acronym>/", views.body_detail, name="body-detail"),
    path(
        "bodies/<str:acronym>/designations/new/",
        views.designation_create,
        name="designation-create",
    ),
    path("designations/<int:pk>/revoke/", views.designation_revoke, name="designation-revoke"),
    path("designations/<int:pk>/letter/", views.designation_letter, name="designation-letter"),
    path(
        "designations/<int:pk>/letter/download/",
        views.designation_letter_download,
        name="designation-letter-download",
    ),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_create, name="person-create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("observers/", views.observer_list, name="observers"),
    path("offices/", views.offices, name="offices"),
    path("legal-framework/", views.legal_framework, name="legal-framework"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
