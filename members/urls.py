from django.urls import path

from members import views
from members.views import privacy

app_name = "members"
urlpatterns = [
    path("", views.country_directory, name="directory"),
    path("bodies/new/", views.national_body_create, name="body-create"),
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
    path("people/<int:pk>/data.json", privacy.person_export, name="person-export"),
    path("people/<int:pk>/erase/", privacy.person_anonymise_page, name="person-anonymise"),
    path("observers/", views.observer_list, name="observers"),
    path("offices/", views.offices, name="offices"),
    path("offices/new/", views.office_holder_create, name="office-create"),
    path("offices/<int:pk>/edit/", views.office_edit, name="office-edit"),
    path("committees/", views.committee_list, name="committee-list"),
    path("committees/new/", views.committee_create, name="committee-create"),
    path("committees/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("committees/<int:pk>/edit/", views.committee_edit, name="committee-edit"),
    path(
        "committees/<int:pk>/countries/new/",
        views.committee_country_add,
        name="committee-country-add",
    ),
    path(
        "committee-countries/<int:pk>/end/",
        views.committee_country_end,
        name="committee-country-end",
    ),
    path(
        "committees/<int:pk>/people/new/", views.committee_member_add, name="committee-member-add"
    ),
    path(
        "committee-members/<int:pk>/end/", views.committee_member_end, name="committee-member-end"
    ),
    path("legal-framework/", views.legal_framework, name="legal-framework"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
]
