"""/presidency/guidelines/: the follow-up of the Lineamientos (names prefixed guidelines-)."""

from django.urls import path

from presidency.views import guidelines as views

urlpatterns = [
    path("", views.regional, name="guidelines-regional"),
    path(
        "guideline/<str:area>/<int:number>/",
        views.guideline_detail,
        name="guidelines-guideline",
    ),
    path("country/<str:iso>/", views.country, name="guidelines-country"),
    path(
        "country/<str:iso>/area/<str:area>/",
        views.country_area_edit,
        name="guidelines-country-area",
    ),
    path("country/<str:iso>/submit/", views.country_submit, name="guidelines-submit"),
    path("review/", views.review_queue, name="guidelines-review"),
    path("review/<int:pk>/", views.review_item, name="guidelines-review-item"),
    path("proposals/", views.proposal_list, name="guidelines-proposals"),
    path("proposals/new/", views.proposal_create, name="guidelines-proposal-create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="guidelines-proposal-detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="guidelines-proposal-edit"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="guidelines-proposal-submit"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="guidelines-proposal-decide"),
    path(
        "proposals/<int:pk>/withdraw/",
        views.proposal_withdraw,
        name="guidelines-proposal-withdraw",
    ),
]
