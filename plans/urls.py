from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_overview, name="overview"),
    path("axes/<int:number>/", views.axis_detail, name="axis-detail"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path(
        "indicators/<int:pk>/measurements/new/",
        views.measurement_create,
        name="measurement-create",
    ),
    path("poa/<int:year>/", views.poa_matrix, name="poa-matrix"),
    path("poa/<int:year>/copy/", views.poa_copy, name="poa-copy"),
    path("poa/<int:year>/approve/", views.poa_approve, name="poa-approve"),
    path(
        "poa/<int:year>/activities/<str:code>/",
        views.activity_detail,
        name="activity-detail",
    ),
    path(
        "poa/<int:year>/activities/<str:code>/edit/",
        views.activity_edit,
        name="activity-edit",
    ),
    path("edit/<str:level>/<int:pk>/", views.item_edit, name="item-edit"),
    path("weights/<str:level>/<int:pk>/", views.weights_edit, name="weights-edit"),
]
